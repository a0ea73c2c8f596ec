"""Worker jobs of the publish stage that enforce the disclosure deadlines.

* ``rules-expiry``: take decisions off display at the end of their window (clear columns only,
  cheap, runs often);
* ``rules-reapply``: re-judge published and pending decisions under the rules in force today —
  rules switch on by date (治安 sealing 2026-01-01), and revocation/change events must lead to
  withdrawal well inside the 3 working days of 行政处罚法 art. 48;
* ``rules-deadlines``: the deadline monitor (publish_by within 2 working days, overdue
  publication, overdue withdrawal); the list is served by the stats API and metrics.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from publish.rules.engine import china_today
from publish.rules.monitor import deadline_flags
from publish.rules.reapply import apply as reapply
from sunshine.logging import get_logger
from sunshine.models.core import DecisionRow
from sunshine.worker import Job

log = get_logger(__name__)
ACTOR = "system:rules-jobs"


def expiry_sweep(factory: sessionmaker[Session], *, today: dt.date | None = None) -> int:
    """Expire every published decision whose display window ended before ``today``."""
    from publish import workflow

    today = today or china_today()
    done = 0
    with factory() as session:
        rows = session.scalars(
            select(DecisionRow).where(
                DecisionRow.state == "published",
                DecisionRow.display_until.is_not(None),
                DecisionRow.display_until < today,
            )
        ).all()
        for row in rows:
            workflow.expire(session, row, actor=ACTOR)
            session.commit()
            done += 1
    return done


def reapply_job(factory: sessionmaker[Session], *, today: dt.date | None = None) -> int:
    with factory() as session:
        changes = reapply(session, today=today, actor=ACTOR)
    if changes:
        log.info("rules_reapplied", **{k: v for k, v in Counter(c.action for c in changes).items()})
    return len(changes)


def deadline_monitor(factory: sessionmaker[Session], *, today: dt.date | None = None) -> dict[str, int]:
    with factory() as session:
        flags = deadline_flags(session, today=today)
    counts: dict[str, int] = dict(Counter(f.flag for f in flags))
    if counts:
        log.warning("deadlines_flagged", **counts)  # ids and counts only; the list is in the API
    return counts


def jobs() -> list[Job]:
    return [
        Job("rules-expiry", 60.0, expiry_sweep),
        Job("rules-reapply", 3600.0, reapply_job),
        Job("rules-deadlines", 300.0, deadline_monitor),
    ]
