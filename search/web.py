"""Pieces shared by the JSON API, the Atom feed and the citizen pages.

* one parser from query-string parameters to :class:`SearchQuery`, so the page URL, the API
  URL and the feed URL take the same filters (users refine in the UI and copy the URL);
* per-client rate limiting with the ``limits`` library (what slowapi wraps), as a router
  dependency so it works without app-level wiring;
* ETag / Cache-Control with conditional GET;
* the backend dependency, overridable in tests and by the app.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request, Response
from pydantic import ValidationError

from search.backend import SearchBackend, get_backend
from search.query import SearchQuery, SortMode

LAW_AREAS = {
    "public_order": "治安管理",
    "traffic": "道路交通",
    "fire": "消防",
    "exit_entry": "出入境",
    "cyber": "网络安全",
    "firearms": "枪支管理",
    "other": "其他",
}
PENALTY_KINDS = {
    "warning": "警告",
    "criticism": "通报批评",
    "fine": "罚款",
    "confiscation": "没收",
    "license_suspension": "暂扣许可证件",
    "license_revocation": "吊销许可证件",
    "qualification_downgrade": "降低资质等级",
    "business_restriction": "限制生产经营",
    "detention": "行政拘留",
    "deportation": "驱逐出境",
    "other": "其他",
}
PARTY_KINDS = {
    "natural_person": "自然人",
    "legal_person": "法人或其他组织",
    "individual_business": "个体工商户",
}
SEVERITIES = {"minor": "轻微", "general": "一般", "serious": "严重"}
FINE_LABELS = {
    "0": "无罚款",
    "0-500": "500元以下",
    "500-2000": "500–2000元",
    "2000-10000": "2000–10000元",
    "10000-": "10000元以上",
}
STATE_LABELS = {"withdrawn": "已撤回", "expired": "公示期满", "superseded": "已被新决定取代"}
SORT_LABELS = {
    "relevance": "相关度",
    "date": "决定日期（新→旧）",
    "date_asc": "决定日期（旧→新）",
    "published": "公示时间",
}


def search_backend(request: Request) -> SearchBackend:
    """``app.state.search_backend`` when the app set one, else the configured backend."""
    backend = getattr(request.app.state, "search_backend", None)
    return backend if backend is not None else get_backend()


BackendDep = Annotated[SearchBackend, Depends(search_backend)]


def search_query(
    q: Annotated[
        str, Query(max_length=200, description='terms are ANDed; "quoted phrase"; -term excludes')
    ] = "",
    authority: Annotated[list[str] | None, Query(description="执法机关, repeatable")] = None,
    region: Annotated[
        list[str] | None, Query(description="region code prefix (2/4/6 digits), repeatable")
    ] = None,
    law_area: Annotated[list[str] | None, Query()] = None,
    penalty_kind: Annotated[list[str] | None, Query()] = None,
    party_kind: Annotated[list[str] | None, Query()] = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    fine_min: Annotated[float | None, Query(ge=0)] = None,
    fine_max: Annotated[float | None, Query(ge=0)] = None,
    sort: SortMode = "relevance",
    size: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
    facets: bool = True,
    highlight: bool = True,
) -> SearchQuery:
    try:
        return SearchQuery(
            q=q.strip(),
            authority=[a for a in authority or [] if a],
            region=[r for r in region or [] if r],
            law_area=[v for v in law_area or [] if v],
            penalty_kind=[v for v in penalty_kind or [] if v],
            party_kind=[v for v in party_kind or [] if v],
            date_from=date_from,
            date_to=date_to,
            fine_min=fine_min,
            fine_max=fine_max,
            sort=sort,
            size=size,
            cursor=cursor or None,
            facets=facets,
            highlight=highlight,
        )
    except ValidationError as exc:
        msg = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_input=False)
        )
        raise HTTPException(status_code=422, detail=msg) from exc


QueryDep = Annotated[SearchQuery, Depends(search_query)]


# -- rate limiting ----------------------------------------------------------------------------
@lru_cache(maxsize=8)
def _limiter(spec: str) -> tuple[Any, Any]:
    from limits import parse
    from limits.storage import MemoryStorage
    from limits.strategies import MovingWindowRateLimiter

    return MovingWindowRateLimiter(MemoryStorage()), parse(spec)


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def rate_limit(request: Request) -> None:
    """Per-client limit from ``settings.rate_limit`` (e.g. ``120/minute``); 429 with Retry-After."""
    from sunshine.settings import get_settings

    spec = get_settings().rate_limit
    if not spec:
        return
    limiter, item = _limiter(spec)
    key = client_key(request)
    if not limiter.hit(item, "public", key):
        stats = limiter.get_window_stats(item, "public", key)
        retry = max(1, int(stats.reset_time - dt.datetime.now(dt.UTC).timestamp()) + 1)
        raise HTTPException(
            status_code=429,
            detail=f"rate limit {spec} exceeded",
            headers={"Retry-After": str(retry)},
        )


def reset_rate_limits() -> None:
    _limiter.cache_clear()


# -- caching ----------------------------------------------------------------------------------
def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def conditional(
    request: Request, body: bytes, media_type: str, *, max_age: int, status: int = 200
) -> Response:
    """A response with ETag and Cache-Control; 304 when the client already has this body."""
    tag = etag_for(body)
    headers = {"ETag": tag, "Cache-Control": f"public, max-age={max_age}", "Vary": "Accept-Encoding"}
    inm = request.headers.get("if-none-match")
    if inm and status == 200 and (inm.strip() == "*" or tag in [t.strip() for t in inm.split(",")]):
        return Response(status_code=304, headers=headers)
    return Response(content=body, status_code=status, media_type=media_type, headers=headers)
