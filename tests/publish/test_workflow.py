"""The workflow's public-boundary invariants, on the embedded store and index."""

from __future__ import annotations

import pytest

from publish import workflow
from publish.rules import assess
from search.jobs import reconcile_recent
from sunshine.db import session_factory
from sunshine.lifecycle import State
from sunshine.models.core import DecisionRow
from sunshine.store import ingest, load_spans, store_spans
from sunshine.synth import generate


def _publishable(seed: int = 99):  # type: ignore[no-untyped-def]
    for item in generate(60, seed=seed):
        d = item.decision
        if assess(d).publishable and any(p.id_number for p in d.parties):
            return item
    raise AssertionError("no publishable synthetic decision")


def _withheld(seed: int = 99):  # type: ignore[no-untyped-def]
    for item in generate(60, seed=seed):
        if not assess(item.decision).publishable:
            return item
    raise AssertionError("no withheld synthetic decision")


@pytest.fixture
def session(settings_env):  # type: ignore[no-untyped-def]
    with session_factory()() as s:
        yield s


def _analysed(session, item) -> DecisionRow:  # type: ignore[no-untyped-def]
    row = session.get(DecisionRow, ingest(session, item.decision).decision_id)
    workflow.analyse(session, row)
    session.commit()
    return row


def test_approve_publishes_masked_text_only(session) -> None:  # type: ignore[no-untyped-def]
    item = _publishable()
    row = _analysed(session, item)
    assert row.state == State.in_review.value and row.leak_ok
    workflow.approve(session, row, actor="fa")
    session.commit()
    doc = workflow.backend().get(row.id)
    assert doc is not None and row.state == State.published.value
    for party in item.decision.parties:
        if party.kind.value == "natural_person":
            assert party.name not in doc.masked_text
            if party.id_number:
                assert party.id_number not in doc.masked_text


def test_rejecting_a_true_span_trips_the_leak_gate(session) -> None:  # type: ignore[no-untyped-def]
    row = _analysed(session, _publishable())
    spans = load_spans(row)
    ids = [s for s in spans if s["entity_type"] in ("CN_RESIDENT_ID", "ID_NUMBER", "RESIDENT_ID")]
    target = ids[0] if ids else spans[0]
    target["status"] = "rejected"
    store_spans(row, spans)
    with pytest.raises(workflow.WorkflowError) as info:
        workflow.approve(session, row, actor="fa")
    assert info.value.code == "leak_gate"
    session.rollback()
    assert workflow.backend().get(row.id) is None


def test_withheld_decision_cannot_be_approved(session) -> None:  # type: ignore[no-untyped-def]
    row = _analysed(session, _withheld())
    assert row.publishable is False
    with pytest.raises(workflow.WorkflowError) as info:
        workflow.approve(session, row, actor="fa")
    assert info.value.code == "withheld"


def test_withdraw_and_supersede_leave_the_index(session) -> None:  # type: ignore[no-untyped-def]
    item = _publishable()
    row = _analysed(session, item)
    workflow.approve(session, row, actor="fa")
    session.commit()
    workflow.withdraw(session, row, reason="行政复议撤销", actor="fa")
    session.commit()
    assert workflow.backend().get(row.id) is None
    assert row.public_notice == "行政复议撤销"

    second = _publishable(seed=5)
    row2 = _analysed(session, second)
    workflow.approve(session, row2, actor="fa")
    session.commit()
    changed = second.decision.model_copy(update={"text": second.decision.text + "（变更）"})
    result = ingest(session, changed)
    session.commit()
    assert result.superseded_id == row2.id
    assert workflow.backend().get(row2.id) is None


def test_reconcile_repairs_a_lost_index_update(session) -> None:  # type: ignore[no-untyped-def]
    row = _analysed(session, _publishable())
    workflow.approve(session, row, actor="fa")
    session.commit()
    workflow.backend().delete([row.id])  # as if the process died between commit and index update
    assert reconcile_recent(session, workflow.backend()) == {"removed": 0, "added": 1}
    assert workflow.backend().get(row.id) is not None
