"""Prometheus metrics read from the database at scrape time.

Why not in-process gauges: deliveries are made by worker processes (possibly several, on other
machines) while ``/metrics`` is served by the app; queue depth, dead letters, disabled
subscriptions and failures per subscription must be the same whichever process is scraped, so
they are computed from the tables.  Per-attempt latency histograms live in
:mod:`publish.delivery` (worker-side, ``SUNSHINE_PORTAL_METRICS_PORT``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prometheus_client import REGISTRY
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sunshine.logging import get_logger
from sunshine.models.base import utcnow
from sunshine.models.outbox import OutboxDelivery, PortalSubscription

log = get_logger(__name__)


class OutboxCollector(Collector):
    def describe(self) -> Iterator[Any]:
        """Names only: registration must not touch the database."""
        yield GaugeMetricFamily("sunshine_portal_queue_depth", "", labels=["subscription", "status"])
        yield GaugeMetricFamily("sunshine_portal_oldest_pending_seconds", "", labels=["subscription"])
        yield CounterMetricFamily("sunshine_portal_subscription_failures", "", labels=["subscription"])
        yield CounterMetricFamily("sunshine_portal_subscription_delivered", "", labels=["subscription"])
        yield GaugeMetricFamily("sunshine_portal_subscription_disabled", "", labels=["subscription"])
        yield GaugeMetricFamily("sunshine_portal_withdrawals_overdue", "")

    def collect(self) -> Iterator[Any]:
        from sunshine.db import get_engine

        depth = GaugeMetricFamily(
            "sunshine_portal_queue_depth", "Deliveries not yet delivered", labels=["subscription", "status"]
        )
        oldest = GaugeMetricFamily(
            "sunshine_portal_oldest_pending_seconds",
            "Age of the oldest pending delivery",
            labels=["subscription"],
        )
        failures = CounterMetricFamily(
            "sunshine_portal_subscription_failures",
            "Failed delivery attempts per subscription",
            labels=["subscription"],
        )
        delivered = CounterMetricFamily(
            "sunshine_portal_subscription_delivered",
            "Delivered events per subscription",
            labels=["subscription"],
        )
        disabled = GaugeMetricFamily(
            "sunshine_portal_subscription_disabled",
            "1 when the subscription is disabled",
            labels=["subscription"],
        )
        overdue = GaugeMetricFamily(
            "sunshine_portal_withdrawals_overdue",
            "Withdrawal events past their statutory withdraw_by date and not yet delivered everywhere",
        )
        try:
            with Session(get_engine()) as session:
                subs = {s.id: s for s in session.scalars(select(PortalSubscription))}
                now = utcnow()
                for sub_id, status, n, first in session.execute(
                    select(
                        OutboxDelivery.subscription_id,
                        OutboxDelivery.status,
                        func.count(),
                        func.min(OutboxDelivery.created_at),
                    )
                    .where(OutboxDelivery.status != "delivered")
                    .group_by(OutboxDelivery.subscription_id, OutboxDelivery.status)
                ):
                    name = subs[sub_id].name if sub_id in subs else sub_id
                    depth.add_metric([name, status], float(n))
                    if status == "pending" and first is not None:
                        oldest.add_metric([name], max(0.0, (now - first).total_seconds()))
                for sub in subs.values():
                    failures.add_metric([sub.name], float(sub.total_failures or 0))
                    delivered.add_metric([sub.name], float(sub.total_delivered or 0))
                    disabled.add_metric([sub.name], 1.0 if sub.status == "disabled" else 0.0)
                from publish.portal_api import withdrawal_report

                overdue.add_metric(
                    [], float(sum(1 for w in withdrawal_report(session) if w["delivery_overdue"]))
                )
        except Exception:  # a scrape must never fail the app; the metric is simply absent
            log.warning("portal_metrics_unavailable")
            return
        yield from (depth, oldest, failures, delivered, disabled, overdue)


_registered = False


def register() -> None:
    global _registered
    if not _registered:
        REGISTRY.register(OutboxCollector())
        _registered = True
