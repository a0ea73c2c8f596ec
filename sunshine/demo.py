"""Demo data: synthetic decisions taken through the real pipeline (ingest → analyse → approve).

The demo uses the same functions as production; only the reviewer is a named demo account
that accepts the proposed masking, and only when the leak gate and the rules both agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from publish import review, workflow
from sunshine.db import session_factory
from sunshine.lifecycle import State
from sunshine.models.core import DecisionRow
from sunshine.store import ingest
from sunshine.synth import generate

DEMO_REVIEWER = "demo:reviewer"
DEMO_APPROVER = "demo:approver"  # the second pair of eyes for detention and large fines


def load_demo(*, n: int = 40, seed: int = 7, publish_all: bool = True) -> dict[str, Any]:
    """Recent decisions (the last 45 days), so that most are still due for publication."""
    factory = session_factory()
    today = dt.date.today()
    summary: dict[str, Any] = {"generated": n, "new": 0, "published": 0, "withheld": 0, "left_in_review": 0}
    with factory() as session:
        ids = []
        for item in generate(
            n, seed=seed, date_from=today - dt.timedelta(days=45), date_to=today - dt.timedelta(days=1)
        ):
            result = ingest(session, item.decision, actor="demo:loader")
            if result.outcome.value != "unchanged":
                summary["new"] += 1
                ids.append(result.decision_id)
        session.commit()
        for decision_id in ids:
            row = session.get(DecisionRow, decision_id)
            assert row is not None
            workflow.analyse(session, row)
            session.commit()
            if not publish_all:
                continue
            if row.publishable and row.leak_ok:
                approval = review.approve(session, row, actor=DEMO_REVIEWER, roles=["reviewer"], note="demo")
                if approval.status != "published":
                    review.approve(session, row, actor=DEMO_APPROVER, roles=["approver"], note="demo")
                summary["published"] += 1
            elif row.publishable is False:
                summary["withheld"] += 1
            else:
                summary["left_in_review"] += 1
            session.commit()
        summary["states"] = {
            s.value: session.query(DecisionRow).filter_by(state=s.value).count() for s in State
        }
    return summary
