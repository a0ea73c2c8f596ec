"""Ad-hoc recognizers built per decision from the structured party fields (PartyHint).

The case system already knows who the parties are; searching the text for exactly those values
finds mentions no pattern could (unusual names, mistyped ID numbers, addresses without labels).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from presidio_analyzer import EntityRecognizer, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redact.address import below_county
from redact.names import looks_like_name
from redact.normalize import digits_only, normalize
from redact.recognizers.base import Verdict, make_result

if TYPE_CHECKING:
    from redact.api import PartyHint

PERSON_KINDS = ("natural_person", "individual_business")


def _spaced(value: str) -> str:
    """Regex matching ``value`` with optional single spaces/dashes between characters."""
    return r"[ \-]?".join(re.escape(c) for c in value)


def date_variants(iso: str) -> list[str]:
    try:
        d = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return [iso] if iso else []
    cn = "〇一二三四五六七八九"
    year_cn = "".join(cn[int(c)] for c in str(d.year))

    def num_cn(n: int) -> str:
        if n < 10:
            return "一二三四五六七八九"[n - 1]
        tens, ones = divmod(n, 10)
        return (
            ("" if tens == 1 else "一二三四五六七八九"[tens - 1])
            + "十"
            + ("" if ones == 0 else "一二三四五六七八九"[ones - 1])
        )

    return [
        f"{d.year}年{d.month}月{d.day}日",
        f"{d.year}年{d.month:02d}月{d.day:02d}日",
        f"{d.year}-{d.month:02d}-{d.day:02d}",
        f"{d.year}.{d.month}.{d.day}",
        f"{d.year}.{d.month:02d}.{d.day:02d}",
        f"{d.year}/{d.month}/{d.day}",
        f"{d.year}/{d.month:02d}/{d.day:02d}",
        f"{d.year}{d.month:02d}{d.day:02d}",
        f"{year_cn}年{num_cn(d.month)}月{num_cn(d.day)}日",
    ]


class _HintRecognizer(LocalRecognizer):
    ENTITY = ""

    def __init__(self, parties: Sequence[PartyHint]) -> None:
        self.parties = list(parties)
        super().__init__(supported_entities=[self.ENTITY], supported_language="zh", name=type(self).__name__)

    def load(self) -> None:
        """Built per call from the hints; nothing to load."""

    def _find(self, text: str, rx: str, verdict: Verdict, role: str) -> list[RecognizerResult]:
        return [
            make_result(self, self.ENTITY, m.start(), m.end(), verdict, role=role)
            for m in re.finditer(rx, text)
        ]

    def _find_literal(
        self, text: str, value: str, verdict: Verdict, role: str, *, digit_bounded: bool = False
    ) -> list[RecognizerResult]:
        """Plain substring search (hint values are literal; compiling a regex per value is slow)."""
        out: list[RecognizerResult] = []
        start = text.find(value)
        while start >= 0:
            end = start + len(value)
            ok = not digit_bounded or (
                (start == 0 or not text[start - 1].isdigit())
                and (end >= len(text) or not text[end].isdigit())
            )
            if ok:
                out.append(make_result(self, self.ENTITY, start, end, verdict, role=role))
            start = text.find(value, start + 1)
        return out


class PartyNameRecognizer(_HintRecognizer):
    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for p in self.parties:
            name = normalize(p.name or "").strip()
            if not name or p.kind not in PERSON_KINDS:
                continue
            if p.kind == "individual_business" and not looks_like_name(name):
                continue  # a shop name (某某小吃店) is published like an organisation
            verdict = Verdict(1.0, "hint.name", f"name of the {p.role} from the structured fields")
            out += self._find_literal(text, name, verdict, p.role)
        return out


class PartyIdentifierRecognizer(_HintRecognizer):
    ENTITY = "ID_DOCUMENT"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for p in self.parties:
            value = digits_only(p.id_number or "")
            if len(value) < 5 or p.kind == "legal_person":
                continue
            verdict = Verdict(1.0, "hint.id_number", f"ID number of the {p.role} from the structured fields")
            found = self._find_literal(text, value, verdict, p.role, digit_bounded=True)
            if value.endswith("X"):
                found += self._find_literal(text, value[:-1] + "x", verdict, p.role, digit_bounded=True)
            if not found and (value[:6] in text or value[-4:] in text):
                # separators inside the number (3310 0219 …): a tolerant regex, compiled only now
                rx = r"(?<![0-9A-Za-z])" + _spaced(value) + r"(?![0-9A-Za-z])"
                found = self._find(text, rx.replace("X", "[Xx]"), verdict, p.role)
            out += found
        return out


class PartyPhoneRecognizer(_HintRecognizer):
    ENTITY = "PHONE_NUMBER"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for p in self.parties:
            value = digits_only(p.phone or "")
            if len(value) < 7 or p.kind == "legal_person":
                continue
            if value.startswith("86") and len(value) == 13:
                value = value[2:]
            verdict = Verdict(1.0, "hint.phone", f"phone of the {p.role} from the structured fields")
            found = self._find_literal(text, value, verdict, p.role, digit_bounded=True)
            if not found and (value[:3] in text or value[-4:] in text):
                found = self._find(text, r"(?<![0-9])" + _spaced(value) + r"(?![0-9])", verdict, p.role)
            out += found
        return out


class PartyAddressRecognizer(_HintRecognizer):
    ENTITY = "ADDRESS"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for p in self.parties:
            address = normalize(p.address or "").strip()
            if not address or p.kind == "legal_person":
                continue
            part = below_county(address)
            if part is None:
                continue
            tail = address[part[0] : part[1]]
            if len(tail) < 3:
                continue
            verdict = Verdict(1.0, "hint.address", f"address of the {p.role} below county level")
            out += self._find_literal(text, tail, verdict, p.role)
        return out


class PartyBirthDateRecognizer(_HintRecognizer):
    ENTITY = "BIRTH_DATE"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for p in self.parties:
            if not p.birth_date or p.kind == "legal_person":
                continue
            verdict = Verdict(1.0, "hint.birth_date", f"birth date of the {p.role}")
            for variant in date_variants(p.birth_date):
                out += self._find_literal(text, variant, verdict, p.role, digit_bounded=True)
        return out


def hint_recognizers(parties: Sequence[PartyHint]) -> list[EntityRecognizer]:
    if not parties:
        return []
    return [
        cls(parties)
        for cls in (
            PartyNameRecognizer,
            PartyIdentifierRecognizer,
            PartyPhoneRecognizer,
            PartyAddressRecognizer,
            PartyBirthDateRecognizer,
        )
    ]
