"""Statistics for the annual 行政执法 report: JSON, CSV and a public page (Chinese).

The figures are aggregate counts (no decision content), so they are public like the report
itself; the deadline list names pending decisions and is for signed-in staff only.  Deadline
counts are also exported as Prometheus gauges, computed at scrape time so that the app's
``/metrics`` and the worker's monitor always agree.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, select_autoescape
from prometheus_client import REGISTRY
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.orm import Session

from publish.rules.engine import china_today
from publish.rules.monitor import deadline_flags
from publish.stats import LAW_AREA_ZH, REASON_ZH, By, Report, compute, to_csv, year_range
from search.web import rate_limit
from sunshine.auth import Staff
from sunshine.db import get_session, session_factory

SessionDep = Annotated[Session, Depends(get_session)]
router = APIRouter(tags=["statistics"])

FLAGS = ("publish_due_soon", "publish_overdue", "withdraw_due_soon", "withdraw_overdue", "calendar_unknown")


def _period(year: int | None, start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    if start or end:
        if not (start and end) or end < start:
            raise HTTPException(
                422, detail={"code": "bad_period", "message": "give start and end, start <= end"}
            )
        if (end - start).days > 3660:
            raise HTTPException(422, detail={"code": "bad_period", "message": "period longer than 10 years"})
        return start, end
    return year_range(year or china_today().year)


def _report(session: Session, year: int | None, start: dt.date | None, end: dt.date | None, by: By) -> Report:
    first, last = _period(year, start, end)
    return compute(session, start=first, end=last, by=by)


YearQ = Annotated[int | None, Query(ge=2000, le=2100, description="calendar year (default: this year)")]
StartQ = Annotated[dt.date | None, Query(description="first day (with end, instead of year)")]
EndQ = Annotated[dt.date | None, Query(description="last day")]
ByQ = Annotated[By, Query(description="breakdown: total, authority, month or law_area")]


@router.get("/api/v1/stats", dependencies=[Depends(rate_limit)], summary="Annual-report statistics (JSON)")
def stats_json(
    session: SessionDep, year: YearQ = None, start: StartQ = None, end: EndQ = None, by: ByQ = "total"
) -> dict[str, Any]:
    return _report(session, year, start, end, by).to_dict()


@router.get("/api/v1/stats.csv", dependencies=[Depends(rate_limit)], summary="Annual-report statistics (CSV)")
def stats_csv(
    session: SessionDep, year: YearQ = None, start: StartQ = None, end: EndQ = None, by: ByQ = "total"
) -> Response:
    report = _report(session, year, start, end, by)
    name = f"sunshine-stats-{report.start:%Y%m%d}-{report.end:%Y%m%d}-{by}.csv"
    return Response(
        to_csv(report).encode("utf-8-sig"),  # BOM: spreadsheet programs then read the Chinese right
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/api/v1/stats/deadlines", summary="Decisions near or past a statutory deadline (staff)")
def deadlines(principal: Staff, session: SessionDep) -> dict[str, Any]:
    flags = deadline_flags(session)
    return {
        "today": china_today().isoformat(),
        "counts": {f: n for f, n in Counter(x.flag for x in flags).items()},
        "items": [f.to_dict() for f in flags],
    }


_env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
PAGE = _env.from_string(
    """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>行政处罚决定公开统计 {{ r.start.year if r.start.year == r.end.year else '' }}</title>
<style>
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}thead{background:#f3f3f3}nav a{margin-right:1rem}
.note{color:#555;font-size:.9rem}
</style></head><body>
<h1>行政处罚决定公开统计</h1>
<p>统计期间：{{ r.start.isoformat() }} 至 {{ r.end.isoformat() }}。
按期公开率以决定作出之日起7个工作日（国办发〔2018〕118号）为准。</p>
<form method="get" action="/stats">
<label>年度 <input name="year" type="number" min="2000" max="2100" value="{{ r.start.year }}"></label>
<input type="hidden" name="by" value="{{ r.by }}"> <button type="submit">查询</button></form>
<nav>分组：
{% for key, label in groups %}<a href="?{{ qs }}&by={{ key }}"{% if key == r.by %} aria-current="page"{% endif %}>{{ label }}</a>{% endfor %}
<a href="/api/v1/stats.csv?{{ qs }}&by={{ r.by }}">下载CSV</a>
<a href="/api/v1/stats?{{ qs }}&by={{ r.by }}">JSON</a></nav>
<table><thead><tr><th>{{ group_label }}</th><th>公开</th><th>按期公开率</th><th>不予公开</th><th>撤回</th><th>公示期满</th></tr></thead>
<tbody>
{% for b in rows %}<tr><td>{{ label(b.key) }}</td><td>{{ b.published }}</td><td>{{ rate(b.on_time_rate) }}</td>
<td>{{ b.withheld }}</td><td>{{ b.withdrawn }}</td><td>{{ b.expired }}</td></tr>{% endfor %}
</tbody></table>
<h2>不予公开原因</h2>
<table><thead><tr><th>原因</th><th>件数</th></tr></thead><tbody>
{% for code, n in reasons %}<tr><td>{{ reason_zh.get(code, code) }}（{{ code }}）</td><td>{{ n }}</td></tr>{% else %}<tr><td colspan="2">无</td></tr>{% endfor %}
</tbody></table>
<p class="note">一份决定可能有多项不予公开原因，故各原因件数之和可能大于“不予公开”件数。
“公开”按公开日期统计，“不予公开”按决定日期统计，“撤回”“公示期满”按撤下日期统计。</p>
</body></html>"""
)
GROUPS = [("total", "合计"), ("authority", "按执法机关"), ("month", "按月份"), ("law_area", "按执法领域")]


@router.get(
    "/stats", response_class=HTMLResponse, include_in_schema=False, dependencies=[Depends(rate_limit)]
)
def stats_page(
    session: SessionDep, year: YearQ = None, start: StartQ = None, end: EndQ = None, by: ByQ = "authority"
) -> HTMLResponse:
    report = _report(session, year, start, end, by)
    qs = f"start={report.start.isoformat()}&end={report.end.isoformat()}"
    rows = [*report.rows, report.total] if by != "total" else [report.total]

    def label(key: str) -> str:
        if key == "total":
            return "合计"
        if by == "law_area":
            return LAW_AREA_ZH.get(None if key == "unknown" else key, key)
        return key

    html = PAGE.render(
        r=report,
        rows=rows,
        qs=qs,
        groups=GROUPS,
        group_label=dict(GROUPS)[by].removeprefix("按") if by != "total" else "",
        reasons=sorted(report.total.withheld_by_reason.items()),
        reason_zh=REASON_ZH,
        label=label,
        rate=lambda v: "—" if v is None else f"{v * 100:.1f}%",
    )
    return HTMLResponse(html)


class DeadlineCollector(Collector):
    """``sunshine_deadline_flags{flag=...}``: counted from the store at scrape time."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        gauge = GaugeMetricFamily(
            "sunshine_deadline_flags", "Decisions near or past a statutory deadline", labels=["flag"]
        )
        try:
            with session_factory()() as session:
                counts: Counter[str] = Counter(f.flag for f in deadline_flags(session))
        except Exception:  # no database yet (e.g. before init): export nothing rather than fail /metrics
            return
        for flag in FLAGS:
            gauge.add_metric([flag], counts.get(flag, 0))
        yield gauge


_collector = DeadlineCollector()
with contextlib.suppress(ValueError):  # already registered (module reloaded)
    REGISTRY.register(_collector)
