"""Personal identity documents: resident ID, passports, 港澳/台 permits, labelled ID fields."""

from __future__ import annotations

import re

from redact.normalize import digits_only
from redact.recognizers.base import NOT_ALNUM_AFTER as NA
from redact.recognizers.base import NOT_ALNUM_BEFORE as NB
from redact.recognizers.base import RegexPattern, RegexRecognizer, Verdict
from redact.validators import resident_id_checksum_ok, resident_id_plausible

_DATE8 = r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_DATE6 = r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_SEP = r"(?:[ \-]|\n(?![ \t]*\n))?"  # a single line break splits IDs in OCR text

ID_CONTEXT = ("身份证", "身份号码", "公民身份", "证件号", "身份证件", "证号")


class ResidentIdRecognizer(RegexRecognizer):
    """GB 11643: the checksum raises confidence to 1.0; plausibility alone still masks (typos)."""

    ENTITY = "CN_RESIDENT_ID"
    CONTEXT = ID_CONTEXT
    PATTERNS = (
        RegexPattern("id18", NB + r"[1-9]\d{5}" + _DATE8 + r"\d{3}[\dXx]" + NA, 0.6),
        # With spaces/dashes inside (6-8-4, 6-4-4-4, 3-3-4-4-4 ...): any single separator between digits.
        RegexPattern("id18-spaced", NB + r"[1-9](?:" + _SEP + r"\d){16}" + _SEP + r"[\dXx]" + NA, 0.4),
        RegexPattern("id15", NB + r"[1-9]\d{5}" + _DATE6 + r"\d{3}" + NA, 0.45),
    )

    def validate(self, value: str, text: str, start: int, end: int, pattern: RegexPattern) -> Verdict | None:
        v = digits_only(value)
        if len(v) == 18:
            if resident_id_checksum_ok(v):
                if resident_id_plausible(v):
                    return Verdict(
                        1.0, "id18.checksum", "GB 11643 check character, region and birth date valid"
                    )
                return Verdict(
                    0.8, "id18.checksum-implausible", "check character valid, region or date implausible"
                )
            if resident_id_plausible(v):
                return Verdict(
                    pattern.score, "id18.plausible", "region and birth date valid, check character wrong"
                )
            return None if pattern.name == "id18-spaced" else Verdict(0.3, "id18.format", "format only")
        if len(v) == 15 and v.isdigit():
            if resident_id_plausible(v):
                return Verdict(
                    pattern.score, "id15.plausible", "legacy 15-digit number, region and date valid"
                )
            return None
        return None


_APPROVAL_BEFORE = re.compile(r"(?:文号|批准|准字|注册|国食健注|注)[:：\s]*$")


class PassportRecognizer(RegexRecognizer):
    ENTITY = "PASSPORT"

    def validate(self, value: str, text: str, start: int, end: int, pattern: RegexPattern) -> Verdict | None:
        if pattern.name != "passport-labelled" and _APPROVAL_BEFORE.search(text, max(0, start - 8), start):
            return None  # 国食健注G20190321: an approval number shaped like a passport
        return super().validate(value, text, start, end, pattern)

    CONTEXT = ("护照", "证件号", "证件号码", "证件")
    PATTERNS = (
        RegexPattern("passport-prc", NB + r"(?:E[0-9A-HJ-NP-Z]\d{7}|(?:DE|SE|PE)\d{7}|G\d{8})" + NA, 0.5),
        RegexPattern("passport-hkmo", NB + r"(?:KJ\d{7}|K\d{8}|M[AB]\d{7})" + NA, 0.35),
        RegexPattern(
            "passport-labelled",
            # foreign passports vary: PAE314159, 567812345, X1234567A
            r"护照(?:号码|号|编号)?[:：\s]*(?:为|是)?(?P<v>[A-Za-z]{0,3}\d{5,10}[A-Za-z]?|\d{2} \d{7}"
            # 19FR58213, C8R4LT2N7: letters and digits mixed, at least three digits
            r"|(?=(?:[A-Z]*\d){3})(?=[0-9]*[A-Z])[A-Z0-9]{7,12})" + NA,
            0.9,
        ),
    )


class TravelPermitRecognizer(RegexRecognizer):
    """港澳居民来往内地通行证 H/M + 8 or 10 digits; 往来港澳通行证 C…; 台胞证 8 digits (label required)."""

    ENTITY = "CN_TRAVEL_PERMIT"
    CONTEXT = ("通行证", "回乡证", "台胞证", "证件号")
    PATTERNS = (
        RegexPattern("permit-hkmo-resident", NB + r"[HM]\d{8}(?:\d{2})?" + NA, 0.5),
        RegexPattern("permit-mainland-hkmo", NB + r"C[0-9A-HJ-NP-Z]\d{7}" + NA, 0.4),
        RegexPattern(
            "permit-labelled",
            r"(?:通行证|回乡证|台胞证)(?:号码|号|编号)?[:：\s]*(?P<v>[A-Za-z]?\d{8,11}|[0-9A-Za-z]{10,12})"
            + NA,
            0.9,
        ),
    )


class LabelledIdDocumentRecognizer(RegexRecognizer):
    """Whatever follows an ID-number label is an identifier, even in a format we do not know."""

    ENTITY = "ID_DOCUMENT"
    PATTERNS = (
        RegexPattern(
            "id-labelled",
            r"(?:身份证件号码|身份证号码|身份证号|身份证|公民身份号码|证件号码|证件号|军官证号?|士兵证号?|驾驶证号|驾驶证号码|"
            r"档案编号|人员编号|驾驶证编号|证件编号|通行证号码?|通行证编号)"
            r"[:：\s]*(?:为|是)?(?P<v>[0-9A-Za-z][0-9A-Za-z \-]{4,22}[0-9A-Za-z])" + NA,
            0.75,
        ),
        # Hong Kong / Macau identity cards: A123456(7), 1384702(6)
        RegexPattern(
            "hkmo-id-labelled",
            r"(?:身份证|身份证件|居民身份证|身份證)(?:号码|號碼|号)?[:：\s]*(?P<v>[A-Z]{0,2}\d{6,7}\s?\([0-9A]\))",
            0.85,
        ),
    )

    def validate(self, value: str, text: str, start: int, end: int, pattern: RegexPattern) -> Verdict | None:
        v = digits_only(value)
        if sum(c.isdigit() for c in v) < 5:
            return None
        return Verdict(pattern.score, "id.labelled", "value of an ID-number field")

    def span_for(self, text: str, start: int, end: int) -> tuple[int, int]:
        # A trailing space-separated word is not part of the number ("110... 男").
        value = text[start:end]
        trimmed = re.sub(r"\s+[A-Za-z]+$", "", value).rstrip(" -")
        return start, start + len(trimmed)


class PartialIdentifierRecognizer(RegexRecognizer):
    """Numbers a source system already half-masked (510902********8198, 1532559****).

    The digits left in clear (region code + last four, or a phone prefix) still narrow a person
    down; the policy replaces the whole value.
    """

    ENTITY = "ID_DOCUMENT"
    PATTERNS = (
        RegexPattern("partial", NB + r"\d{2,10}[*＊×]{3,14}[\dXx]{0,6}" + NA, 0.6),
        RegexPattern("partial-tail", NB + r"[*＊×]{3,14}\d{3,6}" + NA, 0.5),
    )

    def validate(self, value: str, text: str, start: int, end: int, pattern: RegexPattern) -> Verdict | None:
        if sum(c.isdigit() for c in value) < 3:
            return None
        return Verdict(pattern.score, "id.partial", "identifier already partly masked at the source")
