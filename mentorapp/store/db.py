"""The SQLite engine (WAL, foreign keys, full sync) and migrations applied on open."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event

MIGRATIONS = str(Path(__file__).resolve().parent / "migrations")


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    # FULL: a commit is on disk before it returns; a killed process or lost power
    # loses at most the write in flight.
    cur.execute("PRAGMA synchronous=FULL")
    # Deleted ciphertext is overwritten, so erasure leaves nothing to carve.
    cur.execute("PRAGMA secure_delete=ON")
    # Sorts and temp tables stay in memory, never in temp files.
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _on_connect)
    return engine


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", MIGRATIONS)
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; a no-op when it is already there."""
    cfg = _alembic_config()
    if revision == "head" and current_revision(engine) == head_revision():
        return
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
