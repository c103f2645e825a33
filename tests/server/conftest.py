"""Server fixtures: a real mentorapp-server process on a free loopback port, on SQLite
and (marked ``postgres``) on the PostgreSQL at 127.0.0.1:5432, with organisations
set up the way an admin and their people would (protocol v2: the first supervisor's
device makes the organisation keys; every member is certified by them)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from mentorapp.core.ids import new_id
from mentorapp.crypto import OrgKeys
from mentorapp.crypto.directory import certify_member, seal_review_key
from mentorapp.sync.client import b64
from tests.support.device import RawClient, RawIdentity, envelope
from tests.support.server import (
    BACKENDS,
    PG_URL,
    SERVER,
    RunningServer,
    database,
    free_port,
    fresh_postgres_database,
    run_admin,
    start_server,
)

__all__ = [
    "PG_URL",
    "SERVER",
    "Member",
    "Org",
    "RunningServer",
    "code_from",
    "database",
    "enrol",
    "free_port",
    "fresh_postgres_database",
    "make_org",
    "run_admin",
    "start_server",
]


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningServer]:
    with (
        database(request.param, tmp_path_factory.mktemp("srv")) as url,
        start_server(url, "--rate", "0", "--failed-attempts", "0") as running,
    ):
        yield running


def code_from(output: str) -> str:
    return next(line.strip() for line in output.splitlines() if line.startswith("    "))


@dataclass
class Member:
    name: str
    identity: RawIdentity
    client: RawClient
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
        return envelope(
            self.device_id,
            self.identity.device,
            self.org_id,
            kw.pop("owner_id", self.user_id),
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

    def certify(self, member: Member) -> None:
        """The first supervisor's device vouches for a member (review key for supervisors)."""
        body = {
            "certificate": b64(
                certify_member(
                    self.keys.signing,
                    self.org_id,
                    member.user_id,
                    member.reply["user_name"],
                    member.reply["role"],
                    member.identity.user.recipient_public,
                    member.identity.user.verify_public,
                )
            )
        }
        if member.reply["role"] == "supervisor":
            sealed, grant = seal_review_key(
                self.keys.signing,
                self.keys.review,
                self.org_id,
                member.user_id,
                member.identity.user.recipient.public,
            )
            body["review_sealed"] = b64(sealed)
            body["review_signature"] = b64(grant)
        self.supervisor.client.certify(member.user_id, body)


def enrol(server: RunningServer, code: str, name: str, complete: bool = True) -> Member:
    identity = RawIdentity()
    client = RawClient(server.url)
    _clients.append(client)
    reply = client.enrol_as(code, identity, f"{name}'s laptop")
    if complete:
        client.complete_as(reply, identity)
    return Member(name=name, identity=identity, client=client, reply=reply)


def make_org(server: RunningServer, name: str | None = None) -> Org:
    """An organisation with a North team (supervisor Sue, mentors Mo and Meg), a South
    team (mentor Sam, supervisor Sid) and an admin, all enrolled through the admin CLI's
    codes and certified by Sue, the first supervisor."""
    name = name or f"Org {secrets.token_hex(3)}"
    out = server.admin("create-org", name, "--supervisor", "Sue")
    sue = enrol(server, code_from(out), "sue")
    keys = OrgKeys.generate()
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
        member = enrol(server, code_from(server.admin(*args)), who)
        org.certify(member)
        org.members[who] = member
    org.members["sue"] = sue
    return org


_clients: list[RawClient] = []


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    while _clients:
        _clients.pop().close()


@pytest.fixture
def org(server: RunningServer) -> Org:
    return make_org(server)


OrgFactory = Callable[[], Org]
