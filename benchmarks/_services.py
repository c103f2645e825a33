"""What the sync and server benchmarks share: server processes on free loopback ports,
fresh databases, and the admin CLI."""

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
from pathlib import Path

import httpx

from mentorapp.server import admin

PG = os.environ.get("MENTORAPP_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
SERVER = str(Path(sys.executable).with_name("mentorapp-server"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def process(argv: list[str], health: str) -> Iterator[str]:
    """A server process on a free loopback port (its last argument), until it answers
    ``health``; its output goes to a log shown only if it fails to start."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="mentorapp-bench-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen([*argv, str(port)], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + health, timeout=1)
            break
        except httpx.HTTPError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(Path(log.name).read_text(errors="replace")) from None
            time.sleep(0.1)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
        Path(log.name).unlink(missing_ok=True)


def service(url: str) -> contextlib.AbstractContextManager[str]:
    args = [SERVER, "--database-url", url, "--rate", "0", "--log-level", "warning"]
    return process([*args, "--port"], "/v1/health")


@contextlib.contextmanager
def database(kind: str) -> Iterator[str]:
    """A fresh, empty database of this kind, removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="mentorapp-bench-") as folder:
            yield f"sqlite:///{folder}/server.db"
        return
    import psycopg

    info = PG.replace("postgresql+psycopg://", "postgresql://")
    name = f"mentorapp_bench_{secrets.token_hex(4)}"
    with psycopg.connect(info, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG.rpartition('/')[0]}/{name}"
    finally:
        with psycopg.connect(info, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def admin_code(url: str, *args: str) -> str:
    """Run the admin CLI and return the code it printed (an indented line)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert admin.main(["--database-url", url, *args]) == 0
    return next(
        (line.strip() for line in out.getvalue().splitlines() if line.startswith("    ")), ""
    )
