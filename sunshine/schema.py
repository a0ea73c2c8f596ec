"""The decision interchange schema, version 1 (``sunshine.decision/1``).

Connectors, the file drop and ``sunshine assess`` all speak this format, so it is validated
strictly: an impossible date or an unknown penalty kind must be refused at the door with an
error that names the field, not discovered later by the rules engine.  Error messages never
echo field *values* (they may be ID numbers or names); see :func:`describe_errors`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

SCHEMA_ID = "sunshine.decision/1"


class Procedure(StrEnum):
    general = "general"
    summary = "summary"


class LawArea(StrEnum):
    public_order = "public_order"
    traffic = "traffic"
    fire = "fire"
    exit_entry = "exit_entry"
    cyber = "cyber"
    firearms = "firearms"
    other = "other"


class PenaltyKind(StrEnum):
    warning = "warning"
    criticism = "criticism"
    fine = "fine"
    confiscation = "confiscation"
    license_suspension = "license_suspension"
    license_revocation = "license_revocation"
    qualification_downgrade = "qualification_downgrade"
    business_restriction = "business_restriction"
    detention = "detention"
    deportation = "deportation"
    other = "other"


class PartyKind(StrEnum):
    natural_person = "natural_person"
    legal_person = "legal_person"
    individual_business = "individual_business"


class EventKind(StrEnum):
    changed = "changed"
    revoked = "revoked"
    confirmed_illegal = "confirmed_illegal"
    confirmed_invalid = "confirmed_invalid"
    credit_repaired = "credit_repaired"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=False)


class Authority(_Model):
    name: str = Field(min_length=2, max_length=200)
    uscc: str | None = Field(default=None, pattern=r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
    region_code: str | None = Field(default=None, pattern=r"^\d{6}$")


class Penalty(_Model):
    kind: PenaltyKind
    amount_yuan: float | None = Field(default=None, ge=0)
    days: int | None = Field(default=None, ge=0, le=3650)
    description: str | None = None

    @model_validator(mode="after")
    def _fine_has_amount(self) -> Penalty:
        if self.kind is PenaltyKind.fine and self.amount_yuan is None:
            raise ValueError("a fine needs amount_yuan")
        if self.kind is PenaltyKind.detention and self.days is None:
            raise ValueError("detention needs days")
        return self


class Party(_Model):
    role: str = Field(default="penalised", min_length=1, max_length=40)
    kind: PartyKind
    name: str = Field(min_length=1, max_length=200)
    birth_date: dt.date | None = None
    age: int | None = Field(default=None, ge=0, le=130)
    gender: str | None = None
    id_type: str | None = None
    id_number: str | None = Field(default=None, max_length=64)
    address: str | None = None
    phone: str | None = None
    uscc: str | None = None
    legal_representative: str | None = None


class Flags(_Model):
    state_secret: bool = False
    police_secret: bool = False
    privacy_main_facts: bool = False
    security_risk: bool = False
    criminal_transfer: bool = False


class Event(_Model):
    kind: EventKind
    date: dt.date
    reason: str | None = None


class Decision(_Model):
    """One administrative penalty decision as a case system hands it over."""

    schema_: Literal["sunshine.decision/1"] = Field(alias="schema")
    source: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.:-]+$")
    external_id: str = Field(min_length=1, max_length=200)
    version: int = Field(default=1, ge=1)
    document_number: str = Field(min_length=1, max_length=200)
    authority: Authority
    decision_date: dt.date
    violation_date: dt.date | None = None
    procedure: Procedure = Procedure.general
    legal_basis: list[str] = Field(default_factory=list)
    law_area: LawArea | None = None
    penalties: list[Penalty] = Field(min_length=1)
    parties: list[Party] = Field(min_length=1)
    flags: Flags = Field(default_factory=Flags)
    events: list[Event] = Field(default_factory=list)
    text: str = Field(min_length=20)

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)

    @field_validator("decision_date", "violation_date")
    @classmethod
    def _plausible_date(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and not (dt.date(1990, 1, 1) <= value <= dt.date(2100, 12, 31)):
            raise ValueError("date outside 1990-01-01..2100-12-31")
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> Decision:
        if self.violation_date and self.violation_date > self.decision_date:
            raise ValueError("violation_date is after decision_date")
        for party in self.parties:
            if party.birth_date and party.birth_date > self.decision_date:
                raise ValueError("a party's birth_date is after decision_date")
        for event in self.events:
            if event.date < self.decision_date:
                raise ValueError("an event is dated before decision_date")
        return self

    # -- helpers used by every stage -------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)

    def content_hash(self) -> str:
        """Hash of the content, independent of key order, for idempotent ingestion."""
        body = json.dumps(self.to_json(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(body.encode("utf-8")).hexdigest()

    def fine_total(self) -> float:
        return sum(p.amount_yuan or 0 for p in self.penalties if p.kind is PenaltyKind.fine)

    def penalty_kinds(self) -> list[str]:
        return sorted({p.kind.value for p in self.penalties})

    def party_kinds(self) -> list[str]:
        return sorted({p.kind.value for p in self.parties})


def describe_errors(exc: ValidationError) -> str:
    """A readable, secret-free summary: field paths and messages, never the input values."""
    parts = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = ".".join(str(x) for x in err["loc"]) or "(document)"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


def parse_decision(data: Any) -> Decision:
    """Validate a decoded JSON document; raises ``ValidationError``."""
    return Decision.model_validate(data)
