"""Disclosure rules and deadlines (issue 4).

``assess(decision)`` says whether a decision may be published, why not (reason codes with the
rule and citation), and by when it must be published, withdrawn and taken off display.  The law
lives in versioned YAML packs under ``publish/rules/packs/``; the calendar in
:mod:`publish.calendar`.
"""

from publish.calendar import CalendarUnknown, WorkingDayCalendar, get_calendar
from publish.rules.engine import Assessment, Reason, applicable_packs, assess, china_today
from publish.rules.packfile import REASON_CODES, RulePack, get_packs, load_packs

__all__ = [
    "REASON_CODES",
    "Assessment",
    "CalendarUnknown",
    "Reason",
    "RulePack",
    "WorkingDayCalendar",
    "applicable_packs",
    "assess",
    "china_today",
    "get_calendar",
    "get_packs",
    "load_packs",
]
