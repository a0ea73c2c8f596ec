"""Source definitions, the connectors CLI, the staff status page/JSON, metrics and worker jobs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client import generate_latest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from connectors.config import SourceError, WebSource, all_sources, load_source, parse_source
from connectors.samplesite import SampleCaseSystem
from sunshine.models.core import DecisionRow


def test_bundled_sources_validate_and_bad_ones_name_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    names = {s.name: s.kind for s in all_sources()}
    assert names["sample-web"] == "web" and names["sample-api"] == "rest" and names["file-drop"] == "filedrop"
    monkeypatch.setenv("SUNSHINE_SAMPLESITE_URL", "http://127.0.0.1:9")
    web = load_source("sample-web")
    assert isinstance(web, WebSource) and web.base_url == "http://127.0.0.1:9"
    raw = {
        "kind": "web",
        "name": "x",
        "base_url": "http://h",
        "list": {
            "url": "/",
            "rows": "tr",
            "external_id": {"css": "a::text"},
            "detail_url": {"css": "a::attr(href)"},
        },
        "detail": {
            "fields": {"document_number": {"css": "#d::text", "map": "nope"}},
            "text": {"css": "p::text"},
        },
    }
    with pytest.raises(SourceError, match="unknown value map"):
        parse_source(raw)
    raw["detail"] = {"fields": {}}
    with pytest.raises(SourceError, match="attachment or a text selector"):
        parse_source(raw)
    with pytest.raises(SourceError, match="no source definition named"):
        load_source("nope")


def test_cli_run_status_and_list(site: SampleCaseSystem, factory: sessionmaker[Session]) -> None:
    from sunshine.cli import build

    app = build()
    runner = CliRunner()
    listed = runner.invoke(app, ["connectors", "list"])
    assert listed.exit_code == 0 and "sample-web" in listed.output and "sample-api" in listed.output
    ran = runner.invoke(app, ["connectors", "run", "sample-api"])
    assert ran.exit_code == 0, ran.output
    assert "new 12" in ran.output
    status = runner.invoke(app, ["connectors", "status", "--json"])
    assert status.exit_code == 0, status.output
    by_source = {s["source"]: s for s in json.loads(status.output)}
    last = by_source["sample-api"]["last_run"]
    assert (last["status"], last["seen"], last["new"], last["changed"], last["quarantined"]) == (
        "ok",
        12,
        12,
        0,
        0,
    )
    assert by_source["sample-web"]["last_run"] is None

    site.set_field(site.ordered()[0].external_id, "decision_date", "2026-13-01")
    again = runner.invoke(app, ["connectors", "run", "sample-api"])
    assert again.exit_code == 3, again.output  # something quarantined


def test_status_page_json_and_metrics_for_staff_only(
    site: SampleCaseSystem, factory: sessionmaker[Session]
) -> None:
    auth = pytest.importorskip("sunshine.auth")
    from connectors import status_api
    from connectors.runner import run_source

    site.cases[site.ordered()[0].external_id].doc["decision_date"] = "2026-02-30"
    run_source("sample-api", factory, trigger="test")
    with factory() as session:
        auth.create_user(session, "ops", "a-long-password-1", ["reviewer"])
        token = auth.issue_api_token(session, "ops")
        session.commit()

    app = FastAPI()
    app.include_router(status_api.router)
    client = TestClient(app)
    assert client.get("/api/connectors/status").status_code == 401
    assert client.get("/review/connectors", follow_redirects=False).status_code == 303
    headers = {"Authorization": f"Bearer {token}"}
    body = client.get("/api/connectors/status", headers=headers).json()
    api = next(s for s in body["sources"] if s["source"] == "sample-api")
    assert (api["last_run"]["new"], api["last_run"]["quarantined"], api["open_quarantine"]) == (11, 1, 1)
    page = client.get("/review/connectors", headers=headers)
    assert page.status_code == 200 and "sample-api" in page.text and "impossible date" in page.text
    items = client.get("/api/connectors/quarantine", headers=headers).json()["items"]
    assert len(items) == 1 and items[0]["reason"].startswith("impossible date")
    retried = client.post(f"/api/connectors/quarantine/{items[0]['id']}/retry", headers=headers)
    assert retried.status_code == 409 and not retried.json()["ok"]

    metrics = generate_latest().decode()
    assert 'sunshine_connector_last_run_items{outcome="new",source="sample-api"} 11.0' in metrics
    assert 'sunshine_connector_open_quarantine{source="sample-api"} 1.0' in metrics


def test_worker_job_imports_the_drop_folder(factory: sessionmaker[Session], settings_env: Path) -> None:
    from connectors.jobs import jobs
    from sunshine.synth import generate

    (job,) = [j for j in jobs() if j.name == "connector:file-drop"]
    assert job.fn(factory) is None  # empty inbox: no run recorded
    inbox = settings_env / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    decision = generate(1, seed=5)[0].decision
    (inbox / "one.json").write_text(json.dumps(decision.to_json(), ensure_ascii=False), encoding="utf-8")
    assert "new=1" in str(job.fn(factory))
    assert not (inbox / "one.json").exists() and (settings_env / "inbox-done" / "one.json").exists()
    with factory() as session:
        assert session.scalars(select(DecisionRow.external_id)).all() == [decision.external_id]
