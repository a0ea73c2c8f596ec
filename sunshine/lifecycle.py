"""The decision lifecycle as an explicit state machine.

``ingested → analysed → in_review → approved | refused → published → withdrawn | expired``, plus
``superseded`` when a case system sends a new version.  Every transition goes through
:func:`transition`, which refuses anything not in ``ALLOWED``, writes the audit entry and tells
the registered listeners (the outbox writes its event there) *in the same transaction*, so a
state change and its portal event commit or roll back together.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from sunshine import audit
from sunshine.models.base import utcnow
from sunshine.models.core import DecisionRow


class State(StrEnum):
    ingested = "ingested"
    analysed = "analysed"
    in_review = "in_review"
    approved = "approved"
    refused = "refused"
    published = "published"
    withdrawn = "withdrawn"
    expired = "expired"
    superseded = "superseded"


ALLOWED: dict[State, frozenset[State]] = {
    State.ingested: frozenset({State.analysed, State.superseded}),
    State.analysed: frozenset({State.in_review, State.analysed, State.superseded}),
    State.in_review: frozenset({State.approved, State.refused, State.analysed, State.superseded}),
    State.approved: frozenset({State.published, State.in_review, State.refused, State.superseded}),
    State.refused: frozenset({State.in_review, State.superseded}),
    State.published: frozenset({State.withdrawn, State.expired, State.superseded}),
    State.withdrawn: frozenset({State.superseded}),
    State.expired: frozenset({State.superseded}),
    State.superseded: frozenset(),
}

PUBLIC_STATES = frozenset({State.published})


class TransitionError(ValueError):
    """A transition that the lifecycle does not allow."""


Listener = Callable[[Session, DecisionRow, State, State, dict[str, Any]], None]
_listeners: list[Listener] = []


def add_listener(listener: Listener) -> None:
    """Register a callback run inside the transaction of every transition (idempotent)."""
    if listener not in _listeners:
        _listeners.append(listener)


def can_transition(current: str, target: str) -> bool:
    return State(target) in ALLOWED[State(current)]


def transition(
    session: Session,
    row: DecisionRow,
    target: State,
    *,
    actor: str,
    reason: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    current = State(row.state)
    if target not in ALLOWED[current]:
        raise TransitionError(f"decision {row.id}: {current.value} → {target.value} is not allowed")
    row.state = target.value
    row.updated_at = utcnow()
    info = dict(detail or {})
    if reason:
        info["reason"] = reason
    audit.record(
        session,
        actor=actor,
        action="transition",
        decision_id=row.id,
        from_state=current.value,
        to_state=target.value,
        detail=info,
    )
    for listener in _listeners:
        listener(session, row, current, target, info)
