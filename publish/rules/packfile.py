"""Rule packs: versioned YAML data, validated at load.

A pack holds *what the law says* (rules, citations, effective dates, periods); the engine in
:mod:`publish.rules.engine` holds only the handful of tests a rule may name.  Changing a period or
adding a provincial pack is therefore a data change that ``sunshine rules reapply`` can act on.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from sunshine.schema import EventKind, LawArea, PenaltyKind

PACK_DIR = Path(__file__).parent / "packs"

ReasonCode = Literal[
    "MINOR",
    "STATE_SECRET",
    "POLICE_SECRET",
    "PRIVACY_MAIN_FACTS",
    "SECURITY_RISK",
    "CRIMINAL_TRANSFER",
    "PUBLIC_ORDER_SEALED",
    "SUMMARY_PROCEDURE",
    "WARNING_ONLY",
    "WITHDRAWN",
    "EXPIRED",
    "CALENDAR_UNKNOWN",
]
REASON_CODES: tuple[str, ...] = ReasonCode.__args__  # type: ignore[attr-defined]

SourceStatus = Literal["confirmed-primary", "confirmed-secondary", "partial", "unconfirmed", "policy"]
Severity = Literal["minor", "general", "serious"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# -- the tests a withholding rule may name ------------------------------------------------------
class PenalisedMinor(_Strict):
    test: Literal["penalised_minor"]


class FlagSet(_Strict):
    test: Literal["flag"]
    flag: Literal["state_secret", "police_secret", "privacy_main_facts", "security_risk", "criminal_transfer"]


class LawAreaIs(_Strict):
    """Matches the (given or derived) law area, or any legal basis citing one of ``laws``."""

    test: Literal["law_area"]
    areas: list[LawArea] = Field(min_length=1)
    laws: list[str] = Field(default_factory=list, description="substrings of a cited law's title")


class ProcedureIs(_Strict):
    test: Literal["procedure"]
    procedure: Literal["general", "summary"]


class PenaltiesOnly(_Strict):
    test: Literal["penalties_only"]
    kinds: list[PenaltyKind] = Field(min_length=1)


class EventSeen(_Strict):
    test: Literal["event"]
    kinds: list[EventKind] = Field(min_length=1)


class DisplayExpired(_Strict):
    test: Literal["display_expired"]


Condition = Annotated[
    PenalisedMinor | FlagSet | LawAreaIs | ProcedureIs | PenaltiesOnly | EventSeen | DisplayExpired,
    Field(discriminator="test"),
]


class Dated(_Strict):
    effective_from: dt.date
    effective_to: dt.date | None = None
    citation: str = Field(min_length=4)
    source_status: SourceStatus
    note: str | None = None

    @model_validator(mode="after")
    def _range(self) -> Dated:
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        return self

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


class WithholdRule(Dated):
    id: str = Field(pattern=r"^[A-Z0-9][A-Z0-9-]+$")
    code: ReasonCode
    when: Condition
    judged_on: Literal["decision_date", "assessment_date"] = Field(
        description="which date must fall in the effective range: the decision's, or the day we publish"
    )
    message: str = Field(min_length=2)


class PublishDeadline(Dated):
    id: str = Field(pattern=r"^[A-Z0-9][A-Z0-9-]+$")
    working_days: int = Field(ge=0, le=60)


class WithdrawDeadline(Dated):
    id: str = Field(pattern=r"^[A-Z0-9][A-Z0-9-]+$")
    on_events: list[EventKind] = Field(min_length=1)
    working_days: int = Field(ge=0, le=60, description="0 = immediately (the event date itself)")


class DisplayPeriod(Dated):
    """Maximum display, in months from the decision date, per severity class (None = not shown)."""

    id: str = Field(pattern=r"^[A-Z0-9][A-Z0-9-]+$")
    max_months: dict[Severity, int] = Field(min_length=1)


class SeverityScheme(Dated):
    serious_kinds: list[PenaltyKind]
    minor_only_kinds: list[PenaltyKind]
    summary_is_minor: bool = True
    serious_fine_yuan: float | None = None


class LawAreaPattern(_Strict):
    area: LawArea
    patterns: list[str] = Field(min_length=1, description="substrings of the cited law's title")


class Scope(_Strict):
    level: Literal["national", "provincial"]
    region_prefix: str | None = Field(default=None, pattern=r"^\d{2,6}$")

    @model_validator(mode="after")
    def _provincial_has_prefix(self) -> Scope:
        if self.level == "provincial" and not self.region_prefix:
            raise ValueError("a provincial pack needs region_prefix")
        return self


class RulePack(_Strict):
    schema_: Literal["sunshine.rulepack/1"] = Field(alias="schema")
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    version: str = Field(pattern=r"^\d{4}\.\d+\.\d+$")
    title: str
    scope: Scope
    notes: str | None = None
    withhold: list[WithholdRule] = Field(default_factory=list)
    publish_deadlines: list[PublishDeadline] = Field(default_factory=list)
    withdraw_deadlines: list[WithdrawDeadline] = Field(default_factory=list)
    display_periods: list[DisplayPeriod] = Field(default_factory=list)
    severity: list[SeverityScheme] = Field(default_factory=list)
    law_areas: list[LawAreaPattern] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> RulePack:
        ids = [
            r.id
            for group in (
                self.withhold,
                self.publish_deadlines,
                self.withdraw_deadlines,
                self.display_periods,
            )
            for r in group
        ]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValueError(f"duplicate rule ids: {sorted(dupes)}")
        return self

    @property
    def label(self) -> str:
        return f"{self.id}@{self.version}"

    def applies_to(self, region_code: str | None) -> bool:
        if self.scope.level == "national":
            return True
        if region_code:
            return region_code.startswith(self.scope.region_prefix or "")
        return True  # region unknown: apply every provincial pack (strictest, fail closed)


def load_pack(path: Path) -> RulePack:
    with path.open(encoding="utf-8") as fh:
        return RulePack.model_validate(yaml.safe_load(fh))


def load_packs(directory: Path = PACK_DIR) -> list[RulePack]:
    packs = [load_pack(p) for p in sorted(directory.glob("*.yaml"))]
    if not any(p.scope.level == "national" for p in packs):
        raise ValueError(f"no national rule pack in {directory}")
    ids = [p.id for p in packs]
    if len(set(ids)) != len(ids):
        raise ValueError("two packs share an id")
    return packs


@lru_cache(maxsize=1)
def get_packs() -> tuple[RulePack, ...]:
    return tuple(load_packs())


def reset_pack_cache() -> None:
    get_packs.cache_clear()
