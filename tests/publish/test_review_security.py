"""Security of the review workspace: who may see raw text, CSRF, throttling, sessions, escaping."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.publish.review_support import PASSWORD, add_users, cheap_hashing, make_case
from tests.publish.test_review_api import API, actions, row, sign_in

SCRIPT = '<script>alert("x")</script><img src=x onerror="alert(1)">'


@pytest.fixture
def env(settings_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    from sunshine.app import create_app
    from sunshine.db import session_factory

    cheap_hashing(monkeypatch)
    with session_factory()() as session:
        add_users(session)
        case = make_case(session, "fine", days_ago=3)
        evil = make_case(session, "fine", days_ago=4, index=1, plant=False, text_suffix="\n附注：" + SCRIPT)
    with TestClient(create_app()) as client:
        yield {"client": client, "case": case, "evil": evil}


def _login_form(client: TestClient) -> str:
    page = client.get("/review/login")
    m = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert m
    return m.group(1)


def test_anonymous_gets_nothing_raw(env: dict[str, Any]) -> None:
    client, case = env["client"], env["case"]
    client.cookies.clear()
    views = actions(case.id).count
    for method, path in [
        ("GET", f"{API}/queue"),
        ("GET", f"{API}/decisions/{case.id}"),
        ("GET", f"{API}/decisions/{case.id}/history"),
        ("POST", f"{API}/decisions/{case.id}/preview"),
        ("POST", f"{API}/decisions/{case.id}/approve"),
        ("PUT", f"{API}/decisions/{case.id}/spans"),
    ]:
        r = client.request(method, path, json={"spans": []})
        assert r.status_code == 401, (method, path, r.status_code)
        assert case.name not in r.text
    r = client.get(f"/review/decisions/{case.id}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/review/login")
    assert client.get("/review/queue", follow_redirects=False).status_code == 303
    # a forged cookie is no better than none
    client.cookies.set("sunshine_session", "forged.value.here")
    assert client.get(f"{API}/decisions/{case.id}").status_code == 401
    assert views(("anonymous", "view_raw")) == 0
    assert not any(a == "view_raw" for _, a in actions(case.id))


def test_wrong_role_is_refused(env: dict[str, Any]) -> None:
    client, case = env["client"], env["case"]
    h = sign_in(client, "admin")  # manages accounts, may not read cases
    r = client.get(f"{API}/decisions/{case.id}", headers=h)
    assert r.status_code == 403 and case.name not in r.text
    assert client.get(f"{API}/queue", headers=h).status_code == 403
    assert client.post(f"{API}/decisions/{case.id}/approve", json={}, headers=h).status_code == 403
    page = client.get(f"/review/decisions/{case.id}")
    assert page.status_code == 403 and case.name not in page.text
    assert client.get(f"{API}/decisions/{case.id}/history", headers=h).status_code == 200
    assert not any(a == "view_raw" for _, a in actions(case.id))


def test_cross_site_form_post_is_refused(env: dict[str, Any]) -> None:
    client, case = env["client"], env["case"]
    h = sign_in(client, "wang")
    # what a hostile page would send: a form post riding on the session cookie
    for headers in (
        {"Origin": "https://evil.example", "Content-Type": "application/x-www-form-urlencoded"},
        {"Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded"},
        {"Content-Type": "application/x-www-form-urlencoded"},  # same origin but no token
    ):
        r = client.post(f"{API}/decisions/{case.id}/refuse", content="reason=spam", headers=headers)
        assert r.status_code == 403, headers
        assert r.json()["detail"]["code"] == "csrf"
    # even with a stolen token, another origin is refused
    r = client.post(
        f"{API}/decisions/{case.id}/refuse",
        json={"reason": "x"},
        headers={**h, "Origin": "https://evil.example"},
    )
    assert r.status_code == 403
    r = client.post("/review/logout", data={"csrf_token": "wrong"})
    assert r.status_code == 403
    assert row(case.id).state == "in_review"
    # the same request from the workspace itself works
    r = client.post(
        f"{API}/decisions/{case.id}/refuse",
        json={"reason": "测试"},
        headers={**h, "Origin": "http://testserver"},
    )
    assert r.status_code == 200


def test_cross_site_sign_in_is_refused(env: dict[str, Any]) -> None:
    client = env["client"]
    client.cookies.clear()
    r = client.post(
        "/review/login",
        data={"username": "wang", "password": PASSWORD, "csrf_token": "x"},
        follow_redirects=False,
    )
    assert r.status_code == 403
    token = _login_form(client)
    r = client.post(
        "/review/login",
        data={"username": "wang", "password": PASSWORD, "csrf_token": token},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert r.status_code == 403


def test_session_cookie_flags_and_logout(env: dict[str, Any]) -> None:
    client = env["client"]
    client.cookies.clear()
    token = _login_form(client)
    r = client.post(
        "/review/login",
        data={"username": "wang", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    cookie = next(
        v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith("sunshine_session=")
    )
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    csrf = client.get(f"{API}/me").json()["csrf_token"]
    stolen = client.cookies.get("sunshine_session")
    assert client.post("/review/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    client.cookies.set("sunshine_session", stolen or "")
    assert client.get(f"{API}/me").status_code == 401  # revoked server-side, not just forgotten


def test_login_throttling(env: dict[str, Any]) -> None:
    client = env["client"]
    client.cookies.clear()
    for _ in range(5):
        token = _login_form(client)
        r = client.post(
            "/review/login", data={"username": "wang", "password": "wrong-password!", "csrf_token": token}
        )
        assert r.status_code == 401
    token = _login_form(client)
    r = client.post(
        "/review/login",
        data={"username": "wang", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 429 and "Retry-After" in r.headers
    # other accounts are unaffected
    assert sign_in(client, "li")


def test_disabled_user_loses_access_at_once(env: dict[str, Any]) -> None:
    from sunshine.auth import disable_user
    from sunshine.db import session_factory

    client = env["client"]
    h = sign_in(client, "wang")
    assert client.get(f"{API}/queue", headers=h).status_code == 200
    with session_factory()() as session:
        disable_user(session, "wang")
        session.commit()
    assert client.get(f"{API}/queue", headers=h).status_code == 401


def test_html_in_decision_text_is_inert(env: dict[str, Any]) -> None:
    client, evil = env["client"], env["evil"]
    sign_in(client, "wang")
    page = client.get(f"/review/decisions/{evil.id}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "\\u003cscript\\u003ealert" in page.text  # delivered as data inside a JSON block
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["cache-control"] == "no-store"
    body = client.get(f"{API}/decisions/{evil.id}").json()
    assert SCRIPT in body["text"]  # the API returns the text as data, unchanged


def test_users_cli(settings_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import typer
    from typer.testing import CliRunner

    from sunshine.cli import users_cmds

    cheap_hashing(monkeypatch)
    app = typer.Typer()
    users_cmds.register(app)
    runner = CliRunner()
    monkeypatch.setenv("SUNSHINE_NEW_PASSWORD", PASSWORD)
    r = runner.invoke(app, ["users", "add", "chen", "--role", "reviewer,approver", "--name", "陈法制"])
    assert r.exit_code == 0, r.output
    assert runner.invoke(app, ["users", "add", "chen"]).exit_code == 2
    assert runner.invoke(app, ["users", "add", "bad", "--role", "root"]).exit_code == 2
    listing = runner.invoke(app, ["users", "list"]).output
    assert "chen" in listing and "reviewer,approver" in listing and "yes" in listing
    assert runner.invoke(app, ["users", "disable", "chen"]).exit_code == 0
    assert "no" in runner.invoke(app, ["users", "list"]).output.split("chen", 1)[1].splitlines()[0]
    assert runner.invoke(app, ["users", "disable", "nobody"]).exit_code == 2
    from sunshine.auth import get_user
    from sunshine.db import session_factory

    with session_factory()() as session:
        user = get_user(session, "chen")
        assert user is not None and not user.active and user.password_hash.startswith("$argon2id$")
