"""``sunshine portal …``: portal subscriptions, dead letters, backfill and the delivery loop."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import urlparse

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from sunshine.assembly import bootstrap
from sunshine.db import session_factory
from sunshine.logging import configure
from sunshine.settings import get_settings

portal_app = typer.Typer(
    help="Push to government portals: subscriptions, dead letters, backfill.", no_args_is_help=True
)
out = Console()
err = Console(stderr=True)
ACTOR = "cli"


def _start() -> None:
    configure(get_settings().log_level)
    bootstrap()


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/] {message}")
    return typer.Exit(2)


@portal_app.command("add")
def add(
    url: str = typer.Option(..., help="the portal's webhook endpoint"),
    secret_file: Path = typer.Option(
        ..., exists=True, dir_okay=False, help="file holding the signing secret"
    ),
    events: list[str] = typer.Option([], "--events", help="event types (repeat); default: all"),
    format: str = typer.Option("json", "--format", help="json | shuanggongshi"),
    authority: list[str] = typer.Option([], "--authority", help="only these authorities (repeat)"),
    region: list[str] = typer.Option([], "--region", help="only these region-code prefixes (repeat)"),
    confidential: bool = typer.Option(
        False, "--confidential", help="data-exchange channel: may carry ID numbers"
    ),
    name: str | None = typer.Option(None, help="default: the URL's host"),
) -> None:
    """Add a subscription."""
    from publish.subscriptions import SubscriptionError, describe
    from publish.subscriptions import add as add_sub

    _start()
    split = [e.strip() for item in events for e in item.split(",") if e.strip()]
    with session_factory()() as session:
        try:
            sub, _ = add_sub(
                session,
                name=name or urlparse(url).netloc or url,
                url=url,
                secret=secret_file.read_text(encoding="utf-8").strip(),
                events=split,
                format=format,
                authorities=authority,
                region_prefixes=region,
                confidential=confidential,
                actor=ACTOR,
            )
        except SubscriptionError as exc:
            raise _fail(str(exc)) from None
        session.commit()
        info = describe(session, sub)
    out.print(f"added subscription [bold]{info['name']}[/] id={info['id']} format={info['format']}")


@portal_app.command("list")
def list_(as_json: bool = typer.Option(False, "--json")) -> None:
    """List subscriptions with state and queue counts."""
    from publish.subscriptions import describe, list_all

    _start()
    with session_factory()() as session:
        rows = [describe(session, s) for s in list_all(session)]
    if as_json:
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("name", "id", "url", "format", "events", "status", "fails", "pending", "dead", "delivered")
    for r in rows:
        status = (
            r["status"] if r["status"] == "active" else f"[red]{r['status']}[/] {r['disabled_reason'] or ''}"
        )
        table.add_row(
            r["name"],
            r["id"],
            r["url"],
            r["format"] + (" (confidential)" if r["confidential"] else ""),
            ",".join(r["events"]) or "all",
            status,
            str(r["consecutive_failures"]),
            str(r["queue"]["pending"]),
            str(r["queue"]["dead"]),
            str(r["queue"]["delivered"]),
        )
    out.print(table)


@portal_app.command("disable")
def disable(subscription: str, reason: str = typer.Option("disabled by an administrator")) -> None:
    """Disable a subscription (its deliveries wait; nothing is dropped)."""
    from publish.subscriptions import SubscriptionError
    from publish.subscriptions import disable as disable_sub

    _start()
    with session_factory()() as session:
        try:
            sub = disable_sub(session, subscription, actor=ACTOR, reason=reason)
        except SubscriptionError as exc:
            raise _fail(str(exc)) from None
        session.commit()
        out.print(f"disabled {sub.name}")


@portal_app.command("enable")
def enable(subscription: str) -> None:
    """Enable a subscription again; waiting deliveries become due at once."""
    from publish.subscriptions import SubscriptionError
    from publish.subscriptions import enable as enable_sub

    _start()
    with session_factory()() as session:
        try:
            sub = enable_sub(session, subscription, actor=ACTOR)
        except SubscriptionError as exc:
            raise _fail(str(exc)) from None
        session.commit()
        out.print(f"enabled {sub.name}")


@portal_app.command("dead-letters")
def dead_letters(subscription: str | None = typer.Argument(None)) -> None:
    """List dead-lettered deliveries."""
    from publish.delivery import dead_letters as list_dead
    from publish.subscriptions import SubscriptionError, get

    _start()
    with session_factory()() as session:
        try:
            sub_id = get(session, subscription).id if subscription else None
        except SubscriptionError as exc:
            raise _fail(str(exc)) from None
        rows = list_dead(session, subscription_id=sub_id)
    table = Table("id", "subscription", "event", "seq", "decision", "dead at", "reason", "attempts")
    for r in rows:
        table.add_row(
            r["id"], r["subscription_id"], r["event_type"], str(r["event_seq"]), r["decision_id"], r["dead_at"],
            r["reason"], str(r["attempts"]),
        )  # fmt: skip
    out.print(table)


@portal_app.command("redrive")
def redrive(
    subscription: str | None = typer.Argument(None, help="only this subscription"),
    ids: list[str] = typer.Option([], "--id", help="only these dead letters (repeat)"),
) -> None:
    """Put dead-lettered deliveries back in the queue."""
    from publish.delivery import redrive as do_redrive
    from publish.subscriptions import SubscriptionError, get

    _start()
    with session_factory()() as session:
        try:
            sub_id = get(session, subscription).id if subscription else None
        except SubscriptionError as exc:
            raise _fail(str(exc)) from None
        n = do_redrive(session, actor=ACTOR, subscription_id=sub_id, dead_letter_ids=ids or None)
        session.commit()
    out.print(f"redriven: {n}")


@portal_app.command("log")
def log(decision_id: str) -> None:
    """The delivery log of one decision: each event, each portal, each attempt."""
    from publish.delivery import delivery_log

    _start()
    with session_factory()() as session:
        rows = delivery_log(session, decision_id)
    out.print_json(json.dumps(rows, ensure_ascii=False))


@portal_app.command("backfill")
def backfill(
    subscription: str,
    since: dt.datetime = typer.Option(..., formats=["%Y-%m-%d"], help="decisions dated on or after"),
) -> None:
    """Queue every published decision since DATE for one (new) portal."""
    from publish.subscriptions import SubscriptionError
    from publish.subscriptions import backfill as do_backfill

    _start()
    with (
        session_factory()() as session,
        Progress(
            TextColumn("backfill"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err
        ) as progress,
    ):
        task = progress.add_task("backfill", total=None)

        def _tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            result = do_backfill(session, subscription, since=since.date(), actor=ACTOR, progress=_tick)
        except SubscriptionError as exc:
            raise _fail(str(exc)) from None
    out.print(f"considered {result.considered}, queued {result.queued}")


@portal_app.command("deliver")
def deliver(
    once: bool = typer.Option(False, help="deliver what is due, then exit"),
    stop_after: float | None = typer.Option(None, help="seconds"),
) -> None:
    """Run the delivery loop (the worker also runs it as the portal_delivery job)."""
    from publish.delivery import deliver_for, run

    _start()
    if once:
        out.print(f"tried {deliver_for(session_factory(), budget=60)}")
        return
    run(stop_after=stop_after)


def register(app: typer.Typer) -> None:
    app.add_typer(portal_app, name="portal")
