"""Acceptance (issue 7): nothing lost, nothing applied twice, order kept — under chaos.

A loopback receiver (real HTTP on 127.0.0.1) answers 500, times out, resets the connection or
answers slowly at random, and verifies every signature.  Two delivery worker *processes* run
while decisions are published, withdrawn, superseded and expired; a chaos thread SIGKILLs a
worker every second or so (mid-delivery: leases are held) and restarts it.  Afterwards every
event has reached each portal at least once, was applied exactly once by idempotency key, in
order per decision, with nothing left in the outbox.  The counts are printed.
"""

from __future__ import annotations

import http.server
import json
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from sunshine.models.outbox import OutboxAttempt, OutboxDelivery, OutboxEvent
from tests.publish import outbox_support as S

ROOT = Path(__file__).resolve().parents[2]
WORKER_CODE = "from publish.delivery import main; main()"
TIMEOUT = 0.3


class Chaos:
    """Receiver state: per path a secret, the applied ids and the order of first application."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.secrets: dict[str, str] = {}
        self.applied: dict[str, dict[str, dict[str, Any]]] = {}
        self.order: dict[tuple[str, str], list[int]] = {}
        self.stats: Counter[str] = Counter()
        self.rejections: list[str] = []

    def behaviour(self) -> str:
        with self.lock:
            x = self.rng.random()
        if x < 0.15:
            return "500"
        if x < 0.25:
            return "timeout"
        if x < 0.35:
            return "reset"
        if x < 0.45:
            return "slow"
        return "ok"

    def apply(self, path: str, body: bytes, headers: dict[str, str]) -> bool:
        from standardwebhooks import Webhook, WebhookVerificationError

        try:
            Webhook(self.secrets[path]).verify(body, headers)
        except (WebhookVerificationError, KeyError) as exc:
            with self.lock:
                self.stats["bad_signature"] += 1
                self.rejections.append(f"{type(exc).__name__}: {exc} (body {len(body)} bytes)")
            return False
        data = json.loads(body)
        key = headers["idempotency-key"]
        assert key == headers["webhook-id"]
        with self.lock:
            self.stats["verified_requests"] += 1
            seen = self.applied.setdefault(path, {})
            if key in seen:
                self.stats["duplicates_suppressed"] += 1
                return True
            seen[key] = data
            decision_key = data["data"]["decision_key"]
            self.order.setdefault((path, decision_key), []).append(data["sequence"])
        return True


def make_handler(chaos: Chaos) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            expected = int(self.headers.get("content-length", 0))
            body = self.rfile.read(expected)
            headers = {k.lower(): v for k, v in self.headers.items()}
            if len(body) < expected:
                # the sender was SIGKILLed mid-request: an incomplete request, not a forged one
                with chaos.lock:
                    chaos.stats["truncated_requests"] += 1
                self.close_connection = True
                return
            mode = chaos.behaviour()
            with chaos.lock:
                chaos.stats[f"answer_{mode}"] += 1
            if mode == "500":
                self._reply(500, b"{}")
            elif mode == "reset":
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
            elif mode == "timeout":
                ok = chaos.apply(self.path, body, headers)  # applied, but the sender gives up waiting
                time.sleep(TIMEOUT * 2.5)
                self._reply(200 if ok else 401, b"{}")
            else:
                if mode == "slow":
                    time.sleep(TIMEOUT * 0.4)
                ok = chaos.apply(self.path, body, headers)
                self._reply(200 if ok else 401, b'{"receipt":"ok"}')

        def _reply(self, status: int, payload: bytes) -> None:
            try:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class Workers:
    def __init__(self, n: int, log: Path) -> None:
        self.log = log.open("ab")
        self.procs: list[subprocess.Popen[bytes]] = [self._spawn() for _ in range(n)]
        self.kills = 0
        self.kills_mid_delivery = 0
        self.restarts = 0

    def _spawn(self) -> subprocess.Popen[bytes]:
        env = dict(os.environ)
        env.update(
            SUNSHINE_PORTAL_BACKOFF_BASE_SECONDS="0.05",
            SUNSHINE_PORTAL_BACKOFF_CAP_SECONDS="0.4",
            SUNSHINE_PORTAL_RETRY_WINDOW_SECONDS="600",
            SUNSHINE_PORTAL_TIMEOUT_SECONDS=str(TIMEOUT),
            SUNSHINE_PORTAL_LEASE_SECONDS="1.0",
            SUNSHINE_PORTAL_BATCH_SIZE="8",
            SUNSHINE_PORTAL_CONCURRENCY="8",
            SUNSHINE_PORTAL_DISABLE_AFTER_FAILURES="100000",
            SUNSHINE_PORTAL_IDLE_SLEEP_SECONDS="0.05",
            SUNSHINE_LOG_LEVEL="WARNING",
            PYTHONPATH=str(ROOT),
        )
        return subprocess.Popen(
            [sys.executable, "-c", WORKER_CODE], cwd=ROOT, env=env, stdout=self.log, stderr=self.log
        )

    def kill_busy(self, factory: Any) -> bool:
        """SIGKILL a worker that holds a live lease (so it dies mid-delivery), then restart it."""
        from sunshine.models.base import utcnow

        with factory() as s:
            holders = set(
                s.scalars(
                    select(OutboxDelivery.claimed_by).where(
                        OutboxDelivery.status == "pending", OutboxDelivery.lease_until > utcnow()
                    )
                )
            )
        busy = [i for i, p in enumerate(self.procs) if any(h and h.endswith(f":{p.pid}") for h in holders)]
        if not busy:
            return False
        i = busy[0]
        self.procs[i].send_signal(signal.SIGKILL)
        self.procs[i].wait()
        self.kills += 1
        self.kills_mid_delivery += 1
        self.procs[i] = self._spawn()
        self.restarts += 1
        return True

    def stop(self) -> None:
        for p in self.procs:
            p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        self.log.close()


class NoIndex:
    """The search index is not under test here (see test_delivery_withdrawal); keep it out of the way."""

    def index(self, docs: Any) -> None:
        pass

    def delete(self, ids: Any) -> None:
        pass

    def get(self, id: str) -> None:
        return None


def _run_chaos(tmp_path: Path, factory: Any, *, n_decisions: int, min_kills: int, label: str) -> None:
    from publish import subscriptions, workflow
    from sunshine.store import ingest

    workflow.set_backend(NoIndex())  # type: ignore[arg-type]

    chaos = Chaos(seed=20261122)
    server = QuietServer(("127.0.0.1", 0), make_handler(chaos))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with factory() as s:
        for name, fmt in (("json-portal", "json"), ("credit-portal", "shuanggongshi")):
            _, secret = subscriptions.add(s, name=name, url=f"{base}/{name}", format=fmt, actor="test")
            chaos.secrets[f"/{name}"] = secret
        s.commit()

    workers = Workers(2, tmp_path / "workers.log")
    stop = threading.Event()
    rng = random.Random(7)

    def chaos_loop() -> None:
        while not stop.is_set() and workers.kills < min_kills:
            if not workers.kill_busy(factory):
                time.sleep(0.05)
                continue
            time.sleep(rng.uniform(0.3, 0.8))

    killer = threading.Thread(target=chaos_loop, daemon=True)
    started = time.monotonic()
    killer.start()
    try:
        with factory() as s:
            rows = []
            for i in range(n_decisions):
                rows.append(S.publish_new(s, S.decision(f"R{i}")))
            for i, row in enumerate(rows):
                if i % 4 == 0:
                    workflow.withdraw(s, row, reason="行政复议撤销", actor="legal")
                elif i % 4 == 1:  # a changed decision: new version supersedes (withdrawn), then republished
                    changed = S.decision(
                        f"R{i}",
                        events=[{"kind": "changed", "date": "2025-06-03", "reason": "复议变更"}],
                        fine=800,
                    )
                    new_id = ingest(s, changed, actor="connector").decision_id
                    s.commit()
                    from sunshine.lifecycle import State, transition
                    from sunshine.models.core import DecisionRow

                    new = s.get(DecisionRow, new_id)
                    assert new is not None
                    new.masked_text, new.leak_ok, new.publishable = S.masked(changed.text), True, True
                    for st in (State.analysed, State.in_review, State.approved):
                        transition(s, new, st, actor="t")
                    workflow.publish(s, new, actor="t")
                elif i % 4 == 2:
                    workflow.expire(s, row)
                s.commit()
        produced = time.monotonic() - started
        # wait until the outbox is drained (and the chaos has had its kills)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with factory() as s:
                left = s.scalar(
                    select(func.count())
                    .select_from(OutboxDelivery)
                    .where(OutboxDelivery.status != "delivered")
                )
            if left == 0 and workers.kills >= min_kills:
                break
            time.sleep(0.2)
    finally:
        stop.set()
        killer.join(timeout=5)
        workers.stop()
        server.shutdown()
        server.server_close()
    elapsed = time.monotonic() - started

    with factory() as s:
        events = list(s.scalars(select(OutboxEvent).order_by(OutboxEvent.seq)))
        deliveries = list(s.scalars(select(OutboxDelivery)))
        attempts = s.scalar(select(func.count()).select_from(OutboxAttempt)) or 0
        outcomes = dict(
            s.execute(select(OutboxAttempt.outcome, func.count()).group_by(OutboxAttempt.outcome)).all()
        )
    by_id = {e.id: e for e in events}
    expected = {(f"/{name}", e.id) for e in events for name in ("json-portal", "credit-portal")}
    applied = {(path, key) for path, ids in chaos.applied.items() for key in ids}
    lost = expected - applied
    out_of_order = [k for k, seqs in chaos.order.items() if seqs != sorted(seqs)]
    left = [d for d in deliveries if d.status != "delivered"]
    types = Counter(e.type for e in events)
    print(
        f"\n[{label}] reliability: events={len(events)} {dict(types)} deliveries={len(deliveries)} "
        f"delivered={len(deliveries) - len(left)} left_in_outbox={len(left)} lost={len(lost)} "
        f"applied_once={len(applied)} duplicates_suppressed={chaos.stats['duplicates_suppressed']} "
        f"out_of_order_streams={len(out_of_order)} streams={len(chaos.order)}\n"
        f"[{label}] receiver: {dict(sorted((k, v) for k, v in chaos.stats.items() if k.startswith('answer_')))} "
        f"verified={chaos.stats['verified_requests']} bad_signature={chaos.stats['bad_signature']} "
        f"truncated={chaos.stats['truncated_requests']}\n"
        f"[{label}] workers: sigkill={workers.kills} (mid-delivery {workers.kills_mid_delivery}) "
        f"restarts={workers.restarts} attempts_logged={attempts} {outcomes} elapsed={elapsed:.1f}s (producing {produced:.1f}s)"
    )
    assert workers.kills >= min_kills and workers.kills_mid_delivery >= 1
    assert not lost, f"{len(lost)} events never reached a portal"
    assert not left, f"{len(left)} deliveries left in the outbox"
    assert not out_of_order
    assert applied == expected and all(k in by_id for _, k in applied)
    assert chaos.stats["bad_signature"] == 0, chaos.rejections
    assert chaos.stats["answer_500"] and chaos.stats["answer_timeout"] and chaos.stats["answer_reset"]


def test_chaos_delivery_sqlite(settings_env: Path, tmp_path: Path) -> None:
    from sunshine.assembly import bootstrap
    from sunshine.db import session_factory

    bootstrap()
    _run_chaos(tmp_path, session_factory(), n_decisions=16, min_kills=5, label="sqlite")


@pytest.mark.postgres
def test_chaos_delivery_postgres(pg_url: str, tmp_path: Path) -> None:
    from sunshine.assembly import bootstrap
    from sunshine.db import session_factory

    bootstrap()
    _run_chaos(tmp_path, session_factory(), n_decisions=10, min_kills=3, label="postgres")
