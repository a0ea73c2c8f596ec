"""Per-source connector status for staff: an HTML page, JSON, quarantine retry, Prometheus metrics.

Staff only: origins are URLs and file paths (a file name may carry a party's name), so none of
this is public.  Authentication is the kernel's (:mod:`sunshine.auth`).  The Prometheus collector reads the run table at scrape time,
because runs happen in other processes (the worker, crawl subprocesses, the CLI).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from prometheus_client.core import REGISTRY, GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import select
from sqlalchemy.orm import Session

from connectors.state import COUNTERS, source_statuses
from sunshine import auth
from sunshine.db import get_session, session_factory
from sunshine.models.core import QuarantineItem

router = APIRouter(include_in_schema=False)
DbSession = Annotated[Session, Depends(get_session)]
STAFF_ROLES = ("reviewer", "approver", "admin")


async def _staff(request: Request, session: DbSession, *, ui: bool) -> Any:
    principal = auth.identify(request, session)
    if principal is None:
        if ui:
            return RedirectResponse("/review/login?next=/review/connectors", status_code=303)
        raise HTTPException(
            401,
            detail={"code": "unauthenticated", "message": "sign in or send a bearer token"},
            headers={"WWW-Authenticate": "Bearer"},
        )
    await auth.check_csrf(request, principal)
    if not principal.has_any(*STAFF_ROLES):
        raise HTTPException(403, detail={"code": "forbidden", "message": "staff only"})
    return principal


async def staff_api(request: Request, session: DbSession) -> Any:
    return await _staff(request, session, ui=False)


async def staff_ui(request: Request, session: DbSession) -> Any:
    return await _staff(request, session, ui=True)


def _quarantine(session: Session, include_resolved: bool = False) -> list[QuarantineItem]:
    query = select(QuarantineItem).order_by(QuarantineItem.at.desc()).limit(500)
    if not include_resolved:
        query = query.where(QuarantineItem.status == "open")
    return list(session.scalars(query))


def _item_json(item: QuarantineItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "at": item.at.isoformat() + "Z",
        "source": item.source,
        "origin": item.origin,
        "reason": item.reason,
        "status": item.status,
        "attempts": item.attempts,
        "media_type": item.media_type,
        "resolved_decision_id": item.resolved_decision_id,
    }


@router.get("/api/connectors/status")
def status_json(session: DbSession, _: Annotated[Any, Depends(staff_api)]) -> JSONResponse:
    return JSONResponse({"sources": [s.as_json() for s in source_statuses(session)]})


@router.get("/api/connectors/quarantine")
def quarantine_json(
    session: DbSession, _: Annotated[Any, Depends(staff_api)], all: bool = False
) -> JSONResponse:
    return JSONResponse({"items": [_item_json(i) for i in _quarantine(session, all)]})


@router.post("/api/connectors/quarantine/{item_id}/retry")
def quarantine_retry_json(item_id: str, _: Annotated[Any, Depends(staff_api)]) -> JSONResponse:
    from connectors.quarantine import retry

    ok, message = retry(session_factory(), item_id)
    return JSONResponse({"ok": ok, "message": message}, status_code=200 if ok else 409)


@router.post("/review/connectors/quarantine/{item_id}/retry")
def quarantine_retry_form(item_id: str, principal: Annotated[Any, Depends(staff_ui)]) -> Response:
    if isinstance(principal, Response):
        return principal
    from connectors.quarantine import retry

    ok, _message = retry(session_factory(), item_id)
    return RedirectResponse(f"/review/connectors?{'ok' if ok else 'failed'}={item_id[:12]}", status_code=303)


_CSS = (
    "body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:1rem 0}"
    "td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}.ok{color:#176617}.failed{color:#b00}"
    ".partial{color:#a60}.reason{max-width:40rem}"
)


@router.get("/review/connectors", response_class=HTMLResponse)
def status_page(
    request: Request, session: DbSession, principal: Annotated[Any, Depends(staff_ui)]
) -> Response:
    if isinstance(principal, Response):
        return principal
    rows = []
    for s in source_statuses(session):
        r = s.last_run
        counts = "".join(
            f"<td>{getattr(r, k) if r else '-'}</td>" for k in ("seen", "new", "changed", "quarantined")
        )
        last = f"{r.started_at:%Y-%m-%d %H:%M:%S}" if r else "never"
        status = f"<span class='{escape(r.status)}'>{escape(r.status)}</span>" if r else "-"
        error = f"<br><small>{escape(r.error)}</small>" if r and r.error else ""
        every = f"{s.scheduled_every:g}s" if s.scheduled_every else "manual"
        rows.append(
            f"<tr><td>{escape(s.source)}</td><td>{escape(s.kind)}</td><td>{escape(s.title)}</td><td>{last}</td>"
            f"<td>{status}{error}</td>{counts}<td>{s.open_quarantine}</td><td>{every}</td></tr>"
        )
    csrf = escape(getattr(principal, "csrf_token", ""))
    qrows = "".join(
        f"<tr><td><code>{i.id[:12]}</code></td><td>{i.at:%Y-%m-%d %H:%M}</td><td>{escape(i.source)}</td>"
        f"<td>{escape(i.origin)}</td><td class='reason'>{escape(i.reason)}</td><td>{i.attempts}</td>"
        f"<td><form method='post' action='/review/connectors/quarantine/{i.id}/retry'>"
        f"<input type='hidden' name='csrf_token' value='{csrf}'><button>重试 retry</button></form></td></tr>"
        for i in _quarantine(session)
    )
    flash = ""
    if "ok" in request.query_params:
        flash = f"<p class='ok'>retried {escape(request.query_params['ok'])}: ingested</p>"
    elif "failed" in request.query_params:
        flash = f"<p class='failed'>retried {escape(request.query_params['failed'])}: still rejected</p>"
    html = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>连接器状态 Connectors</title>
<style>{_CSS}</style></head><body><h1>连接器状态 · Connectors</h1>{flash}
<table id="sources"><tr><th>source</th><th>kind</th><th>title</th><th>last run</th><th>status</th><th>seen</th>
<th>new</th><th>changed</th><th>quarantined</th><th>open quarantine</th><th>schedule</th></tr>{"".join(rows)}</table>
<h2>隔离区 · Quarantine (open)</h2>
<table id="quarantine"><tr><th>id</th><th>when</th><th>source</th><th>origin</th><th>reason</th><th>tries</th><th></th></tr>
{qrows or "<tr><td colspan='7'>empty</td></tr>"}</table>
<p><a href="/review/queue">← review queue</a></p></body></html>"""
    response = HTMLResponse(html)
    response.headers["Cache-Control"] = "no-store"
    return response


class ConnectorCollector(Collector):
    """Per-source gauges from the last run, read from the database at scrape time."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            with session_factory()() as session:
                statuses = source_statuses(session)
        except Exception:  # no tables yet / database down: export nothing rather than fail /metrics
            return
        items = GaugeMetricFamily(
            "sunshine_connector_last_run_items",
            "Items in the source's last run, by outcome",
            labels=["source", "outcome"],
        )
        last = GaugeMetricFamily(
            "sunshine_connector_last_run_timestamp_seconds", "Start of the last run", labels=["source"]
        )
        ok = GaugeMetricFamily(
            "sunshine_connector_last_run_ok", "1 if the last run finished without error", labels=["source"]
        )
        runs = GaugeMetricFamily("sunshine_connector_runs", "Runs recorded", labels=["source"])
        quarantined = GaugeMetricFamily(
            "sunshine_connector_open_quarantine", "Open quarantine items", labels=["source"]
        )
        for s in statuses:
            runs.add_metric([s.source], s.runs)
            quarantined.add_metric([s.source], s.open_quarantine)
            r = s.last_run
            if r is None:
                continue
            last.add_metric([s.source], r.started_at.replace(tzinfo=dt.UTC).timestamp())
            ok.add_metric([s.source], 1.0 if r.status in ("ok", "partial") else 0.0)
            for name in COUNTERS:
                items.add_metric([s.source, name], float(getattr(r, name)))
        yield from (items, last, ok, runs, quarantined)


_COLLECTOR: ConnectorCollector | None = None


def install_metrics() -> None:
    global _COLLECTOR
    if _COLLECTOR is None:
        _COLLECTOR = ConnectorCollector()
        REGISTRY.register(_COLLECTOR)


install_metrics()
