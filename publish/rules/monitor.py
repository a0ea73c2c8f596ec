"""Deadline monitor: which decisions are close to, or past, a statutory deadline.

Computed from clear columns on demand (no table): the list is what the worker turns into
metrics and what the API/CLI show, so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from publish.calendar import CalendarUnknown, WorkingDayCalendar, get_calendar
from publish.rules.engine import china_today
from sunshine.models.core import DecisionRow

DUE_SOON_WORKING_DAYS = 2
UNPUBLISHED = ("ingested", "analysed", "in_review", "approved")

Flag = Literal[
    "publish_due_soon", "publish_overdue", "withdraw_due_soon", "withdraw_overdue", "calendar_unknown"
]


@dataclass
class DeadlineFlag:
    decision_id: str
    document_number: str
    authority: str
    state: str
    flag: Flag
    deadline: dt.date
    working_days_left: int | None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["deadline"] = self.deadline.isoformat()
        return data


def _flag(
    cal: WorkingDayCalendar, today: dt.date, deadline: dt.date, overdue: Flag, due_soon: Flag
) -> tuple[Flag, int | None] | None:
    """(flag, signed working days left) or None when the deadline is comfortably ahead."""
    try:
        left = cal.working_days_between(today, deadline)
    except CalendarUnknown:
        return (overdue, None) if today > deadline else ("calendar_unknown", None)
    if today > deadline:
        return overdue, left
    if left <= DUE_SOON_WORKING_DAYS:
        return due_soon, left
    return None


def deadline_flags(session: Session, *, today: dt.date | None = None) -> list[DeadlineFlag]:
    today = today or china_today()
    cal = get_calendar()
    flags: list[DeadlineFlag] = []
    pending = session.scalars(
        select(DecisionRow).where(
            DecisionRow.state.in_(UNPUBLISHED),
            DecisionRow.publishable.is_(True),
            DecisionRow.publish_by.is_not(None),
        )
    )
    for row in pending:
        assert row.publish_by is not None
        hit = _flag(cal, today, row.publish_by, "publish_overdue", "publish_due_soon")
        if hit:
            flags.append(
                DeadlineFlag(
                    row.id, row.document_number, row.authority_name, row.state, hit[0], row.publish_by, hit[1]
                )
            )
    live = session.scalars(
        select(DecisionRow).where(DecisionRow.state == "published", DecisionRow.withdraw_by.is_not(None))
    )
    for row in live:
        assert row.withdraw_by is not None
        hit = _flag(cal, today, row.withdraw_by, "withdraw_overdue", "withdraw_due_soon")
        if hit:
            flags.append(
                DeadlineFlag(
                    row.id,
                    row.document_number,
                    row.authority_name,
                    row.state,
                    hit[0],
                    row.withdraw_by,
                    hit[1],
                )
            )
    flags.sort(key=lambda f: (f.deadline, f.decision_id))
    return flags
