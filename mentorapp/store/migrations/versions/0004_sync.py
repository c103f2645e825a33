"""Sync: records carry their whole envelope (owner, addressee, keys sealed to
recipients, format) and their sync state; bases, conflicts, quarantine, incoming
problems and sealed state (membership, key directory) get tables.

Existing rows are format 1 (one content key per record); they still open, and
are re-sealed as format 2 when they first sync.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("format", sa.Integer, nullable=False, server_default="1"))
        batch.add_column(sa.Column("owner_id", sa.String(36), nullable=False, server_default=""))
        batch.add_column(sa.Column("addressed_to", sa.String(36), nullable=True))
        batch.add_column(sa.Column("wrapped_keys", sa.Text, nullable=False, server_default="{}"))
        batch.add_column(
            sa.Column("server_version", sa.Integer, nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("pending", sa.Boolean, nullable=False, server_default="1"))
        batch.add_column(sa.Column("hold", sa.String(16), nullable=False, server_default=""))
        batch.create_index("ix_records_pending", ["pending"])
    op.create_table(
        "record_bases",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("sealed", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("record_type", sa.String(32), nullable=False),
        sa.Column("server_version", sa.Integer, nullable=False),
        sa.Column("sealed", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sync_quarantine",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("record_type", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sync_incoming_problems",
        sa.Column("record_id", sa.String(36), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sealed_state",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("ciphertext", sa.LargeBinary, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    # Membership used to sit in clear meta rows; it is sealed now, and the service
    # it named spoke an older protocol: such a profile joins again.
    op.execute("DELETE FROM profile_meta WHERE key LIKE 'membership.%'")


def downgrade() -> None:
    for table in (
        "sealed_state",
        "sync_incoming_problems",
        "sync_quarantine",
        "sync_conflicts",
        "record_bases",
    ):
        op.drop_table(table)
    with op.batch_alter_table("records") as batch:
        batch.drop_index("ix_records_pending")
        for column in (
            "hold",
            "pending",
            "server_version",
            "wrapped_keys",
            "addressed_to",
            "owner_id",
            "format",
        ):
            batch.drop_column(column)
