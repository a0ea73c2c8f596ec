"""Acceptance (issue 7): a revocation on a published decision leaves search and reaches portals fast.

The case system sends the decision again with a ``revoked`` event (the connector path: a new
version).  The published version is superseded in the same transaction that writes
``decision.withdrawn`` with the stated reason and the statutory deadline (three working days,
行政处罚法 arts. 48 and 85); after commit it is gone from the search index, and a running
delivery loop hands the event to the portal well within one minute.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from publish import delivery, subscriptions, workflow
from search.query import SearchQuery
from tests.publish import outbox_support as S


def test_revocation_removes_from_search_and_delivers_withdrawal_within_a_minute(settings_env: Path) -> None:
    from sunshine.assembly import bootstrap
    from sunshine.db import session_factory
    from sunshine.store import ingest

    bootstrap()
    factory = session_factory()
    inbox = S.Inbox()
    stop = threading.Event()
    with S.serve(S.simple_handler(inbox)) as url:
        with factory() as s:
            _, secret = subscriptions.add(s, name="province", url=url, actor="admin")
            inbox.secret = secret
            s.commit()
            row = S.publish_new(s, S.decision("REV-1"))
        loop = threading.Thread(
            target=delivery.run, kwargs={"factory": factory, "should_stop": stop.is_set}, daemon=True
        )
        loop.start()
        try:
            backend = workflow.backend()
            assert backend.get(row.id) is not None
            assert backend.search(SearchQuery(q="超速")).total == 1
            revoked = S.decision(
                "REV-1", events=[{"kind": "revoked", "date": "2025-09-30", "reason": "行政诉讼判决撤销"}]
            )
            with factory() as s:
                started = time.monotonic()
                ingest(s, revoked, actor="connector:zj")
                s.commit()
            # gone from search right after the commit
            assert backend.get(row.id) is None
            assert backend.search(SearchQuery(q="超速")).total == 0
            # and the portal hears about it
            withdrawn = None
            while time.monotonic() - started < 60 and withdrawn is None:
                withdrawn = next((b for _, b in inbox.received if b["type"] == "decision.withdrawn"), None)
                time.sleep(0.05)
            latency = time.monotonic() - started
        finally:
            stop.set()
            loop.join(timeout=10)
    assert withdrawn is not None, "decision.withdrawn not delivered within 60 s"
    data = withdrawn["data"]
    assert data["reason"] == "行政诉讼判决撤销"
    # 2025-09-30 (Tue) + 3 working days, 国庆 10-01..10-08 off, 10-11 (Sat) a make-up day → 2025-10-11
    assert data["change_date"] == "2025-09-30"
    assert data["withdraw_by"] == "2025-10-11"
    assert data["decision"]["id"] == row.id and "masked_text" not in data["decision"]
    with factory() as s:
        from publish.portal_api import withdrawal_report
        from sunshine.models.core import DecisionRow

        old = s.get(DecisionRow, row.id)
        assert old is not None and old.state == "superseded" and str(old.withdraw_by) == "2025-10-11"
        report = withdrawal_report(s)
        assert report[0]["withdraw_by"] == "2025-10-11" and report[0]["portals_delivered"] == 1
    print(
        f"\nrevocation → decision.withdrawn delivered in {latency:.2f} s (limit 60 s); withdraw_by={data['withdraw_by']}"
    )
    assert latency < 60
