"""Connector state: checkpoints, seen markers and run history (owned by the connectors stage).

Checkpoints make crawls incremental (an ``updated_since`` value or a paging cursor per source);
seen markers let a web crawl stop at the first list row it already holds unchanged; run rows are
the per-source status shown on the status page, in the CLI and in the Prometheus metrics.  None
of these hold decision content: only ids, timestamps and counts.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sunshine.models.base import Base, new_id, utcnow


class ConnectorCheckpoint(Base):
    __tablename__ = "connector_checkpoints"
    __table_args__ = (UniqueConstraint("source", "key", name="uq_connector_checkpoints_source_key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    source: Mapped[str] = mapped_column(String(100), index=True)
    key: Mapped[str] = mapped_column(String(50))  # "updated_since" | "cursor"
    value: Mapped[str] = mapped_column(String(500))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ConnectorSeen(Base):
    __tablename__ = "connector_seen"
    __table_args__ = (UniqueConstraint("source", "external_id", name="uq_connector_seen_source_external_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    source: Mapped[str] = mapped_column(String(100), index=True)
    external_id: Mapped[str] = mapped_column(String(200))
    marker: Mapped[str] = mapped_column(
        String(200)
    )  # what the list page says about the row (its update stamp)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ConnectorRun(Base):
    __tablename__ = "connector_runs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    source: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # web | rest | filedrop
    trigger: Mapped[str] = mapped_column(String(20), default="cli")  # cli | worker | test
    status: Mapped[str] = mapped_column(String(20), default="running")  # running | ok | partial | failed
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    seen: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    quarantined: Mapped[int] = mapped_column(Integer, default=0)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)  # secret-free summary
