"""Retrying quarantined input once the operator fixed the cause (or supplied a corrected file).

What a retry re-runs depends on what was kept: a dropped file goes through the file drop again; a
crawled case (its selected fields, HTML when selection failed, and attachment bytes) goes through
the *current* source definition, so a fixed selector or value map applies; with a replacement
file, that file stands in for the dropped file or the case's attachment.  A crawled case that
still fails is also refetched automatically on the source's next run.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from connectors.intake import RejectedInput, store, validate
from connectors.web.items import ENVELOPE
from sunshine import audit
from sunshine.models.core import QuarantineItem
from sunshine.schema import Decision
from sunshine.store import IngestResult, quarantine_payload


def _envelope(data: bytes) -> dict[str, Any] | None:
    if not data.startswith(b"{"):
        return None
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


def _decision(item: QuarantineItem, stored: bytes, replacement: bytes | None) -> Decision:
    from connectors.config import RestSource, SourceError, WebSource, load_source
    from connectors.filedrop import decision_from_bytes

    envelope = _envelope(stored)
    if envelope is not None and envelope.get("envelope") == ENVELOPE:
        from connectors.web.mapping import reselect, to_decision

        try:
            source = load_source(item.source)
        except SourceError as exc:
            raise RejectedInput(f"source definition unavailable: {exc}") from exc
        if not isinstance(source, WebSource):
            raise RejectedInput(f"source {item.source} is no longer a web source")
        envelope = reselect(envelope, source)
        if replacement is not None and envelope.get("attachment") is None and envelope.get("html") is None:
            envelope["attachment"] = {"name": "replacement", "b64": None, "error": None}
        return to_decision(envelope, source, replacement=replacement)
    if item.media_type == "application/vnd.sunshine.rest-item+json" and replacement is None:
        try:
            source = load_source(item.source)
        except SourceError as exc:
            raise RejectedInput(f"source definition unavailable: {exc}") from exc
        if not isinstance(source, RestSource):
            raise RejectedInput(f"source {item.source} is no longer a REST source")
        from connectors.rest import dig

        doc = dig(envelope, source.decision_path) if envelope is not None else None
        if not isinstance(doc, dict):
            raise RejectedInput(f"invalid schema sunshine.decision/1: no object at {source.decision_path!r}")
        return validate({**doc, "source": source.name})
    return decision_from_bytes(item.origin, replacement if replacement is not None else stored)


def retry(factory: sessionmaker[Session], item_id: str, replacement: bytes | None = None) -> tuple[bool, str]:
    with factory() as session:
        items = session.scalars(select(QuarantineItem).where(QuarantineItem.id.startswith(item_id))).all()
        if len(items) != 1:
            return False, f"{len(items)} quarantine items match {item_id!r}"
        item = items[0]
        if item.status != "open":
            return False, f"item {item.id[:12]} is {item.status}, not open"
        try:
            result: IngestResult = store(session, _decision(item, quarantine_payload(item), replacement))
        except RejectedInput as exc:
            session.rollback()
            again = session.get(QuarantineItem, items[0].id)
            assert again is not None
            again.attempts += 1
            again.reason = str(exc)
            session.commit()
            return False, f"still rejected: {exc}"
        item.status = "resolved"
        item.resolved_decision_id = result.decision_id
        audit.record(
            session, actor="operator", action="quarantine_retry", detail={"item": item.id, "ok": True}
        )
        session.commit()
        return True, f"ingested as {result.decision_id} ({result.outcome.value})"


def drop(factory: sessionmaker[Session], item_id: str) -> tuple[bool, str]:
    """Give up on an item (kept for the record, no longer open)."""
    with factory() as session:
        items = session.scalars(select(QuarantineItem).where(QuarantineItem.id.startswith(item_id))).all()
        if len(items) != 1:
            return False, f"{len(items)} quarantine items match {item_id!r}"
        items[0].status = "dropped"
        audit.record(session, actor="operator", action="quarantine_drop", detail={"item": items[0].id})
        session.commit()
        return True, f"dropped {items[0].id[:12]}"
