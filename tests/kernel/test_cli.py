"""The kernel CLI as an operator uses it: a real `sunshine` process per command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from tests.kernel.helpers import decision_dict

SUNSHINE = [sys.executable, "-m", "sunshine"]


def run(home: Path, *args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SUNSHINE_HOME": str(home), **(env_extra or {})}
    env.pop("SUNSHINE_DATABASE_URL", None)
    return subprocess.run([*SUNSHINE, *args], env=env, capture_output=True, text=True, timeout=120)


def test_ingest_quarantines_bad_files_and_keeps_the_rest(tmp_path: Path) -> None:
    home = tmp_path / "var"
    assert run(home, "init").returncode == 0
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "good1.json").write_text(json.dumps(decision_dict(external_id="G1"), ensure_ascii=False), "utf-8")
    (drop / "good2.json").write_text(json.dumps(decision_dict(external_id="G2"), ensure_ascii=False), "utf-8")
    (drop / "invalid.json").write_text(
        json.dumps(decision_dict(external_id="B1", decision_date="2025-13-40")), "utf-8"
    )
    (drop / "binary.json").write_bytes(bytes(range(256)) * 4)

    result = run(home, "ingest", str(drop))
    assert result.returncode == 3, result.stderr
    assert "quarantined: 2" in result.stdout

    listing = run(home, "quarantine", "list")
    assert listing.returncode == 0
    assert "invalid.json" in listing.stdout and "decision_date" in listing.stdout
    assert "binary.json" in listing.stdout

    engine = sa.create_engine(f"sqlite:///{home / 'sunshine.db'}")
    with engine.connect() as conn:
        ids = sorted(r[0] for r in conn.execute(sa.text("SELECT external_id FROM decisions")))
    assert ids == ["G1", "G2"]

    # Same batch again: nothing new, the good files are recognised as unchanged.
    again = run(home, "ingest", str(drop / "good1.json"), str(drop / "good2.json"))
    assert again.returncode == 0 and "unchanged" in again.stdout


def test_quarantine_retry_with_corrected_file(tmp_path: Path) -> None:
    home = tmp_path / "var"
    run(home, "init")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(decision_dict(external_id="R1", penalties=[{"kind": "fine"}])), "utf-8")
    assert run(home, "ingest", str(bad)).returncode == 3
    engine = sa.create_engine(f"sqlite:///{home / 'sunshine.db'}")
    with engine.connect() as conn:
        item_id = conn.execute(sa.text("SELECT id FROM quarantine")).scalar_one()
    fixed = tmp_path / "fixed.json"
    fixed.write_text(json.dumps(decision_dict(external_id="R1"), ensure_ascii=False), "utf-8")
    retried = run(home, "quarantine", "retry", item_id[:10], "--path", str(fixed))
    assert retried.returncode == 0, retried.stderr
    assert "ingested" in retried.stdout
    assert "open" not in run(home, "quarantine", "list").stdout.split("reason")[-1]


def test_audit_verify_cli_fails_after_tampering(tmp_path: Path) -> None:
    home = tmp_path / "var"
    run(home, "init")
    good = tmp_path / "d.json"
    good.write_text(json.dumps(decision_dict(), ensure_ascii=False), "utf-8")
    run(home, "ingest", str(good))
    assert run(home, "audit", "verify").returncode == 0
    engine = sa.create_engine(f"sqlite:///{home / 'sunshine.db'}")
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1"))
    broken = run(home, "audit", "verify")
    assert broken.returncode == 1 and "BROKEN" in broken.stderr
