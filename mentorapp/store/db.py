"""The SQLite engine (WAL, foreign keys, full sync) and migrations applied on open."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = str(Path(__file__).resolve().parent / "migrations")


# The execution option that marks a transaction which will write.
_WRITES = "mentorapp_writes"


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # The driver's own transaction handling begins only at the first INSERT, UPDATE or
    # DELETE, so the reads before it see no snapshot and take no lock: a transaction
    # that reads a row and then writes it could overwrite what the sync worker or
    # another process committed in between. Transactions are begun in _on_begin instead.
    dbapi_conn.isolation_level = None
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


def _on_begin(conn: Connection) -> None:
    # A writing transaction takes the write lock as it starts (waiting up to the busy
    # timeout for another writer), so nothing it read can change before it commits.
    # Reading transactions read one snapshot and never block a writer (WAL).
    writes = conn.get_execution_options().get(_WRITES, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def writer(engine: Engine) -> Engine:
    """``engine`` whose transactions take SQLite's write lock when they begin."""
    return engine.execution_options(**{_WRITES: True})


def write_session(engine: Engine) -> Session:
    """A session for a transaction that reads and then writes."""
    return Session(writer(engine), expire_on_commit=False)


class Sessions:
    """Sessions on one profile database: ``sessions()`` to read, ``sessions.begin()``
    for a transaction that writes (it holds the write lock from its first read)."""

    def __init__(self, engine: Engine, info: dict[str, Any] | None = None) -> None:
        # ``info``: given to every session made here (the record manifest rides on it).
        self._read = sessionmaker(engine, expire_on_commit=False, info=info)
        self._write = sessionmaker(writer(engine), expire_on_commit=False, info=info)

    def __call__(self) -> Session:
        return self._read()

    def begin(self) -> AbstractContextManager[Session]:
        return self._write.begin()


def database_damage(path: Path) -> str | None:
    """What SQLite's integrity check finds wrong with the database file at ``path``
    (a few lines), or None when it finds nothing. Opens no engine and needs no key."""
    if not path.exists():
        return "the database file is missing"
    try:
        conn = sqlite3.connect(path)
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(5)")]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        # The file could not be opened or read (a full disk, a read-only folder): no
        # word on its contents; opening the profile says what is wrong.
        return None
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if rows == ["ok"]:
        return None
    return "; ".join(rows)


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
