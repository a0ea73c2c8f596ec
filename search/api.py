"""Public JSON API and Atom feed: only masked, approved, published decisions.

``GET /api/v1/decisions`` takes the same parameters as the citizen search page, so a query can
be refined in the UI and its URL reused.  Responses carry ETag and Cache-Control and honour
If-None-Match; every route is rate limited per client.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from search.feeds import build_atom
from search.notices import lookup_state
from search.query import FacetBucket, InvalidCursor, SearchPage, SearchQuery
from search.web import BackendDep, QueryDep, conditional, rate_limit

try:  # the kernel's request-scoped session; tests and the app may override it
    from sunshine.db import get_session
except ImportError:  # pragma: no cover - kernel not assembled yet

    def get_session() -> Any:  # type: ignore[misc]
        yield None


SessionDep = Annotated[Session, Depends(get_session)]

router = APIRouter(tags=["public search"], dependencies=[Depends(rate_limit)])

SEARCH_MAX_AGE = 60
DECISION_MAX_AGE = 300
GONE_MAX_AGE = 300
FEED_MAX_AGE = 300


class _PublicDecisionFields(BaseModel):
    """What every public representation of a decision carries: masked, approved data only."""

    id: str
    document_number: str
    title: str
    authority: str
    region_code: str | None
    law_area: str | None
    penalty_kinds: list[str]
    party_kinds: list[str]
    decision_date: str
    fine_total: float
    legal_basis: list[str]
    published_at: str
    display_until: str | None = None
    severity: str | None
    url: str


class DecisionSummary(_PublicDecisionFields):
    score: float | None = None
    highlight: str | None = None
    api_url: str


class SearchResponse(BaseModel):
    total: int
    count: int
    results: list[DecisionSummary]
    facets: dict[str, list[FacetBucket]]
    next_cursor: str | None
    next: str | None


class DecisionResponse(_PublicDecisionFields):
    masked_text: str


class GoneResponse(BaseModel):
    id: str
    state: str
    reason: str
    document_number: str
    authority: str
    decision_date: str
    withdrawn_at: str | None
    superseded_by: str | None
    legal_basis_for_notice: str = "《中华人民共和国行政处罚法》第四十八条"


def run_search(backend: Any, query: SearchQuery) -> SearchPage:
    try:
        return backend.search(query)  # type: ignore[no-any-return]
    except InvalidCursor as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc


def _dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


@router.get(
    "/api/v1/decisions",
    response_model=SearchResponse,
    summary="Search published decisions",
    responses={304: {"description": "not modified (If-None-Match)"}, 429: {"description": "rate limited"}},
)
def search_decisions(request: Request, query: QueryDep, backend: BackendDep) -> Response:
    page = run_search(backend, query)
    results = []
    for hit in page.hits:
        d = hit.decision
        item = d.summary()
        item.update(
            score=hit.score,
            highlight=hit.highlight,
            url=f"/decisions/{d.id}",
            api_url=f"/api/v1/decisions/{d.id}",
        )
        results.append(item)
    next_url = str(request.url.include_query_params(cursor=page.next_cursor)) if page.next_cursor else None
    body = {
        "total": page.total,
        "count": len(results),
        "results": results,
        "facets": {k: [b.model_dump() for b in v] for k, v in page.facets.items()},
        "next_cursor": page.next_cursor,
        "next": next_url,
    }
    return conditional(request, _dumps(body), "application/json", max_age=SEARCH_MAX_AGE)


@router.get(
    "/api/v1/decisions/{decision_id}",
    response_model=DecisionResponse,
    summary="One published decision: masked text, metadata and 公示截止期 (display_until)",
    responses={
        404: {"description": "unknown or never published"},
        410: {"model": GoneResponse, "description": "withdrawn, expired or superseded; the stated reason"},
    },
)
def get_decision(
    request: Request,
    backend: BackendDep,
    session: SessionDep,
    decision_id: Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")],
) -> Response:
    state, notice = lookup_state(session, decision_id)
    if notice is not None:
        gone = GoneResponse(
            **notice.model_dump(mode="json", exclude={"decision_date", "withdrawn_at"}),
            decision_date=notice.decision_date.isoformat(),
            withdrawn_at=notice.withdrawn_at.isoformat() if notice.withdrawn_at else None,
        )
        return conditional(
            request, _dumps(gone.model_dump()), "application/json", max_age=GONE_MAX_AGE, status=410
        )
    if state is not None and state != "published":
        raise HTTPException(status_code=404, detail="not found")
    doc = backend.get(decision_id)
    if doc is None:
        raise HTTPException(status_code=404, detail="not found")
    body = doc.model_dump(mode="json")
    body["url"] = f"/decisions/{doc.id}"
    return conditional(request, _dumps(body), "application/json", max_age=DECISION_MAX_AGE)


@router.get(
    "/feeds/decisions.atom",
    summary="Atom feed of newly published decisions; accepts the search filters",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}}},
)
def decisions_feed(request: Request, query: QueryDep, backend: BackendDep) -> Response:
    from sunshine.settings import get_settings

    feed_query = query.model_copy(
        update={
            "sort": "published",
            "facets": False,
            "highlight": False,
            "cursor": None,
            "size": min(query.size, 100),
        }
    )
    if "size" not in request.query_params:
        feed_query = feed_query.model_copy(update={"size": 50})
    page = run_search(backend, feed_query)
    body = build_atom(page, base_url=get_settings().base_url, self_url=str(request.url))
    return conditional(request, body, "application/atom+xml; charset=utf-8", max_age=FEED_MAX_AGE)
