"""Worker job: keep the public index in line with the store after crashes.

Publication and withdrawal update the index right after their database commit; a crash in
between would leave a published decision unsearchable or, worse, a withdrawn one visible.
This sweep re-checks recently changed rows every minute (cheap: one lookup per changed row),
so such a gap closes within a minute instead of waiting for a full ``search reindex``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from search.backend import SearchBackend, get_backend
from search.documents import public_decision_from_row
from search.notices import GONE_STATES

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

LOOKBACK = dt.timedelta(hours=2)


def reconcile_recent(
    session: Session, backend: SearchBackend, *, now: dt.datetime | None = None
) -> dict[str, int]:
    from sqlalchemy import select

    from sunshine.models.core import DecisionRow

    since = (now or dt.datetime.now(dt.UTC).replace(tzinfo=None)) - LOOKBACK
    rows = session.scalars(select(DecisionRow).where(DecisionRow.updated_at >= since)).all()
    stale = [r.id for r in rows if r.state in GONE_STATES and backend.get(r.id) is not None]
    missing = [
        public_decision_from_row(r)
        for r in rows
        if r.state == "published" and r.masked_text and backend.get(r.id) is None
    ]
    if stale:
        backend.delete(stale)
    if missing:
        backend.index(missing)
    return {"removed": len(stale), "added": len(missing)}


def _reconcile_job(factory: sessionmaker[Session]) -> dict[str, int] | None:
    with factory() as session:
        result = reconcile_recent(session, get_backend())
    return result if any(result.values()) else None


def jobs() -> list[Any]:
    from sunshine.worker import Job

    return [Job("search-reconcile", 60.0, _reconcile_job)]
