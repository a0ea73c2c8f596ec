"""Kernel tables: decisions (one row per version), the audit log and the quarantine.

Secrets never sit in clear columns.  ``payload_enc`` holds the whole schema-v1 document
(text, party names, ID numbers) and ``spans_enc`` the proposed spans (each span quotes the
original text), both AES-GCM encrypted.  Clear columns hold only what may be published anyway:
文号, authority, dates, law area, penalty summary, and the *approved* masked text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from sunshine.models.base import Base, new_id, utcnow


class DecisionRow(Base):
    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("source", "external_id", "version", name="uq_decisions_version"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    source: Mapped[str] = mapped_column(String(100), index=True)
    external_id: Mapped[str] = mapped_column(String(200), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    content_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20), index=True)
    # public metadata (safe to show)
    document_number: Mapped[str] = mapped_column(String(200))
    authority_name: Mapped[str] = mapped_column(String(200), index=True)
    region_code: Mapped[str | None] = mapped_column(String(6), nullable=True)
    decision_date: Mapped[dt.date] = mapped_column(Date, index=True)
    procedure: Mapped[str] = mapped_column(String(20))
    law_area: Mapped[str | None] = mapped_column(String(20), nullable=True, index=True)
    penalty_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    party_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    fine_total: Mapped[float] = mapped_column(Float, default=0.0)
    legal_basis: Mapped[list[str]] = mapped_column(JSON, default=list)
    # secrets, encrypted
    payload_enc: Mapped[bytes] = mapped_column(LargeBinary)
    spans_enc: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # results of the stages
    masked_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    leak_ok: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    leak_findings: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    assessment: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    publishable: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    severity: Mapped[str | None] = mapped_column(String(20), nullable=True)
    publish_by: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    display_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    withdraw_by: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    public_notice: Mapped[str | None] = mapped_column(Text, nullable=True)  # stated reason on withdrawal
    superseded_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # review workflow
    claimed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    approved_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    second_approved_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    review_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    # timestamps
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class AuditEntry(Base):
    """Append-only, hash-chained.  ``hash = sha256(prev_hash || canonical(entry))``."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50), index=True)
    decision_id: Mapped[str | None] = mapped_column(String(32), index=True, nullable=True)
    from_state: Mapped[str | None] = mapped_column(String(20), nullable=True)
    to_state: Mapped[str | None] = mapped_column(String(20), nullable=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class QuarantineItem(Base):
    __tablename__ = "quarantine"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(100))
    origin: Mapped[str] = mapped_column(String(500))  # file path or URL; never content
    reason: Mapped[str] = mapped_column(Text)
    payload_enc: Mapped[bytes] = mapped_column(LargeBinary)  # the original bytes, encrypted
    media_type: Mapped[str | None] = mapped_column(String(100), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)  # open|resolved|dropped
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    resolved_decision_id: Mapped[str | None] = mapped_column(String(32), nullable=True)


class AuditHead(Base):
    """The newest entry's seq and hash, updated with every append.

    Without it, deleting the *last* rows would leave a chain that still verifies; with it, a
    truncated tail no longer matches the head.  The row also serves as the append lock.
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64))
