"""outbox tables: portal subscriptions, events, deliveries, attempts, dead letters.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "portal_subscriptions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("secret_enc", sa.LargeBinary(), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("authorities", sa.JSON(), nullable=False),
        sa.Column("region_prefixes", sa.JSON(), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("disabled_reason", sa.Text(), nullable=True),
        sa.Column("disabled_at", sa.DateTime(), nullable=True),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("total_failures", sa.Integer(), nullable=False),
        sa.Column("total_delivered", sa.Integer(), nullable=False),
        sa.Column("last_success_at", sa.DateTime(), nullable=True),
        sa.Column("last_failure_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_subscriptions")),
        sa.UniqueConstraint("name", name=op.f("uq_portal_subscriptions_name")),
    )
    op.create_index(op.f("ix_portal_subscriptions_status"), "portal_subscriptions", ["status"])

    op.create_table(
        "outbox_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_head")),
    )
    op.bulk_insert(
        sa.table("outbox_head", sa.column("id", sa.Integer), sa.column("seq", sa.Integer)),
        [{"id": 1, "seq": 0}],
    )

    op.create_table(
        "outbox_events",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("decision_id", sa.String(length=32), nullable=False),
        sa.Column("stream_key", sa.String(length=64), nullable=False),
        sa.Column("authority_name", sa.String(length=200), nullable=True),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("target_subscription_id", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox_events")),
        sa.UniqueConstraint("id", name=op.f("uq_outbox_events_id")),
    )
    op.create_index(op.f("ix_outbox_events_type"), "outbox_events", ["type"])
    op.create_index(op.f("ix_outbox_events_decision_id"), "outbox_events", ["decision_id"])
    op.create_index(op.f("ix_outbox_events_stream_key"), "outbox_events", ["stream_key"])

    op.create_table(
        "outbox_deliveries",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("subscription_id", sa.String(length=32), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.String(length=32), nullable=False),
        sa.Column("stream_key", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("first_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("receipt", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_deliveries")),
        sa.UniqueConstraint("subscription_id", "event_seq", name="uq_outbox_deliveries_sub_event"),
    )
    op.create_index("ix_outbox_deliveries_claim", "outbox_deliveries", ["status", "next_attempt_at"])
    op.create_index(
        "ix_outbox_deliveries_stream", "outbox_deliveries", ["subscription_id", "stream_key", "event_seq"]
    )
    op.create_index(op.f("ix_outbox_deliveries_subscription_id"), "outbox_deliveries", ["subscription_id"])
    op.create_index(op.f("ix_outbox_deliveries_event_seq"), "outbox_deliveries", ["event_seq"])
    op.create_index(op.f("ix_outbox_deliveries_decision_id"), "outbox_deliveries", ["decision_id"])

    op.create_table(
        "outbox_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("delivery_id", sa.String(length=32), nullable=False),
        sa.Column("subscription_id", sa.String(length=32), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("error", sa.String(length=300), nullable=True),
        sa.Column("worker", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_attempts")),
    )
    op.create_index(op.f("ix_outbox_attempts_delivery_id"), "outbox_attempts", ["delivery_id"])
    op.create_index(op.f("ix_outbox_attempts_subscription_id"), "outbox_attempts", ["subscription_id"])
    op.create_index(op.f("ix_outbox_attempts_decision_id"), "outbox_attempts", ["decision_id"])

    op.create_table(
        "outbox_dead_letters",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("delivery_id", sa.String(length=32), nullable=False),
        sa.Column("subscription_id", sa.String(length=32), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.String(length=32), nullable=False),
        sa.Column("dead_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("redriven_at", sa.DateTime(), nullable=True),
        sa.Column("redriven_by", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_dead_letters")),
    )
    op.create_index(op.f("ix_outbox_dead_letters_delivery_id"), "outbox_dead_letters", ["delivery_id"])
    op.create_index(
        op.f("ix_outbox_dead_letters_subscription_id"), "outbox_dead_letters", ["subscription_id"]
    )
    op.create_index(op.f("ix_outbox_dead_letters_redriven_at"), "outbox_dead_letters", ["redriven_at"])


def downgrade() -> None:
    for table in (
        "outbox_dead_letters",
        "outbox_attempts",
        "outbox_deliveries",
        "outbox_events",
        "outbox_head",
        "portal_subscriptions",
    ):
        op.drop_table(table)
