"""Trust model v2: the organisation signs its review key, review-key grants and member
certificates; devices carry their user's certificate; a person's key backup; explicit
supervisor scope (assigned teams, organisation-wide grant); envelope format.

Revision ID: s0002
Revises: s0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0002"
down_revision = "s0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("keys_signature", sa.LargeBinary, nullable=True))
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("review_grant", sa.LargeBinary, nullable=True))
        batch.add_column(sa.Column("key_backup", sa.LargeBinary, nullable=True))
        batch.add_column(sa.Column("former_keys", sa.Text, nullable=True))
        batch.add_column(
            sa.Column("org_wide", sa.Boolean, nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("certificate", sa.LargeBinary, nullable=True))
    with op.batch_alter_table("envelopes") as batch:
        batch.add_column(sa.Column("format", sa.Integer, nullable=False, server_default="1"))
    op.create_table(
        "supervisor_teams",
        sa.Column("user_id", sa.String(36), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("team_id", sa.String(36), sa.ForeignKey("teams.id"), primary_key=True),
    )
    # Before v2 a supervisor with no team saw the whole organisation; with a team,
    # that team. Keep what each saw, now as explicit scope.
    op.execute(
        "INSERT INTO supervisor_teams (user_id, team_id) "
        "SELECT id, team_id FROM users WHERE role = 'supervisor' AND team_id IS NOT NULL"
    )
    op.execute(
        sa.text(
            "UPDATE users SET org_wide = :yes WHERE role = 'supervisor' AND team_id IS NULL"
        ).bindparams(yes=True)
    )


def downgrade() -> None:
    op.drop_table("supervisor_teams")
    with op.batch_alter_table("envelopes") as batch:
        batch.drop_column("format")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("certificate")
    with op.batch_alter_table("users") as batch:
        for column in ("org_wide", "former_keys", "key_backup", "review_grant"):
            batch.drop_column(column)
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("keys_signature")
