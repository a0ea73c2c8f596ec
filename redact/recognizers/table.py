"""Personal data in table cells, attributed by the column header or the label cell beside them.

One recognizer instance per entity type (Presidio's one-entity rule); the table layout is parsed
once per text by ``redact.tables`` and shared through a small cache, because every instance reads
the same text in the same analysis.
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redact.address import below_county
from redact.names import minority_name_len
from redact.recognizers.base import RuleRecognizer, Verdict, make_result
from redact.tables import TABLE_KINDS, cells_of

_BELOW_COUNTY_UNIT = re.compile(r"\d|街道|[镇乡村路街巷弄号组栋幢室楼屯寨]|社区|小区|大厦|公寓|花园|新村")
_ABSENT = re.compile(r"^(?:无|/|—+|-+|不详|未知|空|暂无|略|同上|本人|[*×X]+)$")
_HAN = re.compile(r"[\u3400-\u9fff]")
_NAME_CELL = re.compile(
    r"[\u3400-\u9fff]{2,5}|[\u3400-\u9fff]{1,8}(?:·[\u3400-\u9fff]{1,8})+|[A-Za-z][A-Za-z .'\-]{2,40}"
)
_NOT_PERSON_END = re.compile(r"(?:公司|店|厂|部|行|社|所|院|局|队|站|场|室|中心|合作社|馆|集团|超市|银行)$")
_DATE = re.compile(r"(?:19|20)\d{2}\s*[年.\-/]\s*\d{1,2}\s*(?:[月.\-/]\s*\d{1,2}\s*日?)?|(?:19|20)\d{6}")
_PLATE = re.compile(r"[\u4e00-\u9fff]\s*·?\s*[A-Z]\s*·?\s*[A-Z0-9]{4,6}[\u4e00-\u9fff]?")
_NAME_WITH_ROMAN = re.compile(
    r"(?P<han>[\u3400-\u9fff·]{2,12})\s*\(\s*(?P<latin>[A-Za-z][A-Za-z .'\-]{2,40}?)\s*\)"
)
_ROLE_BY_HEADER = {
    "经营者": "operator",
    "当事人": "penalised",
    "被处罚人": "penalised",
    "违法行为人": "penalised",
}


def _digits(value: str) -> str:
    return re.sub(r"[^0-9A-Za-z*×]", "", value)


def _valid(kind: str, value: str) -> tuple[int, int] | None:
    """Span (relative to the cell) of what to report, or None when the cell does not fit the column."""
    if _ABSENT.match(value):
        return None
    n = len(value)
    if kind == "PERSON":
        closed = value.replace(" ", "")
        if "某" in closed or not _NAME_CELL.fullmatch(closed) or _NOT_PERSON_END.search(closed):
            return None
        if len(closed) == 5 and "·" not in closed and minority_name_len(closed) != 5:
            return None
        return 0, n
    if kind == "CN_RESIDENT_ID":
        return (0, n) if len(_digits(value)) in (15, 18) else None
    if kind in ("ID_DOCUMENT", "PASSPORT", "CN_TRAVEL_PERMIT"):
        d = _digits(value)
        return (
            (0, n) if 5 <= len(d) <= 20 and any(ch.isdigit() for ch in d) and not _HAN.search(value) else None
        )
    if kind == "PHONE_NUMBER":
        d = re.sub(r"\D", "", value)
        return (0, n) if 7 <= len(d) <= 16 and not _HAN.search(value) else None
    if kind == "BANK_ACCOUNT":
        d = re.sub(r"\D", "", value)
        return (0, n) if 10 <= len(d) <= 30 and not _HAN.search(value) else None
    if kind == "BIRTH_DATE":
        m = _DATE.fullmatch(value)
        return (0, n) if m else None
    if kind == "VEHICLE_PLATE":
        m = _PLATE.fullmatch(value)
        return (0, n) if m else None
    if kind == "IM_ACCOUNT":
        return (0, n) if 2 <= n <= 40 else None
    if kind == "ADDRESS":
        part = below_county(value)
        if part is None or not _BELOW_COUNTY_UNIT.search(value, part[0]):
            return None  # 河北石家庄: a province and a city, nothing below county level to remove
        return part
    return None


def _person_spans(value: str) -> list[tuple[int, int]]:
    """A name cell, or a name with its romanisation in brackets: 范氏梅(PHAM THI MAI)."""
    m = _NAME_WITH_ROMAN.fullmatch(value)
    if m is None:
        span = _valid("PERSON", value)
        return [span] if span else []
    han = _valid("PERSON", m.group("han"))
    return ([han] if han else []) + [m.span("latin")]


class TableColumnRecognizer(RuleRecognizer):
    """Cells under a personal-data column header (姓名, 身份证号码, 住址…) or beside such a label."""

    def __init__(self, entity: str) -> None:
        self.ENTITY = entity
        super().__init__()
        self.name: str = f"TableColumnRecognizer.{entity}"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for tc in cells_of(text):
            if tc.kind != self.ENTITY:
                continue
            if tc.kind == "PERSON":
                spans = _person_spans(tc.cell.text)
            else:
                one = _valid(tc.kind, tc.cell.text)
                spans = [one] if one else []
            verdict = Verdict(0.85, "table.column", f"cell of the table column {tc.header}")
            role = _ROLE_BY_HEADER.get(
                tc.header.replace(" ", ""), "other_person" if self.ENTITY == "PERSON" else ""
            )
            for a, b in spans:
                out.append(
                    make_result(self, self.ENTITY, tc.cell.start + a, tc.cell.start + b, verdict, role=role)
                )
        return out


def table_recognizers() -> list[TableColumnRecognizer]:
    return [TableColumnRecognizer(entity) for entity in sorted(TABLE_KINDS)]
