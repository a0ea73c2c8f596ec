"""Outbox and push-delivery tables: subscriptions, events, deliveries, attempts, dead letters.

Why this shape:

* ``outbox_events`` is written in the transaction of the lifecycle change and is never updated
  afterwards; its ``seq`` is allocated under the ``outbox_head`` row lock, so seq order equals
  commit order and the change feed (``after=seq``) can never skip a late-committing event.
* ``outbox_deliveries`` is one row per (subscription, event): the unit that is claimed, retried,
  dead-lettered and redriven.  ``stream_key`` (the logical decision: source + external id) gives
  the ordering: only the oldest unfinished delivery of a stream may be sent.
* ``outbox_attempts`` is the delivery log (status code, timing, error class — never the body).
* ``outbox_dead_letters`` keeps the history of every dead-lettering and its redrive.
* ``secret_enc`` is AES-GCM encrypted: the signing secret must be usable, so it cannot be hashed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sunshine.models.base import Base, new_id, utcnow


class PortalSubscription(Base):
    __tablename__ = "portal_subscriptions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    url: Mapped[str] = mapped_column(String(500))
    secret_enc: Mapped[bytes] = mapped_column(LargeBinary)
    events: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty = every event type
    format: Mapped[str] = mapped_column(String(20), default="json")  # json | shuanggongshi
    authorities: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty = every authority
    region_prefixes: Mapped[list[str]] = mapped_column(JSON, default=list)  # e.g. ["33"] for Zhejiang
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)  # data-exchange channel
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)  # active | disabled
    disabled_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    total_failures: Mapped[int] = mapped_column(Integer, default=0)
    total_delivered: Mapped[int] = mapped_column(Integer, default=0)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    created_by: Mapped[str] = mapped_column(String(100), default="system")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class OutboxHead(Base):
    """Single row (id=1): the last allocated event seq, locked by every event append."""

    __tablename__ = "outbox_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)


class OutboxEvent(Base):
    __tablename__ = "outbox_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(40), unique=True)  # msg_…: webhook-id and Idempotency-Key
    type: Mapped[str] = mapped_column(String(40), index=True)
    decision_id: Mapped[str] = mapped_column(String(32), index=True)
    stream_key: Mapped[str] = mapped_column(String(64), index=True)
    authority_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    region_code: Mapped[str | None] = mapped_column(String(6), nullable=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # public snapshot only
    # set for backfill events: delivered to that subscription only, not part of the change feed
    target_subscription_id: Mapped[str | None] = mapped_column(String(32), nullable=True)


class OutboxDelivery(Base):
    __tablename__ = "outbox_deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "event_seq", name="uq_outbox_deliveries_sub_event"),
        Index("ix_outbox_deliveries_claim", "status", "next_attempt_at"),
        Index("ix_outbox_deliveries_stream", "subscription_id", "stream_key", "event_seq"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    subscription_id: Mapped[str] = mapped_column(String(32), index=True)
    event_seq: Mapped[int] = mapped_column(Integer, index=True)
    decision_id: Mapped[str] = mapped_column(String(32), index=True)
    stream_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | delivered | dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    first_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    last_status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(300), nullable=True)
    receipt: Mapped[str | None] = mapped_column(String(200), nullable=True)  # portal's acknowledgement
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class OutboxAttempt(Base):
    __tablename__ = "outbox_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    delivery_id: Mapped[str] = mapped_column(String(32), index=True)
    subscription_id: Mapped[str] = mapped_column(String(32), index=True)
    event_seq: Mapped[int] = mapped_column(Integer)
    decision_id: Mapped[str] = mapped_column(String(32), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    outcome: Mapped[str] = mapped_column(String(20))  # delivered | http_error | timeout | connection | ...
    error: Mapped[str | None] = mapped_column(String(300), nullable=True)
    worker: Mapped[str | None] = mapped_column(String(100), nullable=True)


class OutboxDeadLetter(Base):
    __tablename__ = "outbox_dead_letters"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    delivery_id: Mapped[str] = mapped_column(String(32), index=True)
    subscription_id: Mapped[str] = mapped_column(String(32), index=True)
    event_seq: Mapped[int] = mapped_column(Integer)
    decision_id: Mapped[str] = mapped_column(String(32))
    dead_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(String(300))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    redriven_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    redriven_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
