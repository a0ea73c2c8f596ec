"""Worker jobs of the push stage (add ``"publish.delivery_jobs"`` to ``sunshine.worker.JOB_MODULES``)."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from publish.delivery import deliver_for, get_config
from sunshine.worker import Job


def _deliver(factory: sessionmaker[Session]) -> int:
    return deliver_for(factory)


def jobs() -> list[Job]:
    return [Job("portal_delivery", get_config().job_interval_seconds, _deliver)]
