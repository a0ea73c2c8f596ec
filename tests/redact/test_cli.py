"""`sunshine redact --jsonl` follows DESIGN.md exactly; `sunshine eval` reports and checks floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sunshine.cli.redact_cmds import register

CONTRACT = {"start", "end", "entity_type", "text", "score", "recognizer", "replacement"}


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root() -> None:
        """test root"""

    register(app)
    return app


def test_redact_jsonl_contract(app: typer.Typer, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    # CRLF and an astral character: offsets are code points of the file's exact UTF-8 text
    a.write_bytes("违法行为人李建国，男，\r\n𠀀身份证号码331002198503021230。".encode())
    b.write_text("联系电话13800138000。", encoding="utf-8")
    result = CliRunner().invoke(app, ["redact", "--jsonl", "--no-ner", str(a), str(b)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [rec["path"] for rec in lines] == [str(a), str(b)]
    for rec, path in zip(lines, (a, b), strict=True):
        assert set(rec) == {"path", "redacted_text", "spans"}
        text = path.read_bytes().decode("utf-8")
        for span in rec["spans"]:
            assert set(span) == CONTRACT
            assert text[span["start"] : span["end"]] == span["text"]
    assert "331002198503021230" not in lines[0]["redacted_text"]
    assert "\r\n𠀀" in lines[0]["redacted_text"]
    assert lines[1]["redacted_text"] == "联系电话×××××××××××。"


def test_redact_decision_json_uses_text_and_parties(app: typer.Typer, tmp_path: Path) -> None:
    doc = {
        "schema": "sunshine.decision/1",
        "parties": [{"role": "penalised", "kind": "natural_person", "name": "禤甫"}],
        "text": "禤甫于2022年7月7日驾驶摩托车未戴头盔。",
    }
    path = tmp_path / "d.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["redact", "--jsonl", "--no-ner", str(path)])
    rec = json.loads(result.stdout)
    assert rec["redacted_text"].startswith("禤某于")


def test_redact_bad_file_reports_without_stopping(app: typer.Typer, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    good = tmp_path / "good.txt"
    good.write_text("证人王小红证实。", encoding="utf-8")
    result = CliRunner().invoke(app, ["redact", "--jsonl", "--no-ner", str(bad), str(good)])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0] == {"path": str(bad), "error": "not valid UTF-8"}
    assert lines[1]["redacted_text"] == "证人王某证实。"


def test_eval_reports_and_checks_floors(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["eval", "--synth", "0", "--json", "--check"])
    report = json.loads(result.stdout)
    # The known misses: the sixth author's set (a doctor named 解放, a name and its nickname split
    # across table cells) and the two latest blind sets (forms of address, nicknames; see README).
    assert [f.split(":")[0] for f in report["floor_failures"]] == [
        "written-h6",
        "written-h12",
        "written-h13",
        "written-h14",
        "written-h15",
        "written-h16",
        "written-h17",
        "written-h18",
    ], report["floor_failures"]
    assert "person_recall" in report["floor_failures"][0]
    assert result.exit_code == 1
    hand = report["sets"]["handmade"]
    assert hand["documents"] >= 20
    assert hand["leak_rate_id_phone_bank"] == 0
    assert hand["per_type"]["PERSON"]["recall"] >= 0.99
    assert hand["keep_integrity"] >= 0.995
    assert hand["over_masking"] <= 0.01
    for name, size in (
        ("written-h2", 40),
        ("written-h3", 30),
        ("written-h4", 30),
        ("written-h5", 30),
        ("written-h6", 30),
        ("written-h7", 30),
        ("written-h8", 30),
        ("written-h10", 40),
        ("written-h12", 40),
        ("written-h13", 40),
        ("written-h14", 40),
        ("written-h15", 40),
        ("written-h16", 40),
        ("written-h17", 40),
        ("written-h18", 40),
    ):
        written = report["sets"][name]
        assert written["documents"] == size and written["leak_rate_id_phone_bank"] == 0
