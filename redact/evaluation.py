"""Evaluation metrics on a labelled set, as presidio-research does it (character overlap, F2).

Gold records: ``{"text", "entities": [{start, end, label, role?}], "keep": [...]?, "neutral": [...]?,
"decision": {...}?}``. Leak rate is judged on the masked text alone: a gold value leaks when its
exact text (or, for digit identifiers, its digit string) is still findable in the masked output.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from redact.normalize import digits_only, normalize

# Gold labels (generator and hand-made sets) → our entity types.
LABEL_MAP = {
    "PERSON": "PERSON",
    "ID_NUMBER": "CN_RESIDENT_ID",
    "CN_RESIDENT_ID": "CN_RESIDENT_ID",
    "PHONE": "PHONE_NUMBER",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "BANK_ACCOUNT": "BANK_ACCOUNT",
    "PASSPORT": "PASSPORT",
    "PERMIT": "CN_TRAVEL_PERMIT",
    "CN_TRAVEL_PERMIT": "CN_TRAVEL_PERMIT",
    "EMAIL": "EMAIL_ADDRESS",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "IM_ID": "IM_ACCOUNT",
    "IM_ACCOUNT": "IM_ACCOUNT",
    "PLATE": "VEHICLE_PLATE",
    "VEHICLE_PLATE": "VEHICLE_PLATE",
    "PROPERTY_CERT": "PROPERTY_CERT",
    "BIRTH_DATE": "BIRTH_DATE",
    "ADDRESS": "ADDRESS",
}
# Our types that count as the same family when scoring (a labelled-ID detection of a passport is a hit).
FAMILY = {
    "ID_DOCUMENT": {"CN_RESIDENT_ID", "PASSPORT", "CN_TRAVEL_PERMIT"},
}
NUMERIC_LEAK_TYPES = ("CN_RESIDENT_ID", "PHONE_NUMBER", "BANK_ACCOUNT")
LEAK_TYPES = (*NUMERIC_LEAK_TYPES, "PERSON", "PASSPORT", "CN_TRAVEL_PERMIT")


@dataclass
class TypeScore:
    tp_chars: int = 0
    fp_chars: int = 0
    fn_chars: int = 0
    gold_spans: int = 0
    leaked: int = 0

    @property
    def precision(self) -> float:
        d = self.tp_chars + self.fp_chars
        return self.tp_chars / d if d else 1.0

    @property
    def recall(self) -> float:
        d = self.tp_chars + self.fn_chars
        return self.tp_chars / d if d else 1.0

    def f(self, beta: float = 2.0) -> float:
        p, r = self.precision, self.recall
        if p == 0 and r == 0:
            return 0.0
        return (1 + beta**2) * p * r / (beta**2 * p + r)


@dataclass
class Report:
    documents: int = 0
    per_type: dict[str, TypeScore] = field(default_factory=lambda: defaultdict(TypeScore))
    keep_total: int = 0
    keep_intact: int = 0
    neutral_chars: int = 0
    masked_non_sensitive: int = 0
    non_sensitive_chars: int = 0
    keep_failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def keep_integrity(self) -> float:
        return self.keep_intact / self.keep_total if self.keep_total else 1.0

    @property
    def over_masking(self) -> float:
        return self.masked_non_sensitive / self.non_sensitive_chars if self.non_sensitive_chars else 0.0

    def leak_rate(self, types: Sequence[str] = NUMERIC_LEAK_TYPES) -> float:
        total = sum(self.per_type[t].gold_spans for t in types if t in self.per_type)
        leaked = sum(self.per_type[t].leaked for t in types if t in self.per_type)
        return leaked / total if total else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "per_type": {
                t: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f2": round(s.f(2.0), 4),
                    "gold_spans": s.gold_spans,
                    "leaked": s.leaked,
                }
                for t, s in sorted(self.per_type.items())
            },
            "leak_rate_id_phone_bank": round(self.leak_rate(), 6),
            "leak_rate_all": round(self.leak_rate(LEAK_TYPES), 6),
            "keep_integrity": round(self.keep_integrity, 6),
            "keep_failures": dict(self.keep_failures),
            "over_masking": round(self.over_masking, 6),
        }


def _leaked(value: str, entity: str, masked_norm: str, masked_digits: str) -> bool:
    value = normalize(value)
    if entity in NUMERIC_LEAK_TYPES:
        digits = digits_only(value)
        return len(digits) >= 6 and digits in masked_digits
    return value in masked_norm


def _name_leaked(value: str, text: str, masked: str, gold: Sequence[dict[str, Any]]) -> bool:
    if not value:
        return False
    person = [(g["start"], g["end"]) for g in gold if LABEL_MAP.get(g["label"]) == "PERSON"]
    public = sum(
        1
        for m in re.finditer(re.escape(value), text)
        if not any(s < m.end() and m.start() < e for s, e in person)
    )
    return masked.count(value) > public


def _digit_stream(text: str) -> str:
    """Digits and letters only, so a number split by spaces/dashes is still found."""
    return re.sub(r"[^0-9A-Za-z]", " ", normalize(text)).upper().replace(" ", "")


def score_document(
    report: Report,
    text: str,
    gold: Sequence[dict[str, Any]],
    predicted: Sequence[tuple[int, int, str]],
    masked_text: str,
    keep: Sequence[dict[str, Any]] = (),
    neutral: Sequence[dict[str, Any]] = (),
) -> None:
    report.documents += 1
    n = len(text)
    gold_type = [""] * n
    for g in gold:
        entity = LABEL_MAP.get(g["label"], g["label"])
        for i in range(g["start"], min(g["end"], n)):
            gold_type[i] = entity
    neutral_mask = [False] * n
    for g in neutral:
        for i in range(g["start"], min(g["end"], n)):
            neutral_mask[i] = True
    pred_type = [""] * n
    for s, e, t in predicted:
        for i in range(s, min(e, n)):
            pred_type[i] = t
    for i in range(n):
        gt, pt = gold_type[i], pred_type[i]
        if pt and pt in FAMILY and gt in FAMILY[pt]:
            pt = gt
        if gt and pt == gt:
            report.per_type[gt].tp_chars += 1
        else:
            if gt:
                report.per_type[gt].fn_chars += 1
            if pt and not neutral_mask[i]:
                report.per_type[pt].fp_chars += 1
        if not gt and not neutral_mask[i] and not text[i].isspace():
            report.non_sensitive_chars += 1
            if pt:
                report.masked_non_sensitive += 1
    masked_norm = normalize(masked_text)
    masked_digits = _digit_stream(masked_text)
    text_norm = normalize(text)
    for g in gold:
        entity = LABEL_MAP.get(g["label"], g["label"])
        report.per_type[entity].gold_spans += 1
        value = text[g["start"] : g["end"]]
        if entity == "PERSON":
            # A name also occurs inside public words (张杨 in 张杨路): it leaks only if the masked
            # text holds more copies than the original has outside gold person spans.
            report.per_type[entity].leaked += int(
                _name_leaked(normalize(value), text_norm, masked_norm, gold)
            )
        elif _leaked(value, entity, masked_norm, masked_digits):
            report.per_type[entity].leaked += 1
    for k in keep:
        report.keep_total += 1
        value = text[k["start"] : k["end"]]
        # Intact = no predicted span touches it (the masked text then contains it verbatim).
        touched = any(pred_type[i] for i in range(k["start"], min(k["end"], n)))
        if not touched:
            report.keep_intact += 1
        else:
            report.keep_failures[k["label"]] += 1
        del value


def evaluate(
    records: Iterable[dict[str, Any]],
    run: Callable[[dict[str, Any]], tuple[list[tuple[int, int, str]], str]],
) -> Report:
    """``run(record) -> (predicted spans, masked text)``; the caller decides how to call the redactor."""
    report = Report()
    for rec in records:
        predicted, masked = run(rec)
        score_document(
            report,
            rec["text"],
            rec.get("entities", []),
            predicted,
            masked,
            rec.get("keep", []),
            rec.get("neutral", []),
        )
    return report
