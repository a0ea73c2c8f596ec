"""`sunshine assess --jsonl` as other tools call it: one process, one line per file, in order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.publish.test_rules import BASE

CONTRACT_KEYS = ["path", "publishable", "reasons", "publish_by", "display_until", "severity", "withdraw_by"]


def _write(path: Path, **changes: object) -> Path:
    path.write_text(json.dumps({**BASE, **changes}, ensure_ascii=False), encoding="utf-8")
    return path


def test_assess_jsonl_contract(tmp_path: Path):
    files = [
        _write(tmp_path / "traffic.json"),
        _write(
            tmp_path / "minor.json",
            parties=[
                {"role": "penalised", "kind": "natural_person", "name": "李某", "birth_date": "2008-09-21"}
            ],
        ),
        _write(tmp_path / "2027.json", decision_date="2027-01-08", violation_date="2027-01-02"),
        tmp_path / "broken.json",
    ]
    files[-1].write_text('{"schema": "sunshine.decision/1", "decision_date": "2026-13-01"}', encoding="utf-8")
    env = {**os.environ, "SUNSHINE_HOME": str(tmp_path / "var")}
    result = subprocess.run(
        [sys.executable, "-m", "sunshine", "assess", "--jsonl", "--today", "2026-11-22", *map(str, files)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2  # one file was invalid; the others were still judged
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [x["path"] for x in lines] == [str(f) for f in files]
    assert list(lines[0]) == CONTRACT_KEYS
    assert lines[0] == {
        "path": str(files[0]),
        "publishable": True,
        "reasons": [],
        "publish_by": "2026-10-15",
        "display_until": "2027-09-30",
        "severity": "general",
        "withdraw_by": None,
    }
    assert lines[1]["reasons"] == ["MINOR"] and lines[1]["publishable"] is False
    assert lines[2]["reasons"] == ["CALENDAR_UNKNOWN"] and lines[2]["publish_by"] is None
    assert lines[3]["publishable"] is False and "error" in lines[3]
    assert "2026-13-01" not in result.stdout  # errors name fields, never echo values
