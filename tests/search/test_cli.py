"""``sunshine search reindex|query|stats`` against a migrated SQLite store."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from sunshine.cli import search_cmds


def _app() -> typer.Typer:
    app = typer.Typer()
    search_cmds.register(app)
    return app


def _row(doc_id: str, state: str, text: str | None) -> object:
    from sunshine.models.core import DecisionRow

    return DecisionRow(
        id=doc_id,
        source="test",
        external_id=doc_id,
        version=1,
        content_hash="0" * 64,
        state=state,
        document_number=f"椒公（治）行罚决字〔2020〕{len(doc_id)}号",
        authority_name="台州市公安局椒江分局",
        region_code="331002",
        decision_date=dt.date(2020, 3, 4),
        procedure="general",
        law_area="public_order",
        penalty_kinds=["fine"],
        party_kinds=["natural_person"],
        fine_total=500.0,
        legal_basis=[],
        payload_enc=b"\x00",
        masked_text=text,
        published_at=dt.datetime(2020, 3, 10) if state == "published" else None,
        display_until=dt.date(2021, 3, 4),
    )


def test_reindex_takes_only_published_masked_rows(settings_env: Path) -> None:
    from sunshine.db import session_factory

    with session_factory()() as s:
        s.add_all(
            [
                _row("pub1", "published", "违法行为人李某在酒吧殴打他人，决定罚款五百元。"),
                _row("pub2", "published", "违法行为人王某醉酒驾驶机动车，决定罚款。"),
                _row("rev1", "in_review", "审核中的决定：违法行为人张某赌博。"),
                _row("wd1", "withdrawn", "已撤回的决定：违法行为人赵某赌博。"),
            ]
        )
        s.commit()
    runner = CliRunner()
    result = runner.invoke(_app(), ["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"backend": "tantivy", "indexed": 2, "count": 2}
    assert (settings_env / "index" / "meta.json").exists()
    out = runner.invoke(_app(), ["search", "query", "罚款"]).output.splitlines()
    assert json.loads(out[0])["total"] == 2
    assert {json.loads(line)["id"] for line in out[1:]} == {"pub1", "pub2"}
    out = runner.invoke(_app(), ["search", "query", "赌博"]).output.splitlines()
    assert json.loads(out[0])["total"] == 0
    assert json.loads(runner.invoke(_app(), ["search", "stats"]).output) == {"backend": "tantivy", "count": 2}


def test_reconcile_job_repairs_a_crash_between_commit_and_index(settings_env: Path) -> None:
    from search import get_backend
    from search.jobs import jobs, reconcile_recent
    from sunshine.db import session_factory

    backend = get_backend()
    with session_factory()() as s:
        s.add_all(
            [
                _row("pub9", "published", "已公示但未进入索引的决定，罚款五百元。"),
                _row("wd9", "withdrawn", "已撤回但仍在索引中的决定，罚款。"),
            ]
        )
        s.commit()
        from search.documents import public_decision_from_row
        from sunshine.models.core import DecisionRow

        wd = s.get(DecisionRow, "wd9")
        assert wd is not None
        wd.state = "published"
        backend.index([public_decision_from_row(wd)])  # indexed while it was still public
        wd.state = "withdrawn"
        s.commit()
        assert reconcile_recent(s, backend) == {"removed": 1, "added": 1}
        assert reconcile_recent(s, backend) == {"removed": 0, "added": 0}
    assert backend.get("pub9") is not None and backend.get("wd9") is None
    assert [j.name for j in jobs()] == ["search-reconcile"]
