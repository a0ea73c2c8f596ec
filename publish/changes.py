"""The pull alternative to push: an ordered change feed over the outbox (``after=CURSOR``).

Why the cursor is safe: event seqs are allocated under the ``outbox_head`` row lock held until
commit, so an event with a lower seq can never become visible after one with a higher seq —
a poller that stores the last cursor it saw never skips an event.  The feed carries the same
public snapshot as the JSON push format (never ID numbers); backfill events meant for one
subscription are not part of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from publish.formats import envelope
from sunshine.models.outbox import OutboxEvent

MAX_LIMIT = 500


class CursorError(ValueError):
    """An unreadable cursor; the message is safe to show."""


def parse_cursor(value: str | None) -> int:
    if value in (None, "", "0"):
        return 0
    text = str(value)
    if text.startswith("c"):
        text = text[1:]
    if not text.isdigit():
        raise CursorError("cursor must be a value returned as next_cursor")
    return int(text)


def format_cursor(seq: int) -> str:
    return f"c{seq}"


@dataclass
class Page:
    events: list[dict[str, Any]]
    next_cursor: str
    has_more: bool


def changes(
    session: Session, *, after: str | None = None, limit: int = 100, types: list[str] | None = None
) -> Page:
    start = parse_cursor(after)
    limit = max(1, min(limit, MAX_LIMIT))
    q = select(OutboxEvent).where(OutboxEvent.seq > start, OutboxEvent.target_subscription_id.is_(None))
    if types:
        q = q.where(OutboxEvent.type.in_(types))
    rows = list(session.scalars(q.order_by(OutboxEvent.seq).limit(limit + 1)))
    has_more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1].seq if rows else start
    return Page(
        events=[envelope(e, dict(e.data or {})) for e in rows],
        next_cursor=format_cursor(last),
        has_more=has_more,
    )
