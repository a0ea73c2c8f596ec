"""A regex recognizer whose validation step is separate from its matching step.

Presidio's ``PatternRecognizer.validate_result`` can only say yes/no; reviewers need to know *which*
rule decided (checksum, plausibility, label) and a failed checksum must lower confidence rather than
hide a real number. ``validate`` therefore returns a :class:`Verdict` (score + rule id + note) or
``None`` to reject. Every pattern uses ASCII lookarounds, never ``\\b``: Han characters count as
word characters, so ``\\b`` finds no boundary between 号 and 1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])"
RULE_KEY = "rule"
ROLE_KEY = "role"
NOTE_KEY = "note"


@dataclass(frozen=True)
class Verdict:
    score: float
    rule: str
    note: str = ""


@dataclass(frozen=True)
class RegexPattern:
    """One way to find candidates. Group ``v`` (if present) is the span to report."""

    name: str
    regex: str
    score: float
    flags: int = 0


def make_result(
    recognizer: LocalRecognizer,
    entity: str,
    start: int,
    end: int,
    verdict: Verdict,
    *,
    pattern_name: str = "",
    role: str = "",
) -> RecognizerResult:
    name = str(getattr(recognizer, "name", type(recognizer).__name__))
    explanation = AnalysisExplanation(
        recognizer=name,
        original_score=verdict.score,
        pattern_name=pattern_name,
        textual_explanation=verdict.note,
    )
    meta = {
        RecognizerResult.RECOGNIZER_NAME_KEY: name,
        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        RULE_KEY: verdict.rule,
        ROLE_KEY: role,
        NOTE_KEY: verdict.note,
    }
    return RecognizerResult(entity, start, end, verdict.score, explanation, meta)


class RuleRecognizer(LocalRecognizer):
    """A stateless, Chinese-only recognizer of one entity, named after its class."""

    ENTITY: str = ""

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], supported_language="zh", name=type(self).__name__)

    def load(self) -> None:
        """Stateless: nothing to load."""


class RegexRecognizer(LocalRecognizer):
    """Base class: subclasses set ENTITY, PATTERNS, CONTEXT and override :meth:`validate`."""

    ENTITY: str = ""
    PATTERNS: Sequence[RegexPattern] = ()
    CONTEXT: Sequence[str] = ()

    def __init__(self) -> None:
        self._compiled = [(p, re.compile(p.regex, p.flags)) for p in self.PATTERNS]
        super().__init__(
            supported_entities=[self.ENTITY],
            supported_language="zh",
            name=type(self).__name__,
            context=list(self.CONTEXT),
        )

    def load(self) -> None:
        """Patterns are compiled in ``__init__``; nothing to load lazily."""

    def validate(self, value: str, text: str, start: int, end: int, pattern: RegexPattern) -> Verdict | None:
        return Verdict(pattern.score, pattern.name)

    def role_for(self, match: re.Match[str], text: str) -> str:
        return ""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if entities and self.ENTITY not in entities:
            return []
        out: list[RecognizerResult] = []
        seen: set[tuple[int, int]] = set()
        for pattern, rx in self._compiled:
            for m in rx.finditer(text):
                if "v" in rx.groupindex and m.group("v") is not None:
                    start, end = m.span("v")
                else:
                    start, end = m.span()
                if end <= start or (start, end) in seen:
                    continue
                verdict = self.validate(text[start:end], text, start, end, pattern)
                if verdict is None:
                    continue
                # Subclasses may trim the span by returning a verdict with a narrower note; the
                # span itself can be narrowed by overriding ``span_for``.
                start, end = self.span_for(text, start, end)
                if end <= start or (start, end) in seen:
                    continue
                seen.add((start, end))
                out.append(
                    make_result(
                        self,
                        self.ENTITY,
                        start,
                        end,
                        verdict,
                        pattern_name=pattern.name,
                        role=self.role_for(m, text),
                    )
                )
        return out

    def span_for(self, text: str, start: int, end: int) -> tuple[int, int]:
        return start, end
