"""Delivery worker: signing, idempotency key, retries, dead letters, redrive, disabling, ordering."""

from __future__ import annotations

import datetime as dt
import http.server
import itertools
import json
import random
import threading
from pathlib import Path
from typing import Any, ClassVar

import pytest
from sqlalchemy import select

from publish import delivery, subscriptions, workflow
from publish.delivery import DeliveryConfig
from sunshine.models.outbox import OutboxAttempt, OutboxDelivery, PortalSubscription
from tests.publish import outbox_support as S

FAST = DeliveryConfig(
    backoff_base_seconds=0.05,
    backoff_cap_seconds=0.2,
    backoff_jitter=0.5,
    retry_window_seconds=0.8,
    timeout_seconds=2,
    disable_after_failures=1000,
)


@pytest.fixture
def factory(settings_env: Path):  # type: ignore[no-untyped-def]
    from sunshine.assembly import bootstrap
    from sunshine.db import session_factory

    bootstrap()
    return session_factory()


def drain(factory, cfg: DeliveryConfig = FAST, rounds: int = 200) -> None:  # type: ignore[no-untyped-def]
    import time

    for _ in range(rounds):
        delivery.deliver_batch(factory, cfg)
        with factory() as s:
            pending = s.scalars(select(OutboxDelivery).where(OutboxDelivery.status == "pending")).all()
            if not pending:
                return
        time.sleep(0.03)


def test_signed_delivery_with_idempotency_key(factory) -> None:  # type: ignore[no-untyped-def]
    inbox = S.Inbox()
    with S.serve(S.simple_handler(inbox)) as url, factory() as s:
        _sub, secret = subscriptions.add(s, name="p", url=url, actor="t")
        inbox.secret = secret
        s.commit()
        row = S.publish_new(s, S.decision("A1"))
        workflow.withdraw(s, row, reason="行政复议撤销", actor="t")
        s.commit()
        drain(factory)
        assert inbox.rejected == []
        assert [b["type"] for _, b in inbox.received] == ["decision.published", "decision.withdrawn"]
        for h in inbox.headers:
            assert h["webhook-id"] == h["idempotency-key"] and h["webhook-id"].startswith("msg_")
            assert h["webhook-signature"].startswith("v1,")
        assert inbox.received[1][1]["data"]["reason"] == "行政复议撤销"
        log = delivery.delivery_log(s, row.id)
        assert [x["status"] for x in log] == ["delivered", "delivered"]
        assert log[0]["receipt"].startswith("r-") and log[0]["log"][0]["outcome"] == "delivered"
        for _, body in inbox.received:
            assert S.ID_NUMBER not in json.dumps(body, ensure_ascii=False)


def test_receiver_rejects_tampered_and_replayed_deliveries(factory) -> None:  # type: ignore[no-untyped-def]
    """A verifying receiver refuses a changed body and an old captured request played again."""
    from standardwebhooks import Webhook, WebhookVerificationError

    secret = delivery.generate_secret()
    body = delivery.encode_body({"type": "decision.withdrawn", "data": {"reason": "撤销"}})
    headers = delivery.sign_headers(secret, "msg_1", body)
    assert Webhook(secret).verify(body, headers)["type"] == "decision.withdrawn"
    # tampered: one character of the body changed after signing
    tampered = body.replace("撤销", "维持")
    with pytest.raises(WebhookVerificationError, match="signature"):
        Webhook(secret).verify(tampered, headers)
    # replayed: a request captured 10 minutes ago (signature valid, timestamp outside tolerance)
    captured = delivery.sign_headers(
        secret, "msg_2", body, now=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    )
    with pytest.raises(WebhookVerificationError, match="too old"):
        Webhook(secret).verify(body, captured)
    # and a replay inside the tolerance window is applied once only (idempotency by webhook-id)
    inbox = S.Inbox(secret)
    assert inbox.accept(body.encode(), headers)[0] == 200
    assert inbox.accept(body.encode(), headers) == (200, '{"status":"duplicate"}')
    assert len(inbox.applied) == 1 and len(inbox.received) == 2
    assert inbox.accept(tampered.encode(), headers)[0] == 401
    assert inbox.accept(body.encode(), captured)[0] == 401
    print(
        f"\nsignature check: tampered rejected=1, replayed(old) rejected=1, replay-in-window applied once; {inbox.rejected}"
    )


class Flaky(http.server.BaseHTTPRequestHandler):
    """Answers 500 for the first ``fail`` requests of each webhook-id."""

    fail = 2
    seen: ClassVar[dict[str, int]] = {}
    inbox: S.Inbox

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        key = self.headers["webhook-id"]
        n = self.seen[key] = self.seen.get(key, 0) + 1
        if n <= self.fail:
            self.send_response(500)
            self.end_headers()
            return
        status, text = self.inbox.accept(body, {k.lower(): v for k, v in self.headers.items()})
        self.send_response(status)
        self.end_headers()
        self.wfile.write(text.encode())

    def log_message(self, *args: Any) -> None:
        pass


def test_retries_with_backoff_until_delivered(factory) -> None:  # type: ignore[no-untyped-def]
    Flaky.inbox, Flaky.seen, Flaky.fail = S.Inbox(), {}, 2
    cfg = FAST.model_copy(update={"retry_window_seconds": 30})
    with S.serve(Flaky) as url, factory() as s:
        subscriptions.add(s, name="p", url=url, actor="t")
        s.commit()
        row = S.publish_new(s, S.decision("A1"))
        drain(factory, cfg)
        attempts = s.scalars(select(OutboxAttempt).order_by(OutboxAttempt.id)).all()
        assert [a.status_code for a in attempts] == [500, 500, 200]
        assert [a.outcome for a in attempts] == ["http_error", "http_error", "delivered"]
        d = s.scalars(select(OutboxDelivery)).one()
        assert d.status == "delivered" and d.attempts == 3
        assert delivery.delivery_log(s, row.id)[0]["attempts"] == 3


def test_dead_letter_blocks_the_stream_until_redrive(factory) -> None:  # type: ignore[no-untyped-def]
    """An event that exhausts its retries is dead-lettered; later events of that decision wait."""
    Flaky.inbox, Flaky.seen, Flaky.fail = S.Inbox(), {}, 10_000
    with S.serve(Flaky) as url, factory() as s:
        sub, _ = subscriptions.add(s, name="p", url=url, actor="t")
        s.commit()
        row = S.publish_new(s, S.decision("A1"))
        other = S.publish_new(s, S.decision("B1"))
        workflow.withdraw(s, row, reason="撤销", actor="t")
        s.commit()
        drain(factory, FAST, rounds=80)
        letters = delivery.dead_letters(s)
        assert {x["event_type"] for x in letters} == {"decision.published"}
        assert len(letters) == 2  # both decisions' publications; the withdrawal never went out of order
        withdrawal = s.scalars(select(OutboxDelivery).where(OutboxDelivery.event_seq == 3)).one()
        assert withdrawal.status == "pending" and withdrawal.attempts == 0
        # the portal is fixed; an operator redrives; everything arrives, in order per decision
        Flaky.fail = 0
        assert delivery.redrive(s, actor="ops", subscription_id=sub.id) == 2
        s.commit()
        drain(factory, FAST)
        types_for = {
            d_id: [b["type"] for _, b in Flaky.inbox.received if b["data"]["decision"]["id"] == d_id]
            for d_id in (row.id, other.id)
        }
        assert types_for[row.id] == ["decision.published", "decision.withdrawn"]
        assert types_for[other.id] == ["decision.published"]
        assert delivery.dead_letters(s) == []


def test_subscription_disabled_after_a_run_of_failures(factory, caplog) -> None:  # type: ignore[no-untyped-def]
    from prometheus_client import REGISTRY

    cfg = FAST.model_copy(update={"disable_after_failures": 3, "retry_window_seconds": 60})
    with factory() as s:
        subscriptions.add(s, name="dead-portal", url="http://127.0.0.1:9/nothing-listens", actor="t")
        s.commit()
        S.publish_new(s, S.decision("A1"))
        S.publish_new(s, S.decision("A2"))
        before = (
            REGISTRY.get_sample_value(
                "sunshine_portal_subscriptions_disabled_total", {"subscription": "dead-portal"}
            )
            or 0
        )
        drain(factory, cfg, rounds=40)
        sub = s.scalars(select(PortalSubscription)).one()
        s.refresh(sub)
        assert sub.status == "disabled" and "in a row" in (sub.disabled_reason or "")
        assert sub.consecutive_failures >= 3
        after = REGISTRY.get_sample_value(
            "sunshine_portal_subscriptions_disabled_total", {"subscription": "dead-portal"}
        )
        assert after == before + 1
        # nothing was dropped: both events still wait for the portal
        assert {d.status for d in s.scalars(select(OutboxDelivery))} == {"pending"}
        assert subscriptions.describe(s, sub)["status"] == "disabled"
        assert delivery.claim(s, cfg, "w") == []
        subscriptions.enable(s, sub.id, actor="ops")
        s.commit()
        assert len(delivery.claim(s, cfg, "w")) == 2


def test_default_schedule_spans_48_hours_with_jitter() -> None:
    cfg = DeliveryConfig()
    assert cfg.retry_window_seconds >= 48 * 3600
    nominal = delivery.schedule(cfg)
    assert sum(nominal) >= 48 * 3600 and nominal[0] == 10 and max(nominal) == 6 * 3600
    assert all(b >= a for a, b in itertools.pairwise(nominal))  # exponential, then capped
    rng = random.Random(1)
    draws = {round(delivery.backoff_delay(3, cfg, rng), 3) for _ in range(20)}
    assert len(draws) > 10 and all(30 <= d <= 50 for d in draws)  # 40 s ± 25 %


def test_expired_lease_is_claimed_again(factory) -> None:  # type: ignore[no-untyped-def]
    """A worker that died after claiming does not lose the delivery: the lease runs out."""
    with factory() as s:
        subscriptions.add(s, name="p", url="http://127.0.0.1:9/x", actor="t")
        s.commit()
        S.publish_new(s, S.decision("A1"))
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        first = delivery.claim(s, FAST, "dead-worker", now=now)
        assert len(first) == 1
        assert delivery.claim(s, FAST, "other", now=now + dt.timedelta(seconds=1)) == []
        again = delivery.claim(s, FAST, "other", now=now + FAST.lease + dt.timedelta(seconds=1))
        assert again == first
        d = s.get(OutboxDelivery, first[0])
        s.refresh(d)
        assert d.claimed_by == "other" and d.attempts == 2


def _claim_in_threads(factory, n_threads: int = 4) -> list[list[str]]:  # type: ignore[no-untyped-def]
    cfg = FAST.model_copy(update={"batch_size": 5})
    results: list[list[str]] = [[] for _ in range(n_threads)]
    barrier = threading.Barrier(n_threads)

    def work(i: int) -> None:
        barrier.wait()
        with factory() as s:
            results[i] = delivery.claim(s, cfg, f"w{i}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.postgres
def test_concurrent_claims_on_postgres_are_disjoint(pg_url: str) -> None:
    """FOR UPDATE SKIP LOCKED: several workers claim at once, no delivery twice, none missed."""
    from sunshine.assembly import bootstrap
    from sunshine.db import session_factory

    bootstrap()
    factory = session_factory()
    with factory() as s:
        subscriptions.add(s, name="p", url="http://127.0.0.1:9/x", actor="t")
        s.commit()
        for i in range(12):
            S.publish_new(s, S.decision(f"P{i}"))
    results = _claim_in_threads(factory)
    flat = [x for r in results for x in r]
    assert len(flat) == len(set(flat)) == 12
    print(f"\npostgres claim: per worker {[len(r) for r in results]}, total {len(flat)}, duplicates 0")


def test_concurrent_claims_on_sqlite_are_disjoint(factory) -> None:  # type: ignore[no-untyped-def]
    with factory() as s:
        subscriptions.add(s, name="p", url="http://127.0.0.1:9/x", actor="t")
        s.commit()
        for i in range(12):
            S.publish_new(s, S.decision(f"Q{i}"))
    # SQLite: racing workers see the same candidates; the conditional UPDATE lets one win each
    flat: list[str] = []
    for _ in range(6):
        flat += [x for r in _claim_in_threads(factory) for x in r]
    assert len(flat) == len(set(flat)) == 12


def test_worker_job_delivers(factory) -> None:  # type: ignore[no-untyped-def]
    """The job the kernel worker runs (``publish.delivery_jobs``) drains what is due."""
    from publish.delivery_jobs import jobs

    inbox = S.Inbox()
    with S.serve(S.simple_handler(inbox)) as url, factory() as s:
        subscriptions.add(s, name="p", url=url, actor="t")
        s.commit()
        S.publish_new(s, S.decision("J1"))
        (job,) = jobs()
        assert job.name == "portal_delivery" and job.interval_seconds > 0
        assert job.fn(factory) == 1
        assert [b["type"] for _, b in inbox.received] == ["decision.published"]
