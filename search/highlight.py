"""Snippets with matches marked, computed from the stored masked text.

Done in Python for every backend so that snippets look the same everywhere and escaping is
in one place: each piece of text is HTML-escaped, only our own ``<mark>`` tags are raw.
Matching is on the same normalisation as the index (width folding + lower case), so a
bigram/phrase hit is exactly a substring hit.
"""

from __future__ import annotations

from html import escape

from search.analysis import normalize, normalize_char

SNIPPET_CHARS = 140


def _spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    norm = normalize(text)
    if len(norm) != len(text):  # a character changed length when lower-cased: map one by one
        norm = "".join(normalize_char(c) for c in text)
    spans: list[tuple[int, int]] = []
    for needle in {normalize(n) for n in needles if n.strip()}:
        start = norm.find(needle)
        while start != -1:
            spans.append((start, start + len(needle)))
            start = norm.find(needle, start + 1)
    spans = sorted(spans)[:500]
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def snippet_parts(text: str, needles: list[str], width: int = SNIPPET_CHARS) -> list[tuple[str, bool]]:
    """The best window of ``width`` characters as (text, is_match) pieces."""
    spans = _spans(text, needles)
    if not spans:
        end = min(len(text), width)
        return [(text[:end] + ("…" if end < len(text) else ""), False)]
    best_start, best_count = spans[0][0], 0
    for i, (s, _) in enumerate(spans):
        count = sum(1 for s2, e2 in spans[i:] if e2 <= s + width)
        if count > best_count:
            best_start, best_count = s, count
    start = max(0, best_start - width // 5)
    end = min(len(text), start + width)
    parts: list[tuple[str, bool]] = []
    if start > 0:
        parts.append(("…", False))
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        if s > pos:
            parts.append((text[pos:s], False))
        parts.append((text[s:e], True))
        pos = e
    if pos < end:
        parts.append((text[pos:end], False))
    if end < len(text):
        parts.append(("…", False))
    return parts


def snippet_html(text: str, needles: list[str], width: int = SNIPPET_CHARS) -> str:
    return "".join(
        f"<mark>{escape(piece)}</mark>" if hit else str(escape(piece))
        for piece, hit in snippet_parts(text, needles, width)
    )
