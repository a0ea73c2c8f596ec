"""ID numbers of parties, read from the encrypted store, for confidential channels only."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from sunshine.models.core import DecisionRow
from sunshine.models.outbox import PortalSubscription


def party_ids(session: Session, sub: PortalSubscription, decision_id: str) -> list[dict[str, Any]]:
    """``[{index, id_type, id_number}]`` — empty unless the subscription is confidential."""
    if not sub.confidential:
        return []
    from sunshine.store import load_decision

    row = session.get(DecisionRow, decision_id)
    if row is None:
        return []
    decision = load_decision(row)
    return [
        {"index": i, "id_type": p.id_type, "id_number": p.id_number}
        for i, p in enumerate(decision.parties)
        if p.id_number
    ]
