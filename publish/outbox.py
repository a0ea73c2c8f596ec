"""The transactional outbox: portal events written in the transaction of the lifecycle change.

Why a listener and not a call in the workflow: every path that moves a decision across the
public boundary (approve, withdraw, expire, a new version superseding a published one) goes
through :func:`sunshine.lifecycle.transition`, so hooking it there means no path can forget to
tell the portals, and the event commits or rolls back with the state change itself.

What is written:

* one ``OutboxEvent`` (the change feed row, a public snapshot that never holds names or ID
  numbers; its ``seq`` is allocated under the ``outbox_head`` row lock so seq order is commit
  order), and
* one ``OutboxDelivery`` per subscription whose filters match (disabled subscriptions included:
  their deliveries wait until the subscription is enabled again, nothing is dropped).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sunshine.lifecycle import State
from sunshine.logging import get_logger
from sunshine.models.base import utcnow
from sunshine.models.core import DecisionRow
from sunshine.models.outbox import OutboxDelivery, OutboxEvent, OutboxHead, PortalSubscription

log = get_logger(__name__)

PUBLISHED = "decision.published"
UPDATED = "decision.updated"
WITHDRAWN = "decision.withdrawn"
EXPIRED = "decision.expired"
EVENT_TYPES = (PUBLISHED, UPDATED, WITHDRAWN, EXPIRED)

WITHDRAW_WORKING_DAYS = 3  # 行政处罚法 art. 48 ¶2 with art. 85: 三日 = three working days
_CHANGE_EVENTS = ("changed", "revoked", "confirmed_illegal", "confirmed_invalid", "credit_repaired")
SUPERSEDED_NOTICE = "决定已变更，以新版本为准"


def stream_key(source: str, external_id: str) -> str:
    """The ordering key of a logical decision (all its versions); hashed so it carries no case id."""
    return hashlib.sha256(f"{source}\x00{external_id}".encode()).hexdigest()[:40]


def new_message_id() -> str:
    return "msg_" + uuid.uuid4().hex


# -- the public snapshot ------------------------------------------------------------------------

_COMPOUND_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "独孤",
)  # fmt: skip


def surname_mask(name: str) -> str:
    """Surname + 某 per given-name character (§8 policy); used only when no reviewed span exists."""
    name = name.strip()
    if not name:
        return "某"
    if "·" in name or "•" in name or len(name) > 4:  # ethnic-minority names: first character + 某
        return name[0] + "某"
    surname = next((s for s in _COMPOUND_SURNAMES if name.startswith(s) and len(name) > len(s)), name[0])
    return surname + "某" * max(1, len(name) - len(surname))


def _masked_names(row: DecisionRow) -> dict[str, str]:
    """Original name → the replacement the reviewer approved, so fields match the masked text."""
    from sunshine.store import load_spans

    out: dict[str, str] = {}
    try:
        spans = load_spans(row)
    except Exception:  # unreadable spans must not block an event; fall back to the policy mask
        return out
    for s in spans:
        if s.get("status") == "rejected":
            continue
        text, repl = str(s.get("text", "")), str(s.get("replacement", ""))
        if text and repl and text not in out:
            out[text] = repl
    return out


def _facts(masked_text: str | None) -> str | None:
    """The 违法事实 paragraph of the masked text (from 经查 to the end of that paragraph)."""
    if not masked_text:
        return None
    m = re.search(r"经查[，,:：]?(.{5,}?)(?:\n|以上事实|上述事实|$)", masked_text, flags=re.S)
    return (m.group(0) if m else masked_text)[:2000].strip()


def structured(row: DecisionRow) -> dict[str, Any]:
    """Structured public fields for adapters: masked party names, penalties, authority USCC.

    Natural persons appear only under their approved pseudonym; ID numbers are never copied
    here (a confidential channel reads them from the encrypted store at delivery time).
    """
    from sunshine.store import load_decision

    try:
        decision = load_decision(row)
    except Exception:
        log.warning("outbox_structured_unavailable", decision_id=row.id)
        return {}
    masks = _masked_names(row)
    parties = []
    for i, p in enumerate(decision.parties):
        natural = p.kind.value == "natural_person"
        parties.append(
            {
                "index": i,
                "role": p.role,
                "kind": p.kind.value,
                "display_name": (masks.get(p.name) or surname_mask(p.name)) if natural else p.name,
                "uscc": None if natural else p.uscc,
                "legal_representative": None if natural else p.legal_representative,
                "has_id_number": bool(p.id_number),
            }
        )
    return {
        "authority_uscc": decision.authority.uscc,
        "violation_date": decision.violation_date.isoformat() if decision.violation_date else None,
        "procedure": decision.procedure.value,
        "penalties": [
            {"kind": x.kind.value, "amount_yuan": x.amount_yuan, "days": x.days} for x in decision.penalties
        ],
        "parties": parties,
        "facts": _facts(row.masked_text),
    }


def _public(row: DecisionRow, *, with_text: bool) -> dict[str, Any]:
    from search.documents import public_decision_from_row

    if row.masked_text:
        doc = public_decision_from_row(row).model_dump(mode="json")
    else:  # never public; only the metadata that a withdrawal notice needs
        doc = {
            "id": row.id,
            "document_number": row.document_number,
            "authority": row.authority_name,
            "region_code": row.region_code,
            "decision_date": row.decision_date.isoformat(),
        }
    if not with_text:
        doc.pop("masked_text", None)
    return doc


# -- withdrawal deadline -----------------------------------------------------------------------


def _change_event(row: DecisionRow, session: Session) -> tuple[dt.date | None, str | None]:
    """Date and stated reason of the latest change/revocation event, from the newest version."""
    from sunshine.store import load_decision

    candidates = [row]
    if row.superseded_by:
        newer = session.get(DecisionRow, row.superseded_by)
        if newer is not None:
            candidates.insert(0, newer)
    for candidate in candidates:
        try:
            decision = load_decision(candidate)
        except Exception:
            continue
        events = [e for e in decision.events if e.kind.value in _CHANGE_EVENTS]
        if events:
            latest = max(events, key=lambda e: e.date)
            return latest.date, latest.reason
    return None, None


def withdrawal_deadline(event_date: dt.date) -> dt.date | None:
    """Three working days after the change (start day not counted); None if the year is unknown."""
    try:
        from publish.calendar import get_calendar

        return get_calendar().add_working_days(event_date, WITHDRAW_WORKING_DAYS)
    except Exception:  # CalendarUnknown: never guess a statutory date
        log.warning("withdraw_by_unknown", event_date=event_date.isoformat())
        return None


def _china_today() -> dt.date:
    """Statutory days are Beijing calendar days, not UTC ones."""
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=8)).date()


# -- writing events ----------------------------------------------------------------------------


def _next_seq(session: Session) -> int:
    """Allocate the next seq while holding the head row lock until commit (commit order = seq order)."""
    head = session.scalars(select(OutboxHead).where(OutboxHead.id == 1).with_for_update()).first()
    if head is None:
        head = OutboxHead(id=1, seq=0)
        session.add(head)
        session.flush()
    session.execute(update(OutboxHead).where(OutboxHead.id == 1).values(seq=OutboxHead.seq + 1))
    value = session.scalar(select(OutboxHead.seq).where(OutboxHead.id == 1))
    return int(value or 0)


def matches(sub: PortalSubscription, event: OutboxEvent) -> bool:
    if sub.events and event.type not in sub.events:
        return False
    if sub.authorities and (event.authority_name or "") not in sub.authorities:
        return False
    if sub.format == "shuanggongshi" and (event.data or {}).get("severity") == "minor":
        return False  # §5.3: 轻微 items are not pushed to the credit channel for display
    return not (
        sub.region_prefixes and not any((event.region_code or "").startswith(p) for p in sub.region_prefixes)
    )


def fan_out(session: Session, event: OutboxEvent, *, only: PortalSubscription | None = None) -> int:
    subs = [only] if only is not None else list(session.scalars(select(PortalSubscription)))
    n = 0
    for sub in subs:
        if not matches(sub, event):
            continue
        session.add(
            OutboxDelivery(
                subscription_id=sub.id,
                event_seq=event.seq,
                decision_id=event.decision_id,
                stream_key=event.stream_key,
                status="pending",
                next_attempt_at=utcnow(),
            )
        )
        n += 1
    return n


def emit(
    session: Session,
    row: DecisionRow,
    event_type: str,
    *,
    reason: str | None = None,
    extra: dict[str, Any] | None = None,
) -> OutboxEvent:
    """Write one event (and its deliveries) in the caller's transaction.

    Public for other stages: e.g. when the rules change a published decision's display window,
    call ``emit(session, row, UPDATED, reason=...)``.
    """
    return _write(session, row, event_type, reason=reason, extra=extra, only=None)


def emit_for(
    session: Session,
    row: DecisionRow,
    event_type: str,
    sub: PortalSubscription,
    *,
    extra: dict[str, Any] | None = None,
) -> OutboxEvent | None:
    """An event for one subscription only (backfill); kept out of the public change feed.

    Returns None when the subscription's filters do not take this event.
    """
    event = _build(session, row, event_type, reason=None, extra=extra, target=sub.id)
    if not matches(sub, event):
        return None
    return _write(session, row, event_type, reason=None, extra=extra, only=sub, prebuilt=event)


def _build(
    session: Session,
    row: DecisionRow,
    event_type: str,
    *,
    reason: str | None,
    extra: dict[str, Any] | None,
    target: str | None,
) -> OutboxEvent:
    if event_type not in EVENT_TYPES:
        raise ValueError(event_type)
    with_text = event_type in (PUBLISHED, UPDATED)
    data: dict[str, Any] = {
        "decision": _public(row, with_text=with_text),
        "version": row.version,
        "decision_key": stream_key(row.source, row.external_id),
        "state": row.state,
        "display_until": row.display_until.isoformat() if row.display_until else None,
        "severity": row.severity,
        "structured": structured(row) if with_text else {},
    }
    if reason:
        data["reason"] = reason
    if extra:
        data.update(extra)
    return OutboxEvent(
        id=new_message_id(),
        type=event_type,
        decision_id=row.id,
        stream_key=data["decision_key"],
        authority_name=row.authority_name,
        region_code=row.region_code,
        occurred_at=utcnow(),
        reason=reason,
        data=data,
        target_subscription_id=target,
    )


def _write(
    session: Session,
    row: DecisionRow,
    event_type: str,
    *,
    reason: str | None,
    extra: dict[str, Any] | None,
    only: PortalSubscription | None,
    prebuilt: OutboxEvent | None = None,
) -> OutboxEvent:
    event = prebuilt or _build(session, row, event_type, reason=reason, extra=extra, target=None)
    event.seq = _next_seq(session)
    event.occurred_at = utcnow()
    session.add(event)
    session.flush()
    deliveries = fan_out(session, event, only=only)
    log.info("outbox_event", type=event_type, seq=event.seq, decision_id=row.id, deliveries=deliveries)
    return event


def _previously_published(session: Session, key: str) -> bool:
    found = session.scalar(
        select(OutboxEvent.seq)
        .where(OutboxEvent.stream_key == key, OutboxEvent.type.in_((PUBLISHED, UPDATED)))
        .limit(1)
    )
    return found is not None


def on_transition(
    session: Session, row: DecisionRow, before: State, after: State, info: dict[str, Any]
) -> None:
    """Lifecycle listener: map public-boundary transitions to portal events."""
    if after is State.published and before is not State.published:
        key = stream_key(row.source, row.external_id)
        if _previously_published(session, key):
            emit(session, row, UPDATED, reason=info.get("reason"), extra={"change": "new_version"})
        else:
            emit(session, row, PUBLISHED)
        return
    if before is not State.published:
        return
    if after is State.expired:
        emit(session, row, EXPIRED, reason=info.get("reason") or row.public_notice or "公示期满")
        return
    if after in (State.withdrawn, State.superseded):
        event_date, event_reason = _change_event(row, session)
        withdraw_by = row.withdraw_by
        if withdraw_by is None and event_date is not None:
            withdraw_by = withdrawal_deadline(event_date)
            row.withdraw_by = withdraw_by
        now = utcnow()
        if after is State.superseded:
            stated = event_reason or row.public_notice or SUPERSEDED_NOTICE
        else:
            stated = info.get("reason") or row.public_notice or event_reason or "依法撤回"
        extra: dict[str, Any] = {
            "withdrawn_at": now.isoformat() + "Z",
            "change_date": event_date.isoformat() if event_date else None,
            "withdraw_by": withdraw_by.isoformat() if withdraw_by else None,
            "on_time": None if withdraw_by is None else _china_today() <= withdraw_by,
            "cause": "superseded" if after is State.superseded else "withdrawn",
        }
        if after is State.superseded and row.superseded_by:
            extra["superseded_by"] = row.superseded_by
        emit(session, row, WITHDRAWN, reason=stated, extra=extra)


def install() -> None:
    """Register the outbox listener (called by app, CLI and worker assembly; idempotent)."""
    from sunshine.lifecycle import add_listener

    add_listener(on_transition)
