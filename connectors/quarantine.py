"""Retrying quarantined input once the operator fixed the cause (or supplied a corrected file)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from connectors.filedrop import RejectedInput, import_bytes
from sunshine import audit
from sunshine.models.core import QuarantineItem
from sunshine.store import quarantine_payload


def retry(factory: sessionmaker[Session], item_id: str, replacement: bytes | None = None) -> tuple[bool, str]:
    with factory() as session:
        items = session.scalars(select(QuarantineItem).where(QuarantineItem.id.startswith(item_id))).all()
        if len(items) != 1:
            return False, f"{len(items)} quarantine items match {item_id!r}"
        item = items[0]
        data = replacement if replacement is not None else quarantine_payload(item)
        try:
            result = import_bytes(session, item.origin, data)
        except RejectedInput as exc:
            session.rollback()
            item = session.get(QuarantineItem, items[0].id)
            assert item is not None
            item.attempts += 1
            item.reason = str(exc)
            session.commit()
            return False, f"still rejected: {exc}"
        item.status = "resolved"
        item.resolved_decision_id = result.decision_id
        audit.record(session, actor="operator", action="quarantine_retry", detail={"item": item.id, "ok": True})
        session.commit()
        return True, f"ingested as {result.decision_id} ({result.outcome.value})"
