"""A real mentorapp-server process on a free loopback port, on SQLite or on the
PostgreSQL at 127.0.0.1:5432 (a fresh database each time), and the admin CLI."""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from mentorapp.server import admin as admin_cli

PG_URL = os.environ.get(
    "MENTORAPP_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test"
)
SERVER = str(Path(sys.executable).with_name("mentorapp-server"))


def _pg_admin_conninfo() -> str:
    return PG_URL.replace("postgresql+psycopg://", "postgresql://")


def _postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(_pg_admin_conninfo(), connect_timeout=3):
            return True
    except Exception:
        return False


@contextlib.contextmanager
def fresh_postgres_database() -> Iterator[str]:
    import psycopg

    if not _postgres_available():
        if os.environ.get("MENTORAPP_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here but not reachable at {PG_URL}")
        pytest.skip("PostgreSQL is not reachable")
    name = f"mentorapp_test_{secrets.token_hex(4)}"
    with psycopg.connect(_pg_admin_conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = PG_URL.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(_pg_admin_conninfo(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def database(kind: str, tmp: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp / 'server.db'}"
    else:
        with fresh_postgres_database() as url:
            yield url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class RunningServer:
    url: str
    database_url: str
    process: subprocess.Popen[str]
    log: Path | None = None

    def admin(self, *args: str, expect: int = 0) -> str:
        return run_admin(self.database_url, *args, expect=expect)


def run_admin(database_url: str, *args: str, expect: int = 0) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = admin_cli.main(["--database-url", database_url, *args])
    assert code == expect, (out.getvalue(), err.getvalue())
    return out.getvalue() + err.getvalue()


@contextlib.contextmanager
def start_server(database_url: str, *extra: str) -> Iterator[RunningServer]:
    """The real server on a free port; its output goes to a file (a pipe nobody reads
    would fill up and stall it), shown if it fails to start."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="mentorapp-server-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(
        [
            SERVER,
            "--database-url",
            database_url,
            "--port",
            str(port),
            "--log-level",
            "warning",
            *extra,
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            log.close()
            output = Path(log.name).read_text(errors="replace")
            Path(log.name).unlink(missing_ok=True)
            raise RuntimeError(f"server did not start: {output}")
        time.sleep(0.1)
    try:
        yield RunningServer(url=url, database_url=database_url, process=proc, log=Path(log.name))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        Path(log.name).unlink(missing_ok=True)


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]
