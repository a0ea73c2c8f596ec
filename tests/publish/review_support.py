"""Shared set-up for the review tests (API, UI and browser): accounts and realistic cases.

Cases come from the synthetic generator and go through the real pipeline (ingest → analyse with
the real redactor and rules).  Two redactor mistakes are then planted so the reviewer has
something to fix: a *false* span over a public word and a *missed* occurrence of the party's
name (one span removed).  Dates are moved close to today so the statutory deadlines are live.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from publish import workflow
from publish.rules import assess, china_today
from sunshine.auth import create_user
from sunshine.models.core import DecisionRow
from sunshine.schema import Decision
from sunshine.store import ingest, load_decision, load_spans, store_spans
from sunshine.synth import generate

PASSWORD = "correct-horse-battery-9"
USERS = {
    "wang": ["reviewer"],  # 王审核
    "li": ["approver"],  # 李复核
    "zhao": ["approver"],
    "admin": ["admin"],
}


def cheap_hashing(monkeypatch: Any) -> None:
    """Argon2 at production cost takes ~0.5 s per hash on a busy CI box; the tests check the
    flow, not the cost, so they use argon2's cheapest profile (still real argon2id)."""
    from argon2 import PasswordHasher, profiles

    from sunshine import auth

    cheap = PasswordHasher.from_parameters(profiles.CHEAPEST)
    monkeypatch.setattr(auth, "_hasher", cheap)
    monkeypatch.setattr(auth, "_DUMMY_HASH", cheap.hash("dummy-password-for-timing"))


def add_users(session: Session) -> None:
    for name, roles in USERS.items():
        create_user(session, name, PASSWORD, roles, display_name=name)
    session.commit()


@dataclass
class Case:
    id: str
    name: str  # the party name whose one occurrence the redactor "missed"
    missed_start: int
    missed_end: int
    false_word: str  # public word wrongly proposed as a name
    false_start: int
    false_end: int


def _recent(decision: Decision, days_ago: int) -> Decision:
    data = decision.to_json()
    day = china_today() - dt.timedelta(days=days_ago)
    data.update(
        decision_date=day.isoformat(),
        violation_date=(day - dt.timedelta(days=5)).isoformat(),
        events=[],
        procedure="general",
    )
    return Decision.model_validate(data)


def _candidates(kind: str, days_ago: int) -> list[Decision]:
    """Publishable decisions of one kind whose party name appears at least twice."""
    items = generate(60, seed=2026, law_areas=["exit_entry", "fire"], event_rate=0.0, minor_rate=0.0)
    out = []
    for it in items:
        d = _recent(it.decision, days_ago)
        kinds = set(d.penalty_kinds())
        names = [p.name for p in d.parties if p.kind.value == "natural_person" and p.name]
        if not names or d.text.count(names[0]) < 2:
            continue
        wanted = (
            ("detention" in kinds) if kind == "detention" else (kinds == {"fine"} and d.fine_total() <= 2000)
        )
        if wanted and assess(d).publishable:
            out.append(d)
    return out


def _plant_mistakes(row: DecisionRow) -> Case:
    decision = load_decision(row)
    spans = load_spans(row)
    text = decision.text
    person = next(p for p in decision.parties if p.kind.value == "natural_person" and p.name)
    name = person.name
    assert name is not None
    occurrences = [s for s in spans if s["entity_type"] == "PERSON" and text[s["start"] : s["end"]] == name]
    assert len(occurrences) >= 2, "the plan needs a name proposed at least twice"
    missed = occurrences[-1]
    spans.remove(missed)
    # a false positive: the redactor wrongly proposes a public word as a person's name
    match = re.search(r"公安局|消防救援|大队|支队", text)
    assert match is not None
    covered = any(s["start"] < match.end() and match.start() < s["end"] for s in spans)
    assert not covered
    spans.append(
        {
            "start": match.start(),
            "end": match.end(),
            "entity_type": "PERSON",
            "text": match.group(0),
            "score": 0.41,
            "recognizer": "ZhNerRecognizer",
            "replacement": "某某",
            "explanation": "spaCy zh NER: PERSON",
            "rule": "ner.person",
            "status": "proposed",
        }
    )
    spans.sort(key=lambda s: s["start"])
    store_spans(row, spans)
    return Case(row.id, name, missed["start"], missed["end"], match.group(0), match.start(), match.end())


def make_case(
    session: Session, kind: str, *, days_ago: int, index: int = 0, plant: bool = True, text_suffix: str = ""
) -> Case:
    """One decision in review; ``kind`` is ``fine`` (one approval) or ``detention`` (four eyes)."""
    pool = _candidates(kind, days_ago)
    decision = pool[index % len(pool)]
    if text_suffix:
        data = decision.to_json()
        data["text"] = data["text"] + text_suffix
        data["external_id"] = data["external_id"] + "-x"
        decision = Decision.model_validate(data)
    result = ingest(session, decision, actor="test:loader")
    row = session.get(DecisionRow, result.decision_id)
    assert row is not None
    workflow.analyse(session, row)
    assert row.publishable, (row.assessment or {}).get("reasons")
    case = _plant_mistakes(row) if plant else Case(row.id, "", 0, 0, "", 0, 0)
    session.commit()
    return case


def fixed_spans(session: Session, case: Case) -> list[dict[str, Any]]:
    """The spans a careful reviewer would save: false one rejected, missed name added."""
    row = session.get(DecisionRow, case.id)
    assert row is not None
    spans = load_spans(row)
    for s in spans:
        if s["start"] == case.false_start and s["end"] == case.false_end:
            s["status"] = "rejected"
        else:
            s["status"] = "accepted"
    spans.append(
        {"start": case.missed_start, "end": case.missed_end, "entity_type": "PERSON", "status": "accepted"}
    )
    return spans
