"""``sunshine connectors list | run SOURCE | status | samplesite``."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

connectors_app = typer.Typer(
    help="Case-system connectors: web crawls, REST polling, file drop.", no_args_is_help=True
)
out = Console()
err = Console(stderr=True)


@connectors_app.command("list")
def list_sources() -> None:
    """Source definitions (bundled and under SUNSHINE_HOME/sources), validated."""
    from connectors.config import SourceError, all_sources

    try:
        sources = all_sources()
    except SourceError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from exc
    table = Table("name", "kind", "title", "base / path", "schedule")
    for s in sources:
        where = getattr(s, "base_url", None) or getattr(s, "path", "")
        every = f"every {s.schedule.interval_seconds:g}s" if s.schedule and s.schedule.enabled else "manual"
        table.add_row(s.name, s.kind, s.title, str(where), every)
    out.print(table)


@connectors_app.command("run")
def run(
    source: str = typer.Argument(..., help="source name (see `sunshine connectors list`)"),
    full: bool = typer.Option(False, help="ignore checkpoints and seen markers: fetch everything"),
    as_json: bool = typer.Option(False, "--json", help="print the run summary as JSON"),
) -> None:
    """Run one source now, with a progress bar.

    Exit codes: 0 ok, 1 run failed, 2 unknown/invalid source, 3 something was quarantined, 4 already running.
    """
    from connectors.config import SourceError
    from connectors.runner import run_source
    from connectors.state import RunInProgress
    from sunshine.assembly import bootstrap
    from sunshine.db import session_factory
    from sunshine.logging import configure
    from sunshine.settings import get_settings

    configure(get_settings().log_level)
    bootstrap()
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[tally]}"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
        auto_refresh=False,  # no refresher thread: web crawls fork, and a fork must not inherit held locks
    ) as bar:
        task = bar.add_task(source, total=None, tally="")
        tally: dict[str, int] = {}
        queued = 0

        def on_progress(event: str, data: dict[str, Any]) -> None:
            nonlocal queued
            if event == "queued":
                queued += int(data.get("n", 0))
                bar.update(task, total=queued, refresh=True)
            elif event == "item":
                outcome = str(data.get("outcome"))
                tally[outcome] = tally.get(outcome, 0) + 1
                bar.update(
                    task,
                    advance=1,
                    tally=" ".join(f"{k}={v}" for k, v in sorted(tally.items())),
                    refresh=True,
                )

        try:
            summary = run_source(source, session_factory(), on_progress=on_progress, full=full)
        except SourceError as exc:
            err.print(f"[red]{exc}[/]")
            raise typer.Exit(2) from exc
        except RunInProgress as exc:
            err.print(f"[yellow]{exc}[/]")
            raise typer.Exit(4) from exc
        bar.update(task, total=max(queued, summary.seen), completed=summary.seen)
    if as_json:
        out.print_json(json.dumps(summary.__dict__))
    else:
        out.print(
            f"{summary.source}: {summary.status} — seen {summary.seen}, new {summary.new}, changed "
            f"{summary.changed}, unchanged {summary.unchanged}, quarantined {summary.quarantined}, "
            f"requests {summary.requests}"
        )
    if summary.error:
        err.print(f"[red]error:[/] {summary.error}")
    if summary.status == "failed":
        raise typer.Exit(1)
    if summary.quarantined:
        raise typer.Exit(3)


@connectors_app.command("status")
def status(as_json: bool = typer.Option(False, "--json")) -> None:
    """Per source: last run, items seen / new / changed / quarantined, open quarantine."""
    from connectors.state import source_statuses
    from sunshine.db import session_factory

    with session_factory()() as session:
        statuses = source_statuses(session)
    if as_json:
        out.print_json(json.dumps([s.as_json() for s in statuses], ensure_ascii=False))
        return
    table = Table(
        "source",
        "kind",
        "last run",
        "status",
        "seen",
        "new",
        "changed",
        "quarantined",
        "open quarantine",
        "schedule",
    )
    for s in statuses:
        r = s.last_run
        table.add_row(
            s.source,
            s.kind,
            f"{r.started_at:%Y-%m-%d %H:%M:%S}" if r else "never",
            r.status if r else "-",
            *(str(getattr(r, k)) if r else "-" for k in ("seen", "new", "changed", "quarantined")),
            str(s.open_quarantine),
            f"{s.scheduled_every:g}s" if s.scheduled_every else "manual",
        )
    Console(width=160).print(table)


@connectors_app.command("samplesite")
def samplesite(
    port: int = typer.Option(8800),
    n: int = typer.Option(24, "--count", "-n", help="how many synthetic decisions"),
    seed: int = typer.Option(7),
) -> None:
    """Serve the sample case system (login clerk / sunshine-demo) for demos of `connectors run sample-web`."""
    from connectors.samplesite.server import main

    main(["--port", str(port), "-n", str(n), "--seed", str(seed)])


def register(app: typer.Typer) -> None:
    app.add_typer(connectors_app, name="connectors")
