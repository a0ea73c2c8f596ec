"""The leak gate: an independent re-scan of *masked* text before anything is published.

It deliberately shares no code with the detectors beyond checksum arithmetic: if a recognizer has a
bug, the gate must still see a checksum-valid ID number, a mobile number, a Luhn-valid card or a
party's name from the structured fields. Findings carry positions and a reason, never the value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from redact.address import below_county
from redact.normalize import digits_only, normalize
from redact.policy import Action, Policy
from redact.validators import luhn_ok, mobile_ok, resident_id_checksum_ok, resident_id_plausible

if TYPE_CHECKING:
    from redact.api import PartyHint


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    reason: str


_ID18 = re.compile(r"(?<![0-9A-Za-z])\d(?:[ \-\n]?\d){16}[ \-\n]?[\dXx](?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])(?:(?:\+|00)?86[ \-]?)?1[3-9]\d(?:[ \-]?\d{4}){2}(?![0-9])")
_DIGITS = re.compile(r"(?<![0-9A-Za-z])\d(?:[ \-]?\d){11,22}(?![0-9A-Za-z])")
_CASE_LABEL = re.compile(r"(?:编号|案号|文号|决定书号|凭证号|信用代码)[:：\s]*$")
_ACCOUNT_LABEL = re.compile(r"(?:账号|帐号|卡号|账户|帐户)[:：\s]*(?:为|是)?$")
_ID_LABEL = re.compile(r"(?:身份证|身份号码|证件号)[^，。；\n]{0,6}$")
_PUBLIC_ACCOUNT = re.compile(r"(?:财政|国库|非税收入|汇缴专户|罚没)[^。\n]{0,24}?(?:账号|帐号)[:：\s]*$")
# A party called 金华 or 张杨 shares characters with public places (金华市, 张杨路): an occurrence
# followed by an administrative or street unit, or preceded by one, is the place, not the person.
_PUBLIC_AFTER = re.compile(
    r"(?:派出所|公安|分局|法院|铁路|市|省|县|新区|区|镇|乡|村|大道|街道|[东西南北中]?路(?![过上边])|[东西南北中]?街(?![头上]))"
)
_PUBLIC_BEFORE = frozenset("省市县区")
_PROVINCE_BEFORE = re.compile(
    r"(?:河北|山西|辽宁|吉林|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|"
    r"青海|台湾|广西|西藏|宁夏|新疆|北京|天津|上海|重庆)$"
)


def _public_place(text: str, start: int, end: int) -> bool:
    """金华市, 张杨路, 浙江金华成泰农村商业银行: the party's name is (part of) a place here."""
    return bool(
        _PUBLIC_AFTER.match(text, end)
        or text[start - 1 : start] in _PUBLIC_BEFORE
        or _PROVINCE_BEFORE.search(text, max(0, start - 2), start)
    )


# Shops and workshops of individual businesses are published like organisations.
_SHOP_SUFFIX = re.compile(r"(?:店|馆|厂|部|行|社|所|中心|公司|室|场|站|铺|园|坊|吧|院|处)$")
# Plates in clear: province + office letter + a serial with at least two digits (a masked plate is
# 浙A·×××××). Written here again on purpose: the gate must not share the recognizer's pattern.
_PLATE = re.compile(
    r"(?<![A-Za-z0-9])[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][·\s\-]?"
    r"(?=[A-Z0-9]*\d[A-Z0-9]*\d)(?:[A-HJ-NP-Z0-9]{5,6}|[A-HJ-NP-Z0-9]{4}[挂学警])(?![A-Za-z0-9])"
)
_PERSON_NAME = re.compile(r"[\u3400-\u9fff·]{2,16}|[A-Za-z][A-Za-z '\-]{1,40}")


def _scan_numbers(text: str) -> list[Finding]:
    out: list[Finding] = []
    covered: list[tuple[int, int]] = []
    for m in _ID18.finditer(text):
        # checksum and a real region/birth date: an all-digit USCC (91330106…) is not an ID number
        if resident_id_checksum_ok(m.group()) and resident_id_plausible(m.group()):
            out.append(
                Finding("resident_id", m.start(), m.end(), "checksum-valid 18-character resident ID number")
            )
            covered.append(m.span())
    for m in _ID15.finditer(text):
        before = text[max(0, m.start() - 14) : m.start()]
        if resident_id_plausible(m.group()) and _ID_LABEL.search(before):
            out.append(
                Finding("resident_id", m.start(), m.end(), "15-digit resident ID number after an ID label")
            )
            covered.append(m.span())
    for m in _MOBILE.finditer(text):
        if mobile_ok(m.group()) and not any(a <= m.start() < b for a, b in covered):
            out.append(Finding("phone", m.start(), m.end(), "mainland mobile phone number"))
            covered.append(m.span())
    for m in _DIGITS.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        before = text[max(0, m.start() - 12) : m.start()]
        digits = digits_only(m.group())
        if _PUBLIC_ACCOUNT.search(text[max(0, m.start() - 40) : m.start()]):
            continue  # the authority's public collection account
        if _ACCOUNT_LABEL.search(before):
            out.append(Finding("bank_account", m.start(), m.end(), "digit run after an account/card label"))
        elif 16 <= len(digits) <= 19 and luhn_ok(digits) and not _CASE_LABEL.search(before):
            out.append(Finding("bank_card", m.start(), m.end(), "Luhn-valid card-length number"))
    return out


_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,12}")
_LABELLED_NUMBER = re.compile(
    r"(?:护照|通行证|回乡证|台胞证|QQ|qq|微信)(?:号码|号|账号)?[:：\s(]*(?:为|是)?(?P<v>[A-Za-z]{0,2}[0-9][0-9A-Za-z_\-]{4,19})"
)


def _scan_contacts(text: str) -> list[Finding]:
    """E-mail addresses and labelled passport/permit/IM numbers still in clear."""
    out = [Finding("email", m.start(), m.end(), "e-mail address") for m in _EMAIL.finditer(text)]
    for m in _LABELLED_NUMBER.finditer(text):
        out.append(
            Finding(
                "labelled_identifier", m.start("v"), m.end("v"), "number after a passport/permit/IM label"
            )
        )
    return out


def _date_forms(iso: str) -> list[str]:
    from redact.recognizers.hints import date_variants  # formatting only; no detection logic

    return date_variants(iso)


def _scan_plates(text: str, policy: Policy) -> list[Finding]:
    if policy.action("VEHICLE_PLATE", "") is Action.keep:
        return []
    return [
        Finding("vehicle_plate", m.start(), m.end(), "vehicle plate in clear") for m in _PLATE.finditer(text)
    ]


def _given_name(name: str) -> str:
    """The given name of a Han name (王建国 → 建国); empty for 2-character and non-Han names.

    Only 3- and 4-character names qualify: their given name has two or more characters, so an
    occurrence is a real mention (a single character or a 2-character name's last character would
    flag ordinary words).
    """
    from redact.names import is_transliterated, surname_len

    if not 3 <= len(name) <= 4 or not _PERSON_NAME.fullmatch(name) or is_transliterated(name):
        return ""
    n = surname_len(name)
    return name[n:] if n and len(name) - n >= 2 else ""


def _scan_given_names(text: str, name: str, role: str) -> list[Finding]:
    """A party's given name alone (建国同意…) identifies them as well as the full name.

    Given names that are ordinary words (建国, 国庆, 爱国: words of jieba's general lexicon not tagged
    as person names) are left out: the gate would refuse every text that says 建国以来, and the
    detector already decides those in context.
    """
    from redact.models.lexicon import PERSON_CLASS, load_lexicon
    from redact.names import is_common_word

    given = _given_name(name)
    word_class = load_lexicon().words.get(given) if given else None
    if not given or is_common_word(given) or (word_class is not None and word_class != PERSON_CLASS):
        return []
    out: list[Finding] = []
    for m in re.finditer(re.escape(given), text):
        if _public_place(text, m.start(), m.end()):
            continue
        out.append(
            Finding("party_given_name", m.start(), m.end(), f"given name of a party ({role}) without surname")
        )
    return out


def _scan_parties(text: str, parties: Sequence[PartyHint], policy: Policy) -> list[Finding]:
    out: list[Finding] = []
    for p in parties:
        if p.kind == "legal_person":
            continue
        role = p.role or "party"
        name = normalize(p.name or "").strip()
        personal = p.kind == "natural_person" or (
            p.kind == "individual_business"
            and bool(_PERSON_NAME.fullmatch(name))
            and (len(name) <= 4 or "·" in name)
            and not _SHOP_SUFFIX.search(name)
        )
        if personal and len(name) >= 2 and policy.action("PERSON", role) is not Action.keep:
            for m in re.finditer(re.escape(name), text):
                if _public_place(text, m.start(), m.end()):
                    continue
                out.append(
                    Finding(
                        "party_name",
                        m.start(),
                        m.end(),
                        f"full name of a party ({role}) from the structured fields",
                    )
                )
            full = {(f.start, f.end) for f in out}
            out.extend(
                f
                for f in _scan_given_names(text, name, role)
                if not any(a <= f.start and f.end <= b for a, b in full)
            )
        value = digits_only(p.id_number or "")
        if len(value) >= 6:
            rx = r"[ \-]?".join(re.escape(c) for c in value).replace("X", "[Xx]")
            for m in re.finditer(r"(?<![0-9A-Za-z])" + rx + r"(?![0-9A-Za-z])", text):
                out.append(Finding("party_id", m.start(), m.end(), f"ID number of a party ({role})"))
        phone = digits_only(p.phone or "")
        if len(phone) >= 7:
            rx = r"[ \-]?".join(re.escape(c) for c in phone[-11:])
            for m in re.finditer(r"(?<![0-9])" + rx + r"(?![0-9])", text):
                out.append(Finding("party_phone", m.start(), m.end(), f"phone number of a party ({role})"))
        if p.birth_date:
            for form in _date_forms(p.birth_date):
                for m in re.finditer(r"(?<![0-9])" + re.escape(form) + r"(?![0-9])", text):
                    out.append(
                        Finding(
                            "party_birth_date", m.start(), m.end(), f"full birth date of a party ({role})"
                        )
                    )
        address = normalize(p.address or "").strip()
        part = below_county(address) if address else None
        if part is not None and part[1] - part[0] >= 4:
            tail = address[part[0] : part[1]]
            for m in re.finditer(re.escape(tail), text):
                out.append(
                    Finding(
                        "party_address", m.start(), m.end(), f"address below county level of a party ({role})"
                    )
                )
    return out


def check_leaks(masked_text: str, parties: Sequence[PartyHint], policy: Policy) -> list[Finding]:
    text = normalize(masked_text)
    findings = (
        _scan_numbers(text)
        + _scan_contacts(text)
        + _scan_plates(text, policy)
        + _scan_parties(text, parties, policy)
    )
    findings.sort(key=lambda f: (f.start, f.kind))
    return findings
