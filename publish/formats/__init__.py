"""Payload adapters: one function per subscription format, event + subscription → JSON body.

Why adapters render at delivery time (not at event time): the same event goes to portals with
different formats, and only a confidential data-exchange channel may receive natural persons'
ID numbers, which therefore never sit in the outbox in clear — the adapter reads them from the
encrypted store for that channel only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from publish.formats import json_format, shuanggongshi
from sunshine.models.outbox import OutboxEvent, PortalSubscription

Renderer = Callable[[Session, OutboxEvent, PortalSubscription], dict[str, Any]]

FORMATS: dict[str, Renderer] = {
    "json": json_format.render,
    "shuanggongshi": shuanggongshi.render,
}


def render(session: Session, event: OutboxEvent, sub: PortalSubscription) -> dict[str, Any]:
    try:
        renderer = FORMATS[sub.format]
    except KeyError:
        raise ValueError(f"unknown format {sub.format!r}; choose one of {', '.join(FORMATS)}") from None
    return renderer(session, event, sub)


def envelope(event: OutboxEvent, data: dict[str, Any]) -> dict[str, Any]:
    """Standard Webhooks payload shape: type, timestamp, data (plus id and feed sequence)."""
    return {
        "id": event.id,
        "type": event.type,
        "sequence": event.seq,
        "timestamp": event.occurred_at.isoformat(timespec="seconds") + "Z",
        "data": data,
    }
