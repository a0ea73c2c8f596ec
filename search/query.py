"""Backend-neutral request and response shapes, and the opaque cursor.

The cursor carries the sort key of the last hit (keyset paging, like Elasticsearch's
``search_after``) plus a fingerprint of the query, so a cursor replayed against a different
query is refused instead of silently returning an unrelated page.
"""

from __future__ import annotations

import base64
import calendar
import datetime as dt
import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from search.documents import PublicDecision

SortMode = Literal["relevance", "date", "date_asc", "published"]

FACET_FIELDS: tuple[str, ...] = (
    "authority",
    "region_code",
    "law_area",
    "penalty_kinds",
    "party_kinds",
    "year",
)
FINE_RANGES: tuple[tuple[str, float | None, float | None], ...] = (
    ("0", None, 0.01),
    ("0-500", 0.01, 500.0),
    ("500-2000", 500.0, 2000.0),
    ("2000-10000", 2000.0, 10000.0),
    ("10000-", 10000.0, None),
)
MAX_SIZE = 100


class InvalidCursor(ValueError):
    """The cursor is malformed, from another query, or from another sort order."""


class SearchQuery(BaseModel):
    """Filters within one list are ORed; different filters are ANDed."""

    model_config = ConfigDict(extra="forbid")

    q: str = Field(default="", max_length=200)
    authority: list[str] = Field(default_factory=list)
    region: list[str] = Field(default_factory=list, description="2, 4 or 6 digit region code prefix")
    law_area: list[str] = Field(default_factory=list)
    penalty_kind: list[str] = Field(default_factory=list)
    party_kind: list[str] = Field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    fine_min: float | None = Field(default=None, ge=0)
    fine_max: float | None = Field(default=None, ge=0)
    sort: SortMode = "relevance"
    size: int = Field(default=20, ge=1, le=MAX_SIZE)
    cursor: str | None = None
    facets: bool = True
    highlight: bool = True

    @field_validator("region")
    @classmethod
    def _region_prefix(cls, value: list[str]) -> list[str]:
        for code in value:
            if not (code.isdigit() and len(code) in (2, 4, 6)):
                raise ValueError("region must be a 2, 4 or 6 digit code")
        return value

    def effective_sort(self) -> SortMode:
        from search.analysis import parse_query

        if self.sort == "relevance" and parse_query(self.q).empty:
            return "date"
        return self.sort

    def fingerprint(self) -> str:
        body = self.model_dump(mode="json", exclude={"cursor", "size", "facets", "highlight"})
        raw = json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(raw).hexdigest()[:16]


class FacetBucket(BaseModel):
    value: str
    count: int


class SearchHit(BaseModel):
    decision: PublicDecision
    score: float | None = None
    highlight: str | None = Field(default=None, description="escaped HTML; matches wrapped in <mark>")


class SearchPage(BaseModel):
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetBucket]] = Field(default_factory=dict)
    next_cursor: str | None = None
    took_ms: float | None = None


def encode_cursor(query: SearchQuery, sort: SortMode, after: list[Any], seen: int) -> str:
    body = {"v": 1, "f": query.fingerprint(), "s": sort, "a": after, "n": seen}
    raw = json.dumps(body, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(query: SearchQuery, sort: SortMode) -> tuple[list[Any], int] | None:
    """Returns ``(search_after values, hits already returned)`` or None for the first page."""
    if not query.cursor:
        return None
    try:
        pad = "=" * (-len(query.cursor) % 4)
        body = json.loads(base64.urlsafe_b64decode(query.cursor + pad))
        after, seen = body["a"], int(body["n"])
        ok = body["v"] == 1 and body["f"] == query.fingerprint() and body["s"] == sort
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidCursor("malformed cursor") from exc
    if not ok or not isinstance(after, list):
        raise InvalidCursor("cursor belongs to another query or sort order")
    return after, seen


def region_levels(code: str | None) -> list[str]:
    """331002 → ["33", "3310", "331002"], so a filter on any level is one term lookup."""
    if not code:
        return []
    return [code[:2], code[:4], code] if len(code) == 6 else [code]


def sort_key(decision_date: dt.date, doc_id: str) -> int:
    """A unique-in-practice, deterministic i64 ordering key: date, then a 47-bit id hash.

    Keyset paging needs a total order; tantivy sorts by one fast field, so date and the id
    tie-breaker are packed into one integer (days since 1970 fit in 16 bits).
    """
    days = (decision_date - dt.date(1970, 1, 1)).days
    h = int.from_bytes(hashlib.blake2b(doc_id.encode(), digest_size=8).digest(), "big") >> 17
    return (days << 47) | h


def published_key(published_at: dt.datetime, doc_id: str) -> int:
    secs = calendar.timegm(published_at.utctimetuple())  # naive datetimes are UTC throughout Sunshine
    h = int.from_bytes(hashlib.blake2b(doc_id.encode(), digest_size=4).digest(), "big") >> 2
    return (secs << 30) | h
