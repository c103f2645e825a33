"""Audit log hardening: a hash chain through the entries (one chain per organisation),
a head row per chain, a trigger refusing INSERT OR REPLACE on SQLite (which deletes
the old row without firing the delete trigger) and one refusing TRUNCATE on
PostgreSQL. Existing entries are chained in the order they were written.

Revision ID: s0003
Revises: s0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from mentorapp.server.services.audit import GENESIS, NO_ORGANISATION, entry_hash

revision = "s0003"
down_revision = "s0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
REFUSE = "SELECT RAISE(ABORT, 'the audit log is append-only')"

_log = sa.table(
    "audit_log",
    sa.column("id", sa.BigInteger),
    sa.column("at", TZ),
    sa.column("org_id", sa.String),
    sa.column("user_id", sa.String),
    sa.column("device_id", sa.String),
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("detail", sa.Text),
    sa.column("chain", sa.String),
    sa.column("chain_seq", sa.BigInteger),
    sa.column("hash", sa.String),
)
_heads = sa.table(
    "audit_chains",
    sa.column("chain", sa.String),
    sa.column("seq", sa.BigInteger),
    sa.column("hash", sa.String),
)


class _Entry:
    """An existing row with its place in its chain, in the shape entry_hash reads."""

    def __init__(self, row: sa.Row[tuple[object, ...]], chain: str, chain_seq: int) -> None:
        self.id, self.at, self.org_id = row.id, row.at, row.org_id
        self.user_id, self.device_id = row.user_id, row.device_id
        self.actor, self.action, self.detail = row.actor, row.action, row.detail
        self.chain, self.chain_seq = chain, chain_seq


def _sqlite_triggers() -> None:
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
            f"BEGIN {REFUSE}; END"
        )
    # INSERT OR REPLACE deletes the row it collides with and fires no delete trigger
    # (recursive_triggers is off), so refuse any insert that would collide.
    op.execute(
        "CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log "
        "WHEN NEW.id IN (SELECT id FROM audit_log) OR EXISTS (SELECT 1 FROM audit_log "
        "WHERE chain = NEW.chain AND chain_seq = NEW.chain_seq) "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )


def _chain_existing_rows() -> None:
    bind = op.get_bind()
    heads: dict[str, tuple[int, str]] = {}
    changes: list[dict[str, object]] = []
    for row in bind.execute(sa.select(_log).order_by(_log.c.id)):
        chain = row.org_id or NO_ORGANISATION
        seq, previous = heads.get(chain, (0, GENESIS))
        entry = _Entry(row, chain, seq + 1)
        digest = entry_hash(previous, entry)
        heads[chain] = (seq + 1, digest)
        changes.append({"row_id": row.id, "c": chain, "s": seq + 1, "h": digest})
    if changes:
        bind.execute(
            sa.update(_log)
            .where(_log.c.id == sa.bindparam("row_id"))
            .values(chain=sa.bindparam("c"), chain_seq=sa.bindparam("s"), hash=sa.bindparam("h")),
            changes,
        )
    if heads:
        bind.execute(
            sa.insert(_heads),
            [{"chain": c, "seq": seq, "hash": digest} for c, (seq, digest) in heads.items()],
        )


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    # The rows are given their place in the chain by the owner, once, with the
    # append-only triggers out of the way.
    if postgres:
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
    else:
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute("DROP TRIGGER audit_log_no_delete")
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("chain", sa.String(36), nullable=True))
        batch.add_column(sa.Column("chain_seq", sa.BigInteger, nullable=True))
        batch.add_column(sa.Column("hash", sa.String(64), nullable=True))
    op.create_table(
        "audit_chains",
        sa.Column("chain", sa.String(36), primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    _chain_existing_rows()
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("chain", existing_type=sa.String(36), nullable=False)
        batch.alter_column("chain_seq", existing_type=sa.BigInteger, nullable=False)
        batch.alter_column("hash", existing_type=sa.String(64), nullable=False)
    op.create_index("ux_audit_log_chain_seq", "audit_log", ["chain", "chain_seq"], unique=True)
    if postgres:
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change")
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )
    else:
        _sqlite_triggers()  # batch mode rebuilt the table without them


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
    else:
        for name in ("update", "delete", "replace"):
            op.execute(f"DROP TRIGGER IF EXISTS audit_log_no_{name}")
    op.drop_index("ux_audit_log_chain_seq", "audit_log")
    if postgres:
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
    with op.batch_alter_table("audit_log") as batch:
        for column in ("hash", "chain_seq", "chain"):
            batch.drop_column(column)
    op.drop_table("audit_chains")
    if postgres:
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change")
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                f"BEGIN {REFUSE}; END"
            )
