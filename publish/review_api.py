"""JSON API of the review workspace (``/api/v1/review``), for the UI and for other tools.

Every route needs a signed-in staff member (session cookie + CSRF token, or a bearer token from
``sunshine users token``).  Routes that return raw text record a ``view_raw`` audit entry in the
same transaction as the response's data, so an unaudited view cannot happen.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query, Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from publish import review
from publish.workflow import WorkflowError
from sunshine import audit
from sunshine.auth import DbSession, Principal, Reviewer, Staff
from sunshine.lifecycle import State, TransitionError
from sunshine.models.base import utcnow
from sunshine.models.core import AuditEntry, DecisionRow
from sunshine.store import load_spans

router = APIRouter(prefix="/api/v1/review", tags=["review"])

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "not signed in"},
    403: {"description": "wrong role, CSRF failure, or four-eyes violation"},
    404: {"description": "no such decision"},
    409: {"description": "claimed by someone else, or the decision is not in review"},
}


# -- models ----------------------------------------------------------------------------------


class SpanIn(BaseModel):
    start: int = Field(ge=0, description="code-point offset into the raw text")
    end: int = Field(gt=0, description="exclusive")
    entity_type: str = Field(min_length=1, max_length=50, examples=["PERSON"])
    replacement: str = Field(default="", max_length=100, description="empty: the masking policy decides")
    status: Literal["proposed", "accepted", "rejected"] = "accepted"
    recognizer: str = Field(default="reviewer", max_length=100)
    score: float = Field(default=1.0, ge=0.0, le=1.0)
    explanation: str = Field(default="", max_length=500)
    rule: str = Field(default="", max_length=100)


class SpansIn(BaseModel):
    spans: list[SpanIn] = Field(max_length=5000)


class ApproveIn(BaseModel):
    note: str | None = Field(default=None, max_length=2000)


class RefuseIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000, description="written reason, shown in the history")


class ReopenIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class QueueItem(BaseModel):
    id: str
    document_number: str
    authority: str
    law_area: str | None
    decision_date: str
    publish_by: str | None
    working_days_left: int | None = Field(description="working days until the statutory deadline; <0 overdue")
    urgent: bool = Field(description="2 working days or fewer left")
    state: str
    penalty_kinds: list[str]
    fine_total: float
    publishable: bool | None
    leak_ok: bool | None
    claimed_by: str | None
    approved_by: str | None
    second_approved_by: str | None
    four_eyes: list[str]
    awaiting_second_approval: bool
    version: int


class QueueOut(BaseModel):
    items: list[QueueItem]
    count: int


class LeakOut(BaseModel):
    ok: bool
    findings: list[dict[str, Any]]


class PreviewOut(BaseModel):
    masked_text: str
    leak: LeakOut


class FourEyesOut(BaseModel):
    required: bool
    reasons: list[str]
    first_approver: str | None
    second_approver: str | None
    awaiting_second_approval: bool


class ReviewOut(BaseModel):
    id: str
    document_number: str
    authority: str
    region_code: str | None
    law_area: str | None
    decision_date: str
    procedure: str
    penalty_kinds: list[str]
    fine_total: float
    legal_basis: list[str]
    state: str
    version: int
    publish_by: str | None
    working_days_left: int | None
    urgent: bool
    display_until: str | None
    severity: str | None
    publishable: bool | None
    text: str = Field(description="raw text (audited view)")
    parties: list[dict[str, Any]]
    spans: list[dict[str, Any]]
    masked_text: str
    leak: LeakOut
    assessment: dict[str, Any] | None
    four_eyes: FourEyesOut
    claimed_by: str | None
    review_note: str | None


class ApprovalOut(BaseModel):
    status: Literal["published", "awaiting_second_approval"]
    four_eyes: list[str]
    state: str


class HistoryEntry(BaseModel):
    seq: int
    at: dt.datetime
    actor: str
    action: str
    from_state: str | None
    to_state: str | None
    detail: dict[str, Any]


class MeOut(BaseModel):
    username: str
    display_name: str
    roles: list[str]
    via: str
    csrf_token: str | None = Field(description="send as X-CSRF-Token with cookie-authenticated changes")


# -- helpers ---------------------------------------------------------------------------------


def _row(session: Session, decision_id: str) -> DecisionRow:
    row = session.get(DecisionRow, decision_id)
    if row is None:
        raise HTTPException(404, detail={"code": "not_found", "message": "no such decision"})
    return row


def _fail(exc: Exception) -> HTTPException:
    if isinstance(exc, WorkflowError):
        return HTTPException(exc.status, detail={"code": exc.code, "message": str(exc)})
    return HTTPException(409, detail={"code": "transition", "message": str(exc)})


def audit_view_once(session: Session, row: DecisionRow, principal: Principal, via: str) -> None:
    """Previews and saves show masked text with the reviewer's choices; audit them as a view
    unless this person's view of this decision is already on record in the last half hour."""
    since = utcnow() - dt.timedelta(minutes=30)
    seen = session.scalars(
        select(AuditEntry.seq).where(
            AuditEntry.decision_id == row.id,
            AuditEntry.action == "view_raw",
            AuditEntry.actor == principal.username,
            AuditEntry.at >= since,
        )
    ).first()
    if seen is None:
        audit.record(
            session, actor=principal.username, action="view_raw", decision_id=row.id, detail={"via": via}
        )


def _span_dicts(body: SpansIn) -> list[dict[str, Any]]:
    return [s.model_dump() for s in body.spans]


def review_payload(session: Session, row: DecisionRow, principal: Principal, *, via: str) -> dict[str, Any]:
    """Everything the review page shows; records the raw view."""
    from publish import workflow

    decision = review.view_raw(session, row, actor=principal.username, via=via)
    proposal = workflow.proposed(row)
    spans = load_spans(row)
    for i, s in enumerate(spans):
        s["index"] = i
    days = review.working_days_left(row.publish_by)
    reasons = review.four_eyes_reasons(row)
    return {
        "id": row.id,
        "document_number": row.document_number,
        "authority": row.authority_name,
        "region_code": row.region_code,
        "law_area": row.law_area,
        "decision_date": row.decision_date.isoformat(),
        "procedure": row.procedure,
        "penalty_kinds": list(row.penalty_kinds or []),
        "fine_total": row.fine_total or 0.0,
        "legal_basis": list(row.legal_basis or []),
        "state": row.state,
        "version": row.version,
        "publish_by": row.publish_by.isoformat() if row.publish_by else None,
        "working_days_left": days,
        "urgent": days is not None and days <= review.RED_DAYS,
        "display_until": row.display_until.isoformat() if row.display_until else None,
        "severity": row.severity,
        "publishable": row.publishable,
        "text": decision.text,
        "parties": [{"role": p.role, "kind": p.kind.value, "name": p.name} for p in decision.parties],
        "spans": spans,
        "masked_text": row.masked_text
        if row.state == State.published.value and row.masked_text
        else proposal.masked_text,
        "leak": {"ok": proposal.leak_ok, "findings": proposal.leak_findings},
        "assessment": row.assessment,
        "four_eyes": {
            "required": bool(reasons),
            "reasons": reasons,
            "first_approver": row.approved_by if reasons else None,
            "second_approver": row.second_approved_by,
            "awaiting_second_approval": bool(
                reasons and row.approved_by and row.state == State.in_review.value
            ),
        },
        "claimed_by": row.claimed_by,
        "review_note": row.review_note,
    }


# -- routes ----------------------------------------------------------------------------------


@router.get("/me", response_model=MeOut, responses=ERRORS, summary="Who is signed in")
def me(principal: Staff) -> dict[str, Any]:
    return {
        "username": principal.username,
        "display_name": principal.user.display_name,
        "roles": principal.roles,
        "via": principal.via,
        "csrf_token": principal.csrf_token or None,
    }


@router.get("/queue", response_model=QueueOut, responses=ERRORS, summary="Review queue by statutory deadline")
def get_queue(
    principal: Reviewer,
    session: DbSession,
    authority: str | None = Query(None, max_length=200, description="part of the authority name"),
    law_area: str | None = Query(None, max_length=20),
    state: str | None = Query("in_review", description="lifecycle state; empty for all"),
    awaiting_second: bool | None = Query(None, description="only decisions waiting for a second approval"),
    mine: bool = Query(False, description="only decisions I have claimed"),
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    if state and state not in {s.value for s in State}:
        raise HTTPException(422, detail={"code": "bad_state", "message": "unknown state"})
    f = review.QueueFilter(
        authority=authority or None,
        law_area=law_area or None,
        state=state or None,
        awaiting_second=awaiting_second,
        mine=principal.username if mine else None,
        limit=limit,
        offset=offset,
    )
    items = review.queue(session, f)
    return {"items": items, "count": len(items)}


@router.get("/facets", responses=ERRORS, summary="Values for the queue filters")
def get_facets(principal: Reviewer, session: DbSession) -> dict[str, list[str]]:
    return review.facets(session)


@router.get(
    "/decisions/{decision_id}",
    response_model=ReviewOut,
    responses=ERRORS,
    summary="A decision for review: raw text, spans, masked preview, assessment, leak verdict (audited)",
)
def get_decision(
    decision_id: str, principal: Reviewer, session: DbSession, response: Response
) -> dict[str, Any]:
    response.headers["Cache-Control"] = "no-store"
    row = _row(session, decision_id)
    payload = review_payload(session, row, principal, via="api")
    session.commit()
    return payload


@router.post("/decisions/{decision_id}/claim", responses=ERRORS, summary="Claim a decision for review")
def post_claim(decision_id: str, principal: Reviewer, session: DbSession) -> dict[str, Any]:
    row = _row(session, decision_id)
    try:
        review.claim(session, row, principal.username)
    except (WorkflowError, TransitionError) as exc:
        session.rollback()
        raise _fail(exc) from exc
    session.commit()
    return {"claimed_by": row.claimed_by}


@router.post("/decisions/{decision_id}/release", responses=ERRORS, summary="Release a claim")
def post_release(decision_id: str, principal: Reviewer, session: DbSession) -> dict[str, Any]:
    row = _row(session, decision_id)
    try:
        review.release(session, row, principal.username, force=principal.has_any("approver"))
    except WorkflowError as exc:
        session.rollback()
        raise _fail(exc) from exc
    session.commit()
    return {"claimed_by": None}


@router.post(
    "/decisions/{decision_id}/preview",
    response_model=PreviewOut,
    responses=ERRORS,
    summary="Masked text and leak verdict for unsaved spans",
)
def post_preview(
    decision_id: str, body: SpansIn, principal: Reviewer, session: DbSession, response: Response
) -> dict[str, Any]:
    response.headers["Cache-Control"] = "no-store"
    row = _row(session, decision_id)
    try:
        masked, ok, findings = review.preview(row, _span_dicts(body))
    except WorkflowError as exc:
        raise _fail(exc) from exc
    audit_view_once(session, row, principal, "preview")
    session.commit()
    return {"masked_text": masked, "leak": {"ok": ok, "findings": findings}}


@router.put(
    "/decisions/{decision_id}/spans",
    response_model=PreviewOut,
    responses=ERRORS,
    summary="Save the reviewer's spans (accept, reject, add, edit replacement)",
)
def put_spans(decision_id: str, body: SpansIn, principal: Reviewer, session: DbSession) -> dict[str, Any]:
    row = _row(session, decision_id)
    try:
        proposal = review.update_spans(session, row, _span_dicts(body), actor=principal.username)
    except (WorkflowError, TransitionError) as exc:
        session.rollback()
        raise _fail(exc) from exc
    audit_view_once(session, row, principal, "spans")
    session.commit()
    return {
        "masked_text": proposal.masked_text,
        "leak": {"ok": proposal.leak_ok, "findings": proposal.leak_findings},
    }


@router.post(
    "/decisions/{decision_id}/approve",
    response_model=ApprovalOut,
    responses=ERRORS,
    summary="Approve (first approval of a four-eyes case, or final approval which publishes)",
)
def post_approve(
    decision_id: str, body: ApproveIn, principal: Reviewer, session: DbSession
) -> dict[str, Any]:
    row = _row(session, decision_id)
    try:
        result = review.approve(session, row, actor=principal.username, roles=principal.roles, note=body.note)
    except (WorkflowError, TransitionError) as exc:
        session.rollback()
        raise _fail(exc) from exc
    session.commit()
    return {"status": result.status, "four_eyes": result.four_eyes, "state": row.state}


@router.post(
    "/decisions/{decision_id}/refuse", responses=ERRORS, summary="Refuse publication with a written reason"
)
def post_refuse(decision_id: str, body: RefuseIn, principal: Reviewer, session: DbSession) -> dict[str, Any]:
    row = _row(session, decision_id)
    try:
        review.refuse(session, row, actor=principal.username, reason=body.reason)
    except (WorkflowError, TransitionError) as exc:
        session.rollback()
        raise _fail(exc) from exc
    session.commit()
    return {"state": row.state}


@router.post(
    "/decisions/{decision_id}/reopen", responses=ERRORS, summary="Send a refused decision back to review"
)
def post_reopen(decision_id: str, body: ReopenIn, principal: Reviewer, session: DbSession) -> dict[str, Any]:
    from sunshine.lifecycle import transition

    row = _row(session, decision_id)
    if row.state != State.refused.value:
        raise HTTPException(
            409, detail={"code": "not_refused", "message": "only refused decisions can be reopened"}
        )
    row.approved_by = row.second_approved_by = None
    transition(session, row, State.in_review, actor=principal.username, reason=body.reason)
    session.commit()
    return {"state": row.state}


@router.get(
    "/decisions/{decision_id}/history",
    response_model=list[HistoryEntry],
    responses=ERRORS,
    summary="Every state change, reviewer action and view, from the audit log",
)
def get_history(decision_id: str, principal: Staff, session: DbSession) -> list[dict[str, Any]]:
    _row(session, decision_id)
    return [history_entry(e) for e in audit.history(session, decision_id)]


def history_entry(e: AuditEntry) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "at": e.at,
        "actor": e.actor,
        "action": e.action,
        "from_state": e.from_state,
        "to_state": e.to_state,
        "detail": e.detail or {},
    }
