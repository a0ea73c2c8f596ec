"""Scheduled connector runs for the worker: one job per source whose definition has a schedule.

The worker ticks every job on its own interval; a run that raises is logged by the worker and
tried again on the next tick.  Web crawls run in a child process (see :mod:`connectors.runner`),
so a scheduled crawl never blocks on, or restarts, a Twisted reactor inside the worker.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from connectors.config import SourceError, all_sources
from sunshine.logging import get_logger
from sunshine.worker import Job

log = get_logger(__name__)


def _runner(name: str) -> Callable[[sessionmaker[Session]], str | None]:
    def run(factory: sessionmaker[Session]) -> str | None:
        from connectors.runner import inbox_has_files, run_source

        if not inbox_has_files(name):
            return None  # an empty drop folder is not worth a run record every minute
        from connectors.state import RunInProgress

        try:
            summary = run_source(name, factory, trigger="worker")
        except RunInProgress:
            return None  # a manual run of this source is under way; the next tick will do
        if summary.seen or summary.error:
            return (
                f"{name}: {summary.status} seen={summary.seen} new={summary.new} changed={summary.changed} "
                f"quarantined={summary.quarantined}"
            )
        return None

    return run


def jobs() -> list[Job]:
    try:
        sources = all_sources()
    except SourceError:
        log.exception("connector_sources_invalid")
        return []
    return [
        Job(f"connector:{s.name}", s.schedule.interval_seconds, _runner(s.name))
        for s in sources
        if s.schedule is not None and s.schedule.enabled
    ]
