"""A real mentorapp-server process on a free loopback port, on SQLite or on the
PostgreSQL at 127.0.0.1:5432 (a fresh database each time), and the admin CLI."""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import socket
import ssl
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


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost and its key, as PEM files in ``folder``."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@contextlib.contextmanager
def start_server(database_url: str, *extra: str, ca: Path | None = None) -> Iterator[RunningServer]:
    """The real server on a free port; its output goes to a file (a pipe nobody reads
    would fill up and stall it), shown if it fails to start. With ``ca`` (the
    certificate given with --tls-cert) it is reached over HTTPS as localhost."""
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
    url = f"https://localhost:{port}" if ca else f"http://127.0.0.1:{port}"
    verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=str(ca)) if ca else True
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/v1/health", timeout=1, verify=verify).status_code == 200:
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
