"""Portal subscriptions: add, list, update, disable/enable, backfill — shared by API, CLI and UI.

Every change is audited (never the secret).  Backfill queues the current public state of each
published decision since a date as fresh ``decision.published`` deliveries for one subscription
only, so a new portal catches up without replaying events to everyone else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from publish.delivery import encrypt_secret, generate_secret, normalise_secret
from publish.formats import FORMATS
from publish.outbox import EVENT_TYPES, PUBLISHED, emit_for
from sunshine import audit
from sunshine.models.base import utcnow
from sunshine.models.core import DecisionRow
from sunshine.models.outbox import OutboxDelivery, PortalSubscription


class SubscriptionError(ValueError):
    """A refused subscription change; the message is safe to show."""


def _check_url(url: str, *, allow_http: bool = True) -> str:
    parsed = urlparse(url)
    if parsed.scheme not in ("https", "http") or not parsed.netloc:
        raise SubscriptionError("url must be an http(s) URL")
    if parsed.scheme == "http" and not allow_http:
        raise SubscriptionError("url must use https")
    return url


def _check_events(events: Iterable[str] | None) -> list[str]:
    values = sorted(set(events or []))
    unknown = [e for e in values if e not in EVENT_TYPES]
    if unknown:
        raise SubscriptionError(f"unknown event types {unknown}; choose from {', '.join(EVENT_TYPES)}")
    return values


def _check_format(value: str) -> str:
    if value not in FORMATS:
        raise SubscriptionError(f"format must be one of {', '.join(FORMATS)}")
    return value


def get(session: Session, key: str) -> PortalSubscription:
    """By id or by name."""
    sub = (
        session.get(PortalSubscription, key)
        or session.scalars(select(PortalSubscription).where(PortalSubscription.name == key)).first()
    )
    if sub is None:
        raise SubscriptionError(f"no subscription {key}")
    return sub


def add(
    session: Session,
    *,
    name: str,
    url: str,
    secret: str | None = None,
    events: Iterable[str] | None = None,
    format: str = "json",
    authorities: Iterable[str] | None = None,
    region_prefixes: Iterable[str] | None = None,
    confidential: bool = False,
    actor: str,
) -> tuple[PortalSubscription, str]:
    """Create a subscription; returns it and the signing secret (show it once)."""
    name = name.strip()
    if not name or len(name) > 100:
        raise SubscriptionError("name must be 1–100 characters")
    if session.scalars(select(PortalSubscription).where(PortalSubscription.name == name)).first():
        raise SubscriptionError(f"subscription {name} exists")
    try:
        secret_value = normalise_secret(secret) if secret else generate_secret()
    except ValueError as exc:
        raise SubscriptionError(str(exc)) from None
    sub = PortalSubscription(
        name=name,
        url=_check_url(url),
        secret_enc=encrypt_secret(secret_value),
        events=_check_events(events),
        format=_check_format(format),
        authorities=sorted({a.strip() for a in authorities or [] if a.strip()}),
        region_prefixes=sorted({r.strip() for r in region_prefixes or [] if r.strip()}),
        confidential=bool(confidential),
        status="active",
        consecutive_failures=0,
        total_failures=0,
        total_delivered=0,
        created_by=actor,
    )
    session.add(sub)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="portal_added",
        detail={"subscription": sub.id, "name": name, "format": sub.format, "confidential": sub.confidential},
    )
    return sub, secret_value


def update_subscription(session: Session, key: str, *, actor: str, **changes: Any) -> PortalSubscription:
    sub = get(session, key)
    applied: dict[str, Any] = {}
    for field, value in changes.items():
        if value is None:
            continue
        if field == "url":
            sub.url = _check_url(value)
        elif field == "events":
            sub.events = _check_events(value)
        elif field == "format":
            sub.format = _check_format(value)
        elif field == "authorities":
            sub.authorities = sorted({a.strip() for a in value if a.strip()})
        elif field == "region_prefixes":
            sub.region_prefixes = sorted({r.strip() for r in value if r.strip()})
        elif field == "confidential":
            sub.confidential = bool(value)
        elif field == "secret":
            try:
                sub.secret_enc = encrypt_secret(value)
            except ValueError as exc:
                raise SubscriptionError(str(exc)) from None
            value = "(rotated)"
        else:
            raise SubscriptionError(f"unknown field {field}")
        applied[field] = value
    audit.record(session, actor=actor, action="portal_updated", detail={"subscription": sub.id, **applied})
    return sub


def disable(
    session: Session, key: str, *, actor: str, reason: str = "disabled by an administrator"
) -> PortalSubscription:
    sub = get(session, key)
    sub.status = "disabled"
    sub.disabled_reason = reason
    sub.disabled_at = utcnow()
    audit.record(
        session, actor=actor, action="portal_disabled", detail={"subscription": sub.id, "reason": reason}
    )
    return sub


def enable(session: Session, key: str, *, actor: str) -> PortalSubscription:
    """Re-enable; waiting deliveries become due at once and the failure run starts again."""
    sub = get(session, key)
    sub.status = "active"
    sub.disabled_reason = None
    sub.disabled_at = None
    sub.consecutive_failures = 0
    now = utcnow()
    for d in session.scalars(
        select(OutboxDelivery).where(
            OutboxDelivery.subscription_id == sub.id, OutboxDelivery.status == "pending"
        )
    ):
        d.next_attempt_at = min(d.next_attempt_at, now)
    audit.record(session, actor=actor, action="portal_enabled", detail={"subscription": sub.id})
    return sub


def describe(session: Session, sub: PortalSubscription) -> dict[str, Any]:
    """Public-to-admins view; never the secret."""
    counts = dict(
        session.execute(
            select(OutboxDelivery.status, func.count())
            .where(OutboxDelivery.subscription_id == sub.id)
            .group_by(OutboxDelivery.status)
        ).all()
    )
    return {
        "id": sub.id,
        "name": sub.name,
        "url": sub.url,
        "events": list(sub.events or []),
        "format": sub.format,
        "authorities": list(sub.authorities or []),
        "region_prefixes": list(sub.region_prefixes or []),
        "confidential": sub.confidential,
        "status": sub.status,
        "disabled_reason": sub.disabled_reason,
        "disabled_at": sub.disabled_at.isoformat() + "Z" if sub.disabled_at else None,
        "consecutive_failures": sub.consecutive_failures,
        "total_failures": sub.total_failures,
        "total_delivered": sub.total_delivered,
        "last_success_at": sub.last_success_at.isoformat() + "Z" if sub.last_success_at else None,
        "last_failure_at": sub.last_failure_at.isoformat() + "Z" if sub.last_failure_at else None,
        "queue": {
            "pending": int(counts.get("pending", 0)),
            "dead": int(counts.get("dead", 0)),
            "delivered": int(counts.get("delivered", 0)),
        },
        "created_at": sub.created_at.isoformat() + "Z",
        "created_by": sub.created_by,
    }


def list_all(session: Session) -> list[PortalSubscription]:
    return list(session.scalars(select(PortalSubscription).order_by(PortalSubscription.created_at)))


# -- backfill -----------------------------------------------------------------------------------


@dataclass
class BackfillResult:
    considered: int
    queued: int


def backfill(
    session: Session,
    key: str,
    *,
    since: dt.date,
    actor: str,
    progress: Callable[[int, int], None] | None = None,
    batch: int = 200,
) -> BackfillResult:
    """Queue every decision published on or after ``since`` (by decision date) for one portal.

    Commits per batch so a large backfill does not hold one long transaction; rerunning is
    safe in the sense that the portal de-duplicates by ``decision_key`` + version.
    """
    sub = get(session, key)
    ids = list(
        session.scalars(
            select(DecisionRow.id)
            .where(DecisionRow.state == "published", DecisionRow.decision_date >= since)
            .order_by(DecisionRow.decision_date, DecisionRow.id)
        )
    )
    queued = 0
    for i, decision_id in enumerate(ids, start=1):
        row = session.get(DecisionRow, decision_id)
        if row is None:
            continue
        if emit_for(session, row, PUBLISHED, sub, extra={"backfill": True}) is not None:
            queued += 1
        if i % batch == 0:
            session.commit()
        if progress:
            progress(i, len(ids))
    audit.record(
        session,
        actor=actor,
        action="portal_backfill",
        detail={"subscription": sub.id, "since": since.isoformat(), "queued": queued},
    )
    session.commit()
    return BackfillResult(considered=len(ids), queued=queued)
