"""The push-delivery worker: claim, sign, send, record — at least once, in order, never lost.

Why it works the way it does:

* **Claiming.** A delivery is claimed by setting a lease (``claimed_by``, ``lease_until``) with a
  conditional UPDATE, committed *before* any HTTP.  On PostgreSQL the candidate SELECT also takes
  ``FOR UPDATE SKIP LOCKED`` so several workers never contend for the same rows; on SQLite the
  conditional UPDATE alone decides (writers are serialised by the database).  A worker killed
  mid-send simply lets its lease run out; the delivery is then claimed again — hence *at least
  once*, and receivers de-duplicate by ``webhook-id`` (also sent as ``Idempotency-Key``).
* **Ordering.** Only the oldest unfinished delivery of a (subscription, decision) stream is
  eligible; a later event waits until the earlier one is delivered.  A dead-lettered delivery
  keeps blocking its stream until an operator redrives it, so order holds even then.
* **Retries.** Exponential backoff with full-range jitter, capped, until ``retry_window_seconds``
  (48 h by default) has passed since the first attempt; then the delivery is dead-lettered.
  ``410 Gone`` dead-letters at once and disables the subscription.
* **Failing endpoints.** After ``disable_after_failures`` failures in a row the subscription is
  disabled (warning log, metric, visible state); its deliveries wait, nothing is dropped.
* **Signing.** Standard Webhooks (``standardwebhooks``): HMAC-SHA256 over
  ``msg_id.timestamp.body`` in ``webhook-signature``; each attempt is signed with a fresh
  timestamp, so a receiver's 5-minute tolerance rejects replays of captured requests.

Nothing here logs or stores a body: attempts record status code, timing and an error class.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import random
import secrets
import socket
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
from prometheus_client import Counter, Histogram
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased, sessionmaker
from standardwebhooks import Webhook

from sunshine import crypto
from sunshine.logging import get_logger
from sunshine.models.base import utcnow
from sunshine.models.outbox import (
    OutboxAttempt,
    OutboxDeadLetter,
    OutboxDelivery,
    OutboxEvent,
    PortalSubscription,
)

log = get_logger(__name__)

USER_AGENT = "Sunshine-Webhooks/1"

ATTEMPTS = Counter(
    "sunshine_portal_delivery_attempts_total", "Delivery attempts", ["subscription", "outcome"]
)
FAILURES = Counter("sunshine_portal_delivery_failures_total", "Failed delivery attempts", ["subscription"])
DEAD = Counter(
    "sunshine_portal_dead_lettered_total", "Deliveries moved to the dead-letter list", ["subscription"]
)
DISABLED = Counter(
    "sunshine_portal_subscriptions_disabled_total", "Subscriptions auto-disabled", ["subscription"]
)
LATENCY = Histogram(
    "sunshine_portal_delivery_latency_seconds",
    "Event written → delivered (includes retries)",
    buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 6 * 3600, 24 * 3600, 72 * 3600),
)
HTTP_SECONDS = Histogram("sunshine_portal_http_seconds", "Duration of one delivery request", ["outcome"])


class DeliveryConfig(BaseSettings):
    """``SUNSHINE_PORTAL_*``; tests shrink the schedule so 48 h of retries fit in seconds."""

    model_config = SettingsConfigDict(env_prefix="SUNSHINE_PORTAL_", extra="ignore")

    backoff_base_seconds: float = Field(default=10.0, gt=0)
    backoff_factor: float = Field(default=2.0, ge=1)
    backoff_cap_seconds: float = Field(default=6 * 3600.0, gt=0)
    backoff_jitter: float = Field(default=0.25, ge=0, le=1)
    retry_window_seconds: float = Field(default=48 * 3600.0, gt=0)
    timeout_seconds: float = Field(default=10.0, gt=0)
    lease_seconds: float | None = Field(default=None, gt=0, description="default: 2 × timeout + 10 s")
    batch_size: int = Field(default=16, ge=1, le=500)
    concurrency: int = Field(default=8, ge=1, le=64)
    disable_after_failures: int = Field(default=25, ge=1)
    job_interval_seconds: float = Field(default=1.0, gt=0)
    job_budget_seconds: float = Field(default=5.0, gt=0)
    idle_sleep_seconds: float = Field(default=0.2, gt=0)
    metrics_port: int | None = None

    @property
    def lease(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.lease_seconds or (2 * self.timeout_seconds + 10))


def get_config() -> DeliveryConfig:
    return DeliveryConfig()


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# -- secrets and signing ------------------------------------------------------------------------


def normalise_secret(raw: str) -> str:
    """Accept ``whsec_<base64>`` or any other string (its UTF-8 bytes are the key)."""
    raw = raw.strip()
    if not raw:
        raise ValueError("the signing secret is empty")
    if raw.startswith("whsec_"):
        key = base64.b64decode(raw[6:] + "==")
        if len(key) < 16:
            raise ValueError("the signing secret must be at least 16 bytes")
        return raw
    if len(raw.encode()) < 16:
        raise ValueError("the signing secret must be at least 16 bytes")
    return "whsec_" + base64.b64encode(raw.encode()).decode()


def generate_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def encrypt_secret(secret: str) -> bytes:
    return crypto.encrypt(normalise_secret(secret).encode(), aad=b"portal-secret")


def decrypt_secret(blob: bytes) -> str:
    return crypto.decrypt(blob, aad=b"portal-secret").decode()


def sign_headers(secret: str, msg_id: str, body: str, *, now: dt.datetime | None = None) -> dict[str, str]:
    """Standard Webhooks headers; ``webhook-id`` doubles as the ``Idempotency-Key``."""
    ts = now or dt.datetime.now(dt.UTC)
    return {
        "content-type": "application/json; charset=utf-8",
        "user-agent": USER_AGENT,
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(ts.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, ts, body),
        "idempotency-key": msg_id,
    }


def encode_body(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


# -- backoff ------------------------------------------------------------------------------------


def backoff_delay(attempt: int, cfg: DeliveryConfig, rng: random.Random | None = None) -> float:
    """Delay before attempt ``attempt + 1`` (attempt ≥ 1): exponential, capped, jittered ±jitter."""
    r = rng or random
    base = min(cfg.backoff_cap_seconds, cfg.backoff_base_seconds * cfg.backoff_factor ** max(0, attempt - 1))
    return max(0.0, base * (1 + cfg.backoff_jitter * (2 * r.random() - 1)))


def schedule(cfg: DeliveryConfig) -> list[float]:
    """Nominal (jitter-free) delays until the retry window is covered; for docs and tests."""
    out: list[float] = []
    total, n = 0.0, 1
    while total < cfg.retry_window_seconds:
        d = min(cfg.backoff_cap_seconds, cfg.backoff_base_seconds * cfg.backoff_factor ** (n - 1))
        out.append(d)
        total += d
        n += 1
    return out


# -- claiming -------------------------------------------------------------------------------------


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def claim(session: Session, cfg: DeliveryConfig, worker: str, *, now: dt.datetime | None = None) -> list[str]:
    """Lease up to ``batch_size`` deliverable heads of their streams; commits the lease."""
    now = now or utcnow()
    d = OutboxDelivery
    earlier = aliased(OutboxDelivery)
    blocked = (
        exists()
        .where(
            earlier.subscription_id == d.subscription_id,
            earlier.stream_key == d.stream_key,
            earlier.event_seq < d.event_seq,
            earlier.status != "delivered",
        )
        .correlate(d)
    )
    free = or_(d.lease_until.is_(None), d.lease_until < now)
    q = (
        select(d.id)
        .join(PortalSubscription, PortalSubscription.id == d.subscription_id)
        .where(
            d.status == "pending",
            d.next_attempt_at <= now,
            free,
            PortalSubscription.status == "active",
            ~blocked,
        )
        .order_by(d.event_seq)
        .limit(cfg.batch_size)
    )
    if _is_postgres(session):
        q = q.with_for_update(of=d, skip_locked=True)
    ids = list(session.scalars(q).all())
    got: list[str] = []
    for delivery_id in ids:
        result = session.execute(
            update(d)
            .where(d.id == delivery_id, d.status == "pending", free)
            .values(
                claimed_by=worker,
                lease_until=now + cfg.lease,
                attempts=d.attempts + 1,
                first_attempt_at=func.coalesce(d.first_attempt_at, now),
            )
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) == 1:
            got.append(delivery_id)
    session.commit()
    return got


# -- sending --------------------------------------------------------------------------------------


@dataclass
class Prepared:
    delivery_id: str
    subscription_id: str
    subscription_name: str
    url: str
    msg_id: str
    body: str
    secret: str
    event_seq: int
    decision_id: str
    occurred_at: dt.datetime


@dataclass
class Result:
    ok: bool
    outcome: str  # delivered | http_error | timeout | connection | render_error | gone
    status_code: int | None = None
    error: str | None = None
    duration_ms: int = 0
    receipt: str | None = None

    @property
    def permanent(self) -> bool:
        return self.outcome == "gone"


def prepare(session: Session, delivery_id: str) -> Prepared | Result:
    from publish.formats import render

    delivery = session.get(OutboxDelivery, delivery_id)
    if delivery is None:
        return Result(False, "render_error", error="delivery vanished")
    event = session.get(OutboxEvent, delivery.event_seq)
    sub = session.get(PortalSubscription, delivery.subscription_id)
    if event is None or sub is None:
        return Result(False, "render_error", error="event or subscription missing")
    try:
        body = encode_body(render(session, event, sub))
        secret = decrypt_secret(sub.secret_enc)
    except Exception as exc:  # a rendering bug must not lose the event: it is retried and logged
        return Result(False, "render_error", error=type(exc).__name__)
    return Prepared(
        delivery_id=delivery.id,
        subscription_id=sub.id,
        subscription_name=sub.name,
        url=sub.url,
        msg_id=event.id,
        body=body,
        secret=secret,
        event_seq=event.seq,
        decision_id=event.decision_id,
        occurred_at=event.occurred_at,
    )


def _receipt(response: httpx.Response) -> str | None:
    try:
        value = response.json()
    except Exception:
        return None
    if isinstance(value, dict):
        for key in ("receipt", "receipt_id", "id"):
            if isinstance(value.get(key), str | int):
                return str(value[key])[:200]
    return None


def send(client: httpx.Client, item: Prepared) -> Result:
    headers = sign_headers(item.secret, item.msg_id, item.body)
    started = time.perf_counter()
    try:
        response = client.post(item.url, content=item.body.encode("utf-8"), headers=headers)
    except httpx.TimeoutException as exc:
        return Result(False, "timeout", error=type(exc).__name__, duration_ms=_ms(started))
    except httpx.HTTPError as exc:
        return Result(False, "connection", error=type(exc).__name__, duration_ms=_ms(started))
    ms = _ms(started)
    if 200 <= response.status_code < 300:
        return Result(True, "delivered", response.status_code, duration_ms=ms, receipt=_receipt(response))
    if response.status_code == 410:
        return Result(False, "gone", response.status_code, error="410 Gone", duration_ms=ms)
    return Result(
        False, "http_error", response.status_code, error=f"HTTP {response.status_code}", duration_ms=ms
    )


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


# -- recording ------------------------------------------------------------------------------------


def _disable(session: Session, sub: PortalSubscription, reason: str) -> None:
    sub.status = "disabled"
    sub.disabled_reason = reason
    sub.disabled_at = utcnow()
    DISABLED.labels(sub.name).inc()
    log.warning("portal_subscription_disabled", alert=True, subscription=sub.name, reason=reason)


def dead_letter(session: Session, delivery: OutboxDelivery, reason: str, *, sub_name: str = "") -> None:
    delivery.status = "dead"
    delivery.claimed_by = None
    delivery.lease_until = None
    session.add(
        OutboxDeadLetter(
            delivery_id=delivery.id,
            subscription_id=delivery.subscription_id,
            event_seq=delivery.event_seq,
            decision_id=delivery.decision_id,
            reason=reason[:300],
            attempts=delivery.attempts,
        )
    )
    DEAD.labels(sub_name or delivery.subscription_id).inc()
    log.warning(
        "portal_dead_letter", alert=True, subscription=sub_name, seq=delivery.event_seq, reason=reason
    )


def record(
    session: Session,
    delivery_id: str,
    result: Result,
    cfg: DeliveryConfig,
    *,
    worker: str,
    rng: random.Random | None = None,
) -> None:
    now = utcnow()
    delivery = session.get(OutboxDelivery, delivery_id)
    if delivery is None:
        return
    sub = session.get(PortalSubscription, delivery.subscription_id)
    name = sub.name if sub else delivery.subscription_id
    session.add(
        OutboxAttempt(
            delivery_id=delivery.id,
            subscription_id=delivery.subscription_id,
            event_seq=delivery.event_seq,
            decision_id=delivery.decision_id,
            at=now,
            duration_ms=result.duration_ms,
            status_code=result.status_code,
            outcome=result.outcome,
            error=(result.error or "")[:300] or None,
            worker=worker[:100],
        )
    )
    ATTEMPTS.labels(name, result.outcome).inc()
    HTTP_SECONDS.labels(result.outcome).observe(result.duration_ms / 1000)
    s = PortalSubscription
    if result.ok:
        if delivery.status != "delivered":
            delivery.status = "delivered"
            delivery.delivered_at = now
            delivery.receipt = result.receipt
            event = session.get(OutboxEvent, delivery.event_seq)
            if event is not None:
                LATENCY.observe(max(0.0, (now - event.occurred_at).total_seconds()))
        delivery.last_status_code = result.status_code
        delivery.last_error = None
        delivery.claimed_by = None
        delivery.lease_until = None
        session.execute(
            update(s)
            .where(s.id == delivery.subscription_id)
            .values(consecutive_failures=0, total_delivered=s.total_delivered + 1, last_success_at=now)
            .execution_options(synchronize_session=False)
        )
        session.commit()
        return
    FAILURES.labels(name).inc()
    delivery.last_status_code = result.status_code
    delivery.last_error = (result.error or result.outcome)[:300]
    session.execute(
        update(s)
        .where(s.id == delivery.subscription_id)
        .values(
            consecutive_failures=s.consecutive_failures + 1,
            total_failures=s.total_failures + 1,
            last_failure_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if delivery.status == "pending":
        first = delivery.first_attempt_at or now
        if result.permanent:
            dead_letter(session, delivery, result.error or result.outcome, sub_name=name)
        elif (now - first).total_seconds() >= cfg.retry_window_seconds:
            dead_letter(
                session, delivery, f"retries exhausted after {delivery.attempts} attempts", sub_name=name
            )
        else:
            delay = backoff_delay(delivery.attempts, cfg, rng)
            delivery.next_attempt_at = now + dt.timedelta(seconds=delay)
            delivery.claimed_by = None
            delivery.lease_until = None
    session.flush()
    if sub is not None:
        session.refresh(sub)
        if sub.status == "active":
            if result.permanent:
                _disable(session, sub, "endpoint answered 410 Gone")
            elif sub.consecutive_failures >= cfg.disable_after_failures:
                _disable(session, sub, f"{sub.consecutive_failures} failed attempts in a row")
    session.commit()


# -- the loop ---------------------------------------------------------------------------------------


def deliver_batch(
    factory: sessionmaker[Session],
    cfg: DeliveryConfig | None = None,
    *,
    worker: str | None = None,
    client: httpx.Client | None = None,
    pool: ThreadPoolExecutor | None = None,
) -> int:
    """Claim one batch, send it concurrently, record every result; returns how many were tried."""
    cfg = cfg or get_config()
    worker = worker or worker_name()
    with factory() as session:
        ids = claim(session, cfg, worker)
    if not ids:
        return 0
    prepared: list[Prepared] = []
    early: list[tuple[str, Result]] = []
    with factory() as session:
        for delivery_id in ids:
            item = prepare(session, delivery_id)
            if isinstance(item, Prepared):
                prepared.append(item)
            else:
                early.append((delivery_id, item))
    own_client = client is None
    http = client or httpx.Client(timeout=cfg.timeout_seconds, follow_redirects=False)
    own_pool = pool is None
    executor = pool or ThreadPoolExecutor(max_workers=cfg.concurrency)
    try:
        futures = [(p.delivery_id, executor.submit(send, http, p)) for p in prepared]
        results = early + [(delivery_id, f.result()) for delivery_id, f in futures]
    finally:
        if own_pool:
            executor.shutdown(wait=True)
        if own_client:
            http.close()
    with factory() as session:
        for delivery_id, result in results:
            record(session, delivery_id, result, cfg, worker=worker)
    return len(ids)


def deliver_for(
    factory: sessionmaker[Session], cfg: DeliveryConfig | None = None, *, budget: float | None = None
) -> int:
    """Deliver batches until the queue is idle or the time budget is spent (one worker tick)."""
    cfg = cfg or get_config()
    deadline = time.monotonic() + (budget if budget is not None else cfg.job_budget_seconds)
    worker = worker_name()
    total = 0
    with (
        httpx.Client(timeout=cfg.timeout_seconds, follow_redirects=False) as client,
        ThreadPoolExecutor(max_workers=cfg.concurrency) as pool,
    ):
        while time.monotonic() < deadline:
            n = deliver_batch(factory, cfg, worker=worker, client=client, pool=pool)
            total += n
            if n == 0:
                break
    return total


def run(
    factory: sessionmaker[Session] | None = None,
    *,
    stop_after: float | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """A standalone delivery loop (``sunshine portal deliver``, or :func:`main`)."""
    from sunshine.db import session_factory

    cfg = get_config()  # no bootstrap(): delivery never transitions decisions, so it starts fast
    factory = factory or session_factory()
    if cfg.metrics_port:
        from prometheus_client import start_http_server

        start_http_server(cfg.metrics_port, addr="127.0.0.1")
    started = time.monotonic()
    worker = worker_name()
    total = 0
    log.info("delivery_worker_started", worker=worker)
    with (
        httpx.Client(timeout=cfg.timeout_seconds, follow_redirects=False) as client,
        ThreadPoolExecutor(max_workers=cfg.concurrency) as pool,
    ):
        while True:
            if should_stop and should_stop():
                break
            if stop_after is not None and time.monotonic() - started > stop_after:
                break
            try:
                n = deliver_batch(factory, cfg, worker=worker, client=client, pool=pool)
            except Exception:
                log.exception("delivery_batch_failed")
                n = 0
                time.sleep(cfg.idle_sleep_seconds)
            total += n
            if n == 0:
                time.sleep(cfg.idle_sleep_seconds)
    return total


# -- operator functions -----------------------------------------------------------------------------


def redrive(
    session: Session,
    *,
    actor: str,
    subscription_id: str | None = None,
    dead_letter_ids: list[str] | None = None,
) -> int:
    """Put dead-lettered deliveries back in the queue (fresh retry window); caller commits."""
    from sunshine import audit

    q = select(OutboxDeadLetter).where(OutboxDeadLetter.redriven_at.is_(None))
    if subscription_id:
        q = q.where(OutboxDeadLetter.subscription_id == subscription_id)
    if dead_letter_ids:
        q = q.where(OutboxDeadLetter.id.in_(dead_letter_ids))
    now = utcnow()
    n = 0
    for letter in session.scalars(q):
        delivery = session.get(OutboxDelivery, letter.delivery_id)
        letter.redriven_at, letter.redriven_by = now, actor
        if delivery is None or delivery.status != "dead":
            continue
        delivery.status = "pending"
        delivery.next_attempt_at = now
        delivery.first_attempt_at = None
        delivery.claimed_by = None
        delivery.lease_until = None
        n += 1
    if n:
        audit.record(
            session,
            actor=actor,
            action="portal_redrive",
            detail={"deliveries": n, "subscription": subscription_id},
        )
    return n


def dead_letters(
    session: Session, *, subscription_id: str | None = None, limit: int = 500
) -> list[dict[str, Any]]:
    q = select(OutboxDeadLetter, OutboxEvent.type, OutboxEvent.id).join(
        OutboxEvent, OutboxEvent.seq == OutboxDeadLetter.event_seq
    )
    q = q.where(OutboxDeadLetter.redriven_at.is_(None))
    if subscription_id:
        q = q.where(OutboxDeadLetter.subscription_id == subscription_id)
    rows = session.execute(q.order_by(OutboxDeadLetter.dead_at).limit(limit)).all()
    return [
        {
            "id": letter.id,
            "subscription_id": letter.subscription_id,
            "event_seq": letter.event_seq,
            "event_id": event_id,
            "event_type": event_type,
            "decision_id": letter.decision_id,
            "dead_at": letter.dead_at.isoformat() + "Z",
            "reason": letter.reason,
            "attempts": letter.attempts,
        }
        for letter, event_type, event_id in rows
    ]


def delivery_log(session: Session, decision_id: str) -> list[dict[str, Any]]:
    """Every event of a decision with each subscription's delivery state and attempts."""
    deliveries = session.execute(
        select(OutboxDelivery, OutboxEvent, PortalSubscription.name)
        .join(OutboxEvent, OutboxEvent.seq == OutboxDelivery.event_seq)
        .join(PortalSubscription, PortalSubscription.id == OutboxDelivery.subscription_id)
        .where(OutboxDelivery.decision_id == decision_id)
        .order_by(OutboxDelivery.event_seq, PortalSubscription.name)
    ).all()
    attempts: dict[str, list[dict[str, Any]]] = {}
    for a in session.scalars(
        select(OutboxAttempt).where(OutboxAttempt.decision_id == decision_id).order_by(OutboxAttempt.id)
    ):
        attempts.setdefault(a.delivery_id, []).append(
            {
                "at": a.at.isoformat() + "Z",
                "outcome": a.outcome,
                "status_code": a.status_code,
                "duration_ms": a.duration_ms,
                "error": a.error,
            }
        )
    return [
        {
            "event_seq": e.seq,
            "event_id": e.id,
            "event_type": e.type,
            "occurred_at": e.occurred_at.isoformat() + "Z",
            "subscription": name,
            "status": d.status,
            "attempts": d.attempts,
            "next_attempt_at": d.next_attempt_at.isoformat() + "Z" if d.status == "pending" else None,
            "delivered_at": d.delivered_at.isoformat() + "Z" if d.delivered_at else None,
            "receipt": d.receipt,
            "last_status_code": d.last_status_code,
            "last_error": d.last_error,
            "log": attempts.get(d.id, []),
        }
        for d, e, name in deliveries
    ]


def queue_depth(session: Session) -> dict[str, dict[str, int]]:
    """``{subscription name: {pending, dead, delivered}}``."""
    rows = session.execute(
        select(PortalSubscription.name, OutboxDelivery.status, func.count())
        .join(PortalSubscription, PortalSubscription.id == OutboxDelivery.subscription_id)
        .group_by(PortalSubscription.name, OutboxDelivery.status)
    ).all()
    out: dict[str, dict[str, int]] = {}
    for name, status, n in rows:
        out.setdefault(name, {"pending": 0, "dead": 0, "delivered": 0})[status] = int(n)
    return out


def main() -> None:
    from sunshine.logging import configure
    from sunshine.settings import get_settings

    configure(get_settings().log_level)
    import signal

    stopping = False

    def _stop(*_: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    run(should_stop=lambda: stopping)
