"""Birth dates of natural persons (labelled, or written as …年…月…日出生/生)."""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redact.recognizers.base import RuleRecognizer, Verdict, make_result

_CN_DIGIT = "〇零一二三四五六七八九"


DATE_RE = (
    r"(?:(?:19|20)\d{2}(?:年\d{1,2}月(?:\d{1,2}日)?|[\-./]\d{1,2}[\-./]\d{1,2}|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))"
    r"|[" + _CN_DIGIT + r"]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?)"
)


_BIRTH = re.compile(
    r"(?:出生日期|出生年月日|出生年月|出生时间|出生于|生日|出生)[:：\s]{0,3}(?:为|是)?(?P<v>" + DATE_RE + r")"
    r"|(?P<w>" + DATE_RE + r")\s?(?:出\n?生|生)(?![产活意效])"
)


class BirthDateRecognizer(RuleRecognizer):
    """Birth dates of natural persons (labelled, or written as …年…月…日出生/生)."""

    ENTITY = "BIRTH_DATE"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in _BIRTH.finditer(text):
            group = "v" if m.group("v") else "w"
            start, end = m.span(group)
            verdict = Verdict(0.9, "birth_date.labelled", "date of birth of a natural person")
            out.append(make_result(self, self.ENTITY, start, end, verdict))
        return out
