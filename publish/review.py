"""Review rules on top of the workflow: the queue, claims, four-eyes approval, audited raw views.

``publish.workflow.approve`` approves and publishes in one step.  Decisions with detention,
licence revocation or a fine above ``settings.four_eyes_fine_yuan`` must not go out on one
person's word, so :func:`approve` records the first approval (``approved_by`` + audit entry)
and only calls the workflow when a *different* approver confirms the very same masking.  Any
change to the spans after the first approval voids it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, or_, select, update
from sqlalchemy.orm import Session

from publish import workflow
from publish.workflow import Proposal, WorkflowError
from sunshine import audit
from sunshine.lifecycle import State
from sunshine.models.base import utcnow
from sunshine.models.core import DecisionRow
from sunshine.schema import Decision
from sunshine.settings import get_settings
from sunshine.store import load_decision, load_spans

CLAIM_TTL = dt.timedelta(hours=2)
RED_DAYS = 2
FOUR_EYES_KINDS = {"detention": "行政拘留", "license_revocation": "吊销许可证件"}


# -- four eyes -----------------------------------------------------------------------------


def four_eyes_reasons(row: DecisionRow) -> list[str]:
    """Why this decision needs a second approver (empty when one approval is enough)."""
    reasons = [kind for kind in FOUR_EYES_KINDS if kind in (row.penalty_kinds or [])]
    if (row.fine_total or 0.0) > get_settings().four_eyes_fine_yuan:
        reasons.append("fine_above_threshold")
    return reasons


def masking_fingerprint(row: DecisionRow) -> str:
    """Hash of the current span list: a second approval must confirm exactly what was approved."""
    body = json.dumps(load_spans(row), sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(body).hexdigest()


def _first_approval(session: Session, row: DecisionRow) -> dict[str, Any] | None:
    if not row.approved_by:
        return None
    for entry in reversed(audit.history(session, row.id)):
        if entry.action == "first_approval_reset":
            return None
        if entry.action == "first_approval":
            return dict(entry.detail or {})
    return None


@dataclass
class ApprovalResult:
    status: str  # "published" | "awaiting_second_approval"
    four_eyes: list[str] = field(default_factory=list)
    proposal: Proposal | None = None


def _precheck(row: DecisionRow) -> Proposal:
    """The same checks, in the same order, as ``workflow.approve`` (rules first, then leak gate)."""
    if row.state != State.in_review.value:
        raise WorkflowError("only decisions in review can be approved", code="not_in_review")
    if row.publishable is False:
        codes = ", ".join(r.get("code", "") for r in (row.assessment or {}).get("reasons", []))
        raise WorkflowError(
            f"the disclosure rules forbid publication ({codes}); refuse instead", code="withheld"
        )
    proposal = workflow.proposed(row)
    if not proposal.leak_ok:
        raise WorkflowError("the leak gate found personal data in the masked text", code="leak_gate")
    return proposal


def approve(
    session: Session, row: DecisionRow, *, actor: str, roles: Sequence[str], note: str | None = None
) -> ApprovalResult:
    """First or second approval; publishes only when the four-eyes condition is met."""
    ensure_claim(session, row, actor)
    reasons = four_eyes_reasons(row)
    first = _first_approval(session, row)
    if not reasons:
        proposal = workflow.approve(session, row, actor=actor, note=note)
        row.reviewed_by = actor
        release(session, row, actor, audit_it=False)
        return ApprovalResult("published", reasons, proposal)
    if first is None:
        proposal = _precheck(row)
        row.approved_by = actor
        row.reviewed_by = actor
        row.second_approved_by = None
        row.review_note = note
        audit.record(
            session,
            actor=actor,
            action="first_approval",
            decision_id=row.id,
            detail={"four_eyes": reasons, "masking": masking_fingerprint(row)[:16], "note": bool(note)},
        )
        release(session, row, actor, audit_it=False)
        return ApprovalResult("awaiting_second_approval", reasons, proposal)
    first_actor = row.approved_by
    if actor == first_actor or actor == row.reviewed_by:
        raise WorkflowError(
            "the second approval must come from someone other than the first reviewer",
            code="four_eyes_same_person",
            status=403,
        )
    if "approver" not in roles:
        raise WorkflowError("the second approval needs the approver role", code="forbidden", status=403)
    if first.get("masking") != masking_fingerprint(row)[:16]:
        raise WorkflowError("the masking changed after the first approval", code="masking_changed")
    audit.record(
        session, actor=actor, action="second_approval", decision_id=row.id, detail={"first": first_actor}
    )
    proposal = workflow.approve(session, row, actor=actor, note=note, first_approver=first_actor)
    release(session, row, actor, audit_it=False)
    return ApprovalResult("published", reasons, proposal)


def update_spans(
    session: Session, row: DecisionRow, spans: Sequence[dict[str, Any]], *, actor: str
) -> Proposal:
    """Save the reviewer's spans; voids a pending first approval (the masking changed)."""
    ensure_claim(session, row, actor)
    before = masking_fingerprint(row)
    proposal = workflow.update_spans(session, row, spans, actor=actor)
    row.reviewed_by = actor
    if row.approved_by and masking_fingerprint(row) != before:
        audit.record(
            session,
            actor=actor,
            action="first_approval_reset",
            decision_id=row.id,
            detail={"was": row.approved_by},
        )
        row.approved_by = None
    return proposal


def refuse(session: Session, row: DecisionRow, *, actor: str, reason: str) -> None:
    ensure_claim(session, row, actor)
    row.reviewed_by = actor
    workflow.refuse(session, row, actor=actor, reason=reason)
    release(session, row, actor, audit_it=False)


def preview(row: DecisionRow, spans: Sequence[dict[str, Any]]) -> tuple[str, bool, list[dict[str, Any]]]:
    """Masked text and leak verdict for unsaved spans (nothing stored, nothing raw returned)."""
    from redact import get_redactor

    decision = load_decision(row)
    active = []
    for s in spans:
        start, end = int(s["start"]), int(s["end"])
        if not (0 <= start < end <= len(decision.text)):
            raise WorkflowError("a span lies outside the text", code="bad_span", status=422)
        if s.get("status", "proposed") == "rejected":
            continue
        item = dict(s)
        item["text"] = decision.text[start:end]
        active.append(workflow.span_from_dict(item))
    redactor = get_redactor()
    masked = redactor.apply(decision.text, active)
    verdict = redactor.leak_check(masked, workflow.party_hints(decision))
    findings = [
        {"kind": f.kind, "start": f.start, "end": f.end, "reason": f.reason} for f in verdict.findings
    ]
    return masked, verdict.ok, findings


# -- claims ----------------------------------------------------------------------------------


def _claim_free(actor: str, now: dt.datetime) -> Any:
    return or_(
        DecisionRow.claimed_by.is_(None),
        DecisionRow.claimed_by == actor,
        DecisionRow.claimed_at < now - CLAIM_TTL,
    )


def claim(session: Session, row: DecisionRow, actor: str) -> None:
    """Take the decision; atomic (one UPDATE), so two reviewers cannot both win."""
    if row.state != State.in_review.value:
        raise WorkflowError("only decisions in review can be claimed", code="not_in_review")
    now = utcnow()
    result = session.execute(
        update(DecisionRow)
        .where(DecisionRow.id == row.id, _claim_free(actor, now))
        .values(claimed_by=actor, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(row)
        raise WorkflowError(f"already claimed by {row.claimed_by}", code="claimed")
    session.refresh(row)
    audit.record(session, actor=actor, action="claim", decision_id=row.id)


def ensure_claim(session: Session, row: DecisionRow, actor: str) -> None:
    """Actions need the claim: take it if free, refuse if someone else holds a fresh one."""
    if row.claimed_by == actor and row.claimed_at and row.claimed_at >= utcnow() - CLAIM_TTL:
        return
    claim(session, row, actor)


def release(
    session: Session, row: DecisionRow, actor: str, *, force: bool = False, audit_it: bool = True
) -> None:
    if row.claimed_by is None:
        return
    if row.claimed_by != actor and not force:
        raise WorkflowError(f"claimed by {row.claimed_by}", code="claimed")
    row.claimed_by, row.claimed_at = None, None
    if audit_it:
        audit.record(session, actor=actor, action="release", decision_id=row.id)


# -- raw views -------------------------------------------------------------------------------


def view_raw(session: Session, row: DecisionRow, *, actor: str, via: str) -> Decision:
    """Decrypt for a signed-in reviewer; the audit entry commits with the caller's transaction."""
    decision = load_decision(row)
    audit.record(session, actor=actor, action="view_raw", decision_id=row.id, detail={"via": via})
    return decision


# -- queue -----------------------------------------------------------------------------------


@dataclass
class QueueFilter:
    authority: str | None = None
    law_area: str | None = None
    state: str | None = State.in_review.value
    awaiting_second: bool | None = None
    mine: str | None = None
    limit: int = 100
    offset: int = 0


def working_days_left(deadline: dt.date | None, today: dt.date | None = None) -> int | None:
    """Working days from today to the deadline (negative when overdue); None when unknown."""
    if deadline is None:
        return None
    from publish.calendar import CalendarUnknown, get_calendar
    from publish.rules import china_today

    today = today or china_today()
    try:
        return get_calendar().working_days_between(today, deadline)
    except CalendarUnknown:
        return None


def queue_query(f: QueueFilter) -> Select[Any]:
    query = select(DecisionRow)
    if f.state:
        query = query.where(DecisionRow.state == f.state)
    if f.authority:
        query = query.where(DecisionRow.authority_name.contains(f.authority))
    if f.law_area:
        query = query.where(DecisionRow.law_area == f.law_area)
    if f.awaiting_second is True:
        query = query.where(DecisionRow.approved_by.is_not(None), DecisionRow.state == State.in_review.value)
    elif f.awaiting_second is False:
        query = query.where(DecisionRow.approved_by.is_(None))
    if f.mine:
        query = query.where(DecisionRow.claimed_by == f.mine)
    # statutory deadline first; unknown deadlines last; then oldest decision first
    return query.order_by(
        DecisionRow.publish_by.is_(None), DecisionRow.publish_by, DecisionRow.decision_date, DecisionRow.id
    )


def queue(session: Session, f: QueueFilter, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    rows = session.scalars(queue_query(f).limit(f.limit).offset(f.offset)).all()
    return [queue_item(row, today=today) for row in rows]


def queue_item(row: DecisionRow, *, today: dt.date | None = None) -> dict[str, Any]:
    """Public metadata only: the queue never shows raw text or party names."""
    days = working_days_left(row.publish_by, today)
    now = utcnow()
    claimed = row.claimed_by if row.claimed_at and row.claimed_at >= now - CLAIM_TTL else None
    return {
        "id": row.id,
        "document_number": row.document_number,
        "authority": row.authority_name,
        "law_area": row.law_area,
        "decision_date": row.decision_date.isoformat(),
        "publish_by": row.publish_by.isoformat() if row.publish_by else None,
        "working_days_left": days,
        "urgent": days is not None and days <= RED_DAYS,
        "state": row.state,
        "penalty_kinds": list(row.penalty_kinds or []),
        "fine_total": row.fine_total,
        "publishable": row.publishable,
        "leak_ok": row.leak_ok,
        "claimed_by": claimed,
        "approved_by": row.approved_by,
        "second_approved_by": row.second_approved_by,
        "four_eyes": four_eyes_reasons(row),
        "awaiting_second_approval": bool(row.approved_by) and row.state == State.in_review.value,
        "version": row.version,
    }


def facets(session: Session) -> dict[str, list[str]]:
    """Values for the filter drop-downs."""
    authorities = session.scalars(
        select(DecisionRow.authority_name).distinct().order_by(DecisionRow.authority_name)
    )
    areas = session.scalars(
        select(DecisionRow.law_area)
        .where(DecisionRow.law_area.is_not(None))
        .distinct()
        .order_by(DecisionRow.law_area)
    )
    return {
        "authorities": [a for a in authorities if a],
        "law_areas": [a for a in areas if a],
        "states": [s.value for s in State],
    }
