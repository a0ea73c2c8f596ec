"""Portal API: admin-only subscription management, change feed, dead letters, delivery log, metrics."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from sunshine.models.outbox import OutboxDelivery
from tests.publish import outbox_support as S


@pytest.fixture
def api(settings_env: Path) -> Iterator[tuple[TestClient, dict[str, str], dict[str, str], object]]:
    from publish import portal_api
    from sunshine.assembly import bootstrap
    from sunshine.auth import create_user, issue_api_token
    from sunshine.db import session_factory

    bootstrap()
    factory = session_factory()
    with factory() as s:
        create_user(s, "root", "admin-password-1", ["admin"])
        create_user(s, "rev", "review-password-1", ["reviewer"])
        s.commit()
        admin = issue_api_token(s, "root")
        reviewer = issue_api_token(s, "rev")
        s.commit()
    app = FastAPI()
    app.include_router(portal_api.router)
    with TestClient(app) as client:
        yield client, {"authorization": f"Bearer {admin}"}, {"authorization": f"Bearer {reviewer}"}, factory


def test_admin_endpoints_need_the_admin_role(api) -> None:  # type: ignore[no-untyped-def]
    client, _, reviewer, _ = api
    assert client.get("/api/v1/portal/subscriptions").status_code == 401
    assert client.get("/api/v1/portal/subscriptions", headers=reviewer).status_code == 403
    assert client.post("/api/v1/portal/dead-letters/redrive", json={}, headers=reviewer).status_code == 403
    assert client.get("/api/v1/changes").status_code == 200  # the feed is public (masked data only)
    page = client.get("/admin/portals", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/review/login")
    assert client.get("/admin/portals", headers=reviewer).status_code == 403
    assert client.post("/admin/portals/redrive", headers=reviewer).status_code == 403


def test_subscription_lifecycle_over_the_api(api) -> None:  # type: ignore[no-untyped-def]
    client, admin, _, factory = api
    r = client.post(
        "/api/v1/portal/subscriptions",
        json={
            "name": "zj",
            "url": "https://portal.example/hook",
            "events": ["decision.withdrawn"],
            "format": "shuanggongshi",
        },
        headers=admin,
    )
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["secret"].startswith("whsec_")
    sub_id = created["subscription"]["id"]
    listed = client.get("/api/v1/portal/subscriptions", headers=admin).json()["subscriptions"]
    assert (
        [x["name"] for x in listed] == ["zj"] and "secret" not in listed[0] and "secret_enc" not in listed[0]
    )
    bad = client.post(
        "/api/v1/portal/subscriptions",
        json={"name": "x", "url": "https://a.b/c", "format": "xml"},
        headers=admin,
    )
    assert bad.status_code == 422
    patched = client.patch(
        f"/api/v1/portal/subscriptions/{sub_id}", json={"events": []}, headers=admin
    ).json()
    assert patched["events"] == []
    assert (
        client.post("/api/v1/portal/subscriptions/zj/disable", headers=admin).json()["status"] == "disabled"
    )
    assert client.post("/api/v1/portal/subscriptions/zj/enable", headers=admin).json()["status"] == "active"
    assert client.get("/api/v1/portal/subscriptions/nope", headers=admin).status_code == 404
    with factory() as s:
        from sunshine import audit

        assert audit.verify(s).ok  # type: ignore[attr-defined]


def test_change_feed_dead_letters_redrive_and_log(api) -> None:  # type: ignore[no-untyped-def]
    from publish import delivery, workflow

    client, admin, _, factory = api
    r = client.post(
        "/api/v1/portal/subscriptions", json={"name": "p", "url": "http://127.0.0.1:9/x"}, headers=admin
    )
    sub_id = r.json()["subscription"]["id"]
    with factory() as s:
        row = S.publish_new(s, S.decision("A1"))
        workflow.withdraw(s, row, reason="撤销", actor="t")
        s.commit()
    feed = client.get("/api/v1/changes", params={"limit": 1}).json()
    assert [e["type"] for e in feed["events"]] == ["decision.published"] and feed["has_more"]
    rest = client.get("/api/v1/changes", params={"after": feed["next_cursor"]}).json()
    assert [e["type"] for e in rest["events"]] == ["decision.withdrawn"] and not rest["has_more"]
    assert S.ID_NUMBER not in str(feed) + str(rest)
    assert client.get("/api/v1/changes", params={"after": "zzz"}).status_code == 400

    with factory() as s:  # the portal is unreachable long enough to dead-letter the first event
        d = s.scalars(select(OutboxDelivery).order_by(OutboxDelivery.event_seq)).first()
        assert d is not None
        delivery.dead_letter(s, d, "retries exhausted after 17 attempts")
        s.commit()
    letters = client.get("/api/v1/portal/dead-letters", headers=admin).json()["dead_letters"]
    assert len(letters) == 1 and letters[0]["event_type"] == "decision.published"
    assert client.get("/api/v1/portal/queue", headers=admin).json()["queue"]["p"] == {
        "pending": 1,
        "dead": 1,
        "delivered": 0,
    }
    page = client.get("/admin/portals", headers=admin)
    assert page.status_code == 200 and "死信队列 (1)" in page.text
    ui = client.post(
        "/admin/portals/redrive", data={"subscription": sub_id}, headers=admin, follow_redirects=False
    )
    assert (
        ui.status_code == 303
        and client.get("/api/v1/portal/dead-letters", headers=admin).json()["dead_letters"] == []
    )
    with factory() as s:  # dead again; this time redriven through the JSON API
        d = s.scalars(select(OutboxDelivery).order_by(OutboxDelivery.event_seq)).first()
        delivery.dead_letter(s, d, "retries exhausted after 17 attempts")  # type: ignore[arg-type]
        s.commit()
    assert client.post(
        "/api/v1/portal/dead-letters/redrive", json={"subscription": sub_id}, headers=admin
    ).json() == {"redriven": 1}
    assert client.get("/api/v1/portal/dead-letters", headers=admin).json()["dead_letters"] == []
    log = client.get(f"/api/v1/portal/decisions/{row.id}/deliveries", headers=admin).json()["deliveries"]
    assert [(x["event_type"], x["status"]) for x in log] == [
        ("decision.published", "pending"),
        ("decision.withdrawn", "pending"),
    ]
    report = client.get("/api/v1/portal/withdrawals", headers=admin).json()["withdrawals"]
    assert report[0]["reason"] == "撤销" and report[0]["portals"] == 1


def test_metrics_from_the_database(api) -> None:  # type: ignore[no-untyped-def]
    from prometheus_client import REGISTRY

    client, admin, _, factory = api
    client.post(
        "/api/v1/portal/subscriptions", json={"name": "m", "url": "http://127.0.0.1:9/x"}, headers=admin
    )
    with factory() as s:
        S.publish_new(s, S.decision("A1"))
        S.publish_new(s, S.decision("A2"))
    assert (
        REGISTRY.get_sample_value("sunshine_portal_queue_depth", {"subscription": "m", "status": "pending"})
        == 2
    )
    assert REGISTRY.get_sample_value("sunshine_portal_subscription_disabled", {"subscription": "m"}) == 0
    assert (
        REGISTRY.get_sample_value("sunshine_portal_subscription_failures_total", {"subscription": "m"}) == 0
    )


def test_backfill_over_the_api_reaches_only_that_portal(api) -> None:  # type: ignore[no-untyped-def]
    client, admin, _, factory = api
    with factory() as s:
        S.publish_new(s, S.decision("OLD1", decision_date="2025-03-03"))
        S.publish_new(s, S.decision("NEW1", decision_date="2025-08-04"))
    client.post(
        "/api/v1/portal/subscriptions", json={"name": "late", "url": "http://127.0.0.1:9/x"}, headers=admin
    )
    r = client.post("/api/v1/portal/subscriptions/late/backfill", json={"since": "2025-06-01"}, headers=admin)
    assert r.json() == {"considered": 1, "queued": 1}
    feed = client.get("/api/v1/changes").json()["events"]
    assert len(feed) == 2  # backfill events are private to the subscription, not in the public feed
    assert client.get("/api/v1/portal/subscriptions/late", headers=admin).json()["queue"]["pending"] == 1
