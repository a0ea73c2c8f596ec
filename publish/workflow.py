"""The publishing workflow: analyse → review → approve/refuse → publish → withdraw/expire.

This is the only place that moves decisions across the public boundary, so the invariants live
here: only approved masked text that passed the leak gate is indexed; withdrawal and expiry
remove from the index right after the state change commits; every step is a lifecycle
transition (audited, and seen by the outbox listener in the same transaction).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from publish.rules import assess
from search import SearchBackend, get_backend
from search.documents import public_decision_from_row
from sunshine import audit
from sunshine.errors import SunshineError
from sunshine.lifecycle import State, transition
from sunshine.logging import get_logger
from sunshine.models.base import utcnow
from sunshine.models.core import DecisionRow
from sunshine.schema import Decision
from sunshine.settings import get_settings
from sunshine.store import load_decision, load_spans, store_spans

if TYPE_CHECKING:  # the redactor loads Presidio and the model: only when a decision is analysed
    from redact import PartyHint, Redactor, Span

log = get_logger(__name__)


def get_redactor() -> Redactor:
    from redact import get_redactor as _get

    return _get()


SYSTEM = "system:workflow"


class WorkflowError(SunshineError):
    """A request the workflow refuses; the message is safe to show (no personal data)."""

    def __init__(self, message: str, *, code: str = "workflow_error", status: int = 409) -> None:
        super().__init__(message, code=code, status=status)


# -- after-commit side effects (index updates are not transactional) --------------------------


def _after_commit(session: Session, fn: Callable[[], None]) -> None:
    pending: list[Callable[[], None]] = session.info.setdefault("sunshine_after_commit", [])
    pending.append(fn)


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    pending = session.info.pop("sunshine_after_commit", [])
    for fn in pending:
        try:
            fn()
        except Exception:  # the reconcile job repairs the index; never lose the commit
            log.exception("after_commit_failed")


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session: Session) -> None:
    session.info.pop("sunshine_after_commit", None)


_backend_override: SearchBackend | None = None


def backend() -> SearchBackend:
    return _backend_override or get_backend(get_settings())


def set_backend(value: SearchBackend | None) -> None:
    """Tests and the app use one backend instance per process."""
    global _backend_override
    _backend_override = value


# -- analysis ---------------------------------------------------------------------------------


def party_hints(decision: Decision) -> list[PartyHint]:
    """Structured party fields as detector input (incl. legal representatives and operators)."""
    from redact import hints_from_decision

    return hints_from_decision(decision.to_json())


@dataclass
class Proposal:
    spans: list[dict[str, Any]]
    masked_text: str
    leak_ok: bool
    leak_findings: list[dict[str, Any]]


def _span_dict(span: Span) -> dict[str, Any]:
    return {
        **span.to_contract(),
        "explanation": span.explanation,
        "rule": span.rule,
        "status": "proposed",
    }


def proposed(row: DecisionRow, redactor: Redactor | None = None) -> Proposal:
    """Masked text for the spans currently accepted, recomputed (never cached in clear)."""
    redactor = redactor or get_redactor()
    decision = load_decision(row)
    spans = [s for s in load_spans(row) if s.get("status", "proposed") != "rejected"]
    masked = redactor.apply(decision.text, [span_from_dict(s) for s in spans])
    verdict = redactor.leak_check(masked, party_hints(decision))
    findings = [
        {"kind": f.kind, "start": f.start, "end": f.end, "reason": f.reason} for f in verdict.findings
    ]
    return Proposal(spans=load_spans(row), masked_text=masked, leak_ok=verdict.ok, leak_findings=findings)


def span_from_dict(data: dict[str, Any]) -> Span:
    from redact import Span

    return Span(
        start=int(data["start"]),
        end=int(data["end"]),
        entity_type=str(data["entity_type"]),
        text=str(data.get("text", "")),
        score=float(data.get("score", 1.0)),
        recognizer=str(data.get("recognizer", "reviewer")),
        replacement=str(data.get("replacement", "")),
        explanation=str(data.get("explanation", "")),
        rule=str(data.get("rule", "")),
    )


def run_assessment(row: DecisionRow, decision: Decision, *, today: dt.date | None = None) -> None:
    result = assess(decision, today=today)
    row.assessment = result.model_dump(mode="json")
    row.publishable = result.publishable
    row.severity = result.severity
    row.publish_by = result.publish_by
    row.display_until = result.display_until
    row.withdraw_by = result.withdraw_by
    if result.law_area and not row.law_area:
        row.law_area = result.law_area


def analyse(session: Session, row: DecisionRow, *, redactor: Redactor | None = None) -> None:
    """Propose spans, run the leak gate and the rules, and queue the decision for review."""
    redactor = redactor or get_redactor()
    decision = load_decision(row)
    result = redactor.redact(decision.text, party_hints(decision))
    store_spans(row, [_span_dict(s) for s in result.spans])
    verdict = redactor.leak_check(result.masked_text, party_hints(decision))
    row.leak_ok = verdict.ok
    row.leak_findings = [
        {"kind": f.kind, "start": f.start, "end": f.end, "reason": f.reason} for f in verdict.findings
    ]
    run_assessment(row, decision)
    transition(
        session,
        row,
        State.analysed,
        actor=SYSTEM,
        detail={"spans": len(result.spans), "leak_ok": verdict.ok, "publishable": row.publishable},
    )
    transition(session, row, State.in_review, actor=SYSTEM)


def analyse_pending(session: Session, *, limit: int = 100, redactor: Redactor | None = None) -> int:
    rows = session.scalars(
        select(DecisionRow)
        .where(DecisionRow.state == State.ingested.value)
        .order_by(DecisionRow.ingested_at)
        .limit(limit)
    ).all()
    for row in rows:
        analyse(session, row, redactor=redactor)
    session.commit()
    return len(rows)


# -- review decisions ------------------------------------------------------------------------


def update_spans(
    session: Session, row: DecisionRow, spans: Sequence[dict[str, Any]], *, actor: str
) -> Proposal:
    """Replace the reviewer's span list (accept/reject/add/edit); audited by counts, not content."""
    if row.state != State.in_review.value:
        raise WorkflowError("only decisions in review can be edited", code="not_in_review")
    decision = load_decision(row)
    cleaned: list[dict[str, Any]] = []
    for s in spans:
        start, end = int(s["start"]), int(s["end"])
        if not (0 <= start < end <= len(decision.text)):
            raise WorkflowError("a span lies outside the text", code="bad_span", status=422)
        item = dict(s)
        item["text"] = decision.text[start:end]
        item.setdefault("status", "proposed")
        item.setdefault("recognizer", "reviewer")
        item.setdefault("score", 1.0)
        cleaned.append(item)
    store_spans(row, cleaned)
    stats: dict[str, int] = {}
    for s in cleaned:
        stats[s["status"]] = stats.get(s["status"], 0) + 1
    audit.record(session, actor=actor, action="spans_updated", decision_id=row.id, detail=stats)
    return proposed(row)


def approve(
    session: Session,
    row: DecisionRow,
    *,
    actor: str,
    note: str | None = None,
    first_approver: str | None = None,
) -> Proposal:
    """Approve the current masking; publishes at once when the rules allow it.

    ``first_approver`` is given for a four-eyes case: the row then names both people, the first
    approver and ``actor`` as the second.
    """
    if row.state != State.in_review.value:
        raise WorkflowError("only decisions in review can be approved", code="not_in_review")
    if row.publishable is False:
        # national and provincial packs can give the same code: name each once
        codes = ", ".join(dict.fromkeys(r["code"] for r in (row.assessment or {}).get("reasons", [])))
        raise WorkflowError(
            f"the disclosure rules forbid publication ({codes}); refuse instead", code="withheld"
        )
    proposal = proposed(row)
    if not proposal.leak_ok:
        raise WorkflowError("the leak gate found personal data in the masked text", code="leak_gate")
    row.masked_text = proposal.masked_text
    row.leak_ok, row.leak_findings = True, []
    row.approved_by = first_approver or actor
    if first_approver:
        row.second_approved_by = actor
    row.review_note = note
    transition(session, row, State.approved, actor=actor, reason=note)
    publish(session, row, actor=actor)
    return proposal


def refuse(session: Session, row: DecisionRow, *, actor: str, reason: str) -> None:
    if not reason.strip():
        raise WorkflowError("a refusal needs a written reason", code="reason_required", status=422)
    row.review_note = reason
    transition(session, row, State.refused, actor=actor, reason=reason)


def publish(session: Session, row: DecisionRow, *, actor: str = SYSTEM) -> None:
    if row.state != State.approved.value or not row.masked_text or row.leak_ok is False:
        raise WorkflowError("only approved, leak-checked decisions can be published", code="not_approved")
    row.published_at = utcnow()
    transition(session, row, State.published, actor=actor)
    doc = public_decision_from_row(row)
    _after_commit(session, lambda: backend().index([doc]))


def withdraw(
    session: Session, row: DecisionRow, *, reason: str, actor: str, target: State = State.withdrawn
) -> None:
    """Take a published decision off the public side; the stated reason is published (art. 48)."""
    if target not in (State.withdrawn, State.expired, State.superseded):
        raise ValueError(target)
    row.public_notice = reason
    row.withdrawn_at = utcnow()
    was_public = row.state == State.published.value
    transition(session, row, target, actor=actor, reason=reason)
    if was_public:
        row_id = row.id
        _after_commit(session, lambda: backend().delete([row_id]))


def refresh_public(session: Session, row: DecisionRow, *, reason: str) -> None:
    """A published decision's public metadata changed (e.g. a rule shortened its display window):
    re-index it after the commit and tell the portals with ``decision.updated``."""
    if row.state != State.published.value or not row.masked_text:
        return
    from publish import outbox

    outbox.emit(session, row, outbox.UPDATED, reason=reason)
    doc = public_decision_from_row(row)
    _after_commit(session, lambda: backend().index([doc]))


def expire(session: Session, row: DecisionRow, *, actor: str = SYSTEM) -> None:
    withdraw(session, row, reason="公示期满", actor=actor, target=State.expired)


def _on_superseded(
    session: Session, row: DecisionRow, before: State, after: State, info: dict[str, Any]
) -> None:
    if after is State.superseded and before is State.published:
        row.public_notice = row.public_notice or "决定已变更，以新版本为准"
        row.withdrawn_at = utcnow()
        row_id = row.id
        _after_commit(session, lambda: backend().delete([row_id]))


def install() -> None:
    """Register the workflow's lifecycle listener (called by app, CLI and worker assembly)."""
    from sunshine.lifecycle import add_listener

    add_listener(_on_superseded)
