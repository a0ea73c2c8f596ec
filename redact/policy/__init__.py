"""The masking policy: YAML data validated at load, never code."""

from __future__ import annotations

import functools
from enum import StrEnum
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

KNOWN_ENTITIES = frozenset(
    {
        "PERSON", "CN_RESIDENT_ID", "ID_DOCUMENT", "PASSPORT", "CN_TRAVEL_PERMIT", "PHONE_NUMBER",
        "BANK_ACCOUNT", "EMAIL_ADDRESS", "IM_ACCOUNT", "VEHICLE_PLATE", "PROPERTY_CERT", "BIRTH_DATE",
        "ADDRESS",
    }
)  # fmt: skip


class Action(StrEnum):
    keep = "keep"
    delete = "delete"
    cross = "cross"
    fixed = "fixed"
    pseudonym = "pseudonym"
    year_only = "year_only"
    plate = "plate"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EntityRule(_Strict):
    action: Action
    threshold: float | None = Field(default=None, ge=0, le=1)
    text: str | None = None

    @model_validator(mode="after")
    def _fixed_has_text(self) -> EntityRule:
        if self.action is Action.fixed and not self.text:
            raise ValueError("action 'fixed' needs 'text'")
        return self


class PseudonymRule(_Strict):
    marker: str = Field(default="某", min_length=1, max_length=2)
    collision_suffixes: list[str] = Field(min_length=2)


class Policy(_Strict):
    version: int = Field(ge=1, le=1)
    default_threshold: float = Field(ge=0, le=1)
    cross_char: str = Field(min_length=1, max_length=1)
    pseudonym: PseudonymRule
    entities: dict[str, EntityRule]
    roles: dict[str, dict[str, Action]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _complete(self) -> Policy:
        unknown = set(self.entities) - KNOWN_ENTITIES
        if unknown:
            raise ValueError(f"unknown entity types: {sorted(unknown)}")
        missing = KNOWN_ENTITIES - set(self.entities)
        if missing:
            raise ValueError(f"policy has no rule for: {sorted(missing)}")
        for role, rules in self.roles.items():
            bad = set(rules) - KNOWN_ENTITIES
            if bad:
                raise ValueError(f"role {role!r} names unknown entity types: {sorted(bad)}")
        return self

    def threshold(self, entity: str) -> float:
        rule = self.entities.get(entity)
        if rule is not None and rule.threshold is not None:
            return rule.threshold
        return self.default_threshold

    def action(self, entity: str, role: str = "") -> Action:
        override = self.roles.get(role, {}).get(entity)
        if override is not None:
            return override
        rule = self.entities.get(entity)
        return rule.action if rule is not None else Action.cross


def load_policy(path: Path | None = None) -> Policy:
    if path is None:
        return default_policy()
    return Policy.model_validate(yaml.safe_load(Path(path).read_text(encoding="utf-8")))


@functools.cache
def default_policy() -> Policy:
    raw = resources.files("redact").joinpath("policy/default.yaml").read_text(encoding="utf-8")
    return Policy.model_validate(yaml.safe_load(raw))
