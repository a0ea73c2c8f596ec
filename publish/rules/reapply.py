"""Re-evaluation of stored decisions under the rules in force today.

Rules change by date (治安 sealing from 2026-01-01, credit display periods from 2026-04-01) and
by pack releases, so a decision that was rightly published yesterday may have to leave today.
:func:`plan` lists what changes and which rule causes it; :func:`apply` carries it out through
the publishing workflow (index removal, audit entry, outbox event via the lifecycle listeners).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from publish.rules.engine import Assessment, assess, china_today
from sunshine import audit
from sunshine.models.core import DecisionRow
from sunshine.store import load_decision

ACTOR = "system:rules-reapply"
# Reasons that do not forbid *keeping* a decision online: a publication deadline we cannot
# compute says nothing about whether a published decision may stay.
NOT_A_TAKEDOWN = frozenset({"CALENDAR_UNKNOWN"})
REVIEW_STATES = ("ingested", "analysed", "in_review", "approved")

Action = Literal["withdraw", "expire", "withhold", "release"]


@dataclass
class Change:
    decision_id: str
    document_number: str
    authority: str
    state: str
    action: Action
    codes: list[str]
    rules: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    notice: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _rows(session: Session, states: tuple[str, ...], batch: int = 500) -> Iterator[DecisionRow]:
    last = ""
    while True:  # keyset pages: constant memory, safe while rows change state underneath
        page = session.scalars(
            select(DecisionRow)
            .where(DecisionRow.state.in_(states), DecisionRow.id > last)
            .order_by(DecisionRow.id)
            .limit(batch)
        ).all()
        if not page:
            return
        yield from page
        last = page[-1].id


def public_notice(result: Assessment, codes: list[str]) -> str:
    """The statement of reasons published on withdrawal (art. 48): rule and citation, no data."""
    parts = [f"{r.message}（{r.citation}）" for r in result.reasons if r.code in codes]
    return "；".join(dict.fromkeys(parts))


def _change_for(row: DecisionRow, result: Assessment) -> Change | None:
    codes = result.codes
    if row.state == "published":
        forbidding = [c for c in codes if c not in NOT_A_TAKEDOWN]
        if not forbidding:
            return None
        action: Action = "expire" if forbidding == ["EXPIRED"] else "withdraw"
        chosen = forbidding
    else:
        before = (row.assessment or {}).get("reasons") or []
        before_codes = sorted({str(r.get("code")) for r in before if isinstance(r, dict)})
        if (
            row.publishable is not None
            and result.publishable == row.publishable
            and before_codes == sorted(codes)
        ):
            return None
        if row.publishable is None and result.publishable:
            return None  # never assessed yet: the analysis step will do it
        action = "release" if result.publishable else "withhold"
        chosen = codes
    reasons = [r for r in result.reasons if r.code in chosen]
    return Change(
        decision_id=row.id,
        document_number=row.document_number,
        authority=row.authority_name,
        state=row.state,
        action=action,
        codes=chosen,
        rules=list(dict.fromkeys(r.rule_id for r in reasons)),
        citations=list(dict.fromkeys(r.citation for r in reasons)),
        notice=public_notice(result, chosen) if action in ("withdraw", "expire") else "",
    )


def plan(session: Session, *, today: dt.date | None = None, include_review: bool = True) -> list[Change]:
    """Every stored decision whose status changes under the rules in force on ``today``."""
    return [
        c
        for c, _row, _result in _evaluate(session, today=today, include_review=include_review)
        if c is not None
    ]


def _dates_differ(row: DecisionRow, result: Assessment) -> bool:
    return (row.display_until, row.withdraw_by, row.severity) != (
        result.display_until,
        result.withdraw_by,
        result.severity,
    )


def _evaluate(
    session: Session, *, today: dt.date | None, include_review: bool
) -> Iterator[tuple[Change | None, DecisionRow, Assessment]]:
    """Rows whose status changes (with the change), or whose stored dates are out of date (None)."""
    today = today or china_today()
    states = ("published", *REVIEW_STATES) if include_review else ("published",)
    for row in _rows(session, states):
        if row.state == "ingested":
            continue  # not analysed yet: nothing to change
        result = assess(load_decision(row), today=today)
        change = _change_for(row, result)
        if change is not None or (row.publishable is not None and _dates_differ(row, result)):
            yield change, row, result


def store_assessment(row: DecisionRow, result: Assessment) -> None:
    """Record the new judgement; a published decision keeps its original publish_by (statistics)."""
    row.assessment = result.model_dump(mode="json")
    row.publishable = result.publishable
    row.severity = result.severity
    row.display_until = result.display_until
    row.withdraw_by = result.withdraw_by
    if row.state != "published" and row.published_at is None:
        row.publish_by = result.publish_by
    if result.law_area and not row.law_area:
        row.law_area = result.law_area


def apply(
    session: Session, *, today: dt.date | None = None, actor: str = ACTOR, include_review: bool = True
) -> list[Change]:
    """Carry out :func:`plan`; commits once per decision so a failure leaves earlier ones done."""
    from publish import workflow

    done: list[Change] = []
    for change, row, result in list(_evaluate(session, today=today, include_review=include_review)):
        if change is None:
            # same status, but a later rule moved a date (e.g. a shorter display window): keep the
            # stored columns true so that the expiry sweep and the review queue use the right day
            audit.record(
                session,
                actor=actor,
                action="rules_dates_refreshed",
                decision_id=row.id,
                detail={
                    "display_until": [str(row.display_until), str(result.display_until)],
                    "withdraw_by": [str(row.withdraw_by), str(result.withdraw_by)],
                    "packs": result.rule_packs,
                },
            )
            public_change = row.state == "published" and row.display_until != result.display_until
            store_assessment(row, result)
            if public_change:
                workflow.refresh_public(session, row, reason="公示期限依新规则调整")
            session.commit()
            continue
        store_assessment(row, result)
        audit.record(
            session,
            actor=actor,
            action="rules_reapply",
            decision_id=row.id,
            from_state=row.state,
            detail={
                "action": change.action,
                "codes": change.codes,
                "rules": change.rules,
                "packs": result.rule_packs,
                "assessed_on": str(result.assessed_on),
            },
        )
        if change.action == "expire":
            workflow.expire(session, row, actor=actor)
        elif change.action == "withdraw":
            workflow.withdraw(session, row, reason=change.notice, actor=actor)
        session.commit()
        done.append(change)
    return done
