"""The native JSON format: the public snapshot of the event as it is in the change feed."""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy.orm import Session

from publish.formats.confidential import party_ids
from sunshine.models.outbox import OutboxEvent, PortalSubscription


def render(session: Session, event: OutboxEvent, sub: PortalSubscription) -> dict[str, Any]:
    from publish.formats import envelope

    data: dict[str, Any] = copy.deepcopy(dict(event.data or {}))
    if sub.confidential and event.type in ("decision.published", "decision.updated"):
        data["confidential"] = {"party_ids": party_ids(session, sub, event.decision_id)}
    return envelope(event, data)
