"""``sunshine portal`` commands: add, list, disable/enable, dead letters, redrive, backfill, log."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy import select
from typer.testing import CliRunner

from sunshine.models.outbox import OutboxDelivery
from tests.publish import outbox_support as S


def _app() -> typer.Typer:
    from sunshine.cli import portal_cmds

    app = typer.Typer()
    portal_cmds.register(app)
    return app


def test_portal_commands(settings_env: Path, tmp_path: Path) -> None:
    from publish import delivery
    from sunshine.assembly import bootstrap
    from sunshine.db import session_factory

    bootstrap()
    factory = session_factory()
    with factory() as s:
        row = S.publish_new(s, S.decision("C1", decision_date="2025-07-01"))
    secret = tmp_path / "secret.txt"
    secret.write_text("a-long-enough-shared-secret\n", encoding="utf-8")
    app, runner = _app(), CliRunner()

    def run(app: typer.Typer, args: list[str]):  # type: ignore[no-untyped-def]
        from sunshine.logging import configure

        try:
            return runner.invoke(app, args)
        finally:
            configure()  # the CLI bound structlog to the runner's (now closed) stderr

    r = run(
        app,
        ["portal", "add", "--url", "http://127.0.0.1:9/hook", "--secret-file", str(secret), "--format", "shuanggongshi",
         "--events", "decision.published,decision.withdrawn", "--authority", "台州市公安局椒江分局", "--name", "zj"],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "added subscription" in r.output
    r = run(app, ["portal", "add", "--url", "http://x/y", "--secret-file", str(secret), "--format", "xml"])
    assert r.exit_code == 2

    r = run(app, ["portal", "backfill", "zj", "--since", "2025-01-01"])
    assert r.exit_code == 0, r.output
    assert "considered 1, queued 1" in r.output

    r = run(app, ["portal", "list", "--json"])
    assert r.exit_code == 0 and '"pending": 1' in r.output and "secret" not in r.output

    with factory() as s:
        d = s.scalars(select(OutboxDelivery)).one()
        delivery.dead_letter(s, d, "retries exhausted")
        s.commit()
    r = run(app, ["portal", "dead-letters"])
    assert r.exit_code == 0 and "retries" in r.output
    r = run(app, ["portal", "redrive", "zj"])
    assert r.exit_code == 0 and "redriven: 1" in r.output

    r = run(app, ["portal", "disable", "zj"])
    assert r.exit_code == 0 and "disabled zj" in r.output
    r = run(app, ["portal", "list", "--json"])
    assert '"status": "disabled"' in r.output and "disabled by an administrator" in r.output
    assert run(app, ["portal", "list"]).exit_code == 0
    r = run(app, ["portal", "enable", "zj"])
    assert r.exit_code == 0

    r = run(app, ["portal", "log", row.id])
    assert r.exit_code == 0 and "decision.published" in r.output
    r = run(app, ["portal", "disable", "nope"])
    assert r.exit_code == 2
