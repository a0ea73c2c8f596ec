"""Replacement text for each span, following the policy.

Pseudonyms are decided per document, all at once, so that they are consistent (every mention of
周建国 becomes the same string) and never collide (two different 周 become 周某甲 and 周某乙, also when
the text already contains a 周某 we did not produce).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Protocol

from redact.names import surname_of
from redact.policy import Action, Policy


class SpanLike(Protocol):
    start: int
    end: int
    entity_type: str
    text: str


def cross(value: str, char: str) -> str:
    """Replace letters/digits with ``char``; separators stay so the sentence still reads."""
    return "".join(char if (c.isalnum() or c in "·") else c for c in value)


def plate(value: str, char: str) -> str:
    """浙A·12345 → 浙A·×××××: province and office letter are not personal."""
    head, tail = value[:2], value[2:]
    sep = ""
    if tail[:1] and tail[:1] in "·- ":
        sep, tail = tail[:1], tail[1:]
    return head + (sep or "·") + char * len(tail)


_YEAR = re.compile(r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})")


def year_only(value: str) -> str:
    m = _YEAR.match(value)
    return f"{m.group(1)}年" if m else "×年"


def _occurs_bare(text: str, base: str, suffixes: Sequence[str]) -> bool:
    """Does ``base`` (周某) already occur in the text without one of our suffixes?"""
    i = text.find(base)
    while i >= 0:
        if text[i + len(base) : i + len(base) + 1] not in suffixes:
            return True
        i = text.find(base, i + 1)
    return False


class PseudonymBook:
    """Maps each person identity (canonical full name) of one document to its pseudonym."""

    def __init__(self, policy: Policy, original_text: str) -> None:
        self.policy = policy
        self.text = original_text
        self.by_identity: dict[str, str] = {}

    def assign(self, identities: Sequence[str], display: Mapping[str, str] | None = None) -> None:
        """``identities`` (normalised names) in order of first appearance; ``display`` maps each to
        its original spelling, whose surname character the pseudonym keeps (陳 stays 陳)."""
        marker = self.policy.pseudonym.marker
        suffixes = self.policy.pseudonym.collision_suffixes
        groups: dict[str, list[str]] = {}
        bases: dict[str, str] = {}
        for ident in identities:
            if ident in self.by_identity:
                continue
            key = surname_of(ident)
            groups.setdefault(key, []).append(ident)
            shown = (display or {}).get(ident, ident)
            bases.setdefault(key, shown[: len(key)] + marker)
        for key, members in groups.items():
            base = bases[key]
            preexisting = _occurs_bare(self.text, base, suffixes) or _occurs_bare(
                self.text, key + marker, suffixes
            )
            if len(members) == 1 and not preexisting:
                self.by_identity[members[0]] = base
                continue
            for i, ident in enumerate(members):
                # Beyond the suffix list, fall back to numbers (周某11) rather than reuse a suffix.
                suffix = suffixes[i] if i < len(suffixes) else str(i + 1)
                self.by_identity[ident] = base + suffix

    def get(self, identity: str) -> str:
        if identity not in self.by_identity:
            self.assign([identity])
        return self.by_identity[identity]


def replacement_for(
    entity: str, value: str, role: str, policy: Policy, book: PseudonymBook, identity: str = ""
) -> str:
    action = policy.action(entity, role)
    char = policy.cross_char
    if action is Action.keep:
        return value
    if action is Action.delete:
        return ""
    if action is Action.fixed:
        return policy.entities[entity].text or ""
    if action is Action.pseudonym:
        return book.get(identity or value)
    if action is Action.year_only:
        return year_only(value)
    if action is Action.plate:
        return plate(value, char)
    return cross(value, char)
