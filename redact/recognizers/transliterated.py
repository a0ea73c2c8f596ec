"""Transliterated names: dotted names with a known part (艾尔肯·吐尔逊) and names in Latin script."""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redact.names import (
    minority_name_len,
    name_at,
)
from redact.recognizers.base import RuleRecognizer, Verdict, make_result

# Former names and nicknames identify the person as well as the name does (曾用名段小华, 绰号“阿强”).
_DOTTED_NAME = re.compile(r"[\u3400-\u9fff]{2,8}[·.][\u3400-\u9fff]{2,8}")


_LATIN_NAME = re.compile(
    r"(?<![A-Za-z])(?P<v>[A-Z][A-Za-z'\-]{1,20}(?: [A-Z][A-Za-z'\-]{1,20}){1,3})(?![A-Za-z])"
)


_LATIN_BEFORE = re.compile(
    r"(?:外国人|外籍人员|外籍|旅客|乘客|住客|姓名|英文姓名|英文名|被处罚人|违法行为人|违法嫌疑人|当事人|告知|对|经查|查明|"
    r"消费者|投诉人|顾客|客户|被侵害人|受害人|证人|举报人|朋友|同伴|签名[(（][^()（）]{0,6}[)）]|签名|签字|·[\u4e00-\u9fff]{1,8}[(（]|[А-Яа-яЁё\uac00-\ud7a3]\s*[(（]|"
    r"籍[\u4e00-\u9fff]{0,4})"
    r"[:：\s，,]*$"
)


_LATIN_AFTER = re.compile(
    r"\s*[(（,，]?\s*(?:护照|国籍|男|女|性别|中文姓名|中文名|中文译名|译名|出生|持|[\u4e00-\u9fff]{1,8}籍[，,、）)])"
    r"|\s*[(（][\u4e00-\u9fff·]{2,8}[，,)）]"  # TRAN THI MAI（陈氏梅，…: its Han form in brackets
    r"|\s*[(（]\s*[\uac00-\ud7a3]{2,5}"  # PARK SUNG MIN（박성민）: its Hangul form in brackets
)


# 当事人WEBER当场签收: one capitalised word right after a party label is a surname or a name.
_SINGLE_LATIN_AFTER_LABEL = re.compile(
    r"(?:被处罚人|违法行为人|违法嫌疑人|当事人|被侵害人|证人)[:：\s]*(?P<v>[A-Z][A-Za-z'\-]{3,20})(?![A-Za-z\s]*[A-Za-z])"
)


# Hangul and Cyrillic words in a Chinese decision are names (金哲洙（김철수）, ИВАНОВ СЕРГЕЙ):
# the decisions quote no other text in those scripts.
_FOREIGN_SCRIPT_NAME = re.compile(
    r"(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{2,5}(?: [\uac00-\ud7a3]{1,5}){0,2}(?![\uac00-\ud7a3])"
    r"|(?<![А-Яа-яЁё])[А-ЯЁ][А-Яа-яЁё\-]{1,20}(?: [А-ЯЁ][А-Яа-яЁё\-]{1,20}){0,3}(?![А-Яа-яЁё])"
)


# 邓伟文（TANG Wai Man）: a Hong Kong/Macau romanisation, surname in capitals, after the Han name.
_ROMANISED_AFTER_HAN = re.compile(r"[\u4e00-\u9fff]{2,4}\s*[(（]\s*$")


_SURNAME_FIRST = re.compile(r"[A-Z]{2,}(?: [A-Z][a-z]+){1,3}$|[A-Z]{2,}(?: [A-Z]{2,}){1,3}$")


# All-capital words that are not names (阮氏香（NGUYEN THI HUONG） yes, 中国银行（BANK OF CHINA） no).
_NOT_NAME_CAPS = frozenset(
    [
        "OF",
        "AND",
        "THE",
        "CO",
        "LTD",
        "LLC",
        "INC",
        "BANK",
        "CHINA",
        "GROUP",
        "LIMITED",
        "COMPANY",
        "CORP",
        "CORPORATION",
        "CENTER",
        "HOTEL",
        "CLUB",
        "SHOP",
        "STORE",
        "MALL",
        "PLAZA",
        "WIFI",
        "TAXI",
    ]
)


# 艾尔肯·吐尔逊, 努尔兰.沙依兰别克: a dotted name with a known part is a person's name wherever it is.
def _known_part_start(text: str, m: re.Match[str]) -> int | None:
    """Where the name starts in a dotted run that may begin inside the words before it
    (周某系|艾尔肯·吐尔逊): the first position from which known name parts reach the dot."""
    run = m.group(0)
    dot = min(i for i in (run.find("·"), run.find(".")) if i >= 0)
    for i in range(dot - 1):
        if minority_name_len(run[i:dot]) == dot - i:
            return m.start() + i
    if m.start() == 0 or not "\u3400" <= text[m.start() - 1] <= "\u9fff":
        return m.start()  # the run starts after punctuation: its first part is the name's
    return None


class DottedNameRecognizer(RuleRecognizer):
    """Transliterated names written with a middle dot whose parts include a known name part."""

    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in _DOTTED_NAME.finditer(text):
            start = _known_part_start(text, m)
            if start is None:
                continue  # no known name part before the dot: the cues and labels handle those
            span = name_at(text, start)
            if span is None or span[1] <= start + 3:
                continue
            parts = re.split(r"[·.\n]+", text[span[0] : span[1]])
            if not any(minority_name_len(p) >= 2 for p in parts):
                continue
            verdict = Verdict(0.7, "name.dotted", "transliterated name with a known name part")
            out.append(make_result(self, self.ENTITY, span[0], span[1], verdict, role="other_person"))
        return out


class LatinNameRecognizer(RuleRecognizer):
    """Foreign names in Latin script (OKONKWO EMEKA（护照号码…）)."""

    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in _LATIN_NAME.finditer(text):
            start, end = m.span("v")
            romanised = (
                _ROMANISED_AFTER_HAN.search(text, max(0, start - 6), start)
                and _SURNAME_FIRST.match(m.group("v"))
                and not _NOT_NAME_CAPS.intersection(m.group("v").split())
            )
            if not (
                _LATIN_BEFORE.search(text, max(0, start - 8), start)
                or _LATIN_AFTER.match(text, end)
                or romanised
            ):
                continue
            verdict = Verdict(0.8, "name.latin", "Latin-script name next to a person label or passport field")
            out.append(make_result(self, self.ENTITY, start, end, verdict, role="other_person"))
        return out


class ForeignScriptNameRecognizer(RuleRecognizer):
    """Names in Hangul or Cyrillic script, wherever they stand."""

    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in _FOREIGN_SCRIPT_NAME.finditer(text):
            verdict = Verdict(0.8, "name.foreign-script", "a word in Hangul or Cyrillic script")
            out.append(make_result(self, self.ENTITY, m.start(), m.end(), verdict, role="other_person"))
        for m in _SINGLE_LATIN_AFTER_LABEL.finditer(text):
            if m.group("v").upper() in _NOT_NAME_CAPS:
                continue
            verdict = Verdict(0.8, "name.latin", "Latin-script name right after a party label")
            out.append(make_result(self, self.ENTITY, m.start("v"), m.end("v"), verdict, role="other_person"))
        return out
