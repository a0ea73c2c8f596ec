"""The worker: runs each stage's periodic jobs (analysis, deadlines, expiry, delivery, crawls).

Jobs come from ``<package>.jobs.jobs()``; each runs on its own interval in one loop, and a job
that raises is logged and retried on its next tick rather than stopping the others.
"""

from __future__ import annotations

import importlib
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from sunshine.assembly import _optional, bootstrap
from sunshine.db import session_factory
from sunshine.logging import get_logger

log = get_logger(__name__)

JOB_MODULES = ("publish.jobs", "publish.delivery_jobs", "connectors.jobs", "search.jobs")


@dataclass
class Job:
    name: str
    interval_seconds: float
    fn: Callable[[sessionmaker[Session]], Any]
    next_run: float = field(default=0.0)


def _analyse_job(factory: sessionmaker[Session]) -> int:
    from publish.workflow import analyse_pending

    with factory() as session:
        return analyse_pending(session)


def collect_jobs() -> list[Job]:
    jobs = [Job("analyse", 2.0, _analyse_job)]
    for name in JOB_MODULES:
        module = _optional(name)
        if module is not None and hasattr(module, "jobs"):
            jobs.extend(module.jobs())
    return jobs


def run(*, once: bool = False, stop_after: float | None = None) -> None:
    bootstrap()
    importlib.import_module("publish.workflow")
    factory = session_factory()
    jobs = collect_jobs()
    stopping = False

    def _stop(*_: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    started = time.monotonic()
    log.info("worker_started", jobs=[j.name for j in jobs])
    while not stopping:
        now = time.monotonic()
        for job in jobs:
            if stopping or now < job.next_run:
                continue
            try:
                result = job.fn(factory)
                if result:
                    log.info("job_done", job=job.name, result=str(result))
            except Exception:
                log.exception("job_failed", job=job.name)
            job.next_run = time.monotonic() + job.interval_seconds
        if once or (stop_after is not None and time.monotonic() - started > stop_after):
            break
        time.sleep(0.2)
    log.info("worker_stopped")
