"""The official working-day calendar used for every statutory deadline.

Deadlines in 行政处罚法 (art. 85) and 国办发〔2018〕118号 are counted in *working days*, and which
days are working days is decided each year by a State Council notice (holidays plus 调休
make-up working days).  That cannot be computed, only looked up, so the calendar is data:
``chinesecalendar`` for the years it ships, plus project YAML files (``publish/data/calendar/``
and ``$SUNSHINE_HOME/calendar/``) that operators add when a new notice appears.  A YAML year
overrides the library for that year, so a wrong library release can be corrected without code.

A date in a year nobody has loaded raises :class:`CalendarUnknown` — the service must fail
closed rather than guess Monday–Friday (reference/disclosure-rules.md §9.4).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

DATA_DIR = Path(__file__).parent / "data" / "calendar"


class CalendarUnknown(Exception):
    """The official calendar for this year has not been loaded; no deadline may be computed."""

    def __init__(self, year: int) -> None:
        super().__init__(f"no official working-day calendar loaded for year {year}")
        self.year = year


class Holiday(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    days_off: list[dt.date] = Field(min_length=1)
    makeup_workdays: list[dt.date] = Field(default_factory=list)


class CalendarYear(BaseModel):
    """One State Council holiday notice, transcribed."""

    model_config = ConfigDict(extra="forbid")
    schema_: str = Field(alias="schema", pattern=r"^sunshine\.calendar/1$")
    year: int = Field(ge=1990, le=2100)
    source: str = Field(min_length=4, description="the notice this was transcribed from")
    holidays: list[Holiday]

    @model_validator(mode="after")
    def _consistent(self) -> CalendarYear:
        off = [d for h in self.holidays for d in h.days_off]
        work = [d for h in self.holidays for d in h.makeup_workdays]
        for d in off + work:
            if d.year != self.year:
                raise ValueError(f"{d} is outside year {self.year}")
        if len(set(off)) != len(off) or len(set(work)) != len(work):
            raise ValueError("a date is listed twice")
        if set(off) & set(work):
            raise ValueError("a date is both a day off and a make-up working day")
        for d in work:
            if d.weekday() < 5:
                raise ValueError(f"make-up working day {d} is not a Saturday or Sunday")
        return self

    @property
    def days_off(self) -> set[dt.date]:
        return {d for h in self.holidays for d in h.days_off}

    @property
    def makeup_workdays(self) -> set[dt.date]:
        return {d for h in self.holidays for d in h.makeup_workdays}


def load_year_file(path: Path) -> CalendarYear:
    with path.open(encoding="utf-8") as fh:
        return CalendarYear.model_validate(yaml.safe_load(fh))


class WorkingDayCalendar:
    """Working days per the official notices; raises :class:`CalendarUnknown` outside them."""

    def __init__(self, years: Iterable[CalendarYear] = (), *, use_library: bool = True) -> None:
        self._off: dict[int, frozenset[dt.date]] = {}
        self._work: dict[int, frozenset[dt.date]] = {}
        self.sources: dict[int, str] = {}
        if use_library:
            self._load_library()
        for year in years:  # project data wins over the library for the same year
            self._off[year.year] = frozenset(year.days_off)
            self._work[year.year] = frozenset(year.makeup_workdays)
            self.sources[year.year] = year.source

    def _load_library(self) -> None:
        try:
            import chinese_calendar
        except ImportError:  # pragma: no cover - dependency is in pyproject
            return
        off: dict[int, set[dt.date]] = {}
        work: dict[int, set[dt.date]] = {}
        for day in chinese_calendar.holidays:
            off.setdefault(day.year, set()).add(day)
        for day in chinese_calendar.workdays:
            work.setdefault(day.year, set()).add(day)
        for year in off:
            try:  # the library's own notion of which years it supports
                chinese_calendar.is_workday(dt.date(year, 6, 1))
            except NotImplementedError:
                continue
            self._off[year] = frozenset(off[year])
            self._work[year] = frozenset(work.get(year, set()))
            self.sources[year] = f"chinesecalendar {getattr(chinese_calendar, '__version__', '?')}"

    @property
    def years(self) -> list[int]:
        return sorted(self._off)

    def knows(self, day: dt.date) -> bool:
        return day.year in self._off

    def _check(self, day: dt.date) -> None:
        if day.year not in self._off:
            raise CalendarUnknown(day.year)

    def is_workday(self, day: dt.date) -> bool:
        self._check(day)
        if day in self._work[day.year]:
            return True  # 调休上班 counts (reference §9.4: the earlier, safer due date)
        return day.weekday() < 5 and day not in self._off[day.year]

    def is_holiday(self, day: dt.date) -> bool:
        """A statutory day off (not merely a weekend)."""
        self._check(day)
        return day in self._off[day.year]

    def next_workday(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The last day of a period of ``n`` working days starting on ``start``.

        公安机关办理行政案件程序规定 art. 35: the starting day is not counted; counting only
        working days means the result is itself a working day, so a period can never end on a
        holiday (the art. 35 "moves to the next working day" rule is built in).
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            return self.next_workday(start)
        day, counted = start, 0
        while counted < n:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def add_calendar_days(self, start: dt.date, n: int) -> dt.date:
        """Art. 35 for periods in calendar days: start not counted; a last day off moves on."""
        return self.next_workday(start + dt.timedelta(days=n))

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in the half-open interval (a, b]; negative when b is before a."""
        if b < a:
            return -self.working_days_between(b, a)
        count, day = 0, a
        while day < b:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count


def calendar_dirs() -> list[Path]:
    dirs = [DATA_DIR]
    try:
        from sunshine.settings import get_settings

        dirs.append(Path(get_settings().home) / "calendar")
    except Exception:  # settings are optional for library use of the calendar
        pass
    return dirs


def load_calendar(dirs: Iterable[Path] | None = None, *, use_library: bool = True) -> WorkingDayCalendar:
    years: dict[int, CalendarYear] = {}
    for directory in calendar_dirs() if dirs is None else dirs:
        if directory.is_dir():
            for path in sorted(directory.glob("*.yaml")):
                year = load_year_file(path)
                years[year.year] = year  # later directories (operator's) override
    return WorkingDayCalendar(years.values(), use_library=use_library)


@lru_cache(maxsize=1)
def get_calendar() -> WorkingDayCalendar:
    return load_calendar()


def reset_calendar_cache() -> None:
    get_calendar.cache_clear()
