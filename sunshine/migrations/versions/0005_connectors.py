"""connectors tables: checkpoints, seen markers, run history.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "connector_checkpoints",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("key", sa.String(50), nullable=False),
        sa.Column("value", sa.String(500), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_connector_checkpoints"),
        sa.UniqueConstraint("source", "key", name="uq_connector_checkpoints_source_key"),
    )
    op.create_index("ix_connector_checkpoints_source", "connector_checkpoints", ["source"])
    op.create_table(
        "connector_seen",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("external_id", sa.String(200), nullable=False),
        sa.Column("marker", sa.String(200), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_connector_seen"),
        sa.UniqueConstraint("source", "external_id", name="uq_connector_seen_source_external_id"),
    )
    op.create_index("ix_connector_seen_source", "connector_seen", ["source"])
    op.create_table(
        "connector_runs",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("trigger", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("seen", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("quarantined", sa.Integer(), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_connector_runs"),
    )
    op.create_index("ix_connector_runs_source", "connector_runs", ["source"])
    op.create_index("ix_connector_runs_started_at", "connector_runs", ["started_at"])


def downgrade() -> None:
    op.drop_table("connector_runs")
    op.drop_table("connector_seen")
    op.drop_table("connector_checkpoints")
