"""The review JSON API: queue, claims, audited raw views, spans, approval with four eyes, refusal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.publish.review_support import PASSWORD, add_users, cheap_hashing, fixed_spans, make_case

API = "/api/v1/review"


@pytest.fixture
def env(settings_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    from sunshine.app import create_app

    cheap_hashing(monkeypatch)
    from sunshine.db import session_factory

    with session_factory()() as session:
        add_users(session)
        fine = make_case(session, "fine", days_ago=6)
        detention = make_case(session, "detention", days_ago=2)
    with TestClient(create_app()) as client:
        yield {"client": client, "fine": fine, "detention": detention}


def sign_in(client: TestClient, username: str) -> dict[str, str]:
    """Sign in through the real form; returns headers carrying the CSRF token for API calls."""
    import re

    client.cookies.clear()
    page = client.get("/review/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    r = client.post(
        "/review/login",
        data={
            "username": username,
            "password": PASSWORD,
            "csrf_token": token.group(1),
            "next": "/review/queue",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    me = client.get(f"{API}/me").json()
    assert me["username"] == username
    return {"X-CSRF-Token": me["csrf_token"]}


def actions(decision_id: str) -> list[tuple[str, str]]:
    from sunshine import audit
    from sunshine.db import session_factory

    with session_factory()() as session:
        return [(e.actor, e.action) for e in audit.history(session, decision_id)]


def row(decision_id: str) -> Any:
    from sunshine.db import session_factory
    from sunshine.models.core import DecisionRow

    with session_factory()() as session:
        return session.get(DecisionRow, decision_id)


def test_queue_is_ordered_by_deadline_with_working_days(env: dict[str, Any]) -> None:
    client = env["client"]
    h = sign_in(client, "wang")
    items = client.get(f"{API}/queue", headers=h).json()["items"]
    assert [i["id"] for i in items] == [env["fine"].id, env["detention"].id]
    first, second = items
    assert first["publish_by"] <= second["publish_by"]
    assert (
        first["working_days_left"] is not None and first["working_days_left"] <= second["working_days_left"]
    )
    assert first["urgent"] == (first["working_days_left"] <= 2)
    assert second["four_eyes"] == ["detention"] and first["four_eyes"] == []
    assert "text" not in first  # the queue never carries raw text
    # filters
    authority = second["authority"]
    only = client.get(f"{API}/queue", params={"authority": authority}, headers=h).json()["items"]
    assert env["detention"].id in [i["id"] for i in only]
    assert all(authority in i["authority"] for i in only)
    assert client.get(f"{API}/queue", params={"law_area": "traffic"}, headers=h).json()["items"] == []
    assert client.get(f"{API}/queue", params={"state": "published"}, headers=h).json()["items"] == []
    assert client.get(f"{API}/queue", params={"state": "bogus"}, headers=h).status_code == 422


def test_review_view_is_audited_and_complete(env: dict[str, Any]) -> None:
    client, case = env["client"], env["fine"]
    h = sign_in(client, "wang")
    before = actions(case.id).count(("wang", "view_raw"))
    d = client.get(f"{API}/decisions/{case.id}", headers=h).json()
    assert actions(case.id).count(("wang", "view_raw")) == before + 1
    assert case.name in d["text"]
    assert {s["recognizer"] for s in d["spans"]} >= {"ZhNerRecognizer"}
    # the planted miss: the party's name survives once, and the leak gate says so
    assert d["leak"]["ok"] is False
    assert d["masked_text"].count(case.name) == 1
    assert d["assessment"]["publishable"] is True
    assert d["four_eyes"]["required"] is False
    assert d["publish_by"] and d["working_days_left"] is not None


def test_claims_keep_two_reviewers_apart(env: dict[str, Any]) -> None:
    client, case = env["client"], env["fine"]
    h = sign_in(client, "wang")
    assert client.post(f"{API}/decisions/{case.id}/claim", headers=h).status_code == 200
    h2 = sign_in(client, "zhao")
    r = client.post(f"{API}/decisions/{case.id}/claim", headers=h2)
    assert r.status_code == 409 and r.json()["detail"]["code"] == "claimed"
    r = client.put(f"{API}/decisions/{case.id}/spans", json={"spans": []}, headers=h2)
    assert r.status_code == 409
    page = client.get(f"/review/decisions/{case.id}")  # shown read-only, with who holds it
    assert 'data-testid="held"' in page.text and 'data-testid="approve"' not in page.text
    h = sign_in(client, "wang")
    assert client.post(f"{API}/decisions/{case.id}/release", headers=h).status_code == 200
    h2 = sign_in(client, "zhao")
    assert client.post(f"{API}/decisions/{case.id}/claim", headers=h2).status_code == 200
    assert row(case.id).claimed_by == "zhao"


def test_fix_spans_then_approve_publishes_masked_text(env: dict[str, Any]) -> None:
    from sunshine.db import session_factory

    client, case = env["client"], env["fine"]
    h = sign_in(client, "wang")
    # the leak gate blocks approval while the name is still visible
    r = client.post(f"{API}/decisions/{case.id}/approve", json={}, headers=h)
    assert r.status_code == 409 and r.json()["detail"]["code"] == "leak_gate"
    with session_factory()() as session:
        spans = fixed_spans(session, case)
    preview = client.post(f"{API}/decisions/{case.id}/preview", json={"spans": spans}, headers=h).json()
    assert preview["leak"]["ok"] is True and case.name not in preview["masked_text"]
    # a preview stores nothing
    assert client.get(f"{API}/decisions/{case.id}", headers=h).json()["leak"]["ok"] is False
    # an edited replacement is used as written
    edited = [dict(x) for x in spans]
    target = next(x for x in edited if x.get("entity_type") == "ADDRESS" and x["status"] == "accepted")
    target["replacement"] = "（住址略）"
    masked = client.post(f"{API}/decisions/{case.id}/preview", json={"spans": edited}, headers=h).json()
    assert "（住址略）" in masked["masked_text"]
    saved = client.put(f"{API}/decisions/{case.id}/spans", json={"spans": spans}, headers=h).json()
    assert saved["leak"]["ok"] is True
    assert case.false_word in saved["masked_text"]
    r = client.post(f"{API}/decisions/{case.id}/approve", json={"note": "已核对"}, headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "published"
    published = row(case.id)
    assert published.state == "published" and published.approved_by == "wang"
    assert case.name not in (published.masked_text or "")
    public = client.get(f"/api/v1/decisions/{case.id}")
    assert public.status_code == 200, public.text
    assert case.name not in public.text and case.false_word in public.text


def test_four_eyes_needs_a_different_approver(env: dict[str, Any]) -> None:
    from sunshine.db import session_factory

    client, case = env["client"], env["detention"]
    with session_factory()() as session:
        spans = fixed_spans(session, case)
    h = sign_in(client, "wang")
    assert client.put(f"{API}/decisions/{case.id}/spans", json={"spans": spans}, headers=h).status_code == 200
    r = client.post(f"{API}/decisions/{case.id}/approve", json={}, headers=h)
    assert r.json() == {
        "status": "awaiting_second_approval",
        "four_eyes": ["detention"],
        "state": "in_review",
    }
    assert row(case.id).approved_by == "wang"
    # the first reviewer cannot give the second approval
    r = client.post(f"{API}/decisions/{case.id}/approve", json={}, headers=h)
    assert r.status_code == 403 and r.json()["detail"]["code"] == "four_eyes_same_person"
    assert row(case.id).state == "in_review"
    queue = client.get(f"{API}/queue", params={"awaiting_second": True}, headers=h).json()["items"]
    assert [i["id"] for i in queue] == [case.id]
    # an approver gives it
    h2 = sign_in(client, "li")
    r = client.post(f"{API}/decisions/{case.id}/approve", json={"note": "复核同意"}, headers=h2)
    assert r.status_code == 200 and r.json()["status"] == "published", r.text
    final = row(case.id)
    assert (final.state, final.approved_by, final.second_approved_by) == ("published", "wang", "li")
    acts = [a for _, a in actions(case.id)]
    assert acts.index("first_approval") < acts.index("second_approval")


def test_first_approver_cannot_second_even_as_approver(env: dict[str, Any]) -> None:
    from sunshine.db import session_factory

    client, case = env["client"], env["detention"]
    with session_factory()() as session:
        spans = fixed_spans(session, case)
    h = sign_in(client, "li")  # an approver gives the first approval
    client.put(f"{API}/decisions/{case.id}/spans", json={"spans": spans}, headers=h)
    assert client.post(f"{API}/decisions/{case.id}/approve", json={}, headers=h).json()["status"] == (
        "awaiting_second_approval"
    )
    r = client.post(f"{API}/decisions/{case.id}/approve", json={}, headers=h)
    assert r.status_code == 403
    # a plain reviewer may not give a second approval either
    h3 = sign_in(client, "wang")
    r = client.post(f"{API}/decisions/{case.id}/approve", json={}, headers=h3)
    assert r.status_code == 403 and r.json()["detail"]["code"] == "forbidden"
    # changing the masking voids the first approval
    spans[0]["replacement"] = "某甲"
    assert (
        client.put(f"{API}/decisions/{case.id}/spans", json={"spans": spans}, headers=h3).status_code == 200
    )
    assert row(case.id).approved_by is None
    assert "first_approval_reset" in [a for _, a in actions(case.id)]


def test_refuse_needs_a_reason_and_is_in_history(env: dict[str, Any]) -> None:
    client, case = env["client"], env["fine"]
    h = sign_in(client, "wang")
    assert client.post(f"{API}/decisions/{case.id}/refuse", json={"reason": ""}, headers=h).status_code == 422
    r = client.post(
        f"{API}/decisions/{case.id}/refuse", json={"reason": "涉及未成年人，依法不予公开"}, headers=h
    )
    assert r.status_code == 200 and r.json()["state"] == "refused"
    hist = client.get(f"{API}/decisions/{case.id}/history", headers=h).json()
    kinds = [(e["action"], e["to_state"]) for e in hist]
    assert ("transition", "refused") in kinds and ("claim", None) in kinds
    refusal = next(e for e in hist if e["to_state"] == "refused")
    assert refusal["actor"] == "wang" and refusal["detail"]["reason"].startswith("涉及")
    assert client.post(f"{API}/decisions/{case.id}/reopen", json={"reason": "补正"}, headers=h).json()[
        "state"
    ] == ("in_review")


def test_openapi_documents_the_review_api(env: dict[str, Any]) -> None:
    spec = env["client"].get("/openapi.json").json()
    paths = spec["paths"]
    for p in (
        "/queue",
        "/decisions/{decision_id}",
        "/decisions/{decision_id}/spans",
        "/decisions/{decision_id}/approve",
        "/decisions/{decision_id}/refuse",
        "/decisions/{decision_id}/history",
        "/decisions/{decision_id}/claim",
    ):
        assert API + p in paths
    assert not any(p.startswith("/review/") for p in paths)


def test_bearer_token_for_tools(env: dict[str, Any]) -> None:
    from sunshine.auth import disable_user, issue_api_token
    from sunshine.db import session_factory
    from sunshine.models.accounts import User

    client = env["client"]
    client.cookies.clear()
    with session_factory()() as session:
        token = issue_api_token(session, "wang", name="ci")
        session.commit()
        assert session.scalars(select(User)).first() is not None
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get(f"{API}/queue", headers=auth).status_code == 200
    # tokens are not ambient credentials: no CSRF token needed
    assert client.post(f"{API}/decisions/{env['fine'].id}/claim", headers=auth).status_code == 200
    assert client.get(f"{API}/queue", headers={"Authorization": "Bearer sst_wrong"}).status_code == 401
    with session_factory()() as session:
        disable_user(session, "wang")
        session.commit()
    assert client.get(f"{API}/queue", headers=auth).status_code == 401
