"""HTTP API for portals and their administrators.

* ``GET /api/v1/changes?after=CURSOR`` — the public, ordered change feed (same events as push).
* ``/api/v1/portal/...`` — subscription management, dead letters and redrive, the delivery log
  per decision, queue depth and the withdrawal-deadline report; ``admin`` role only (bearer
  token or signed-in session with CSRF, via :mod:`sunshine.auth`).
* ``/admin/portals`` — a small HTML page for the same operations (list, disable/enable,
  redrive), for administrators who do not use the CLI.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from publish import delivery, subscriptions
from publish.changes import CursorError, changes
from publish.outbox import WITHDRAWN
from publish.subscriptions import SubscriptionError
from sunshine import auth
from sunshine.auth import Admin, Principal
from sunshine.db import get_session
from sunshine.models.outbox import OutboxDelivery, OutboxEvent

router = APIRouter()

DbSession = Annotated[Session, Depends(get_session)]


async def _ui_admin(request: Request, session: DbSession) -> Principal | Response:
    """Signed-in admin, else a redirect to the staff sign-in page (same flow as the review UI)."""
    principal = auth.identify(request, session)
    if principal is None:
        return RedirectResponse(f"/review/login?next={quote(request.url.path, safe='')}", status_code=303)
    await auth.check_csrf(request, principal)
    if not principal.has_any("admin"):
        return HTMLResponse("<!doctype html><p>需要管理员权限 (admin)</p>", status_code=403)
    return principal


AdminUI = Annotated[Principal | Response, Depends(_ui_admin)]


def _headers(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _bad(exc: Exception, status: int = 422) -> HTTPException:
    return HTTPException(status, detail={"code": "invalid", "message": str(exc)})


# -- change feed -------------------------------------------------------------------------------


@router.get("/api/v1/changes", tags=["portal"])
def change_feed(
    session: DbSession,
    after: str | None = Query(default=None, description="next_cursor of the previous page; omit to start"),
    limit: int = Query(default=100, ge=1, le=500),
    type: list[str] | None = Query(default=None, description="only these event types"),
) -> dict[str, Any]:
    """Ordered change feed: every publication, update, withdrawal and expiry, oldest first."""
    try:
        page = changes(session, after=after, limit=limit, types=type)
    except CursorError as exc:
        raise _bad(exc, 400) from None
    return {"events": page.events, "next_cursor": page.next_cursor, "has_more": page.has_more}


# -- subscriptions -----------------------------------------------------------------------------


class SubscriptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    url: str = Field(min_length=8, max_length=500)
    secret: str | None = Field(default=None, description="omit to have one generated (shown once)")
    events: list[str] = Field(default_factory=list, description="empty = all event types")
    format: str = "json"
    authorities: list[str] = Field(default_factory=list)
    region_prefixes: list[str] = Field(default_factory=list)
    confidential: bool = False


class SubscriptionPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str | None = None
    secret: str | None = None
    events: list[str] | None = None
    format: str | None = None
    authorities: list[str] | None = None
    region_prefixes: list[str] | None = None
    confidential: bool | None = None


class BackfillIn(BaseModel):
    since: dt.date


class RedriveIn(BaseModel):
    subscription: str | None = None
    ids: list[str] | None = None


@router.get("/api/v1/portal/subscriptions", tags=["portal-admin"])
def list_subscriptions(session: DbSession, _: Admin) -> dict[str, Any]:
    return {"subscriptions": [subscriptions.describe(session, s) for s in subscriptions.list_all(session)]}


@router.post("/api/v1/portal/subscriptions", status_code=201, tags=["portal-admin"])
def create_subscription(body: SubscriptionIn, session: DbSession, admin: Admin) -> dict[str, Any]:
    try:
        sub, secret = subscriptions.add(session, actor=admin.username, **body.model_dump())
    except SubscriptionError as exc:
        raise _bad(exc) from None
    session.commit()
    return {"subscription": subscriptions.describe(session, sub), "secret": secret}


def _get(session: Session, key: str) -> Any:
    try:
        return subscriptions.get(session, key)
    except SubscriptionError as exc:
        raise _bad(exc, 404) from None


@router.get("/api/v1/portal/subscriptions/{key}", tags=["portal-admin"])
def get_subscription(key: str, session: DbSession, _: Admin) -> dict[str, Any]:
    return subscriptions.describe(session, _get(session, key))


@router.patch("/api/v1/portal/subscriptions/{key}", tags=["portal-admin"])
def patch_subscription(key: str, body: SubscriptionPatch, session: DbSession, admin: Admin) -> dict[str, Any]:
    _get(session, key)
    try:
        sub = subscriptions.update_subscription(session, key, actor=admin.username, **body.model_dump())
    except SubscriptionError as exc:
        raise _bad(exc) from None
    session.commit()
    return subscriptions.describe(session, sub)


@router.post("/api/v1/portal/subscriptions/{key}/disable", tags=["portal-admin"])
def disable_subscription(key: str, session: DbSession, admin: Admin) -> dict[str, Any]:
    _get(session, key)
    sub = subscriptions.disable(session, key, actor=admin.username)
    session.commit()
    return subscriptions.describe(session, sub)


@router.post("/api/v1/portal/subscriptions/{key}/enable", tags=["portal-admin"])
def enable_subscription(key: str, session: DbSession, admin: Admin) -> dict[str, Any]:
    _get(session, key)
    sub = subscriptions.enable(session, key, actor=admin.username)
    session.commit()
    return subscriptions.describe(session, sub)


@router.post("/api/v1/portal/subscriptions/{key}/backfill", tags=["portal-admin"])
def backfill_subscription(key: str, body: BackfillIn, session: DbSession, admin: Admin) -> dict[str, Any]:
    _get(session, key)
    result = subscriptions.backfill(session, key, since=body.since, actor=admin.username)
    return {"considered": result.considered, "queued": result.queued}


# -- dead letters, delivery log, queue ----------------------------------------------------------


@router.get("/api/v1/portal/dead-letters", tags=["portal-admin"])
def list_dead_letters(session: DbSession, _: Admin, subscription: str | None = None) -> dict[str, Any]:
    sub_id = _get(session, subscription).id if subscription else None
    return {"dead_letters": delivery.dead_letters(session, subscription_id=sub_id)}


@router.post("/api/v1/portal/dead-letters/redrive", tags=["portal-admin"])
def redrive_dead_letters(body: RedriveIn, session: DbSession, admin: Admin) -> dict[str, Any]:
    sub_id = _get(session, body.subscription).id if body.subscription else None
    n = delivery.redrive(session, actor=admin.username, subscription_id=sub_id, dead_letter_ids=body.ids)
    session.commit()
    return {"redriven": n}


@router.get("/api/v1/portal/decisions/{decision_id}/deliveries", tags=["portal-admin"])
def decision_delivery_log(decision_id: str, session: DbSession, _: Admin) -> dict[str, Any]:
    return {"decision_id": decision_id, "deliveries": delivery.delivery_log(session, decision_id)}


@router.get("/api/v1/portal/queue", tags=["portal-admin"])
def queue(session: DbSession, _: Admin) -> dict[str, Any]:
    return {"queue": delivery.queue_depth(session)}


def withdrawal_report(session: Session, *, limit: int = 200) -> list[dict[str, Any]]:
    """Withdrawals with the statutory deadline (3 working days) and when each portal got them."""
    events = list(
        session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.type == WITHDRAWN, OutboxEvent.target_subscription_id.is_(None))
            .order_by(OutboxEvent.seq.desc())
            .limit(limit)
        )
    )
    out = []
    for e in events:
        data = e.data or {}
        rows = session.scalars(select(OutboxDelivery).where(OutboxDelivery.event_seq == e.seq)).all()
        withdraw_by = data.get("withdraw_by")
        delivered = [d.delivered_at for d in rows if d.delivered_at]
        last = max(delivered) if delivered else None
        out.append(
            {
                "event_id": e.id,
                "decision_id": e.decision_id,
                "document_number": (data.get("decision") or {}).get("document_number"),
                "reason": e.reason,
                "change_date": data.get("change_date"),
                "withdraw_by": withdraw_by,
                "withdrawn_at": data.get("withdrawn_at"),
                "withdrawn_on_time": data.get("on_time"),
                "portals": len(rows),
                "portals_delivered": len(delivered),
                "all_delivered_at": last.isoformat() + "Z" if last and len(delivered) == len(rows) else None,
                "delivery_overdue": bool(
                    withdraw_by
                    and len(delivered) < len(rows)
                    and dt.date.fromisoformat(withdraw_by) < dt.datetime.now(dt.UTC).date()
                ),
            }
        )
    return out


@router.get("/api/v1/portal/withdrawals", tags=["portal-admin"])
def withdrawals(session: DbSession, _: Admin) -> dict[str, Any]:
    return {"withdrawals": withdrawal_report(session)}


# -- a small admin page -------------------------------------------------------------------------


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


@router.get("/admin/portals", response_class=HTMLResponse, include_in_schema=False)
def admin_page(session: DbSession, admin: AdminUI) -> Response:
    if not isinstance(admin, Principal):
        return admin
    token = _e(admin.csrf_token)
    subs = [subscriptions.describe(session, s) for s in subscriptions.list_all(session)]
    letters = delivery.dead_letters(session)
    names = {s["id"]: s["name"] for s in subs}
    rows = "".join(
        f"<tr><td>{_e(s['name'])}</td><td>{_e(s['url'])}</td><td>{_e(s['format'])}</td>"
        f"<td class='{_e(s['status'])}'>{_e(s['status'])} {_e(s['disabled_reason'] or '')}</td>"
        f"<td>{s['queue']['pending']}</td><td>{s['queue']['dead']}</td><td>{s['queue']['delivered']}</td>"
        f"<td><form method='post' action='/admin/portals/{_e(s['id'])}/"
        f"{'enable' if s['status'] == 'disabled' else 'disable'}'>"
        f"<input type='hidden' name='csrf_token' value='{token}'>"
        f"<button>{'启用' if s['status'] == 'disabled' else '停用'}</button></form>"
        f"<form method='post' action='/admin/portals/redrive'><input type='hidden' name='csrf_token' value='{token}'>"
        f"<input type='hidden' name='subscription' value='{_e(s['id'])}'><button>重投死信</button></form></td></tr>"
        for s in subs
    )
    dead = "".join(
        f"<tr><td>{_e(names.get(d['subscription_id'], d['subscription_id']))}</td><td>{_e(d['event_type'])}</td>"
        f"<td>{_e(d['event_seq'])}</td><td>{_e(d['decision_id'])}</td><td>{_e(d['dead_at'])}</td>"
        f"<td>{_e(d['reason'])}</td><td>{_e(d['attempts'])}</td></tr>"
        for d in letters
    )
    page = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>门户推送</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 8px}}
.disabled{{color:#b00;font-weight:bold}}form{{display:inline}}</style></head><body>
<h1>门户推送订阅</h1>
<table><tr><th>名称</th><th>地址</th><th>格式</th><th>状态</th><th>待投递</th><th>死信</th><th>已投递</th><th>操作</th></tr>{rows}</table>
<h2>死信队列 ({len(letters)})</h2>
<table><tr><th>订阅</th><th>事件</th><th>序号</th><th>决定</th><th>时间</th><th>原因</th><th>尝试次数</th></tr>{dead}</table>
</body></html>"""
    return _headers(HTMLResponse(page))


@router.post("/admin/portals/{key}/disable", include_in_schema=False)
def admin_disable(key: str, session: DbSession, admin: AdminUI) -> Response:
    if not isinstance(admin, Principal):
        return admin
    _get(session, key)
    subscriptions.disable(session, key, actor=admin.username)
    session.commit()
    return RedirectResponse("/admin/portals", status_code=303)


@router.post("/admin/portals/{key}/enable", include_in_schema=False)
def admin_enable(key: str, session: DbSession, admin: AdminUI) -> Response:
    if not isinstance(admin, Principal):
        return admin
    _get(session, key)
    subscriptions.enable(session, key, actor=admin.username)
    session.commit()
    return RedirectResponse("/admin/portals", status_code=303)


@router.post("/admin/portals/redrive", include_in_schema=False)
def admin_redrive(
    request: Request, session: DbSession, admin: AdminUI, subscription: str | None = Form(default=None)
) -> Response:
    if not isinstance(admin, Principal):
        return admin
    sub_id = _get(session, subscription).id if subscription else None
    delivery.redrive(session, actor=admin.username, subscription_id=sub_id)
    session.commit()
    return RedirectResponse("/admin/portals", status_code=303)


def _register_metrics() -> None:
    from publish.portal_metrics import register

    register()


_register_metrics()
