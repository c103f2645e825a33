"""Server fixtures: a real mentorapp-server process on a free loopback port, on SQLite
and (marked ``postgres``) on the PostgreSQL at 127.0.0.1:5432, with organisations
set up the way an admin and their people would."""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from mentorapp.core.ids import new_id
from mentorapp.server import admin as admin_cli
from mentorapp.sync.client import DeviceIdentity, OrgKeys, ServiceClient, make_envelope

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
    port = free_port()
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
        stdout=subprocess.PIPE,
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
            output = proc.communicate()[0]
            raise RuntimeError(f"server did not start: {output}")
        time.sleep(0.1)
    try:
        yield RunningServer(url=url, database_url=database_url, process=proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningServer]:
    with (
        database(request.param, tmp_path_factory.mktemp("srv")) as url,
        start_server(url, "--rate", "0") as running,
    ):
        yield running


def code_from(output: str) -> str:
    return next(line.strip() for line in output.splitlines() if line.startswith("    "))


@dataclass
class Member:
    name: str
    identity: DeviceIdentity
    client: ServiceClient
    reply: dict[str, Any]

    @property
    def user_id(self) -> str:
        return str(self.reply["user_id"])

    @property
    def device_id(self) -> str:
        return str(self.reply["device_id"])

    @property
    def org_id(self) -> str:
        return str(self.reply["org_id"])

    def envelope(
        self,
        record_id: str | None = None,
        version: int = 1,
        ciphertext: bytes = b"\x01sealed-bytes",
        **kw: Any,
    ) -> dict[str, Any]:
        return make_envelope(
            self.device_id,
            self.identity.device_signing,
            self.org_id,
            kw.pop("record_type", "one_to_one"),
            record_id or new_id(),
            version,
            ciphertext,
            **kw,
        )


@dataclass
class Org:
    name: str
    org_id: str
    keys: OrgKeys
    supervisor: Member
    members: dict[str, Member] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Member:
        return self.members[name]


def enrol(server: RunningServer, code: str, name: str) -> Member:
    identity = DeviceIdentity()
    client = ServiceClient(server.url)
    _clients.append(client)
    reply = client.enrol(code, identity, f"{name}'s laptop")
    return Member(name=name, identity=identity, client=client, reply=reply)


def make_org(server: RunningServer, name: str | None = None) -> Org:
    """An organisation with a North team (supervisor Sue, mentors Mo and Meg), a South
    team (mentor Sam) and an admin, all enrolled through the admin CLI's codes."""
    name = name or f"Org {secrets.token_hex(3)}"
    out = server.admin("create-org", name, "--supervisor", "Sue")
    sue = enrol(server, code_from(out), "sue")
    keys = OrgKeys()
    sue.client.set_up_org(sue.reply, sue.identity, keys)
    org = Org(name=name, org_id=sue.org_id, keys=keys, supervisor=sue)
    server.admin("add-team", name, "North")
    server.admin("add-team", name, "South")
    for who, role, team in (
        ("mo", "mentor", "North"),
        ("meg", "mentor", "North"),
        ("sam", "mentor", "South"),
        ("ann", "admin", None),
        ("sid", "supervisor", "South"),
    ):
        args = ["invite", name, "--name", who, "--role", role]
        if team:
            args += ["--team", team]
        org.members[who] = enrol(server, code_from(server.admin(*args)), who)
    org.members["sue"] = sue
    return org


_clients: list[ServiceClient] = []


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    while _clients:
        _clients.pop().close()


@pytest.fixture
def org(server: RunningServer) -> Org:
    return make_org(server)


OrgFactory = Callable[[], Org]
