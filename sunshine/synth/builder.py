"""Text assembly that records span offsets as it goes.

Offsets are computed while appending, never by searching the finished text, so a name that
also occurs inside a public word (张杨 in 张杨路) is labelled only where it really is a name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class GoldSpan:
    """A labelled span of ``decision.text`` (code-point offsets, end exclusive).

    ``role`` says whose value it is (penalised, victim, witness, official, ...) when that matters
    for a masking policy; it is ``None`` for spans where it does not.
    """

    start: int
    end: int
    label: str
    role: str | None = None

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {"start": self.start, "end": self.end, "label": self.label}
        if self.role:
            out["role"] = self.role
        return out


class TextBuilder:
    def __init__(self) -> None:
        self._parts: list[str] = []
        self.pos = 0
        self.gold: list[GoldSpan] = []
        self.keep: list[GoldSpan] = []
        self.neutral: list[GoldSpan] = []

    def t(self, s: str) -> TextBuilder:
        """Plain text, no label."""
        self._parts.append(s)
        self.pos += len(s)
        return self

    def _span(self, bucket: list[GoldSpan], s: str, label: str, role: str | None) -> TextBuilder:
        if s:
            bucket.append(GoldSpan(self.pos, self.pos + len(s), label, role))
        return self.t(s)

    def g(self, s: str, label: str, role: str | None = None) -> TextBuilder:
        """Personal data that must be masked."""
        return self._span(self.gold, s, label, role)

    def k(self, s: str, label: str, role: str | None = None) -> TextBuilder:
        """Public text that must survive intact."""
        return self._span(self.keep, s, label, role)

    def n(self, s: str, label: str, role: str | None = None) -> TextBuilder:
        """Text whose treatment is a policy choice (may be masked or kept)."""
        return self._span(self.neutral, s, label, role)

    def text(self) -> str:
        return "".join(self._parts)
