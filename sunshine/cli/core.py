"""Kernel commands: init, ingest, serve, worker, demo, audit, quarantine."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from sunshine import audit
from sunshine.assembly import bootstrap
from sunshine.db import migrate, session_factory
from sunshine.logging import configure
from sunshine.settings import get_settings

err = Console(stderr=True)
out = Console()

audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
quarantine_app = typer.Typer(help="Input that could not be ingested.", no_args_is_help=True)


def init() -> None:
    """Create SUNSHINE_HOME, the key file and the database schema (idempotent)."""
    settings = get_settings()
    configure(settings.log_level)
    from sunshine.crypto import cipher

    cipher()  # creates the key file on first run
    migrate()
    out.print(
        f"initialised {settings.home_dir.resolve()} ({settings.effective_database_url.split('://')[0]})"
    )


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(x for x in p.rglob("*") if x.is_file()))
        else:
            files.append(p)
    return files


def ingest(
    paths: list[Path] = typer.Argument(..., help="files or folders (schema-v1 JSON, documents)"),
) -> None:
    """Ingest dropped files; bad files are quarantined and the exit code is 3."""
    configure(get_settings().log_level)
    bootstrap()
    from connectors.filedrop import import_paths

    report = import_paths(session_factory(), _expand(paths))
    counts: dict[str, int] = {}
    for r in report.ingested:
        counts[r.outcome.value] = counts.get(r.outcome.value, 0) + 1
    out.print(f"ingested: {counts or 0}; quarantined: {len(report.quarantined)}")
    for origin, reason in report.quarantined:
        err.print(f"[yellow]quarantined[/] {origin}: {reason}")
    if report.quarantined:
        raise typer.Exit(3)


def serve(
    host: str = typer.Option(None, help="default SUNSHINE_HOST"), port: int = typer.Option(None)
) -> None:
    """Run the HTTP service (public search, review workspace, portal API)."""
    import uvicorn

    from sunshine import http_compat

    http_compat.apply()
    settings = get_settings()
    uvicorn.run(
        "sunshine.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        log_level="warning",
        access_log=False,
        http="h11",
    )


def worker(once: bool = typer.Option(False, help="run every job once and exit")) -> None:
    """Run the background worker (analysis, deadlines, expiry, delivery, scheduled crawls)."""
    from sunshine import worker as w

    configure(get_settings().log_level)
    w.run(once=once)


def demo(
    n: int = typer.Option(40, help="how many synthetic decisions"),
    seed: int = typer.Option(7),
    publish_all: bool = typer.Option(True, help="approve and publish the publishable ones"),
) -> None:
    """Load synthetic demo decisions and (by default) take the publishable ones through review."""
    from sunshine.demo import load_demo

    configure(get_settings().log_level)
    bootstrap()
    summary = load_demo(n=n, seed=seed, publish_all=publish_all)
    out.print(json.dumps(summary, ensure_ascii=False))


@audit_app.command("verify")
def audit_verify() -> None:
    """Walk the chain; exit 1 at the first edited, inserted or deleted entry."""
    with session_factory()() as session:
        result = audit.verify(session)
    if result.ok:
        out.print(f"audit log OK: {result.entries} entries")
        return
    err.print(f"[red]audit log BROKEN[/] at entry {result.first_bad_seq}: {result.problem}")
    raise typer.Exit(1)


@audit_app.command("show")
def audit_show(decision_id: str) -> None:
    """The history of one decision."""
    with session_factory()() as session:
        for e in audit.history(session, decision_id):
            out.print(
                f"{e.seq:>6} {e.at:%Y-%m-%d %H:%M:%S} {e.actor:<24} {e.action:<16} "
                f"{e.from_state or '':>10} → {e.to_state or '':<10} {json.dumps(e.detail, ensure_ascii=False)}"
            )


@quarantine_app.command("list")
def quarantine_list(
    all_: bool = typer.Option(False, "--all", help="include resolved items"),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per line"),
) -> None:
    """What could not be ingested, and why (a table on a terminal, tab-separated lines otherwise)."""
    from sqlalchemy import select

    from sunshine.models.core import QuarantineItem

    with session_factory()() as session:
        query = select(QuarantineItem).order_by(QuarantineItem.at)
        if not all_:
            query = query.where(QuarantineItem.status == "open")
        items = session.scalars(query).all()
    rows: list[dict[str, str]] = [
        {
            "id": i.id,
            "at": f"{i.at:%Y-%m-%d %H:%M:%S}",
            "source": i.source,
            "origin": i.origin,
            "status": i.status,
            "attempts": str(i.attempts),
            "reason": i.reason,
        }
        for i in items
    ]
    if as_json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    elif sys.stdout.isatty():
        table = Table("id", "when", "source", "origin", "status", "tries", "reason")
        for row in rows:
            table.add_row(
                row["id"][:12],
                row["at"],
                row["source"],
                row["origin"],
                row["status"],
                row["attempts"],
                row["reason"],
            )
        out.print(table)
    else:
        for row in rows:
            print(
                "\t".join(
                    str(row[k]) for k in ("id", "at", "source", "origin", "status", "attempts", "reason")
                )
            )
    if not rows:
        err.print("quarantine is empty")


@quarantine_app.command("retry")
def quarantine_retry(
    item_id: str = typer.Argument(..., help="id or prefix"),
    path: Path = typer.Option(None, help="a corrected file to use instead"),
) -> None:
    """Try an item again (after fixing the source, or with a corrected file)."""
    from connectors.quarantine import retry

    bootstrap()
    ok, message = retry(session_factory(), item_id, path.read_bytes() if path else None)
    (out if ok else err).print(message)
    if not ok:
        raise typer.Exit(3)


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(ingest)
    app.command()(serve)
    app.command()(worker)
    app.command()(demo)
    app.add_typer(audit_app, name="audit")
    app.add_typer(quarantine_app, name="quarantine")
