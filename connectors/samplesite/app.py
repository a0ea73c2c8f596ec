"""The sample case system's HTTP interface: server-rendered HTML behind a login, plus a JSON API."""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
from html import escape
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from connectors.samplesite.state import LAW_AREA_LABELS, PROCEDURE_LABELS, SampleCaseSystem, SiteCase

PENALTY_LABELS = {
    "warning": "警告",
    "fine": "罚款",
    "detention": "行政拘留",
    "confiscation": "没收违法所得",
    "license_suspension": "暂扣许可证",
    "license_revocation": "吊销许可证",
    "deportation": "驱逐出境",
    "criticism": "通报批评",
    "qualification_downgrade": "降低资质等级",
    "business_restriction": "限制开展生产经营活动",
    "other": "其他",
}


def _page(title: str, body: str) -> str:
    return (
        f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
        f"<body><header><h1>某市公安局执法办案系统（样例）</h1></header><main>{body}</main></body></html>"
    )


def _v(value: Any) -> str:
    return "" if value is None else escape(str(value))


def _cn_date(value: str | None) -> str:
    if not value:
        return ""
    d = dt.date.fromisoformat(value)
    return f"{d.year}年{d.month}月{d.day}日"


def _detail(case: SiteCase) -> str:
    doc = case.doc
    if case.malformed:
        return _page("案件详情", "<div class='broken'><p>模板渲染错误<table><tr><td>")
    auth = doc["authority"]
    basis = "".join(f"<li>{_v(b)}</li>" for b in doc["legal_basis"])
    pens = "".join(
        f"<tr class='penalty'><td class='kind' data-kind='{p['kind']}'>{PENALTY_LABELS.get(p['kind'], '其他')}</td>"
        f"<td class='amount'>{_v(p.get('amount_yuan'))}</td><td class='days'>{_v(p.get('days'))}</td>"
        f"<td class='desc'>{_v(p.get('description'))}</td></tr>"
        for p in doc["penalties"]
    )
    parties = "".join(
        f"<tr class='party'><td class='role'>{_v(p.get('role'))}</td><td class='kind' data-kind='{p['kind']}'></td>"
        f"<td class='name'>{_v(p.get('name'))}</td><td class='birth'>{_v(p.get('birth_date'))}</td>"
        f"<td class='age'>{_v(p.get('age'))}</td><td class='gender'>{_v(p.get('gender'))}</td>"
        f"<td class='id-type'>{_v(p.get('id_type'))}</td><td class='id-number'>{_v(p.get('id_number'))}</td>"
        f"<td class='address'>{_v(p.get('address'))}</td><td class='phone'>{_v(p.get('phone'))}</td>"
        f"<td class='uscc'>{_v(p.get('uscc'))}</td><td class='legal-rep'>{_v(p.get('legal_representative'))}</td></tr>"
        for p in doc["parties"]
    )
    events = "".join(
        f"<tr class='event'><td class='kind' data-kind='{e['kind']}'></td><td class='date'>{_v(e['date'])}</td>"
        f"<td class='reason'>{_v(e.get('reason'))}</td></tr>"
        for e in doc["events"]
    )
    flags = "".join(
        f"<li data-flag='{k}' class='flag-{k}'>{'是' if v else '否'}</li>" for k, v in doc["flags"].items()
    )
    body = f"""
<h2>案件 <span id='case-id'>{case.external_id}</span></h2>
<dl class='decision'>
 <dt>文书编号</dt><dd id='document_number'>{_v(doc["document_number"])}</dd>
 <dt>办案单位</dt><dd id='authority_name'>{_v(auth["name"])}</dd>
 <dt>统一社会信用代码</dt><dd id='authority_uscc'>{_v(auth.get("uscc"))}</dd>
 <dt>行政区划</dt><dd id='region_code'>{_v(auth.get("region_code"))}</dd>
 <dt>决定日期</dt><dd id='decision_date'>{_cn_date(doc["decision_date"])}</dd>
 <dt>违法日期</dt><dd id='violation_date'>{_cn_date(doc.get("violation_date"))}</dd>
 <dt>程序</dt><dd id='procedure'>{PROCEDURE_LABELS[doc["procedure"]]}</dd>
 <dt>案件类别</dt><dd id='law_area'>{LAW_AREA_LABELS.get(doc.get("law_area") or "other")}</dd>
 <dt>更新时间</dt><dd id='updated'>{case.updated_at.isoformat()}</dd>
</dl>
<h3>法律依据</h3><ul id='legal_basis'>{basis}</ul>
<h3>处罚</h3><table id='penalties'>{pens}</table>
<h3>当事人</h3><table id='parties'>{parties}</table>
<h3>事件</h3><table id='events'>{events}</table>
<h3>标记</h3><ul id='flags'>{flags}</ul>
<p>附件：<a class='attachment' href='/files/{case.external_id}/{case.attachment_name}'>{case.attachment_name}</a></p>
"""
    return _page("案件详情", body)


def create_app(site: SampleCaseSystem, *, api_source: str = "sample-api") -> FastAPI:
    app = FastAPI(title="sample case system", docs_url=None, redoc_url=None, openapi_url=None)
    csrf: set[str] = set()

    def _logged_in(request: Request) -> bool:
        return request.cookies.get("sid") in site.sessions

    def _fail(request: Request) -> Response | None:
        targets = [request.url.path]
        if "page" in request.query_params:
            targets.append(f"{request.url.path}?page={request.query_params['page']}")
        if site.take_failure(*targets):
            return HTMLResponse(_page("错误", "<p>服务器内部错误</p>"), status_code=500)
        return None

    @app.get("/", include_in_schema=False)
    def root() -> Response:
        return RedirectResponse("/cases", status_code=302)

    @app.get("/login", response_class=HTMLResponse)
    def login_form(error: int = 0) -> str:
        token = secrets.token_urlsafe(12)
        csrf.add(token)
        msg = "<p class='error'>用户名或密码错误</p>" if error else ""
        return _page(
            "登录",
            f"""{msg}<form id='login' method='post' action='/login'>
<input type='hidden' name='csrf_token' value='{token}'>
<label>用户名 <input name='username'></label><label>密码 <input type='password' name='password'></label>
<button type='submit'>登录</button></form>""",
        )

    @app.post("/login")
    def login(username: str = Form(""), password: str = Form(""), csrf_token: str = Form("")) -> Response:
        if csrf_token not in csrf:
            return RedirectResponse("/login?error=1", status_code=303)
        csrf.discard(csrf_token)
        sid = site.login(username, password)
        if sid is None:
            return RedirectResponse("/login?error=1", status_code=303)
        response = RedirectResponse("/cases", status_code=303)
        response.set_cookie("sid", sid, httponly=True, samesite="lax")
        return response

    @app.get("/cases", response_class=HTMLResponse)
    def cases(request: Request, page: int = 1, updated_since: str | None = None) -> Response:
        if not _logged_in(request):
            return RedirectResponse("/login", status_code=302)
        if (failed := _fail(request)) is not None:
            return failed
        rows = site.ordered()
        if updated_since:
            since = dt.datetime.fromisoformat(updated_since)
            rows = [c for c in rows if c.updated_at > since]
        total = len(rows)
        chunk = rows[(page - 1) * site.page_size : page * site.page_size]
        trs = "".join(
            f"<tr class='case'><td class='id'><a href='/cases/{c.external_id}'>{c.external_id}</a></td>"
            f"<td class='docno'>{_v(c.doc['document_number'])}</td><td class='updated'>{c.updated_at.isoformat()}</td></tr>"
            for c in chunk
        )
        nav = ""
        if page * site.page_size < total:
            query = {"page": page + 1, **({"updated_since": updated_since} if updated_since else {})}
            nav = f"<a class='next' href='/cases?{urlencode(query)}'>下一页</a>"
        body = (
            f"<p>共 <span class='total'>{total}</span> 条</p><table id='cases'><tr><th>案件编号</th><th>文书编号</th>"
            f"<th>更新时间</th></tr>{trs}</table><nav>{nav}</nav>"
        )
        return HTMLResponse(_page("案件列表", body))

    @app.get("/cases/{external_id}", response_class=HTMLResponse)
    def detail(request: Request, external_id: str) -> Response:
        if not _logged_in(request):
            return RedirectResponse("/login", status_code=302)
        if (failed := _fail(request)) is not None:
            return failed
        case = site.cases.get(external_id)
        if case is None:
            return HTMLResponse(_page("未找到", "<p>未找到</p>"), status_code=404)
        return HTMLResponse(_detail(case))

    @app.get("/files/{external_id}/{name}")
    def attachment(request: Request, external_id: str, name: str) -> Response:
        if not _logged_in(request):
            return RedirectResponse("/login", status_code=302)
        if (failed := _fail(request)) is not None:
            return failed
        case = site.cases.get(external_id)
        if case is None or name != case.attachment_name:
            return Response(status_code=404)
        media = (
            "application/pdf"
            if case.attachment_kind == "pdf"
            else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        return Response(case.attachment(), media_type=media)

    # -- JSON API -----------------------------------------------------------------------------
    @app.post("/api/token")
    async def token(request: Request) -> Response:
        if (failed := _fail(request)) is not None:
            return failed
        body = await request.json()
        issued = site.issue_token(str(body.get("client_id", "")), str(body.get("client_secret", "")))
        if issued is None:
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        return JSONResponse({"access_token": issued, "token_type": "Bearer", "expires_in": 3600})

    @app.get("/api/decisions")
    def api_decisions(
        request: Request, updated_since: str | None = None, cursor: str | None = None, limit: int = 50
    ) -> Response:
        auth = request.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in site.tokens:
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        if (failed := _fail(request)) is not None:
            return failed
        rows = site.ordered(ascending=True)
        if updated_since:
            since = dt.datetime.fromisoformat(updated_since)
            rows = [c for c in rows if c.updated_at > since]
        if cursor:
            after = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
            rows = [c for c in rows if (c.updated_at.isoformat(), c.external_id) > (after[0], after[1])]
        chunk = rows[: max(1, min(limit, 500))]
        next_cursor = None
        if len(rows) > len(chunk):
            last = chunk[-1]
            next_cursor = base64.urlsafe_b64encode(
                json.dumps([last.updated_at.isoformat(), last.external_id]).encode()
            ).decode()
        items = [
            {"updated_at": c.updated_at.isoformat(), "decision": site.decision_json(c, api_source)}
            for c in chunk
        ]
        return JSONResponse({"items": items, "next_cursor": next_cursor})

    return app
