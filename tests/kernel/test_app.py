from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from sunshine.logging import configure, get_logger, scrub_value


def test_health_ready_and_metrics(settings_env) -> None:
    from sunshine.app import create_app

    with TestClient(create_app()) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/readyz").status_code == 200
        client.get("/healthz")
        metrics = client.get("/metrics")
        assert metrics.status_code == 200
        assert "sunshine_http_requests_total" in metrics.text


def test_ready_fails_without_schema(sunshine_home) -> None:
    from sunshine.app import create_app

    with TestClient(create_app()) as client:
        response = client.get("/readyz")
    assert response.status_code == 503


def test_every_stage_router_is_mounted(settings_env) -> None:
    """Each stage's parameterless GET routes answer through the assembled app (not 404)."""
    import importlib

    from fastapi.routing import APIRoute

    from sunshine.app import ROUTER_MODULES, create_app

    with TestClient(create_app()) as client:
        checked = 0
        for name in ROUTER_MODULES:
            router = importlib.import_module(name).router
            for route in router.routes:
                if isinstance(route, APIRoute) and "GET" in route.methods and "{" not in route.path:
                    response = client.get(route.path, follow_redirects=False)
                    assert response.status_code != 404, f"{name}: {route.path} is not mounted"
                    checked += 1
        assert checked >= len(ROUTER_MODULES)


def test_logs_are_json_and_scrub_numbers_and_content_fields(capsys: pytest.CaptureFixture[str]) -> None:
    configure("INFO")
    get_logger("t").info(
        "ingest", text="李建国的全文", note="id 331002198503021238 phone 13812345678", count=3
    )
    line = capsys.readouterr().err.strip().splitlines()[-1]
    event = json.loads(line)
    assert event["text"] == "[redacted]" and event["count"] == 3
    assert "331002198503021238" not in line and "13812345678" not in line and "李建国" not in line
    assert scrub_value("编号 2025-0001 金额 200") == "编号 2025-0001 金额 200"


def test_api_errors_share_one_shape(settings_env) -> None:
    from sunshine.app import create_app

    with TestClient(create_app()) as client:
        missing = client.get("/api/v1/decisions/does-not-exist")
        anonymous = client.get("/api/v1/review/queue")
        invalid = client.get("/api/v1/decisions", params={"size": "lots"})
        page = client.get("/decisions/does-not-exist")
    for response, status in ((missing, 404), (anonymous, 401), (invalid, 422)):
        body = response.json()
        assert response.status_code == status
        assert body["ok"] is False and body["status"] == status and body["error"] and body["message"]
    assert "WWW-Authenticate" in anonymous.headers
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
