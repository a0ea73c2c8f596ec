"""The only shape of a decision that may reach the public index.

Why a separate model: the index, API, pages and feeds must be *unable* to carry party names,
ID numbers or raw text.  ``PublicDecision`` has no field for them (``extra="forbid"``), and the
only text it holds is the approved masked text.  Building it from a ``DecisionRow`` reads only
clear, publishable columns.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from sunshine.models.core import DecisionRow


class PublicDecision(BaseModel):
    """ONLY masked, approved, public data."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, max_length=64)
    document_number: str
    title: str
    authority: str
    region_code: str | None = None
    law_area: str | None = None
    penalty_kinds: list[str] = Field(default_factory=list)
    party_kinds: list[str] = Field(default_factory=list)
    decision_date: dt.date
    fine_total: float = 0.0
    legal_basis: list[str] = Field(default_factory=list)
    masked_text: str
    published_at: dt.datetime
    display_until: dt.date | None = None
    severity: str | None = None

    def summary(self) -> dict[str, Any]:
        """Metadata without the text, for result lists."""
        return self.model_dump(mode="json", exclude={"masked_text"})


def default_title(authority: str, document_number: str) -> str:
    return f"{authority}行政处罚决定书（{document_number}）"


def public_decision_from_row(row: DecisionRow) -> PublicDecision:
    """Build the public document from a published row's clear columns.

    Raises ``ValueError`` when the row has no approved masked text: indexing must never fall
    back to anything else.
    """
    if not row.masked_text:
        raise ValueError(f"decision {row.id} has no approved masked text")
    published = row.published_at or row.updated_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return PublicDecision(
        id=row.id,
        document_number=row.document_number,
        title=default_title(row.authority_name, row.document_number),
        authority=row.authority_name,
        region_code=row.region_code,
        law_area=row.law_area,
        penalty_kinds=list(row.penalty_kinds or []),
        party_kinds=list(row.party_kinds or []),
        decision_date=row.decision_date,
        fine_total=float(row.fine_total or 0.0),
        legal_basis=list(row.legal_basis or []),
        masked_text=row.masked_text,
        published_at=published,
        display_until=row.display_until,
        severity=row.severity,
    )
