"""Facts the rules are judged on, derived from a decision: age of the penalised, law area,
severity class, display window.

Derivations lean to the strict side on purpose: an unknown age with a hint of a minor in the
text counts as a minor, an unknown region gets every provincial pack, and so on — withholding
wrongly costs a review, publishing wrongly cannot be undone.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re
from collections.abc import Iterable

from publish.rules.packfile import LawAreaPattern, RulePack, Severity, SeverityScheme
from sunshine.schema import Decision, Party, PartyKind

ADULT_AGE = 18
_PENALISED_ROLES = {"penalised", "penalized", "被处罚人", "当事人", "违法行为人", "违法嫌疑人"}
_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def add_months(start: dt.date, months: int) -> dt.date:
    """Calendar-month arithmetic; a missing day (31st, 29 Feb) clamps to the month's end."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, _cal.monthrange(year, month)[1]))


def _add_years(start: dt.date, years: int) -> dt.date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 Feb: the birthday is reached on 1 Mar (later = stricter for minors)
        return dt.date(start.year + years, 3, 1)


def is_minor_on(birth: dt.date, on: dt.date) -> bool:
    """Under 18 on ``on``.  周岁 is reached the day *after* the birthday (SPC 2006 juvenile
    interpretation art. 2, by analogy), so the 18th birthday itself still counts as a minor."""
    return on <= _add_years(birth, ADULT_AGE)


def birth_from_id(id_number: str | None) -> dt.date | None:
    """Birth date from a resident ID (18 digits, or the legacy 15-digit form)."""
    if not id_number:
        return None
    raw = id_number.strip().upper()
    try:
        if re.fullmatch(r"\d{17}[\dX]", raw):
            return dt.date(int(raw[6:10]), int(raw[10:12]), int(raw[12:14]))
        if re.fullmatch(r"\d{15}", raw):
            return dt.date(1900 + int(raw[6:8]), int(raw[8:10]), int(raw[10:12]))
    except ValueError:
        return None
    return None


def cn_number(text: str) -> int | None:
    """'17', '十七', '二十', '九' → int (1–99); None when it is not a small number."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    t = _CN_DIGITS.get(tens, -1) if tens else 1
    u = _CN_DIGITS.get(units, -1) if units else 0
    return None if t < 0 or u < 0 else t * 10 + u


_NUM = r"(\d{1,3}|[〇零一二两三四五六七八九十]{1,3})"
_MINOR_WORDS = re.compile(r"未成年|不满十八周岁|未满十八周岁|不满18周?岁|未满18周?岁")
_AGE_SUFFIX = re.compile(_NUM + r"\s*周?岁")
_AGE_LABEL = re.compile(r"年龄\s*[:：为是]?\s*" + _NUM)
_BIRTH = re.compile(r"(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?\s*(?:出生|生)")
_BIRTH_LABEL = re.compile(
    r"出生(?:日期|年月日)?\s*[:：于]?\s*(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})"
)
_ID = re.compile(r"(?<!\d)(\d{17}[\dXx])(?!\d)")


def text_minor_signals(text: str, on: dt.date) -> list[str]:
    """Kinds of evidence in the text that someone concerned is under 18 (never the values)."""
    found: list[str] = []
    if _MINOR_WORDS.search(text):
        found.append("words")
    for pattern, label in ((_AGE_SUFFIX, "age"), (_AGE_LABEL, "age_label")):
        for m in pattern.finditer(text):
            value = cn_number(m.group(1))
            if value is not None and value < ADULT_AGE:
                found.append(label)
                break
    for pattern in (_BIRTH, _BIRTH_LABEL):
        for m in pattern.finditer(text):
            try:
                birth = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            if birth <= on and is_minor_on(birth, on):
                found.append("birth_date")
                break
    for m in _ID.finditer(text):
        id_birth = birth_from_id(m.group(1))
        if id_birth and id_birth <= on and is_minor_on(id_birth, on):
            found.append("id_number")
            break
    return found


def penalised_people(decision: Decision) -> list[Party]:
    people = [p for p in decision.parties if p.kind is not PartyKind.legal_person]
    named = [p for p in people if p.role.strip().lower() in _PENALISED_ROLES]
    # no party marked as the penalised one: every natural person counts (strictest)
    return named or people


def minor_evidence(decision: Decision) -> list[str]:
    """Why the penalised person is taken to be a minor; empty when they are not."""
    on = decision.violation_date or decision.decision_date
    evidence: list[str] = []
    need_text = False
    for party in penalised_people(decision):
        birth = party.birth_date or birth_from_id(party.id_number)
        if birth is not None:
            if is_minor_on(birth, on):
                evidence.append("birth_date" if party.birth_date else "id_number")
        elif party.age is not None:
            if party.age < ADULT_AGE:
                evidence.append("age")
        elif party.kind is PartyKind.natural_person:
            need_text = True
    if need_text:
        evidence.extend(f"text:{kind}" for kind in text_minor_signals(decision.text, on))
    return evidence


_TITLE = re.compile(r"《([^《》]{2,60})》")


def cited_laws(decision: Decision) -> list[str]:
    """Legal bases as given; when none are given, the titles cited in the text."""
    if decision.legal_basis:
        return list(decision.legal_basis)
    return _TITLE.findall(decision.text)


def derive_law_area(decision: Decision, patterns: Iterable[LawAreaPattern]) -> str:
    if decision.law_area is not None:
        return decision.law_area.value
    laws = cited_laws(decision)
    for entry in patterns:  # pattern order = priority (治安 first)
        if any(p in law for p in entry.patterns for law in laws):
            return entry.area.value
    return "other"


def classify_severity(decision: Decision, scheme: SeverityScheme) -> Severity:
    kinds = {p.kind for p in decision.penalties}
    if scheme.summary_is_minor and decision.procedure.value == "summary":
        return "minor"
    if kinds <= set(scheme.minor_only_kinds):
        return "minor"
    if kinds & set(scheme.serious_kinds):
        return "serious"
    if scheme.serious_fine_yuan is not None and decision.fine_total() >= scheme.serious_fine_yuan:
        return "serious"
    return "general"


def pick_severity_scheme(packs: Iterable[RulePack], on: dt.date) -> SeverityScheme | None:
    schemes = [s for p in packs for s in p.severity]
    in_force = [s for s in schemes if s.in_force(on)]
    if in_force:
        return in_force[-1]
    return max(schemes, key=lambda s: s.effective_from) if schemes else None
