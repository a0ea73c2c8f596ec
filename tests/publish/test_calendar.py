"""The working-day calendar against the official 2025/2026 notices (reference §9.2, §9.3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from publish.calendar import (
    DATA_DIR,
    CalendarUnknown,
    load_calendar,
    load_year_file,
)

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def cal():
    return load_calendar([DATA_DIR])


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        ("2025-09-28", True),  # Sunday, 国庆/中秋 调休上班
        ("2025-09-30", True),
        ("2025-10-01", False),
        ("2025-10-06", False),  # 中秋 inside the 8-day break
        ("2025-10-08", False),
        ("2025-10-09", True),
        ("2025-10-11", True),  # Saturday, 调休上班
        ("2025-10-12", False),  # ordinary Sunday
        ("2026-01-04", True),  # Sunday, 元旦 调休上班
        ("2026-02-14", True),  # Saturday, 春节 调休上班
        ("2026-02-16", False),  # 除夕
        ("2026-02-23", False),  # last day of the 9-day break (a Monday)
        ("2026-02-24", True),
        ("2026-02-28", True),  # Saturday, 春节 调休上班
        ("2026-05-09", True),  # Saturday, 劳动节 调休上班
        ("2026-09-20", True),  # Sunday, 国庆 调休上班
        ("2026-10-07", False),
        ("2026-10-10", True),  # Saturday, 国庆 调休上班
        ("2026-11-21", False),  # ordinary Saturday
        ("2026-11-23", True),  # ordinary Monday
    ],
)
def test_is_workday(cal, day, workday):
    assert cal.is_workday(D(day)) is workday


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # 7 working days from 2025-09-30 cross the 8-day 国庆/中秋 break and count 10-11 (Sat)
        ("2025-09-30", 7, "2025-10-16"),
        # 3 working days from 2025-09-30: 10-09, 10-10, 10-11 (make-up Saturday is the last day)
        ("2025-09-30", 3, "2025-10-11"),
        # from a Friday, the make-up Sunday 2025-09-28 is the first counted day
        ("2025-09-26", 3, "2025-09-30"),
        # 2026 春节: 02-14 counts, 02-15..23 do not, 02-28 counts
        ("2026-02-13", 7, "2026-03-02"),
        # a deadline that would fall inside the holiday (02-15) moves past it
        ("2026-02-12", 3, "2026-02-24"),
        ("2026-09-30", 7, "2026-10-15"),
        ("2026-04-30", 7, "2026-05-13"),  # 劳动节 and its make-up Saturday 05-09
        ("2026-01-01", 1, "2026-01-04"),  # start day on a holiday; 01-04 is a make-up Sunday
        ("2025-12-31", 2, "2026-01-05"),  # across a year boundary (both years known)
        ("2026-02-15", 0, "2026-02-24"),  # n=0: the next working day
    ],
)
def test_add_working_days(cal, start, n, expected):
    assert cal.add_working_days(D(start), n) == D(expected)
    if n:
        assert cal.working_days_between(D(start), D(expected)) == n


def test_calendar_day_period_moves_off_a_holiday(cal):
    # art. 35: a 3-day period from 2025-09-28 would end 10-01 (holiday) → first day after the break
    assert cal.add_calendar_days(D("2025-09-28"), 3) == D("2025-10-09")
    assert cal.add_calendar_days(D("2025-09-22"), 3) == D("2025-09-25")


def test_working_days_between_is_signed(cal):
    assert cal.working_days_between(D("2025-10-16"), D("2025-09-30")) == -7
    assert cal.working_days_between(D("2025-10-01"), D("2025-10-08")) == 0


@pytest.mark.parametrize(
    ("call", "year"),
    [
        (lambda c: c.is_workday(D("2027-01-05")), 2027),
        (lambda c: c.add_working_days(D("2026-12-24"), 7), 2027),  # runs into 2027
        (lambda c: c.is_workday(D("2003-06-02")), 2003),
    ],
)
def test_unknown_year_fails_closed(call, year):
    full = load_calendar()  # library + data, as in production
    with pytest.raises(CalendarUnknown) as info:
        call(full)
    assert info.value.year == year


def test_library_covers_through_2026_only():
    lib = load_calendar([], use_library=True)
    assert lib.years[0] == 2004 and lib.years[-1] == 2026
    assert not lib.knows(D("2027-01-01"))


@pytest.mark.parametrize("year", [2025, 2026])
def test_transcribed_notice_matches_chinesecalendar(year):
    """Two independent sources for the same notice must agree day by day."""
    lib = load_calendar([], use_library=True)
    data = load_calendar([DATA_DIR], use_library=False)
    day, diff = dt.date(year, 1, 1), []
    while day.year == year:
        if lib.is_workday(day) != data.is_workday(day) or lib.is_holiday(day) != data.is_holiday(day):
            diff.append(day)
        day += dt.timedelta(days=1)
    assert diff == []


def test_operator_can_add_a_year(tmp_path: Path):
    # a made-up 2027 arrangement, only to show how a new notice is loaded (NOT official data)
    (tmp_path / "2027.yaml").write_text(
        "schema: sunshine.calendar/1\nyear: 2027\nsource: test fixture, not an official notice\n"
        "holidays:\n  - name: 元旦\n    days_off: [2027-01-01, 2027-01-02, 2027-01-03]\n"
        "    makeup_workdays: [2027-01-09]\n",
        encoding="utf-8",
    )
    cal = load_calendar([DATA_DIR, tmp_path])
    assert cal.knows(D("2027-06-01"))
    assert cal.is_workday(D("2027-01-09")) and not cal.is_workday(D("2027-01-01"))
    assert cal.add_working_days(D("2026-12-31"), 1) == D("2027-01-04")


@pytest.mark.parametrize(
    "body",
    [
        "holidays:\n  - name: x\n    days_off: [2028-01-01]\n",  # date outside the year
        "holidays:\n  - name: x\n    days_off: [2027-01-01]\n    makeup_workdays: [2027-01-04]\n",  # a Monday
        "holidays:\n  - name: x\n    days_off: [2027-01-02]\n    makeup_workdays: [2027-01-02]\n",  # both
    ],
)
def test_bad_year_file_is_refused(tmp_path: Path, body: str):
    path = tmp_path / "2027.yaml"
    path.write_text(
        f"schema: sunshine.calendar/1\nyear: 2027\nsource: test fixture\n{body}", encoding="utf-8"
    )
    with pytest.raises(ValidationError):
        load_year_file(path)
