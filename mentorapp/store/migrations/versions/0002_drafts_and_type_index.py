"""Encrypted drafts of unsaved forms, and an index for listing by record type.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("ciphertext", sa.LargeBinary, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_records_type_deleted", "records", ["record_type", "deleted"])


def downgrade() -> None:
    op.drop_index("ix_records_type_deleted", table_name="records")
    op.drop_table("drafts")
