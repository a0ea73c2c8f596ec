"""Append-only, hash-chained audit log.

Each entry's hash covers the previous entry's hash and a canonical JSON of its own fields, so
editing or deleting any row breaks the chain from that point on.  ``verify`` walks the chain
and reports the first sequence number where it breaks.  Appends take a lock (``FOR UPDATE`` on
PostgreSQL, the SQLite write lock otherwise) so that concurrent writers cannot fork the chain.
Details must never contain raw text or ID numbers: callers pass identifiers and codes only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sunshine.models.base import utcnow
from sunshine.models.core import AuditEntry, AuditHead

GENESIS = "0" * 64


def _canonical(entry: AuditEntry) -> bytes:
    body = {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor": entry.actor,
        "action": entry.action,
        "decision_id": entry.decision_id,
        "from_state": entry.from_state,
        "to_state": entry.to_state,
        "detail": entry.detail or {},
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _digest(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + _canonical(entry)).hexdigest()


def _lock_head(session: Session) -> AuditHead:
    head = session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
        session.flush()
    return head


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    decision_id: str | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction (committed with the change it records)."""
    head = _lock_head(session)
    prev_hash = head.hash
    seq = head.seq + 1
    at = utcnow()
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        decision_id=decision_id,
        from_state=from_state,
        to_state=to_state,
        detail=detail or {},
        prev_hash=prev_hash,
        hash="",
    )
    entry.hash = _digest(prev_hash, entry)
    session.add(entry)
    head.seq, head.hash = seq, entry.hash
    session.flush()
    return entry


@dataclass
class VerifyResult:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str | None = None


def verify(session: Session) -> VerifyResult:
    prev_hash = GENESIS
    expected_seq = 1
    count = 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        count += 1
        if entry.seq != expected_seq:
            return VerifyResult(False, count, expected_seq, f"entry {expected_seq} is missing")
        if entry.prev_hash != prev_hash:
            return VerifyResult(False, count, entry.seq, "link to the previous entry is broken")
        if _digest(prev_hash, entry) != entry.hash:
            return VerifyResult(False, count, entry.seq, "entry content does not match its hash")
        prev_hash = entry.hash
        expected_seq += 1
    head = session.get(AuditHead, 1)
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != expected_seq - 1 or head_hash != prev_hash:
        return VerifyResult(
            False, count, expected_seq, "the newest entries were removed (chain head mismatch)"
        )
    return VerifyResult(True, count)


def history(session: Session, decision_id: str) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry).where(AuditEntry.decision_id == decision_id).order_by(AuditEntry.seq)
        )
    )
