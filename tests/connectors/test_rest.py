"""The REST poller against the sample case system's JSON API over loopback."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from connectors import state
from connectors.runner import run_source
from connectors.samplesite import SampleCaseSystem
from sunshine.models.core import DecisionRow, QuarantineItem

SOURCE = "sample-api"


def test_poll_checkpoints_incremental_changes_retries_and_token_refresh(
    site: SampleCaseSystem, factory: sessionmaker[Session]
) -> None:
    site.fail("/api/decisions", times=2)  # two 500s: tenacity retries
    first = run_source(SOURCE, factory, trigger="test")
    assert first.status == "ok", first.error
    assert (first.seen, first.new, first.quarantined) == (12, 12, 0)
    assert site.hits["/api/decisions"] == 2 + 3  # 12 items at 5 per page = 3 pages, plus the two failures
    with factory() as session:
        since = state.get_checkpoint(session, SOURCE, "updated_since")
        assert since == max(c.updated_at for c in site.cases.values()).isoformat()
        assert state.get_checkpoint(session, SOURCE, "cursor") is None  # a completed pass leaves no cursor

    second = run_source(SOURCE, factory, trigger="test")
    assert (second.seen, second.new, second.changed) == (0, 0, 0)

    site.tokens.clear()  # tokens expired: a 401 makes the poller fetch a new one
    oldest = [c.external_id for c in site.ordered(ascending=True)]
    site.change(oldest[:2])
    site.add(3)
    third = run_source(SOURCE, factory, trigger="test")
    assert (third.seen, third.new, third.changed, third.unchanged, third.quarantined) == (5, 3, 2, 0, 0)
    with factory() as session:
        rows = list(session.scalars(select(DecisionRow).where(DecisionRow.source == SOURCE)))
    assert len(rows) == 17
    assert sorted(r.external_id for r in rows if r.state == "superseded") == sorted(oldest[:2])


def test_impossible_date_quarantined_and_interrupted_run_resumes_from_cursor(
    site: SampleCaseSystem, factory: sessionmaker[Session]
) -> None:
    victim = site.ordered(ascending=True)[1]
    correct_date = victim.doc["decision_date"]
    victim.doc["decision_date"] = "2025-02-30"
    first = run_source(SOURCE, factory, trigger="test")
    assert (first.new, first.quarantined) == (11, 1)
    with factory() as session:
        (item,) = session.scalars(select(QuarantineItem))
    assert item.reason.startswith("impossible date: decision_date") and item.origin.endswith(
        victim.external_id
    )

    # the case system corrects it; retrying the stored item still fails, the corrected item is ingested
    from connectors.quarantine import retry

    ok, _ = retry(factory, item.id)
    assert not ok
    victim.doc["decision_date"] = correct_date
    site.change([victim.external_id])
    site.add(6)
    site.fail("/api/decisions", times=99)  # the API goes down after the first page
    original = site.failures["/api/decisions"]
    site.failures["/api/decisions"] = 0

    def down_after_first_page(event: str, data: dict) -> None:
        if event == "queued":
            site.failures["/api/decisions"] = original

    broken = run_source(SOURCE, factory, trigger="test", on_progress=down_after_first_page)
    assert broken.status == "failed" and broken.error and "HTTP 500" in broken.error
    assert (broken.seen, broken.changed, broken.new) == (5, 0, 5)  # oldest change first: the corrected one
    with factory() as session:
        cursor = state.get_checkpoint(session, SOURCE, "cursor")
    assert cursor, "the cursor after the first page is checkpointed"

    site.failures["/api/decisions"] = 0
    resumed = run_source(SOURCE, factory, trigger="test")
    assert resumed.status == "ok"
    assert (resumed.seen, resumed.new, resumed.changed) == (2, 2, 0)  # the rest of the 7 changes
    with factory() as session:
        item2 = session.get(QuarantineItem, item.id)
        assert item2 is not None and item2.status == "resolved"
