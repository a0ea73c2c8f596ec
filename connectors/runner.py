"""Running one source once, whatever its kind, with a run record and progress callbacks.

Web crawls run Scrapy in a child process: a Twisted reactor cannot be restarted in one process,
and the CLI, the worker and the tests all need to crawl more than once.  Where the platform can,
the child is *forked* from the (already bootstrapped) parent, so it does not pay again for
importing the NLP stack that the lifecycle listeners pull in; elsewhere, or with
``SUNSHINE_CONNECTORS_SPAWN=1``, it is a fresh ``python -m connectors.web.run``.  The child writes
the run record's counts itself; the parent opens the record, relays progress events, and marks the
run failed if the child died without closing it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from connectors import progress, state
from connectors.config import FileDropSource, RestSource, WebSource, load_source
from sunshine.models.connectors_state import ConnectorRun

ProgressFn = Callable[[str, dict[str, Any]], None]


@dataclass
class RunSummary:
    run_id: str
    source: str
    kind: str
    status: str
    seen: int
    new: int
    changed: int
    unchanged: int
    quarantined: int
    requests: int
    error: str | None

    @classmethod
    def of(cls, run: ConnectorRun) -> RunSummary:
        return cls(
            run.id,
            run.source,
            run.kind,
            run.status,
            run.seen,
            run.new,
            run.changed,
            run.unchanged,
            run.quarantined,
            run.requests,
            run.error,
        )


def _log_dir() -> Path:
    from sunshine.settings import get_settings

    path = get_settings().home_dir / "logs" / "connectors"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _crawl_subprocess(
    name: str, run_id: str, on_progress: ProgressFn | None, full: bool, timeout: float
) -> int:
    cmd = [sys.executable, "-m", "connectors.web.run", name, "--run-id", run_id]
    if full:
        cmd.append("--full")
    log_path = _log_dir() / f"{name}-{run_id}.log"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH", "")])
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, text=True, env=env)
        assert proc.stdout is not None
        try:
            for line in proc.stdout:
                event = progress.parse(line.rstrip("\n"))
                if event is not None and on_progress is not None:
                    on_progress(str(event.pop("event")), event)
            return proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return -9
        finally:
            if proc.poll() is None:
                proc.kill()


def _fresh_stdio(log_path: str) -> None:
    """Point fds 1/2 at the run's log, with *new* file objects.

    A thread of the parent (a progress bar's refresher, a server) may have held the lock of
    ``sys.stderr``'s buffer at the moment of the fork; that lock stays held forever in the child,
    so the child must not write through the inherited objects.  Logging handler locks are
    re-initialised by the ``logging`` module itself after a fork.
    """
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    old = (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__)
    sys.stdout = open(1, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    for logger in [
        logging.getLogger(),
        *(v for v in logging.Logger.manager.loggerDict.values() if isinstance(v, logging.Logger)),
    ]:
        for handler in logger.handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream in old:
                handler.setStream(sys.stderr)


def _forked_child(name: str, run_id: str, full: bool, log_path: str, conn: Any) -> None:
    from sunshine import db

    _fresh_stdio(log_path)
    db.forget_engines_after_fork()
    progress.set_sink(conn.send)
    progress.emit("started")
    from connectors.web.run import crawl

    try:
        crawl(name, run_id, full=full)
    finally:
        conn.close()


def _crawl_fork(name: str, run_id: str, on_progress: ProgressFn | None, full: bool, timeout: float) -> int:
    # import Scrapy and our spider here, once, so every forked child starts with them loaded
    # (importing them does not install a Twisted reactor; the child installs its own)
    from connectors.web.run import preload

    preload()

    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    log_path = str(_log_dir() / f"{name}-{run_id}.log")
    proc = ctx.Process(target=_forked_child, args=(name, run_id, full, log_path, sender), daemon=False)
    proc.start()
    sender.close()
    deadline = time.monotonic() + timeout
    hello_by = time.monotonic() + 60  # a child that cannot even say hello is stuck: do not wait an hour
    started = False
    try:
        while True:
            if receiver.poll(0.1):
                try:
                    event = receiver.recv()
                except EOFError:
                    break
                started = True
                if on_progress is not None and isinstance(event, dict) and event.get("event") != "started":
                    on_progress(str(event.pop("event", "")), event)
            elif not proc.is_alive():
                break
            now = time.monotonic()
            if now > deadline or (not started and now > hello_by):
                proc.kill()
                break
        proc.join(timeout=max(1.0, deadline - time.monotonic()))
        return proc.exitcode if proc.exitcode is not None else -9
    finally:
        receiver.close()
        if proc.is_alive():
            proc.kill()
            proc.join()


def _use_fork() -> bool:
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and os.environ.get("SUNSHINE_CONNECTORS_SPAWN") != "1"
    )


def run_source(
    name: str,
    factory: sessionmaker[Session],
    *,
    trigger: str = "cli",
    on_progress: ProgressFn | None = None,
    full: bool = False,
    timeout: float = 3600.0,
) -> RunSummary:
    source = load_source(name)
    with factory() as session:
        run = state.start_run(session, name, source.kind, trigger)
        session.commit()
        run_id = run.id
    counts: dict[str, int] = {k: 0 for k in state.COUNTERS}
    error: str | None = None
    if isinstance(source, WebSource):
        crawl = _crawl_fork if _use_fork() else _crawl_subprocess
        code = crawl(name, run_id, on_progress, full, timeout)
        with factory() as session:
            row = session.get(ConnectorRun, run_id)
            assert row is not None
            if row.status == "running":
                state.finish_run(
                    session, run_id, {}, error=f"crawler exited with code {code} (see logs/connectors)"
                )
                session.commit()
            return RunSummary.of(row)
    try:
        if isinstance(source, RestSource):
            from connectors.rest import poll

            poll(source, factory, on_progress=on_progress, full=full, counts=counts)
        elif isinstance(source, FileDropSource):
            counts = _filedrop(source, factory, on_progress)
    except Exception as exc:  # recorded on the run; the message names the failure, never content
        error = f"{type(exc).__name__}: {exc}"[:2000]
    with factory() as session:
        row = state.finish_run(session, run_id, counts, error=error)
        session.commit()
        return RunSummary.of(row)


def _home_path(value: str) -> Path:
    from sunshine.settings import get_settings

    return Path(value) if Path(value).is_absolute() else get_settings().home_dir / value


def inbox_has_files(name: str) -> bool:
    """False only for a file-drop source whose folder holds nothing to import (other kinds: True)."""
    from connectors.filedrop import SUFFIXES

    source = load_source(name)
    if not isinstance(source, FileDropSource):
        return True
    inbox = _home_path(source.path)
    return inbox.is_dir() and any(p.is_file() and p.suffix.lower() in SUFFIXES for p in inbox.iterdir())


def _filedrop(
    source: FileDropSource, factory: sessionmaker[Session], on_progress: ProgressFn | None
) -> dict[str, int]:
    from connectors.filedrop import import_inbox

    inbox = _home_path(source.path)
    done = _home_path(source.done_path) if source.done_path else None
    report = import_inbox(factory, inbox, done)
    counts = report.counts()
    if on_progress:
        on_progress("queued", {"n": counts["seen"]})
        for r in report.ingested:
            on_progress(
                "item",
                {"outcome": {"new": "new", "new_version": "changed"}.get(r.outcome.value, r.outcome.value)},
            )
        for _ in report.quarantined:
            on_progress("item", {"outcome": "quarantined"})
    return counts
