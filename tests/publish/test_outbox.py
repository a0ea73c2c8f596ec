"""Outbox events: written with the transition, the right type and reason, filtered per subscription."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sunshine.models.outbox import OutboxDelivery, OutboxEvent
from tests.publish import outbox_support as S


@pytest.fixture
def factory(settings_env: Path):  # type: ignore[no-untyped-def]
    from sunshine.assembly import bootstrap
    from sunshine.db import session_factory

    bootstrap()
    return session_factory()


def _events(session) -> list[OutboxEvent]:  # type: ignore[no-untyped-def]
    return list(session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq)))


def test_publish_and_withdraw_write_events_with_deliveries(factory) -> None:  # type: ignore[no-untyped-def]
    from publish import subscriptions, workflow

    with factory() as s:
        subscriptions.add(s, name="all", url="http://127.0.0.1:9/hook", actor="t")
        subscriptions.add(
            s, name="only-withdrawals", url="http://127.0.0.1:9/w", events=["decision.withdrawn"], actor="t"
        )
        s.commit()
        row = S.publish_new(s, S.decision("A1"))
        workflow.withdraw(s, row, reason="行政复议决定撤销原处罚", actor="legal")
        s.commit()
        events = _events(s)
        assert [e.type for e in events] == ["decision.published", "decision.withdrawn"]
        assert [e.seq for e in events] == [1, 2]
        assert events[1].reason == "行政复议决定撤销原处罚"
        assert events[1].data["reason"] == "行政复议决定撤销原处罚"
        assert "masked_text" not in events[1].data["decision"]
        counts = dict(
            s.execute(select(OutboxDelivery.event_seq, func.count()).group_by(OutboxDelivery.event_seq)).all()
        )
        assert counts == {1: 1, 2: 2}
        # nothing personal in the stored snapshot
        blob = json.dumps([e.data for e in events], ensure_ascii=False)
        assert S.ID_NUMBER not in blob and S.NAME not in blob
        assert events[0].data["structured"]["parties"][0]["display_name"] == "李某某"


def test_rolled_back_transition_leaves_no_event(factory) -> None:  # type: ignore[no-untyped-def]
    from publish import subscriptions, workflow

    with factory() as s:
        subscriptions.add(s, name="all", url="http://127.0.0.1:9/hook", actor="t")
        s.commit()
        row = S.publish_new(s, S.decision("A1"))
        workflow.withdraw(s, row, reason="撤销", actor="legal")
        s.flush()
        assert len(_events(s)) == 2
        s.rollback()
        assert [e.type for e in _events(s)] == ["decision.published"]
        assert s.scalar(select(func.count()).select_from(OutboxDelivery)) == 1


def test_new_version_withdraws_old_with_stated_reason_then_updates(factory) -> None:  # type: ignore[no-untyped-def]
    from sunshine.lifecycle import State
    from sunshine.models.core import DecisionRow
    from sunshine.store import ingest

    with factory() as s:
        old = S.publish_new(s, S.decision("A7"))
        revoked = S.decision(
            "A7",
            events=[{"kind": "changed", "date": "2025-06-02", "reason": "行政复议变更罚款数额"}],
            fine=1000,
        )
        result = ingest(s, revoked, actor="connector")
        s.commit()
        s.refresh(old)
        assert old.state == State.superseded.value
        withdrawn = _events(s)[-1]
        assert withdrawn.type == "decision.withdrawn"
        assert withdrawn.reason == "行政复议变更罚款数额"
        assert withdrawn.data["cause"] == "superseded"
        assert withdrawn.data["superseded_by"] == result.decision_id
        # 2025-06-02 (Mon) + 3 working days = 2025-06-05 (端午 was 05-31..06-02)
        assert withdrawn.data["withdraw_by"] == "2025-06-05"
        assert old.withdraw_by == dt.date(2025, 6, 5)
        new = s.get(DecisionRow, result.decision_id)
        assert new is not None
        # the new version, once published again, is an update of the same logical decision
        from publish import workflow
        from sunshine.lifecycle import transition

        new.masked_text, new.leak_ok, new.publishable = S.masked(revoked.text), True, True
        for st in (State.analysed, State.in_review, State.approved):
            transition(s, new, st, actor="t")
        workflow.publish(s, new, actor="t")
        s.commit()
        last = _events(s)[-1]
        assert last.type == "decision.updated"
        assert last.stream_key == withdrawn.stream_key


def test_expiry_event(factory) -> None:  # type: ignore[no-untyped-def]
    from publish import workflow

    with factory() as s:
        row = S.publish_new(s, S.decision("A2"))
        workflow.expire(s, row)
        s.commit()
        assert [e.type for e in _events(s)][-1] == "decision.expired"
        assert _events(s)[-1].reason == "公示期满"


def test_subscription_filters(factory) -> None:  # type: ignore[no-untyped-def]
    from publish import subscriptions

    with factory() as s:
        a, _ = subscriptions.add(s, name="zj", url="http://127.0.0.1:9/a", region_prefixes=["33"], actor="t")
        b, _ = subscriptions.add(s, name="sh", url="http://127.0.0.1:9/b", region_prefixes=["31"], actor="t")
        c, _ = subscriptions.add(
            s, name="auth", url="http://127.0.0.1:9/c", authorities=["上海市公安局"], actor="t"
        )
        s.commit()
        S.publish_new(s, S.decision("Z1"))
        S.publish_new(s, S.decision("S1", authority="上海市公安局", region="310000"))
        got = {
            sub: n
            for sub, n in s.execute(
                select(OutboxDelivery.subscription_id, func.count()).group_by(OutboxDelivery.subscription_id)
            ).all()
        }
        assert got == {a.id: 1, b.id: 1, c.id: 1}


def test_bad_subscription_input_is_refused(factory) -> None:  # type: ignore[no-untyped-def]
    from publish import subscriptions

    with factory() as s:
        for kwargs in (
            {"url": "ftp://x/y"},
            {"url": "http://x/y", "events": ["decision.deleted"]},
            {"url": "http://x/y", "format": "xml"},
            {"url": "http://x/y", "secret": "short"},
        ):
            with pytest.raises(subscriptions.SubscriptionError):
                subscriptions.add(s, name="x", actor="t", **kwargs)  # type: ignore[arg-type]


def test_change_feed_is_ordered_and_paged(factory) -> None:  # type: ignore[no-untyped-def]
    from publish import workflow
    from publish.changes import CursorError, changes

    with factory() as s:
        rows = [S.publish_new(s, S.decision(f"F{i}")) for i in range(3)]
        workflow.withdraw(s, rows[1], reason="撤销", actor="t")
        s.commit()
        first = changes(s, limit=2)
        assert [e["sequence"] for e in first.events] == [1, 2] and first.has_more
        rest = changes(s, after=first.next_cursor, limit=10)
        assert [e["sequence"] for e in rest.events] == [3, 4] and not rest.has_more
        assert rest.events[-1]["type"] == "decision.withdrawn"
        assert changes(s, after=rest.next_cursor).events == []
        with pytest.raises(CursorError):
            changes(s, after="abc")
