"""The disclosure-rules engine: one decision + the packs in force → an :class:`Assessment`.

Every "no" carries the rule id and citation that produced it so legal staff can check the
reasoning; every date is computed on the official calendar, and a year the calendar does not
know turns into ``CALENDAR_UNKNOWN`` instead of a guessed date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field

from publish.calendar import CalendarUnknown, WorkingDayCalendar, get_calendar
from publish.rules import facts
from publish.rules.packfile import (
    REASON_CODES,
    DisplayExpired,
    DisplayPeriod,
    EventSeen,
    FlagSet,
    LawAreaIs,
    PenalisedMinor,
    PenaltiesOnly,
    ProcedureIs,
    RulePack,
    WithholdRule,
    get_packs,
)
from sunshine.schema import Decision

CHINA_TZ = dt.timezone(dt.timedelta(hours=8))
CALENDAR_CITATION = "《中华人民共和国行政处罚法》第八十五条；国务院办公厅年度部分节假日安排通知"


def china_today() -> dt.date:
    """Deadlines run on Beijing dates, whatever the server's zone."""
    return dt.datetime.now(CHINA_TZ).date()


class Reason(BaseModel):
    code: str
    rule_id: str
    citation: str
    message: str


class Assessment(BaseModel):
    publishable: bool
    reasons: list[Reason] = Field(default_factory=list)
    publish_by: dt.date | None = None
    display_until: dt.date | None = None
    severity: Literal["minor", "general", "serious"] | None = None
    withdraw_by: dt.date | None = None
    law_area: str | None = None
    assessed_on: dt.date | None = None
    rule_packs: list[str] = Field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        seen: list[str] = []
        for reason in self.reasons:
            if reason.code not in seen:
                seen.append(reason.code)
        return seen

    def to_contract(self, path: str) -> dict[str, Any]:
        """The ``sunshine assess --jsonl`` object of DESIGN.md, exactly."""

        def iso(d: dt.date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "path": path,
            "publishable": self.publishable,
            "reasons": self.codes,
            "publish_by": iso(self.publish_by),
            "display_until": iso(self.display_until),
            "severity": self.severity,
            "withdraw_by": iso(self.withdraw_by),
        }


def applicable_packs(decision: Decision, packs: Sequence[RulePack] | None = None) -> list[RulePack]:
    chosen = list(get_packs() if packs is None else packs)
    return [p for p in chosen if p.applies_to(decision.authority.region_code)]


class _Context:
    def __init__(self, decision: Decision, packs: list[RulePack], today: dt.date) -> None:
        self.decision = decision
        self.packs = packs
        self.today = today
        self.law_area = facts.derive_law_area(decision, [e for p in packs for e in p.law_areas])
        scheme = facts.pick_severity_scheme(packs, decision.decision_date)
        self.severity: facts.Severity | None = facts.classify_severity(decision, scheme) if scheme else None
        self.display_until = self._display_until()
        self._minor: list[str] | None = None

    def minor(self) -> list[str]:
        if self._minor is None:
            self._minor = facts.minor_evidence(self.decision)
        return self._minor

    def _display_until(self) -> dt.date | None:
        if self.severity is None:
            return None
        start = self.decision.decision_date
        periods: list[DisplayPeriod] = [
            d
            for p in self.packs
            for d in p.display_periods
            if (d.in_force(start) or d.in_force(self.today)) and self.severity in d.max_months
        ]
        if not periods:
            return None
        return facts.add_months(start, min(d.max_months[self.severity] for d in periods))

    def holds(self, rule: WithholdRule) -> bool:
        when = rule.when
        d = self.decision
        if isinstance(when, PenalisedMinor):
            return bool(self.minor())
        if isinstance(when, FlagSet):
            return bool(getattr(d.flags, when.flag))
        if isinstance(when, LawAreaIs):
            if self.law_area in {a.value for a in when.areas}:
                return True
            return any(law in basis for law in when.laws for basis in facts.cited_laws(d))
        if isinstance(when, ProcedureIs):
            return d.procedure.value == when.procedure
        if isinstance(when, PenaltiesOnly):
            return {p.kind for p in d.penalties} <= set(when.kinds)
        if isinstance(when, EventSeen):
            return any(e.kind in when.kinds for e in d.events)
        if isinstance(when, DisplayExpired):
            return self.display_until is not None and self.today > self.display_until
        raise AssertionError(f"unhandled condition {when!r}")  # pragma: no cover


def _calendar_reason(exc: CalendarUnknown, what: str) -> Reason:
    return Reason(
        code="CALENDAR_UNKNOWN",
        rule_id="CALENDAR",
        citation=CALENDAR_CITATION,
        message=f"{exc.year}年官方工作日历尚未载入，无法计算{what}",
    )


def assess(
    decision: Decision,
    *,
    today: dt.date | None = None,
    packs: Sequence[RulePack] | None = None,
    calendar: WorkingDayCalendar | None = None,
) -> Assessment:
    """Judge one decision by the rules in force; see the pack notes for which date counts."""
    today = today or china_today()
    cal = calendar or get_calendar()
    chosen = applicable_packs(decision, packs)
    ctx = _Context(decision, chosen, today)
    reasons: list[Reason] = []

    for pack in chosen:
        for rule in pack.withhold:
            judged = today if rule.judged_on == "assessment_date" else decision.decision_date
            if rule.in_force(judged) and ctx.holds(rule):
                reasons.append(
                    Reason(code=rule.code, rule_id=rule.id, citation=rule.citation, message=rule.message)
                )

    withdraw_by: dt.date | None = None
    try:
        withdraw_by = _withdraw_by(decision, chosen, cal)
    except CalendarUnknown as exc:
        reasons.append(_calendar_reason(exc, "撤回期限"))

    publish_by: dt.date | None = None
    if not reasons:  # a deadline only exists for what is to be published
        try:
            publish_by = _publish_by(decision, chosen, cal)
        except CalendarUnknown as exc:
            reasons.append(_calendar_reason(exc, "公开期限"))

    reasons.sort(key=lambda r: (REASON_CODES.index(r.code), r.rule_id))
    return Assessment(
        publishable=not reasons,
        reasons=reasons,
        publish_by=publish_by,
        display_until=ctx.display_until,
        severity=ctx.severity,
        withdraw_by=withdraw_by,
        law_area=ctx.law_area,
        assessed_on=today,
        rule_packs=[p.label for p in chosen],
    )


def _publish_by(decision: Decision, packs: list[RulePack], cal: WorkingDayCalendar) -> dt.date | None:
    start = decision.decision_date
    days = [r.working_days for p in packs for r in p.publish_deadlines if r.in_force(start)]
    if not days:
        return None
    return cal.add_working_days(start, min(days))  # the strictest (shortest) deadline wins


def _withdraw_by(decision: Decision, packs: list[RulePack], cal: WorkingDayCalendar) -> dt.date | None:
    deadlines: list[dt.date] = []
    for event in decision.events:
        days = [
            r.working_days
            for p in packs
            for r in p.withdraw_deadlines
            if event.kind in r.on_events and r.in_force(event.date)
        ]
        if days:
            n = min(days)
            deadlines.append(event.date if n == 0 else cal.add_working_days(event.date, n))
    return min(deadlines) if deadlines else None
