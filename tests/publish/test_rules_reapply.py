"""`sunshine rules reapply` and the worker jobs on a real store (SQLite and PostgreSQL, tantivy).

Acceptance (issue 4): published 治安 decisions are listed with the rule that now forbids them
(dry run changes nothing); a real run takes them out of the index, audits the change and emits
the portal event; the expiry sweep and deadline monitor act on the same store.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

D = dt.date.fromisoformat
TODAY = D("2026-11-22")

BASE: dict[str, Any] = {
    "schema": "sunshine.decision/1",
    "source": "test-system",
    "external_id": "X",
    "version": 1,
    "document_number": "文号",
    "authority": {"name": "北京市公安局朝阳分局", "region_code": "110105"},
    "decision_date": "2025-12-15",
    "violation_date": "2025-12-10",
    "procedure": "general",
    "legal_basis": ["《中华人民共和国治安管理处罚法》第四十三条第一款"],
    "penalties": [{"kind": "fine", "amount_yuan": 500}],
    "parties": [{"role": "penalised", "kind": "natural_person", "name": "张三", "birth_date": "1980-01-01"}],
    "text": "违法行为人张三于某日在某处殴打他人，依据治安管理处罚法作出罚款决定。",
}
TRAFFIC = {"legal_basis": ["《中华人民共和国道路交通安全法》第九十条"], "law_area": "traffic"}


def doc(external_id: str, **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data.update(changes, external_id=external_id, document_number=f"京朝公行罚决字〔2025〕{external_id}号")
    return data


def store_row(
    session, data: dict[str, Any], *, assessed_on: dt.date, publish: bool, published_on: dt.date | None = None
):
    """Ingest → analyse (rules only) → review → approve → publish, as the workflow does."""
    from publish import workflow
    from sunshine.lifecycle import State, transition
    from sunshine.models.core import DecisionRow
    from sunshine.schema import parse_decision
    from sunshine.store import ingest, load_decision

    result = ingest(session, parse_decision(data), actor="test")
    row = session.get(DecisionRow, result.decision_id)
    workflow.run_assessment(row, load_decision(row), today=assessed_on)
    assert row.publishable, row.assessment
    transition(session, row, State.analysed, actor="test")
    transition(session, row, State.in_review, actor="test")
    if publish:
        row.masked_text = "违法行为人张某于某日在某处……（已脱敏）"
        row.leak_ok = True
        transition(session, row, State.approved, actor="test")
        workflow.publish(session, row, actor="test")
    session.commit()
    if published_on:
        row.published_at = dt.datetime.combine(published_on, dt.time(2, 0))
        session.commit()
    return row


@pytest.fixture
def store(any_db: str):
    """Two published 治安 decisions (Beijing, Zhejiang), one published traffic decision still in
    its window, one published traffic decision past its window, one 治安 decision in review."""
    return _build_store()


@pytest.fixture
def sqlite_store(settings_env: Path):
    return _build_store()


def _build_store():
    from publish import workflow
    from sunshine.assembly import bootstrap
    from sunshine.db import session_factory

    bootstrap()
    factory = session_factory()
    with factory() as s:
        rows = {
            "po_bj": store_row(
                s, doc("1001"), assessed_on=D("2025-12-16"), publish=True, published_on=D("2025-12-17")
            ),
            "po_zj": store_row(
                s,
                doc(
                    "1002",
                    authority={"name": "杭州市公安局西湖区分局", "region_code": "330106"},
                    decision_date="2025-12-10",
                    violation_date="2025-12-01",
                    law_area="public_order",
                ),
                assessed_on=D("2025-12-11"),
                publish=True,
                published_on=D("2025-12-12"),
            ),
            "traffic_live": store_row(
                s,
                doc("1003", decision_date="2026-09-30", violation_date="2026-09-20", **TRAFFIC),
                assessed_on=D("2026-10-08"),
                publish=True,
                published_on=D("2026-10-09"),
            ),
            "traffic_old": store_row(
                s,
                doc("1004", decision_date="2025-06-03", violation_date="2025-06-01", **TRAFFIC),
                assessed_on=D("2025-06-04"),
                publish=True,
                published_on=D("2025-06-20"),
            ),
            "po_review": store_row(
                s, doc("1005", decision_date="2025-12-18"), assessed_on=D("2025-12-19"), publish=False
            ),
        }
        ids = {k: r.id for k, r in rows.items()}
    backend = workflow.backend()
    for key in ("po_bj", "po_zj", "traffic_live", "traffic_old"):
        assert backend.get(ids[key]) is not None
    return factory, ids


def _states(factory, ids):
    from sunshine.models.core import DecisionRow

    with factory() as s:
        return {k: s.get(DecisionRow, v).state for k, v in ids.items()}


def test_dry_run_lists_sealed_decisions_with_the_rule_and_changes_nothing(store):
    from publish.rules import reapply
    from sunshine.models.core import AuditEntry

    factory, ids = store
    with factory() as s:
        audit_before = len(s.scalars(select(AuditEntry)).all())
        changes = {c.decision_id: c for c in reapply.plan(s, today=TODAY)}
    assert set(changes) == {ids["po_bj"], ids["po_zj"], ids["traffic_old"], ids["po_review"]}
    for key in ("po_bj", "po_zj"):
        c = changes[ids[key]]
        assert (c.state, c.action, c.codes, c.rules) == (
            "published",
            "withdraw",
            ["PUBLIC_ORDER_SEALED"],
            ["NAT-PUBLIC-ORDER-SEALED"],
        )
        assert "第一百三十六条" in c.citations[0] and "第一百三十六条" in c.notice
    assert changes[ids["traffic_old"]].action == "expire"
    assert changes[ids["traffic_old"]].codes == ["EXPIRED"]
    assert (changes[ids["po_review"]].action, changes[ids["po_review"]].state) == ("withhold", "in_review")
    # nothing changed
    assert _states(factory, ids) == {
        "po_bj": "published",
        "po_zj": "published",
        "traffic_live": "published",
        "traffic_old": "published",
        "po_review": "in_review",
    }
    with factory() as s:
        assert len(s.scalars(select(AuditEntry)).all()) == audit_before
    # before the sealing rule was in force nothing but the expired one would change
    with factory() as s:
        early = reapply.plan(s, today=D("2025-12-31"))
    assert [c.decision_id for c in early] == []


def test_real_run_withdraws_from_index_audits_and_emits(store):
    from publish import workflow
    from publish.rules import reapply
    from sunshine import audit
    from sunshine.models.core import AuditEntry, DecisionRow
    from sunshine.models.outbox import OutboxEvent

    factory, ids = store
    with factory() as s:
        done = reapply.apply(s, today=TODAY, actor="test:reapply")
    assert len(done) == 4
    assert _states(factory, ids) == {
        "po_bj": "withdrawn",
        "po_zj": "withdrawn",
        "traffic_live": "published",
        "traffic_old": "expired",
        "po_review": "in_review",
    }
    backend = workflow.backend()
    for key in ("po_bj", "po_zj", "traffic_old"):
        assert backend.get(ids[key]) is None, key
    assert backend.get(ids["traffic_live"]) is not None
    with factory() as s:
        row = s.get(DecisionRow, ids["po_bj"])
        assert "治安管理处罚法" in (row.public_notice or "") and row.withdrawn_at is not None
        assert row.publish_by == D("2025-12-24")  # the original deadline is kept for statistics
        review = s.get(DecisionRow, ids["po_review"])
        assert (
            review.publishable is False and review.assessment["reasons"][0]["code"] == "PUBLIC_ORDER_SEALED"
        )
        entries = s.scalars(select(AuditEntry).where(AuditEntry.decision_id == ids["po_bj"])).all()
        actions = [(e.action, e.to_state) for e in entries]
        assert ("rules_reapply", None) in actions and ("transition", "withdrawn") in actions
        reapply_entry = next(e for e in entries if e.action == "rules_reapply")
        assert reapply_entry.detail["rules"] == ["NAT-PUBLIC-ORDER-SEALED"]
        assert audit.verify(s).ok
        events = s.scalars(select(OutboxEvent).where(OutboxEvent.decision_id == ids["po_bj"])).all()
        assert events and events[-1].type.endswith("withdrawn")
    # idempotent: a second run has nothing left to do
    with factory() as s:
        assert reapply.plan(s, today=TODAY) == []


def test_expiry_sweep_and_deadline_monitor(store):
    from publish import jobs, workflow
    from publish.rules.monitor import deadline_flags
    from sunshine.models.core import DecisionRow

    factory, ids = store
    # the sweep works on stored windows: 治安/Zhejiang decided 2025-12-10 → at most 1 year
    assert jobs.expiry_sweep(factory, today=D("2026-12-10")) == 0  # last day of display
    assert jobs.expiry_sweep(factory, today=D("2026-12-11")) == 1
    assert _states(factory, ids)["po_zj"] == "expired"
    assert workflow.backend().get(ids["po_zj"]) is None
    # a window shortened by a later rule (2026-04-01 credit measure) is caught by the reapply job
    assert jobs.reapply_job(factory, today=TODAY) == 3  # po_bj sealed, traffic_old expired, po_review
    assert _states(factory, ids)["traffic_old"] == "expired"
    assert workflow.backend().get(ids["traffic_old"]) is None

    with factory() as s:
        # a publishable decision waiting in review, publish_by 2026-10-15 (decided 2026-09-30)
        from tests.publish.test_rules_reapply import doc as mk

        row = store_row(
            s,
            mk("2001", decision_date="2026-09-30", violation_date="2026-09-20", **TRAFFIC),
            assessed_on=D("2026-10-08"),
            publish=False,
        )
        live = s.get(DecisionRow, ids["traffic_live"])
        live.withdraw_by = D("2026-10-13")
        s.commit()
        at = {f.decision_id: f for f in deadline_flags(s, today=D("2026-10-13"))}
        assert at[row.id].flag == "publish_due_soon" and at[row.id].working_days_left == 2
        assert (
            at[ids["traffic_live"]].flag == "withdraw_due_soon"
            and at[ids["traffic_live"]].working_days_left == 0
        )
        assert ids["po_review"] not in at  # not publishable: no publication deadline
        assert row.id not in {f.decision_id for f in deadline_flags(s, today=D("2026-10-09"))}  # 4 wd left
        late = {f.decision_id: f for f in deadline_flags(s, today=D("2026-10-16"))}
        assert late[row.id].flag == "publish_overdue" and late[row.id].working_days_left == -1
        assert late[ids["traffic_live"]].flag == "withdraw_overdue"
    assert jobs.deadline_monitor(factory, today=D("2026-10-16")) == {
        "publish_overdue": 1,
        "withdraw_overdue": 1,
    }


def test_cli_reapply_dry_run_then_real(sqlite_store):
    from sunshine.settings import get_settings

    factory, ids = sqlite_store
    env = {**os.environ, "SUNSHINE_HOME": str(get_settings().home)}  # same store (and database URL)
    cmd = [sys.executable, "-m", "sunshine", "rules", "reapply", "--today", "2026-11-22", "--json"]
    dry = subprocess.run([*cmd, "--dry-run"], env=env, capture_output=True, text=True, timeout=120)
    assert dry.returncode == 0, dry.stderr
    listed = [json.loads(line) for line in dry.stdout.splitlines() if line.strip()]
    sealed = [c for c in listed if c["codes"] == ["PUBLIC_ORDER_SEALED"] and c["state"] == "published"]
    assert {c["decision_id"] for c in sealed} == {ids["po_bj"], ids["po_zj"]}
    assert all(c["rules"] == ["NAT-PUBLIC-ORDER-SEALED"] and c["dry_run"] for c in sealed)
    assert _states(factory, ids)["po_bj"] == "published"
    real = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert real.returncode == 0, real.stderr
    assert _states(factory, ids)["po_bj"] == "withdrawn"


def test_a_later_shorter_window_is_written_back(settings_env: Path):
    from publish import jobs
    from publish.rules import reapply
    from sunshine.assembly import bootstrap
    from sunshine.db import session_factory
    from sunshine.models.core import AuditEntry, DecisionRow

    bootstrap()
    factory = session_factory()
    with factory() as s:
        row = store_row(
            s,
            doc("3001", decision_date="2025-12-01", violation_date="2025-11-20", **TRAFFIC),
            assessed_on=D("2025-12-02"),
            publish=True,
        )
        assert row.display_until == D("2028-12-01")  # 2023 measure: up to 3 years
        assert reapply.plan(s, today=TODAY) == []  # still allowed: no status change to list
        assert reapply.apply(s, today=TODAY) == []
        s.refresh(row)
        assert row.display_until == D("2026-12-01") and row.state == "published"  # 2025 measure: 1 year
        actions = [e.action for e in s.query(AuditEntry).filter_by(decision_id=row.id)]
        assert "rules_dates_refreshed" in actions
        # the public side follows: the index shows the new 公示截止期 and portals get decision.updated
        from publish import workflow
        from sunshine.models.outbox import OutboxEvent

        indexed = workflow.backend().get(row.id)
        assert indexed is not None and indexed.display_until == D("2026-12-01")
        types = [e.type for e in s.query(OutboxEvent).filter_by(decision_id=row.id).order_by(OutboxEvent.seq)]
        assert types[-1] == "decision.updated"
        row_id = row.id
    assert jobs.expiry_sweep(factory, today=D("2026-12-02")) == 1
    with factory() as s:
        assert s.get(DecisionRow, row_id).state == "expired"
