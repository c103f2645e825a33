"""A hypothesis state machine: a mentor's two laptops, a second mentor and a supervisor
create, edit and delete records offline and sync in any order through a link that
cuts, stalls, resets and errors. Once the faults stop and everyone syncs, every
laptop holds exactly what it may see: none lost, none duplicated, every laptop of a
person agreeing, every conflict merged or shown to a person (and settled by them)."""

from __future__ import annotations

import random
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from mentorapp.core.model import Mentee
from mentorapp.store.syncstore import SyncStore
from mentorapp.sync.client import RetryPolicy
from mentorapp.sync.engine import DONE, OFFLINE, SyncSettings
from tests.support.proxy import FaultyProxy
from tests.support.server import RunningServer, run_admin, start_server
from tests.support.world import Laptop, World, code_from

DEVICES = ("mo1", "mo2", "meg", "sue")
OWNER = {"mo1": "mo", "mo2": "mo", "meg": "meg", "sue": "sue"}
FIELDS = ("preferred_name", "pronouns", "establishment", "closed_reason")
VALUES = ("a", "b", "c", "d")

_server: RunningServer | None = None


@pytest.fixture(scope="module", autouse=True)
def one_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    global _server
    db = tmp_path_factory.mktemp("srv") / "server.db"
    with start_server(f"sqlite:///{db}", "--rate", "0") as running:
        _server = running
        yield
        _server = None


class SyncMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory()
        self.laptops: dict[str, Laptop] = {}
        self.proxy: FaultyProxy | None = None
        # What each person wrote: record id -> owner, and every value each field held.
        self.owner_of: dict[str, str] = {}
        self.values: dict[str, dict[str, set[Any]]] = {}
        self.deleted: set[str] = set()
        # Changes a laptop made that it has not yet seen through a completed sync:
        # until then nothing may overwrite them without a merge or a conflict.
        self.unsent: dict[str, dict[str, dict[str, Any]]] = {d: {} for d in DEVICES}
        self.unsent_deletes: dict[str, set[str]] = {d: set() for d in DEVICES}
        self.faults_on = True
        self.rng = random.Random(0)

    @initialize(seed=st.integers(0, 2**16))
    def set_up(self, seed: int) -> None:
        assert _server is not None
        self.rng = random.Random(seed)
        server = _server
        world = World(
            server_url=server.url,
            admin=lambda *a: run_admin(server.database_url, *a),
            root=Path(self.tmp.name),
            org_name=f"Machine {seed} {id(self)}",
        )
        self.world = world
        self.proxy = FaultyProxy(server.url, choose=self._fault, stall_seconds=1.2)
        self.proxy.__enter__()
        self.faults_on = False
        sue = world.create("sue")
        world.admin("add-team", world.org_name, "North")
        mo1 = world.laptop("mo1")
        mo1.join(server.url, world.invite("mo", "mentor", "North"))
        membership = mo1.profile.membership
        assert membership is not None
        mo2 = world.laptop("mo2")
        mo2.join(server.url, code_from(world.admin("new-code", membership.user_id)))
        meg = world.laptop("meg")
        meg.join(server.url, world.invite("meg", "mentor", "North"))
        sue.certify_everyone()
        # A few of Mo's records already on both his laptops, so concurrent edits can
        # start at once.
        for name in ("x", "y", "z"):
            mentee = mo1.add_mentee(name, "Shared")
            self.owner_of[mentee.id] = "mo"
            self.values[mentee.id] = {f: {getattr(mentee, f)} for f in FIELDS}
        assert mo1.sync().status == DONE and mo2.sync().received == 3
        for name, laptop in (("mo1", mo1), ("mo2", mo2), ("meg", meg), ("sue", sue)):
            laptop.route = self.proxy.url
            laptop.timeout = 1.0
            laptop.retry = RetryPolicy(attempts=2, base=0.01, cap=0.02)
            laptop.settings = SyncSettings(
                batch_bytes=12 * 1024, batch_count=4, page_limit=5, retry=laptop.retry, timeout=1.0
            )
            self.laptops[name] = laptop
        self.faults_on = True

    def _fault(self, _method: str, _path: str) -> str | None:
        if self.faults_on and self.rng.random() < 0.3:
            return self.rng.choice(
                ("cut_request", "cut_response", "reset", "error_502_after", "error_503", "truncate")
            )
        return None

    # -- what people do ------------------------------------------------------------

    def _own_live(self, device: str) -> list[str]:
        laptop = self.laptops[device]
        return sorted(
            r.id for r in laptop.profile.records.iter_records(scope="mine") if isinstance(r, Mentee)
        )

    @precondition(lambda self: bool(self.laptops))
    @rule(device=st.sampled_from(DEVICES), name=st.sampled_from(VALUES))
    def create(self, device: str, name: str) -> None:
        mentee = self.laptops[device].add_mentee(name, "Machine")
        self.owner_of[mentee.id] = OWNER[device]
        self.values[mentee.id] = {f: {getattr(mentee, f)} for f in FIELDS}

    @precondition(lambda self: bool(self.laptops))
    @rule(
        device=st.sampled_from(DEVICES),
        pick=st.integers(0, 100),
        field=st.sampled_from(FIELDS),
        value=st.sampled_from(VALUES),
    )
    def edit(self, device: str, pick: int, field: str, value: str) -> None:
        live = [rid for rid in self._own_live(device) if not self._in_conflict(device, rid)]
        if not live:
            return
        rid = live[pick % len(live)]
        laptop = self.laptops[device]
        mentee = laptop.profile.records.get_typed(Mentee, rid)
        unchanged = getattr(mentee, field) == value
        setattr(mentee, field, value)
        laptop.save(mentee)
        self.values[rid][field].add(value)
        if not unchanged:  # saving a value a field already held changes nothing to merge
            self.unsent[device].setdefault(rid, {})[field] = value

    @precondition(lambda self: bool(self.laptops))
    @rule(
        pick=st.integers(0, 100),
        first=st.tuples(st.sampled_from(FIELDS), st.sampled_from(VALUES)),
        second=st.tuples(st.sampled_from(FIELDS), st.sampled_from(VALUES)),
    )
    def edit_on_both_laptops(
        self, pick: int, first: tuple[str, str], second: tuple[str, str]
    ) -> None:
        """Mo changes the same record on both laptops before either syncs."""
        shared = sorted(
            set(self._own_live("mo1"))
            & set(self._own_live("mo2")) - {r for d in ("mo1", "mo2") for r in self._conflicted(d)}
        )
        if not shared:
            return
        rid = shared[pick % len(shared)]
        for device, (field, value) in (("mo1", first), ("mo2", second)):
            laptop = self.laptops[device]
            mentee = laptop.profile.records.get_typed(Mentee, rid)
            unchanged = getattr(mentee, field) == value
            setattr(mentee, field, value)
            laptop.save(mentee)
            self.values[rid][field].add(value)
            if not unchanged:
                self.unsent[device].setdefault(rid, {})[field] = value
        event("edited one record on both laptops")

    def _conflicted(self, device: str) -> set[str]:
        return {c.id for c in SyncStore(self.laptops[device].profile.records).conflicts()}

    @precondition(lambda self: bool(self.laptops))
    @rule(device=st.sampled_from(DEVICES), pick=st.integers(0, 100))
    def delete(self, device: str, pick: int) -> None:
        live = [rid for rid in self._own_live(device) if not self._in_conflict(device, rid)]
        if not live:
            return
        rid = live[pick % len(live)]
        self.laptops[device].profile.records.delete(rid)
        self.deleted.add(rid)
        self.unsent[device].pop(rid, None)
        self.unsent_deletes[device].add(rid)

    @precondition(lambda self: bool(self.laptops))
    @rule(device=st.sampled_from(DEVICES))
    def sync(self, device: str) -> None:
        report = self.laptops[device].sync()
        assert report.status in (DONE, OFFLINE), report.message
        if report.merged:
            event("merged edits from two laptops")
        if report.new_conflicts:
            event("a conflict was shown")
        self._check_nothing_overwritten(device)
        self._forget_delivered(device)
        if report.status == DONE:
            conflicted = {c.id for c in SyncStore(self.laptops[device].profile.records).conflicts()}
            self.unsent[device] = {
                rid: f for rid, f in self.unsent[device].items() if rid in conflicted
            }
            self.unsent_deletes[device] &= conflicted

    def _forget_delivered(self, device: str) -> None:
        """A sync cut short may still have delivered a change: the service accepted it and
        the acknowledgement was lost, or it was acknowledged before the link failed.
        Once delivered, a later version built on it may rightly replace it, so it is no
        longer an unsent change. Delivered means the laptop says so (no longer pending)
        or the service holds exactly this laptop's current version of the record."""
        laptop = self.laptops[device]
        membership = laptop.profile.membership
        assert membership is not None and _server is not None
        ids = set(self.unsent[device]) | self.unsent_deletes[device]
        held = SyncStore(laptop.profile.records).versions_of(ids)
        path = _server.database_url.removeprefix("sqlite:///")
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            for rid in ids:
                if rid not in held:
                    continue
                _sv, version, pending = held[rid]
                on_server = db.execute(
                    "SELECT version, author_device FROM envelopes WHERE id = ?", (rid,)
                ).fetchone()
                delivered = not pending or on_server == (version, membership.device_id)
                if delivered and not self._in_conflict(device, rid):
                    self.unsent[device].pop(rid, None)
                    self.unsent_deletes[device].discard(rid)

    def _check_nothing_overwritten(self, device: str) -> None:
        """What this laptop changed and has not seen through a completed sync is still
        there: merged with other changes, or kept beside them in a conflict."""
        laptop = self.laptops[device]
        live = {r.id: r for r in laptop.profile.records.iter_records(scope="all")}
        for rid, fields in self.unsent[device].items():
            assert rid in live, ("an unsent edit's record vanished", device, rid)
            for f, value in fields.items():
                assert getattr(live[rid], f) == value, ("an unsent edit was overwritten", rid, f)
        for rid in self.unsent_deletes[device]:
            assert rid not in live, ("an unsent deletion was undone", device, rid)

    @precondition(lambda self: bool(self.laptops))
    @rule(first=st.sampled_from(("mo1", "mo2")))
    def sync_both_laptops(self, first: str) -> None:
        """Mo syncs one laptop, then the other (the usual way edits meet)."""
        for device in (first, "mo2" if first == "mo1" else "mo1"):
            self.sync(device)

    @precondition(lambda self: bool(self.laptops))
    @rule(device=st.sampled_from(DEVICES), side=st.sampled_from(("mine", "theirs")))
    def settle(self, device: str, side: str) -> None:
        """A person settles whatever conflicts their laptop shows them."""
        store = SyncStore(self.laptops[device].profile.records)
        for conflict in store.conflicts():
            store.resolve(conflict.id, side)
            event(f"settled a conflict ({len(conflict.fields)} fields) by {side}")
            # The person chose: what they now have is their new change.
            self.unsent[device].pop(conflict.id, None)
            self.unsent_deletes[device].discard(conflict.id)

    def _in_conflict(self, device: str, rid: str) -> bool:
        return any(c.id == rid for c in SyncStore(self.laptops[device].profile.records).conflicts())

    @invariant()
    def nothing_invented(self) -> None:
        """At every step, every record a laptop holds was written by someone, and each
        field holds a value someone gave it."""
        for laptop in self.laptops.values():
            for record in laptop.profile.records.iter_records(scope="all"):
                assert record.id in self.values, "a record nobody wrote"
                for f in FIELDS:
                    assert getattr(record, f) in self.values[record.id][f], (record.id, f)

    # -- the end ------------------------------------------------------------------------

    def teardown(self) -> None:
        try:
            if self.laptops:
                self._converge_and_check()
        finally:
            for laptop in self.laptops.values():
                laptop.close()
            if self.proxy is not None:
                self.proxy.__exit__(None, None, None)
            self.tmp.cleanup()

    def _converge_and_check(self) -> None:
        self.faults_on = False
        for _round in range(8):
            quiet = True
            for name in DEVICES:
                laptop = self.laptops[name]
                store = SyncStore(laptop.profile.records)
                for conflict in store.conflicts():
                    store.resolve(conflict.id, "mine")
                    quiet = False
                report = laptop.sync()
                assert report.status == DONE, report.message
                if report.pushed or report.received or report.merged or report.new_conflicts:
                    quiet = False
            if quiet:
                break
        else:
            raise AssertionError("the laptops never settled")
        views = {name: self._view(name) for name in DEVICES}
        mine = {
            p: {rid for rid, o in self.owner_of.items() if o == p} for p in ("mo", "meg", "sue")
        }
        # Both of Mo's laptops agree exactly.
        assert views["mo1"] == views["mo2"]
        # Each holds exactly what it may see: a mentor their own, Sue everyone's.
        assert set(views["mo1"]) <= mine["mo"]
        assert set(views["meg"]) <= mine["meg"]
        sue_sees = {rid: v for rid, v in views["sue"].items()}
        for person, device in (("mo", "mo1"), ("meg", "meg")):
            theirs = {rid: v for rid, v in sue_sees.items() if rid in mine[person]}
            assert theirs == views[device], person
        # None lost: a record nobody deleted is there.
        for rid, person in self.owner_of.items():
            device = {"mo": "mo1", "meg": "meg", "sue": "sue"}[person]
            if rid not in self.deleted:
                assert rid in views[device], ("lost", rid)
        for name in DEVICES:
            assert self.laptops[name].verify() == [], name
            counts = SyncStore(self.laptops[name].profile.records).counts()
            assert (counts.waiting, counts.conflicts, counts.quarantined, counts.refused) == (
                0,
                0,
                0,
                0,
            ), name

    def _view(self, device: str) -> dict[str, tuple[Any, ...]]:
        laptop = self.laptops[device]
        return {
            r.id: tuple(getattr(r, f) for f in FIELDS)
            for r in laptop.profile.records.iter_records(scope="all")
            if isinstance(r, Mentee)
        }


SyncMachine.TestCase.settings = settings(
    max_examples=8,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_sync_state_machine = pytest.mark.slow(SyncMachine.TestCase)
