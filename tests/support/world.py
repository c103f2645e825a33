"""Real laptops (profiles in temporary folders) that join a real server process and
sync with it, optionally through a faulty or lying proxy."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentorapp.core.model import Mentee, OneToOneSession, Record
from mentorapp.crypto import KdfParams
from mentorapp.store.profile import Profile, create_profile, open_profile
from mentorapp.sync.certify import certify_member_keys, pending_members
from mentorapp.sync.client import RetryPolicy, ServiceClient
from mentorapp.sync.engine import SyncEngine, SyncReport, SyncSettings, load_directory
from mentorapp.sync.enrol import Joiner, JoinResult
from tests.support.server import run_admin

PASSPHRASE = "correct horse battery staple"
FAST_RETRY = RetryPolicy(attempts=4, base=0.01, cap=0.05)


def floor() -> KdfParams:
    return KdfParams(salt=os.urandom(16))


@dataclass
class Laptop:
    """One person's laptop: an unlocked profile and the route to the service."""

    name: str
    home: Path
    profile: Profile
    route: str | None = None  # talk to this address instead (a proxy)
    timeout: float = 10.0
    retry: RetryPolicy = field(default_factory=lambda: FAST_RETRY)
    settings: SyncSettings | None = None
    passphrase: str = PASSPHRASE

    @classmethod
    def new(cls, root: Path, name: str, passphrase: str = PASSPHRASE) -> Laptop:
        home = root / name
        profile, _recovery = create_profile(home, passphrase, floor())
        return cls(name=name, home=home, profile=profile, passphrase=passphrase)

    def client(self, url: str, token: str | None = None) -> ServiceClient:
        return ServiceClient(self.route or url, token, timeout=self.timeout, retry=self.retry)

    def join(self, server: str, code: str, **kw: Any) -> JoinResult:
        joiner = Joiner(
            self.profile,
            self.passphrase,
            client_factory=self.client,
            kdf=floor(),
            **kw,
        )
        return joiner.join(server, code)

    def sync(self) -> SyncReport:
        settings = self.settings or SyncSettings(retry=self.retry, timeout=self.timeout)
        return SyncEngine(self.profile, settings=settings, client_factory=self.client).run()

    def save(self, record: Record) -> Record:
        self.profile.record(record)
        return record

    def add_mentee(self, given: str, family: str) -> Mentee:
        mentee = Mentee(given_name=given, family_name=family)
        self.save(mentee)
        return mentee

    def add_session(self, mentee: Mentee, notes: str, minutes: int = 45) -> OneToOneSession:
        session = OneToOneSession(
            mentee_id=mentee.id, date=dt.date.today(), duration_minutes=minutes, notes=notes
        )
        self.save(session)
        return session

    def reopen(self) -> None:
        """Lock and unlock again, as after a restart."""
        self.profile.lock()
        self.profile = open_profile(self.home).unlock(self.passphrase)

    def close(self) -> None:
        if hasattr(self.profile, "keys"):
            self.profile.lock()

    def certify_everyone(self) -> list[str]:
        """The organisation key holder certifies every member waiting."""
        membership = self.profile.membership
        assert membership is not None
        with self.client(membership.server_url, membership.credential) as client:
            pending = pending_members(self.profile, client)
            for member in pending:
                certify_member_keys(self.profile, client, member)
        return [m.name for m in pending]

    def verify(self) -> list[str]:
        """What ``mentorapp-cli verify`` would report: every record decrypted and its
        signature checked against its laptop's certified key, and every row as the
        record manifest says this laptop wrote it. Empty when all is well."""
        directory = load_directory(self.profile)
        devices = directory.devices if directory is not None else {}
        _checked, problems = self.profile.records.verify(
            lambda d: devices[d].verify_key if d in devices else None
        )
        listed = self.profile.check_record_list().problems
        return [f"{p.record_type} {p.record_id}: {p.reason}" for p in problems] + [
            p.message for p in listed
        ]

    def all_records(self) -> dict[str, Record]:
        return {r.id: r for r in self.profile.records.iter_records(scope="all")}


def code_from(output: str) -> str:
    return next(line.strip() for line in output.splitlines() if line.startswith("    "))


@dataclass
class World:
    """An organisation on a running server: a first supervisor, mentors, admin calls."""

    server_url: str
    admin: Callable[..., str]
    root: Path
    org_name: str
    laptops: dict[str, Laptop] = field(default_factory=dict)

    @classmethod
    def on(cls, server: Any, root: Path, org_name: str) -> World:
        """An organisation (not created yet) on a running server (tests.support.server)."""
        from tests.support.server import run_admin

        url = server.database_url
        return cls(
            server_url=server.url,
            admin=lambda *a: run_admin(url, *a),
            root=root,
            org_name=org_name,
        )

    def laptop(self, name: str, passphrase: str = PASSPHRASE) -> Laptop:
        laptop = Laptop.new(self.root, name, passphrase)
        self.laptops[name] = laptop
        return laptop

    def create(self, supervisor: str = "sue") -> Laptop:
        out = self.admin("create-org", self.org_name, "--supervisor", supervisor.title())
        sue = self.laptop(supervisor)
        sue.join(self.server_url, code_from(out))
        return sue

    def invite(self, name: str, role: str = "mentor", team: str | None = None) -> str:
        args = ["invite", self.org_name, "--name", name.title(), "--role", role]
        if team:
            args += ["--team", team]
        return code_from(self.admin(*args))

    def close(self) -> None:
        for laptop in self.laptops.values():
            laptop.close()


def founded(
    server_url: str, database_url: str, root: Path, org_name: str, teams: tuple[str, ...]
) -> World:
    """A new organisation on a running server: its first supervisor (Sue) joined,
    and its teams."""
    world = World(
        server_url=server_url,
        admin=lambda *a: run_admin(database_url, *a),
        root=root,
        org_name=org_name,
    )
    world.create("sue")
    for team in teams:
        world.admin("add-team", org_name, team)
    return world
