"""The record manifest: (id, type, owner, version, deleted) of every record row with a
tag, and the sealed total, so a row removed, altered or put back from an older copy is
noticed. Tags need the data key, which a migration does not have: an existing
profile's manifest is built when it is next unlocked (``store/manifest.py``).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_manifest",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("record_type", sa.String(32), nullable=False),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("tag", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "record_manifest_total",
        sa.Column("name", sa.String(16), primary_key=True),
        sa.Column("sealed", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("record_manifest_total")
    op.drop_table("record_manifest")
