"""The audit log holds under abuse: the database refuses rewrites (replace, truncate,
update, delete), the service runs as a PostgreSQL role that cannot switch that off,
a hash chain shows any entry removed or edited by someone who can, and wrong codes
and credentials are limited and recorded."""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from mentorapp.core import typable
from mentorapp.crypto import OrgKeys
from mentorapp.server.db import make_engine, migrate
from mentorapp.server.services.audit import entry_hash
from mentorapp.server.services.common import CODE_BYTES
from tests.server.conftest import (
    PG_URL,
    SERVER,
    Org,
    RunningServer,
    code_from,
    database,
    enrol,
    fresh_postgres_database,
    make_org,
    run_admin,
    start_server,
)
from tests.support.device import RawIdentity
from tests.support.server import BACKENDS

# --- the database refuses rewrites ------------------------------------------------------


def _refused(engine: Engine, statement: str, match: str = "append-only") -> None:
    with engine.begin() as conn, pytest.raises(DBAPIError, match=match):
        conn.execute(text(statement))


def test_the_database_refuses_replace_truncate_update_and_delete(
    server: RunningServer, org: Org
) -> None:
    engine = create_engine(server.database_url)
    with engine.connect() as conn:
        first = conn.execute(text("SELECT * FROM audit_log ORDER BY id LIMIT 1")).mappings().one()
    columns = ", ".join(first)
    values = ", ".join(f":{c}" for c in first)
    rewrite = {**first, "actor": "someone else"}
    if engine.dialect.name == "sqlite":
        # REPLACE deletes the old row without firing the delete trigger.
        for verb in ("INSERT OR REPLACE", "REPLACE"):
            with engine.begin() as conn, pytest.raises(DBAPIError, match="append-only"):
                conn.execute(text(f"{verb} INTO audit_log ({columns}) VALUES ({values})"), rewrite)
        with engine.begin() as conn, pytest.raises(DBAPIError, match="append-only"):
            # A new id taking an existing entry's place in its chain.
            conn.execute(
                text(f"INSERT OR REPLACE INTO audit_log ({columns}) VALUES ({values})"),
                {**rewrite, "id": 10**9},
            )
    else:
        _refused(engine, "TRUNCATE audit_log")
        with engine.begin() as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(
                text(
                    f"INSERT INTO audit_log ({columns}) VALUES ({values}) "
                    "ON CONFLICT (id) DO UPDATE SET actor = EXCLUDED.actor"
                ),
                rewrite,
            )
    _refused(engine, "UPDATE audit_log SET actor = 'someone else'")
    _refused(engine, "DELETE FROM audit_log")
    with engine.connect() as conn:
        assert (
            conn.execute(
                text("SELECT actor FROM audit_log WHERE id = :id"), {"id": first["id"]}
            ).scalar_one()
            == first["actor"]
        )
    engine.dispose()
    assert "intact" in server.admin("audit", "--verify")


# --- the chain shows what the triggers could not stop -----------------------------------


class Owner:
    """Someone who owns the database and switches the triggers off, as a DB owner can."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)
        self.postgres = self.engine.dialect.name == "postgresql"

    def run(self, statement: str, **params: Any) -> None:
        with self.engine.begin() as conn:
            if self.postgres:
                conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
            else:
                conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
                conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
            conn.execute(text(statement), params)
            if self.postgres:
                conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))

    def entries(self, org_id: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT * FROM audit_log WHERE org_id = :org ORDER BY chain_seq"),
                {"org": org_id},
            ).mappings()
            return [dict(r) for r in rows]


def _verify(server: RunningServer, expect: int = 0) -> str:
    return server.admin("audit", "--verify", expect=expect)


@pytest.fixture(params=BACKENDS)
def own_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RunningServer]:
    """A server of the test's own: these tests break its audit log on purpose."""
    with database(request.param, tmp_path) as url, start_server(url, "--rate", "0") as running:
        yield running


def test_verify_names_an_edited_a_removed_and_a_cut_off_entry(
    own_server: RunningServer,
) -> None:
    server = own_server
    out = server.admin("create-org", "Chained", "--supervisor", "Sue")
    sue = enrol(server, code_from(out), "sue")
    for team in ("North", "South", "East", "West"):
        server.admin("add-team", "Chained", team)
    sue.client.request("GET", "/v1/me")
    sue.client.request("GET", "/v1/keys")  # written by the server process
    assert "intact" in _verify(server)
    owner = Owner(server.database_url)
    entries = owner.entries(sue.org_id)
    assert len(entries) >= 7
    middle, newest = entries[3], entries[-1]

    # An entry edited: named.
    owner.run("UPDATE audit_log SET detail = '{}' WHERE id = :id", id=middle["id"])
    out = _verify(server, expect=2)
    assert f"entry {middle['id']} ({middle['action']}" in out and "was changed" in out, out
    owner.run(
        "UPDATE audit_log SET detail = :d WHERE id = :id", d=middle["detail"], id=middle["id"]
    )
    assert "intact" in _verify(server)

    # Edited with its own hash rewritten to match: the next entry no longer follows.
    owner.run("UPDATE audit_log SET detail = '{}' WHERE id = :id", id=middle["id"])
    forged = entry_hash(entries[2]["hash"], _Row({**middle, "detail": "{}"}))
    owner.run("UPDATE audit_log SET hash = :h WHERE id = :id", h=forged, id=middle["id"])
    out = _verify(server, expect=2)
    assert f"entry {entries[4]['id']} (" in out and f"or entry {middle['id']} was" in out, out
    owner.run(
        "UPDATE audit_log SET detail = :d, hash = :h WHERE id = :id",
        d=middle["detail"],
        h=middle["hash"],
        id=middle["id"],
    )
    assert "intact" in _verify(server)

    # The newest entry cut off the end.
    owner.run("DELETE FROM audit_log WHERE id = :id", id=newest["id"])
    out = _verify(server, expect=2)
    assert "1 entry is missing from the end" in out and f"after entry {entries[-2]['id']}" in out
    columns = ", ".join(newest)
    owner.run(
        f"INSERT INTO audit_log ({columns}) VALUES ({', '.join(f':{c}' for c in newest)})",
        **newest,
    )
    assert "intact" in _verify(server)

    # A middle entry removed.
    owner.run("DELETE FROM audit_log WHERE id = :id", id=middle["id"])
    out = _verify(server, expect=2)
    assert (
        f"1 entry is missing after entry {entries[2]['id']}" in out
        and f"before entry {entries[4]['id']}" in out
        and "'Chained'" in out
    ), out
    assert "Traceback" not in out
    owner.engine.dispose()


class _Row:
    """A row read with plain SQL, in the shape entry_hash reads."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)
        if isinstance(self.at, str):  # SQLite's text, read without the model
            self.at = dt.datetime.fromisoformat(self.at)


@pytest.mark.parametrize("kind", BACKENDS)
def test_existing_entries_are_chained_by_the_migration(kind: str, tmp_path: Path) -> None:
    with database(kind, tmp_path) as url:
        _migrate_a_populated_log(url)


def _migrate_a_populated_log(url: str) -> None:
    engine = make_engine(url)
    migrate(engine, "s0002")
    with engine.begin() as conn:
        for n, org in enumerate(["A", "A", None, "B", "A"]):
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, org_id, actor, action, detail) "
                    "VALUES (:at, :org, 'admin-cli:old', :action, '{}')"
                ),
                {"at": f"2025-01-0{n + 1} 10:00:00", "org": org, "action": f"old.{n}"},
            )
    migrate(engine)
    out = run_admin(url, "audit", "--verify")
    assert "intact: 5 entries" in out, out
    with engine.connect() as conn:
        places = conn.execute(
            text("SELECT action, chain, chain_seq FROM audit_log ORDER BY id")
        ).all()
    assert [tuple(p) for p in places] == [
        ("old.0", "A", 1),
        ("old.1", "A", 2),
        ("old.2", "", 1),
        ("old.3", "B", 1),
        ("old.4", "A", 3),
    ]
    run_admin(url, "create-org", "After", "--supervisor", "Sue")  # appends after them
    assert "intact: 6 entries" in run_admin(url, "audit", "--verify")
    _refused(engine, "UPDATE audit_log SET actor = 'x'")
    engine.dispose()


def test_concurrent_requests_append_without_forking_the_chain(
    server: RunningServer, org: Org
) -> None:
    failures: list[BaseException] = []

    def busy(name: str) -> None:
        try:
            member = org[name]
            for _ in range(8):
                member.client.request("GET", "/v1/keys")
                if name in ("mo", "sam"):
                    member.client.push([member.envelope()])
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=busy, args=(n,)) for n in ("mo", "meg", "sam", "sid")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures
    out = server.admin("audit", "--verify", "--org", org.name)
    assert "intact" in out, out


# --- a service role that does not own the audit log -------------------------------------

GRANTS = """
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
REVOKE UPDATE, DELETE ON audit_log FROM {role};
REVOKE INSERT, UPDATE, DELETE ON alembic_version_server FROM {role};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role};
"""


@pytest.mark.postgres
def test_the_service_runs_as_a_role_that_cannot_rewrite_the_audit_log() -> None:
    role = f"mentorapp_service_{secrets.token_hex(4)}"
    admin_url = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        with fresh_postgres_database() as owner_url:
            import psycopg

            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'CREATE ROLE "{role}" LOGIN')  # type: ignore[arg-type]
            # The owner creates the tables; the service role only gets its grants.
            migrated = subprocess.run(
                [SERVER, "--database-url", owner_url, "migrate"],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert migrated.returncode == 0, migrated.stderr
            owner = create_engine(owner_url)
            with owner.begin() as conn:
                for statement in GRANTS.format(role=role).strip().splitlines():
                    conn.execute(text(statement))
            owner.dispose()
            scheme, rest = owner_url.split("://", 1)
            service_url = f"{scheme}://{role}@{rest.split('@', 1)[1]}"
            with start_server(service_url, "--rate", "0") as server:
                org = make_org(server)
                mo = org["mo"]
                assert mo.client.push([mo.envelope()])[0]["status"] == "accepted"
                assert org["sue"].client.pull()["changes"]
                service = create_engine(service_url)
                for statement, why in (
                    ("ALTER TABLE audit_log DISABLE TRIGGER USER", "must be owner"),
                    ("DROP TRIGGER audit_log_no_change ON audit_log", "must be owner"),
                    ("TRUNCATE audit_log", "permission denied"),
                    ("DELETE FROM audit_log", "permission denied"),
                    ("UPDATE audit_log SET actor = 'x'", "permission denied"),
                ):
                    _refused(service, statement, match=why)
                service.dispose()
                assert "intact" in server.admin("audit", "--verify")
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')  # type: ignore[arg-type]


# --- wrong codes and credentials --------------------------------------------------------


def _from(address: str) -> httpx.Client:
    """A client whose requests come from another loopback address."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=30)


def _enrol_body(code: str) -> dict[str, Any]:
    identity = RawIdentity()
    return {
        "code": code,
        "device": {
            "verify_public": base64.b64encode(identity.device.verify_public).decode(),
            "recipient_public": base64.b64encode(identity.device.recipient_public).decode(),
            "label": "guess",
        },
    }


def test_wrong_codes_and_credentials_are_limited_and_audited(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'server.db'}"
    with start_server(url, "--rate", "0", "--failed-attempts", "5") as server:
        sue = enrol(
            server, code_from(server.admin("create-org", "Guarded", "--supervisor", "S")), "sue"
        )
        sue.client.set_up_org(sue.reply, sue.identity, OrgKeys.generate())
        real_code = code_from(server.admin("invite", "Guarded", "--name", "mo"))
        guesses = [typable.encode(secrets.token_bytes(CODE_BYTES)) for _ in range(6)]
        with _from("127.0.0.2") as guesser:
            answers = [guesser.post(f"{server.url}/v1/enrol", json=_enrol_body(g)) for g in guesses]
            assert [a.status_code for a in answers] == [404] * 5 + [429]
            assert answers[-1].json()["code"] == "too-many-failures"
            assert 1 <= int(answers[-1].headers["retry-after"]) <= 12
            # The right code is refused too: a guesser learns nothing while limited.
            right = guesser.post(f"{server.url}/v1/enrol", json=_enrol_body(real_code))
            assert right.status_code == 429
        # Another address is not held up by the guesser.
        mo = enrol(server, real_code, "mo")
        assert mo.client.request("GET", "/v1/me")["user_id"] == mo.user_id

        wrong = f"Bearer {sue.device_id}.{'A' * 43}"
        with _from("127.0.0.3") as thief:
            statuses = [
                thief.get(f"{server.url}/v1/me", headers={"Authorization": wrong}).status_code
                for _ in range(6)
            ]
        assert statuses == [401] * 5 + [429]
        with _from("127.0.0.4") as other:
            # Guessing against one device is limited whatever address it comes from.
            assert (
                other.get(f"{server.url}/v1/me", headers={"Authorization": wrong}).status_code
                == 429
            )

        log = json.loads(server.admin("--json", "audit", "--limit", "200"))
        enrol_failures = [e for e in log if e["action"] == "enrol.failed"]
        sign_in_failures = [e for e in log if e["action"] == "sign_in.failed"]
        assert len(enrol_failures) == 5 and len(sign_in_failures) == 5
        assert all(e["actor"] == "address:127.0.0.2" for e in enrol_failures)
        assert all(
            e["actor"] == "address:127.0.0.3" and e["device"] == sue.device_id
            for e in sign_in_failures
        )
        text_of_log = json.dumps(log)
        for secret in [*guesses, "A" * 43]:
            assert secret not in text_of_log
            assert secret.replace("-", "") not in text_of_log
        assert "intact" in server.admin("audit", "--verify")
