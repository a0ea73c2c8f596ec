"""Issue 2 acceptance: one decision travels ingested → analysed → reviewed → published → found,
through real processes and the real HTTP API, on SQLite and on PostgreSQL; raw text never
reaches the index, the API or the logs."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from publish.rules import assess
from sunshine.synth import generate
from tests.e2e.procs import background, base_env, cli, raw_get, server, wait_for


def _pick_publishable(n: int = 80) -> list:  # type: ignore[type-arg]
    """Synthetic decisions the rules allow and that need only one approver."""
    chosen = []
    for item in generate(n, seed=2024):
        d = item.decision
        kinds = {p.kind.value for p in d.penalties}
        if kinds & {"detention", "license_revocation"} or d.fine_total() > 5000:
            continue
        if not any(p.kind.value == "natural_person" and p.id_number for p in d.parties):
            continue
        if assess(d).publishable and "罚款" in d.text:
            chosen.append(item)
        if len(chosen) == 2:
            break
    assert len(chosen) == 2, "the generator should yield publishable single-approver decisions"
    return chosen


def _secrets(items: list) -> list[str]:  # type: ignore[type-arg]
    values: list[str] = []
    for item in items:
        for p in item.decision.parties:
            if p.kind.value != "natural_person":
                continue
            values += [v for v in (p.name, p.id_number, p.phone) if v and len(v) >= 2]
    return values


@pytest.mark.parametrize("db", ["sqlite", "postgres"])
def test_decision_travels_the_whole_path(db: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    url = None
    if db == "postgres":
        url = request.getfixturevalue("pg_url")
    else:
        request.getfixturevalue("sunshine_home")
    home = tmp_path / "home"
    env = base_env(home, url)
    assert cli(env, "init").returncode == 0

    items = _pick_publishable()
    drop = tmp_path / "drop"
    drop.mkdir()
    for i, item in enumerate(items):
        (drop / f"d{i}.json").write_text(json.dumps(item.decision.to_json(), ensure_ascii=False), "utf-8")
    ingested = cli(env, "ingest", str(drop))
    assert ingested.returncode == 0, ingested.stderr

    assert (
        cli(
            {**env, "SUNSHINE_NEW_PASSWORD": "correct horse 42"},
            "users",
            "add",
            "fa",
            "--role",
            "reviewer,approver",
        ).returncode
        == 0
    )
    token = cli(env, "users", "token", "fa").stdout.strip().splitlines()[-1]
    auth = {"Authorization": f"Bearer {token}"}

    with background(env, tmp_path / "worker.log", "worker"), server(env, tmp_path / "server.log") as base:
        queue = wait_for(
            lambda: httpx.get(f"{base}/api/v1/review/queue", headers=auth).json()["items"],
            timeout=120,
        )
        assert len(queue) == 2
        for entry in queue:
            did = entry["id"]
            review = httpx.get(f"{base}/api/v1/review/decisions/{did}", headers=auth)
            assert review.status_code == 200
            approved = httpx.post(
                f"{base}/api/v1/review/decisions/{did}/approve", headers=auth, json={"note": "核对无误"}
            )
            assert approved.status_code == 200, approved.text
            assert approved.json()["state"] == "published"

        # The citizen's query, sent exactly as curl sends it (raw UTF-8 in the URL).
        def found() -> list[dict]:  # type: ignore[type-arg]
            status, body = raw_get(base, "/api/v1/decisions?q=罚款")
            assert status == 200
            return json.loads(body)["results"]

        results = wait_for(lambda: len(found()) == 2 and found(), timeout=30)
        secrets = _secrets(items)
        public_blobs = []
        for hit in results:
            one = httpx.get(f"{base}/api/v1/decisions/{hit['id']}")
            assert one.status_code == 200
            public_blobs += [json.dumps(hit, ensure_ascii=False), one.text]
        for value in secrets:
            assert all(value not in blob for blob in public_blobs), "personal data reached the public API"
            hits = httpx.get(f"{base}/api/v1/decisions", params={"q": value}).json()["results"]
            assert all(value not in json.dumps(h, ensure_ascii=False) for h in hits)
        page = httpx.get(f"{base}/", params={"q": "罚款"})
        assert page.status_code == 200 and all(v not in page.text for v in secrets)

    logs = (tmp_path / "worker.log").read_text("utf-8", errors="replace") + (
        tmp_path / "server.log"
    ).read_text("utf-8", errors="replace")
    for value in secrets:
        assert value not in logs, "personal data reached the logs"
    for item in items:
        assert item.decision.text[:30] not in logs
    verify = cli(env, "audit", "verify")
    assert verify.returncode == 0, verify.stderr
