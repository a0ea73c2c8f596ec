"""What the public may learn about a decision that is no longer displayed.

行政处罚法 art. 48: when a published decision is changed, revoked or confirmed illegal/invalid,
the information is withdrawn and the reason is published.  The database row is the source of
truth for the state; only clear, publishable columns are read (never the encrypted payload).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

GONE_STATES = ("withdrawn", "expired", "superseded")
DEFAULT_REASONS = {
    "withdrawn": "决定已被撤销或变更",
    "expired": "公示期满",
    "superseded": "决定已变更，以新版本为准",
}


class PublicNotice(BaseModel):
    id: str
    state: str
    reason: str
    document_number: str
    authority: str
    decision_date: dt.date
    withdrawn_at: dt.datetime | None = None
    superseded_by: str | None = None


def lookup_state(session: Any, decision_id: str) -> tuple[str | None, PublicNotice | None]:
    """``(state, notice)``: state is None when the id is unknown; notice set for gone decisions."""
    if session is None:
        return None, None
    from sunshine.models.core import DecisionRow

    row = session.get(DecisionRow, decision_id)
    if row is None:
        return None, None
    if row.state not in GONE_STATES:
        return row.state, None
    superseded_by = row.superseded_by if row.state == "superseded" else None
    if superseded_by is not None:
        newer = session.get(DecisionRow, superseded_by)
        if newer is None or newer.state != "published":
            superseded_by = None  # never point at a version that is not public
    return row.state, PublicNotice(
        id=row.id,
        state=row.state,
        reason=row.public_notice or DEFAULT_REASONS[row.state],
        document_number=row.document_number,
        authority=row.authority_name,
        decision_date=row.decision_date,
        withdrawn_at=row.withdrawn_at,
        superseded_by=superseded_by,
    )
