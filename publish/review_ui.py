"""Server-rendered review workspace in Chinese (``/review``).

Pages are Jinja2 with autoescaping; the review page hands its data to the script as JSON inside a
``<script type="application/json">`` block (``tojson`` escapes ``<``, ``>``, ``&``) and the script
builds the text with ``textContent`` only, so decision text containing HTML or script stays inert.
A strict Content-Security-Policy (no inline script) backs that up.  Actions go through the JSON
API with the session's CSRF token.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from publish import review
from publish.review_api import history_entry, review_payload
from publish.workflow import WorkflowError
from sunshine import audit, auth
from sunshine.auth import DbSession, Principal
from sunshine.lifecycle import State
from sunshine.models.core import DecisionRow
from sunshine.settings import get_settings

router = APIRouter(prefix="/review", include_in_schema=False)

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
STATIC = HERE / "static"
STATIC_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
)

STATE_LABELS = {
    "ingested": "已接收",
    "analysed": "已分析",
    "in_review": "待审核",
    "approved": "已批准",
    "refused": "不予公开",
    "published": "已公开",
    "withdrawn": "已撤回",
    "expired": "已到期",
    "superseded": "已被新版本取代",
}
LAW_AREA_LABELS = {
    "public_order": "治安管理",
    "traffic": "道路交通",
    "fire": "消防",
    "exit_entry": "出入境",
    "cyber": "网络安全",
    "firearms": "枪支管理",
    "other": "其他",
}
PENALTY_LABELS = {
    "warning": "警告",
    "criticism": "通报批评",
    "fine": "罚款",
    "confiscation": "没收",
    "license_suspension": "暂扣许可证件",
    "license_revocation": "吊销许可证件",
    "qualification_downgrade": "降低资质等级",
    "business_restriction": "限制开展生产经营活动",
    "detention": "行政拘留",
    "deportation": "驱逐出境",
    "other": "其他",
}
FOUR_EYES_LABELS = {
    "detention": "行政拘留",
    "license_revocation": "吊销许可证件",
    "fine_above_threshold": "大额罚款",
}
ACTION_LABELS = {
    "ingest": "接收",
    "transition": "状态变更",
    "view_raw": "查看原文",
    "claim": "认领",
    "release": "释放认领",
    "spans_updated": "修改脱敏标注",
    "first_approval": "初审批准",
    "first_approval_reset": "初审批准失效",
    "second_approval": "复核批准",
}


def beijing_time(value: dt.datetime) -> str:
    """Audit times are stored in UTC; staff read them in Beijing time."""
    return value.replace(tzinfo=dt.UTC).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


BEIJING = dt.timezone(dt.timedelta(hours=8), "CST")  # no DST in China; no tzdata needed
templates.env.filters["beijing"] = beijing_time
templates.env.globals.update(
    STATE_LABELS=STATE_LABELS,
    LAW_AREA_LABELS=LAW_AREA_LABELS,
    PENALTY_LABELS=PENALTY_LABELS,
    FOUR_EYES_LABELS=FOUR_EYES_LABELS,
    ACTION_LABELS=ACTION_LABELS,
)


def _secure(response: Response, *, no_store: bool = True) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if no_store:
        response.headers["Cache-Control"] = "no-store"
    return response


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return _secure(templates.TemplateResponse(request, name, context, status_code=status))


async def _principal(request: Request, session: DbSession, *roles: str) -> Principal | Response:
    """The signed-in user, or a redirect to sign in / a 403 page."""
    principal = auth.identify(request, session)
    if principal is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/review/login?next={quote(target, safe='')}", status_code=303)
    await auth.check_csrf(request, principal)
    if roles and not principal.has_any(*roles):
        return _page(request, "review/forbidden.html", {"me": principal, "roles": roles}, status=403)
    return principal


def _safe_next(value: str | None) -> str:
    if value and value.startswith("/review") and not value.startswith("//") and "\\" not in value:
        return value
    return "/review/queue"


# -- static ----------------------------------------------------------------------------------


@router.get("/static/{name}")
def static(name: str) -> Response:
    path = (STATIC / name).resolve()
    if path.parent != STATIC.resolve() or path.suffix not in STATIC_TYPES or not path.is_file():
        raise HTTPException(404)
    response = FileResponse(path, media_type=STATIC_TYPES[path.suffix])
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# -- sign in / out ---------------------------------------------------------------------------


def _login_page(request: Request, next_url: str | None, error: str | None, status: int = 200) -> Response:
    """The sign-in form with a fresh double-submit CSRF token (there is no session yet)."""
    token, cookie = auth.login_csrf_pair()
    context = {"csrf": token, "next": _safe_next(next_url), "error": error, "me": None}
    response = _page(request, "review/login.html", context, status)
    response.set_cookie(
        auth.LOGIN_CSRF_COOKIE,
        cookie,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=get_settings().cookie_secure,
        path="/review",
    )
    return response


@router.get("/login")
def login_form(request: Request, next: str | None = Query(None)) -> Response:
    return _login_page(request, next, None)


@router.post("/login")
def login(
    request: Request,
    session: DbSession,
    username: str = Form(..., max_length=100),
    password: str = Form(..., max_length=1000),
    csrf_token: str = Form(""),
    next: str = Form("/review/queue"),
) -> Response:
    if not auth.same_origin(request) or not auth.check_login_csrf(
        request.cookies.get(auth.LOGIN_CSRF_COOKIE), csrf_token
    ):
        raise HTTPException(403, detail={"code": "csrf", "message": "cross-site or stale sign-in form"})
    try:
        user = auth.authenticate(session, username, password, address=auth.client_address(request))
    except auth.Throttled as exc:
        session.commit()
        response = _login_page(request, next, str(exc), 429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except auth.AuthError as exc:
        session.commit()  # keep the failed attempt for throttling
        return _login_page(request, next, str(exc), 401)
    value, _row = auth.start_session(session, user)
    session.commit()
    response = RedirectResponse(_safe_next(next), status_code=303)
    auth.set_session_cookie(response, value)
    response.delete_cookie(auth.LOGIN_CSRF_COOKIE, path="/review")
    return _secure(response)


@router.post("/logout")
async def logout(request: Request, session: DbSession) -> Response:
    principal = await _principal(request, session)
    if isinstance(principal, Principal):
        auth.end_session(session, principal)
        session.commit()
    response = RedirectResponse("/review/login", status_code=303)
    auth.clear_session_cookie(response)
    return _secure(response)


# -- pages -----------------------------------------------------------------------------------


@router.get("")
@router.get("/")
def home() -> Response:
    return RedirectResponse("/review/queue", status_code=303)


@router.get("/queue")
async def queue_page(
    request: Request,
    session: DbSession,
    authority: str | None = Query(None, max_length=200),
    law_area: str | None = Query(None, max_length=20),
    state: str | None = Query("in_review", max_length=20),
    awaiting_second: str | None = Query(None),
    mine: str | None = Query(None),
) -> Response:
    principal = await _principal(request, session, *auth.REVIEW_ROLES)
    if not isinstance(principal, Principal):
        return principal
    if state and state not in STATE_LABELS:
        state = "in_review"
    f = review.QueueFilter(
        authority=authority or None,
        law_area=law_area or None,
        state=state or None,
        awaiting_second=True if awaiting_second == "1" else None,
        mine=principal.username if mine == "1" else None,
        limit=200,
    )
    items = review.queue(session, f)
    return _page(
        request,
        "review/queue.html",
        {
            "me": principal,
            "items": items,
            "facets": review.facets(session),
            "filters": {
                "authority": authority or "",
                "law_area": law_area or "",
                "state": state or "",
                "awaiting_second": awaiting_second == "1",
                "mine": mine == "1",
            },
        },
    )


@router.get("/decisions/{decision_id}")
async def review_page(request: Request, decision_id: str, session: DbSession) -> Response:
    principal = await _principal(request, session, *auth.REVIEW_ROLES)
    if not isinstance(principal, Principal):
        return principal
    row = session.get(DecisionRow, decision_id)
    if row is None:
        return _page(request, "review/notfound.html", {"me": principal}, status=404)
    holder = None
    if row.state == State.in_review.value:
        # opening a case claims it, so two people do not work on the same decision
        try:
            review.ensure_claim(session, row, principal.username)
        except WorkflowError:
            session.rollback()
            holder = row.claimed_by
    data = review_payload(session, row, principal, via="ui")
    session.commit()
    return _page(
        request,
        "review/review.html",
        {
            "me": principal,
            "d": data,
            "editable": row.state == State.in_review.value and holder is None,
            "held_by": holder,
            "can_second": principal.has_any("approver"),
        },
    )


@router.get("/decisions/{decision_id}/history")
async def history_page(request: Request, decision_id: str, session: DbSession) -> Response:
    principal = await _principal(request, session, *auth.ROLES_ALL)
    if not isinstance(principal, Principal):
        return principal
    row = session.get(DecisionRow, decision_id)
    if row is None:
        return _page(request, "review/notfound.html", {"me": principal}, status=404)
    entries = [history_entry(e) for e in audit.history(session, decision_id)]
    return _page(request, "review/history.html", {"me": principal, "row": row, "entries": entries})
