"""The outbox in push order: pending rows by hold, time and id, so choosing each batch
reads only that batch (without it SQLite sorted every pending row per batch).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_records_outbox", "records", ["pending", "hold", "updated_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_records_outbox", "records")
