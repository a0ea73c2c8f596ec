"""Citizen pages (Chinese, server-rendered, no JavaScript needed).

Every value shown comes from ``PublicDecision`` or a withdrawal notice, and Jinja2 escapes all
of it; the only raw HTML is the highlighter's output, which escapes the text itself and adds
nothing but ``<mark>``.  Facets are plain links, paging is a "next page" link with the cursor.
"""

from __future__ import annotations

from pathlib import Path as FsPath
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from search.api import SessionDep, run_search
from search.notices import lookup_state
from search.query import SearchQuery
from search.web import (
    FINE_LABELS,
    LAW_AREAS,
    PARTY_KINDS,
    PENALTY_KINDS,
    SEVERITIES,
    SORT_LABELS,
    STATE_LABELS,
    BackendDep,
    QueryDep,
    conditional,
    rate_limit,
)

TEMPLATES = FsPath(__file__).parent / "templates"
env = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(enabled_extensions=("html", "xml"), default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
router = APIRouter(tags=["citizen pages"], include_in_schema=False, dependencies=[Depends(rate_limit)])

FACET_TITLES = {
    "law_area": ("违法类型", "law_area", LAW_AREAS),
    "penalty_kinds": ("处罚种类", "penalty_kind", PENALTY_KINDS),
    "party_kinds": ("当事人类型", "party_kind", PARTY_KINDS),
    "authority": ("执法机关", "authority", {}),
    "region_code": ("行政区划", "region", {}),
    "year": ("决定年份", None, {}),
    "fine": ("罚款金额", None, FINE_LABELS),
}
_LIST_PARAMS = ("authority", "region", "law_area", "penalty_kind", "party_kind")
_SCALAR_PARAMS = ("q", "date_from", "date_to", "fine_min", "fine_max", "sort")


def _params(query: SearchQuery) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name in _SCALAR_PARAMS:
        value = getattr(query, name)
        if value not in (None, "") and not (name == "sort" and value == "relevance"):
            out.append((name, str(value) if not isinstance(value, float) else f"{value:g}"))
    for name in _LIST_PARAMS:
        out.extend((name, v) for v in getattr(query, name))
    return out


def _url(params: list[tuple[str, str]]) -> str:
    return "/?" + urlencode(params) if params else "/"


def _toggle(query: SearchQuery, name: str, value: str) -> tuple[str, bool]:
    params = _params(query)
    pair = (name, value)
    active = pair in params
    return _url([p for p in params if p != pair] if active else [*params, pair]), active


def _year_range(query: SearchQuery, year: str) -> tuple[str, bool]:
    params = [p for p in _params(query) if p[0] not in ("date_from", "date_to")]
    active = (
        query.date_from is not None
        and query.date_to is not None
        and str(query.date_from) == f"{year}-01-01"
        and str(query.date_to) == f"{year}-12-31"
    )
    if active:
        return _url(params), True
    return _url([*params, ("date_from", f"{year}-01-01"), ("date_to", f"{year}-12-31")]), False


def _fine_range(query: SearchQuery, key: str) -> tuple[str, bool]:
    lo, _, hi = key.partition("-")
    params = [p for p in _params(query) if p[0] not in ("fine_min", "fine_max")]
    if key == "0":
        lo, hi = "0", "0"
    active = (f"{query.fine_min:g}" if query.fine_min is not None else "") == lo and (
        f"{query.fine_max:g}" if query.fine_max is not None else ""
    ) == hi
    if active:
        return _url(params), True
    new = [*params]
    if lo:
        new.append(("fine_min", lo))
    if hi:
        new.append(("fine_max", hi))
    return _url(new), False


def _facet_groups(query: SearchQuery, facets: dict[str, Any]) -> list[dict[str, Any]]:
    groups = []
    for key, (title, param, labels) in FACET_TITLES.items():
        buckets = facets.get(key) or []
        items = []
        for b in buckets:
            if key == "fine" and b.count == 0:
                continue
            if key == "year":
                href, active = _year_range(query, b.value)
            elif key == "fine":
                href, active = _fine_range(query, b.value)
            else:
                assert param is not None
                href, active = _toggle(query, param, b.value)
            items.append(
                {"label": labels.get(b.value, b.value), "count": b.count, "href": href, "active": active}
            )
        if items:
            groups.append({"title": title, "items": items[:12]})
    return groups


def render(name: str, **context: Any) -> str:
    return env.get_template(name).render(**context)


def _labels() -> dict[str, Any]:
    return {
        "law_areas": LAW_AREAS,
        "penalty_kinds": PENALTY_KINDS,
        "party_kinds": PARTY_KINDS,
        "severities": SEVERITIES,
        "sort_labels": SORT_LABELS,
        "state_labels": STATE_LABELS,
    }


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, query: QueryDep, backend: BackendDep) -> Response:
    page = run_search(backend, query.model_copy(update={"size": min(query.size, 50)}))
    params = _params(query)
    next_url = _url([*params, ("cursor", page.next_cursor)]) if page.next_cursor else None
    hits = [{"d": h.decision, "highlight": Markup(h.highlight) if h.highlight else None} for h in page.hits]
    html = render(
        "search.html",
        query=query,
        page=page,
        hits=hits,
        facet_groups=_facet_groups(query, page.facets),
        next_url=next_url,
        first_url=_url(params) if query.cursor else None,
        feed_url="/feeds/decisions.atom" + ("?" + urlencode(params) if params else ""),
        **_labels(),
    )
    return conditional(request, html.encode(), "text/html; charset=utf-8", max_age=60)


@router.get("/decisions/{decision_id}", response_class=HTMLResponse)
def decision_page(
    request: Request,
    backend: BackendDep,
    session: SessionDep,
    decision_id: Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")],
) -> Response:
    state, notice = lookup_state(session, decision_id)
    if notice is not None:
        html = render("withdrawn.html", notice=notice, **_labels())
        return conditional(request, html.encode(), "text/html; charset=utf-8", max_age=300, status=410)
    doc = backend.get(decision_id) if state in (None, "published") else None
    if doc is None:
        return HTMLResponse(render("not_found.html"), status_code=404)
    html = render("decision.html", d=doc, **_labels())
    return conditional(request, html.encode(), "text/html; charset=utf-8", max_age=300)
