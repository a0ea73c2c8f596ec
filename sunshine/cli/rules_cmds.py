"""CLI of the rules stage: ``assess``, ``rules reapply|show|deadlines``, ``stats``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

out = Console()
err = Console(stderr=True)

rules_app = typer.Typer(help="Disclosure rule packs, re-evaluation and deadlines.", no_args_is_help=True)


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"not an ISO date: {value}") from exc


def _files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(p.rglob("*.json")) if p.is_dir() else [p])
    return files


def assess_cmd(
    paths: list[Path] = typer.Argument(
        ..., help="decision JSON files (schema sunshine.decision/1) or folders"
    ),
    jsonl: bool = typer.Option(False, "--jsonl", help="one JSON object per file (the DESIGN.md contract)"),
    explain: bool = typer.Option(False, "--explain", help="with --jsonl: add rule ids, citations, law_area"),
    today: str = typer.Option(None, help="judge as of this date (default: today in Beijing)"),
) -> None:
    """Judge decisions against the disclosure rules: publishable?, reasons, deadlines."""
    from publish.rules import assess
    from sunshine.schema import describe_errors, parse_decision

    when = _date(today)
    failed = 0
    table = Table("file", "publishable", "reasons", "publish_by", "display_until", "severity", "withdraw_by")
    for path in _files(paths):
        try:
            decision = parse_decision(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            failed += 1
            message = describe_errors(exc) if isinstance(exc, ValidationError) else type(exc).__name__
            if jsonl:
                print(
                    json.dumps(
                        {
                            "path": str(path),
                            "publishable": False,
                            "reasons": [],
                            "publish_by": None,
                            "display_until": None,
                            "severity": None,
                            "withdraw_by": None,
                            "error": message,
                        },
                        ensure_ascii=False,
                    ),
                    flush=True,
                )
            else:
                err.print(f"[red]{path}[/]: {message}")
            continue
        result = assess(decision, today=when)
        if jsonl:
            obj = result.to_contract(str(path))
            if explain:
                obj["law_area"] = result.law_area
                obj["rule_packs"] = result.rule_packs
                obj["explanation"] = [r.model_dump() for r in result.reasons]
            print(json.dumps(obj, ensure_ascii=False), flush=True)
        else:
            table.add_row(
                str(path),
                "yes" if result.publishable else "no",
                "\n".join(f"{r.code} {r.rule_id}: {r.citation}" for r in result.reasons),
                str(result.publish_by or "—"),
                str(result.display_until or "—"),
                result.severity or "—",
                str(result.withdraw_by or "—"),
            )
    if not jsonl:
        Console(width=220).print(table)
    if failed:
        raise typer.Exit(2)


@rules_app.command("reapply")
def reapply_cmd(
    dry_run: bool = typer.Option(False, "--dry-run", help="only list what would change"),
    today: str = typer.Option(None, help="judge as of this date (default: today in Beijing)"),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per change"),
    published_only: bool = typer.Option(False, help="skip decisions still in review"),
) -> None:
    """Re-judge stored decisions under the rules in force; withdraw/expire what may no longer be shown."""
    from publish.rules import reapply
    from sunshine.assembly import bootstrap
    from sunshine.db import session_factory

    if not dry_run:
        bootstrap()  # lifecycle listeners (outbox events) must see the withdrawals
    when = _date(today)
    with session_factory()() as session:
        if dry_run:
            changes = reapply.plan(session, today=when, include_review=not published_only)
        else:
            changes = reapply.apply(
                session, today=when, actor="cli:rules-reapply", include_review=not published_only
            )
    if as_json:
        for c in changes:
            print(json.dumps({**c.to_dict(), "dry_run": dry_run}, ensure_ascii=False))
        return
    table = Table("id", "文号", "authority", "state", "action", "codes", "rule", "citation")
    for c in changes:
        table.add_row(
            c.decision_id[:12],
            c.document_number,
            c.authority,
            c.state,
            c.action,
            ",".join(c.codes),
            ",".join(c.rules),
            "\n".join(c.citations),
        )
    Console(width=240).print(table)
    verb = "would change" if dry_run else "changed"
    out.print(f"{len(changes)} decision(s) {verb}" + (" (dry run: nothing was changed)" if dry_run else ""))


@rules_app.command("show")
def show_cmd() -> None:
    """The rule packs in force: every rule with its dates, citation and how well it is sourced."""
    from publish.calendar import get_calendar
    from publish.rules import get_packs

    for pack in get_packs():
        table = Table(
            "rule", "code / value", "from", "to", "status", "citation", title=f"{pack.label} {pack.title}"
        )
        for r in pack.withhold:
            table.add_row(
                r.id, r.code, str(r.effective_from), str(r.effective_to or ""), r.source_status, r.citation
            )
        for d in pack.publish_deadlines:
            table.add_row(
                d.id,
                f"publish {d.working_days} wd",
                str(d.effective_from),
                str(d.effective_to or ""),
                d.source_status,
                d.citation,
            )
        for w in pack.withdraw_deadlines:
            table.add_row(
                w.id,
                f"withdraw {w.working_days} wd",
                str(w.effective_from),
                str(w.effective_to or ""),
                w.source_status,
                w.citation,
            )
        for p in pack.display_periods:
            months = ", ".join(f"{k} {v}m" for k, v in p.max_months.items())
            table.add_row(
                p.id,
                f"display {months}",
                str(p.effective_from),
                str(p.effective_to or ""),
                p.source_status,
                p.citation,
            )
        Console(width=220).print(table)
    cal = get_calendar()
    out.print(f"working-day calendar: {cal.years[0]}–{cal.years[-1]} (other years: CALENDAR_UNKNOWN)")


@rules_app.command("deadlines")
def deadlines_cmd(
    today: str = typer.Option(None, help="as of this date"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Decisions within 2 working days of publish_by, overdue, or past their withdrawal deadline."""
    from publish.rules.monitor import deadline_flags
    from sunshine.db import session_factory

    with session_factory()() as session:
        flags = deadline_flags(session, today=_date(today))
    if as_json:
        for f in flags:
            print(json.dumps(f.to_dict(), ensure_ascii=False))
        return
    table = Table("id", "文号", "authority", "state", "flag", "deadline", "wd left")
    for f in flags:
        table.add_row(
            f.decision_id[:12],
            f.document_number,
            f.authority,
            f.state,
            f.flag,
            str(f.deadline),
            "" if f.working_days_left is None else str(f.working_days_left),
        )
    Console(width=200).print(table)


def stats_cmd(
    year: int = typer.Option(None, help="calendar year (default: this year)"),
    start: str = typer.Option(None, help="first day (with --end, instead of --year)"),
    end: str = typer.Option(None),
    by: str = typer.Option("total", help="total | authority | month | law_area"),
    csv: bool = typer.Option(False, "--csv", help="CSV on stdout"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Statistics for the annual 行政执法 report (published, withheld by reason, withdrawn, expired, on time)."""
    from publish.rules.engine import china_today
    from publish.stats import compute, to_csv, year_range
    from sunshine.db import session_factory

    if by not in ("total", "authority", "month", "law_area"):
        raise typer.BadParameter("by must be total, authority, month or law_area")
    first, last = (_date(start), _date(end)) if start or end else year_range(year or china_today().year)
    if first is None or last is None:
        raise typer.BadParameter("give both --start and --end")
    with session_factory()() as session:
        report = compute(session, start=first, end=last, by=by)  # type: ignore[arg-type]
    if csv:
        print(to_csv(report), end="")
        return
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    table = Table(
        by,
        "published",
        "on time",
        "withheld",
        "by reason",
        "withdrawn",
        "expired",
        title=f"{report.start} – {report.end}",
    )
    for b in [*report.rows, report.total] if by != "total" else [report.total]:
        rate = "—" if b.on_time_rate is None else f"{b.on_time_rate:.1%}"
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(b.withheld_by_reason.items()))
        table.add_row(
            b.key, str(b.published), rate, str(b.withheld), reasons, str(b.withdrawn), str(b.expired)
        )
    Console(width=200).print(table)


def register(app: typer.Typer) -> None:
    app.command("assess")(assess_cmd)
    app.command("stats")(stats_cmd)
    app.add_typer(rules_app, name="rules")
