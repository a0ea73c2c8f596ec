"""Checkpoints, seen markers and run records (the tables in ``sunshine.models.connectors_state``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sunshine.models.base import utcnow
from sunshine.models.connectors_state import ConnectorCheckpoint, ConnectorRun, ConnectorSeen
from sunshine.models.core import QuarantineItem

COUNTERS = ("seen", "new", "changed", "unchanged", "quarantined", "requests")


def get_checkpoint(session: Session, source: str, key: str) -> str | None:
    row = session.scalars(
        select(ConnectorCheckpoint).where(
            ConnectorCheckpoint.source == source, ConnectorCheckpoint.key == key
        )
    ).first()
    return row.value if row else None


def set_checkpoint(session: Session, source: str, key: str, value: str | None) -> None:
    row = session.scalars(
        select(ConnectorCheckpoint).where(
            ConnectorCheckpoint.source == source, ConnectorCheckpoint.key == key
        )
    ).first()
    if value is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        session.add(ConnectorCheckpoint(source=source, key=key, value=value))
    else:
        row.value = value
        row.updated_at = utcnow()


def seen_markers(session: Session, source: str) -> dict[str, str]:
    rows = session.execute(
        select(ConnectorSeen.external_id, ConnectorSeen.marker).where(ConnectorSeen.source == source)
    )
    return {ext: marker for ext, marker in rows}


def mark_seen(session: Session, source: str, external_id: str, marker: str) -> None:
    row = session.scalars(
        select(ConnectorSeen).where(ConnectorSeen.source == source, ConnectorSeen.external_id == external_id)
    ).first()
    if row is None:
        session.add(ConnectorSeen(source=source, external_id=external_id, marker=marker))
    else:
        row.marker = marker
        row.seen_at = utcnow()


STALE_AFTER = dt.timedelta(hours=6)


class RunInProgress(RuntimeError):
    """Another run of the same source is under way (the worker's schedule and a manual run met)."""


def start_run(session: Session, source: str, kind: str, trigger: str = "cli") -> ConnectorRun:
    """Open a run record; runs of this source left "running" for hours (a killed process) are closed."""
    stale = session.scalars(
        select(ConnectorRun).where(
            ConnectorRun.source == source,
            ConnectorRun.status == "running",
            ConnectorRun.started_at < utcnow() - STALE_AFTER,
        )
    )
    for old in stale:
        old.status, old.finished_at, old.error = "failed", utcnow(), "abandoned: the run never finished"
    session.flush()
    busy = session.scalars(
        select(ConnectorRun).where(ConnectorRun.source == source, ConnectorRun.status == "running")
    ).first()
    if busy is not None:
        raise RunInProgress(
            f"{source}: run {busy.id[:12]} started {busy.started_at:%Y-%m-%d %H:%M:%S} is still running"
        )
    run = ConnectorRun(source=source, kind=kind, trigger=trigger, status="running", started_at=utcnow())
    for name in COUNTERS:
        setattr(run, name, 0)
    session.add(run)
    session.flush()
    return run


def finish_run(
    session: Session, run_id: str, counts: dict[str, int], *, error: str | None = None
) -> ConnectorRun:
    run = session.get(ConnectorRun, run_id)
    if run is None:
        raise LookupError(f"no connector run {run_id}")
    for name in COUNTERS:
        if name in counts:
            setattr(run, name, int(counts[name]))
    run.finished_at = utcnow()
    if error:
        run.status, run.error = "failed", error[:2000]
    else:
        run.status = "partial" if run.quarantined else "ok"
    return run


def resolve_quarantined(session: Session, source: str, origin: str, decision_id: str) -> int:
    """A refetch that now succeeds closes the open quarantine item for the same origin."""
    items = session.scalars(
        select(QuarantineItem).where(
            QuarantineItem.source == source, QuarantineItem.origin == origin, QuarantineItem.status == "open"
        )
    ).all()
    for item in items:
        item.status = "resolved"
        item.resolved_decision_id = decision_id
    return len(items)


def open_quarantine_origins(session: Session, source: str) -> list[str]:
    return list(
        session.scalars(
            select(QuarantineItem.origin).where(
                QuarantineItem.source == source, QuarantineItem.status == "open"
            )
        )
    )


@dataclass
class SourceStatus:
    source: str
    kind: str
    title: str
    last_run: ConnectorRun | None
    runs: int
    open_quarantine: int
    scheduled_every: float | None

    def as_json(self) -> dict[str, Any]:
        run = self.last_run
        return {
            "source": self.source,
            "kind": self.kind,
            "title": self.title,
            "scheduled_every_seconds": self.scheduled_every,
            "runs": self.runs,
            "open_quarantine": self.open_quarantine,
            "last_run": None
            if run is None
            else {
                "id": run.id,
                "status": run.status,
                "trigger": run.trigger,
                "started_at": run.started_at.isoformat() + "Z",
                "finished_at": run.finished_at.isoformat() + "Z" if run.finished_at else None,
                **{name: getattr(run, name) for name in COUNTERS},
                "error": run.error,
            },
        }


def last_runs(session: Session) -> dict[str, ConnectorRun]:
    latest = (
        select(ConnectorRun.source, func.max(ConnectorRun.started_at).label("at"))
        .group_by(ConnectorRun.source)
        .subquery()
    )
    rows = session.scalars(
        select(ConnectorRun).join(
            latest, (ConnectorRun.source == latest.c.source) & (ConnectorRun.started_at == latest.c.at)
        )
    )
    return {r.source: r for r in rows}


def source_statuses(session: Session) -> list[SourceStatus]:
    """Every defined source plus any source seen only in run history or the quarantine."""
    from connectors.config import SourceError, all_sources

    try:
        defs = {s.name: s for s in all_sources()}
    except SourceError:
        defs = {}
    runs = last_runs(session)
    counts = dict(
        session.execute(select(ConnectorRun.source, func.count()).group_by(ConnectorRun.source)).all()
    )
    quarantined = dict(
        session.execute(
            select(QuarantineItem.source, func.count())
            .where(QuarantineItem.status == "open")
            .group_by(QuarantineItem.source)
        ).all()
    )
    names = sorted(set(defs) | set(runs) | set(quarantined))
    out = []
    for name in names:
        d = defs.get(name)
        out.append(
            SourceStatus(
                source=name,
                kind=d.kind if d else (runs[name].kind if name in runs else "filedrop"),
                title=d.title if d else "",
                last_run=runs.get(name),
                runs=int(counts.get(name, 0)),
                open_quarantine=int(quarantined.get(name, 0)),
                scheduled_every=d.schedule.interval_seconds
                if d and d.schedule and d.schedule.enabled
                else None,
            )
        )
    return out
