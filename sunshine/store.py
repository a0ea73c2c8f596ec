"""The kernel store: idempotent ingestion, versions, decryption and the quarantine.

Ingestion is keyed by ``(source, external_id)``: the same content again is a no-op, new content
becomes a new version that supersedes the old one (which, if it was published, is withdrawn by
the publish stage through the listener on the ``superseded`` transition).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sunshine import audit, crypto
from sunshine.lifecycle import State, transition
from sunshine.models.base import new_id
from sunshine.models.core import DecisionRow, QuarantineItem
from sunshine.schema import Decision


class Outcome(StrEnum):
    new = "new"
    unchanged = "unchanged"
    new_version = "new_version"


@dataclass
class IngestResult:
    outcome: Outcome
    decision_id: str
    superseded_id: str | None = None


def _aad(row_id: str) -> bytes:
    return f"decision:{row_id}".encode()


def load_decision(row: DecisionRow) -> Decision:
    """Decrypt the stored schema-v1 document (callers viewing raw text must audit the view)."""
    return Decision.model_validate(crypto.decrypt_json(row.payload_enc, aad=_aad(row.id)))


def load_spans(row: DecisionRow) -> list[dict[str, object]]:
    if row.spans_enc is None:
        return []
    value = crypto.decrypt_json(row.spans_enc, aad=_aad(row.id) + b":spans")
    return list(value)


def store_spans(row: DecisionRow, spans: list[dict[str, object]]) -> None:
    row.spans_enc = crypto.encrypt_json(spans, aad=_aad(row.id) + b":spans")


def latest_version(session: Session, source: str, external_id: str) -> DecisionRow | None:
    return session.scalars(
        select(DecisionRow)
        .where(DecisionRow.source == source, DecisionRow.external_id == external_id)
        .order_by(DecisionRow.version.desc())
        .limit(1)
    ).first()


def ingest(session: Session, decision: Decision, *, actor: str = "system:ingest") -> IngestResult:
    """Store one decision in the caller's transaction."""
    content_hash = decision.content_hash()
    previous = latest_version(session, decision.source, decision.external_id)
    if previous is not None and previous.content_hash == content_hash:
        return IngestResult(Outcome.unchanged, previous.id)
    version = max(decision.version, previous.version + 1) if previous else decision.version
    row = DecisionRow(
        source=decision.source,
        external_id=decision.external_id,
        version=version,
        content_hash=content_hash,
        state=State.ingested.value,
        document_number=decision.document_number,
        authority_name=decision.authority.name,
        region_code=decision.authority.region_code,
        decision_date=decision.decision_date,
        procedure=decision.procedure.value,
        law_area=decision.law_area.value if decision.law_area else None,
        penalty_kinds=decision.penalty_kinds(),
        party_kinds=decision.party_kinds(),
        fine_total=decision.fine_total(),
        legal_basis=list(decision.legal_basis),
        payload_enc=b"",
    )
    row.id = new_id()
    row.payload_enc = crypto.encrypt_json(decision.to_json(), aad=_aad(row.id))
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="ingest",
        decision_id=row.id,
        to_state=State.ingested.value,
        detail={"source": decision.source, "version": version, "content_hash": content_hash[:16]},
    )
    if previous is None:
        return IngestResult(Outcome.new, row.id)
    if previous.state != State.superseded.value:
        previous.superseded_by = row.id
        transition(
            session, previous, State.superseded, actor=actor, reason="new version", detail={"by": row.id}
        )
    return IngestResult(Outcome.new_version, row.id, previous.id)


# -- quarantine -------------------------------------------------------------------------------


def quarantine(
    session: Session, *, source: str, origin: str, reason: str, payload: bytes, media_type: str | None = None
) -> QuarantineItem:
    """Keep bad input (encrypted: it may hold personal data) with a reason an operator can act on."""
    existing = session.scalars(
        select(QuarantineItem).where(
            QuarantineItem.source == source, QuarantineItem.origin == origin, QuarantineItem.status == "open"
        )
    ).first()
    blob = crypto.encrypt(payload, aad=b"quarantine")
    if existing is not None:
        existing.reason, existing.payload_enc, existing.at = (
            reason,
            blob,
            dt.datetime.now(dt.UTC).replace(tzinfo=None),
        )
        existing.attempts += 1
        item = existing
    else:
        item = QuarantineItem(
            source=source, origin=origin, reason=reason, payload_enc=blob, media_type=media_type, attempts=1
        )
        session.add(item)
    session.flush()
    audit.record(
        session, actor="system:ingest", action="quarantine", detail={"item": item.id, "origin": origin}
    )
    return item


def quarantine_payload(item: QuarantineItem) -> bytes:
    return crypto.decrypt(item.payload_enc, aad=b"quarantine")


def open_quarantine(session: Session) -> list[QuarantineItem]:
    return list(
        session.scalars(
            select(QuarantineItem).where(QuarantineItem.status == "open").order_by(QuarantineItem.at)
        )
    )


def count_by_state(session: Session) -> dict[str, int]:
    rows = session.execute(select(DecisionRow.state, func.count()).group_by(DecisionRow.state))
    return {state: n for state, n in rows}
