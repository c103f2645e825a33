"""Sync over a bad link: a real proxy between laptops and the real server cuts requests
and responses, stalls, resets, truncates and answers 500/502/503. Nothing is lost,
nothing is duplicated, and a cut costs at most one batch sent again."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from mentorapp.store.syncstore import SyncStore
from mentorapp.sync.client import RetryPolicy, Unreachable
from mentorapp.sync.engine import DONE, OFFLINE, SyncSettings
from tests.support.proxy import FAULTS, FaultyProxy
from tests.support.server import RunningServer, start_server
from tests.support.world import Laptop, World


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    db = tmp_path_factory.mktemp("srv") / "server.db"
    with start_server(f"sqlite:///{db}", "--rate", "0") as running:
        yield running


@pytest.fixture
def world(server: RunningServer, tmp_path: Path) -> Iterator[World]:
    w = World.on(server, tmp_path, f"Faults {tmp_path.name}")
    w.create("sue")
    w.admin("add-team", w.org_name, "North")
    yield w
    w.close()


class Chooser:
    """Which fault (if any) each request meets; switchable, reproducible."""

    def __init__(self, seed: int, rate: float, kinds: tuple[str, ...] = FAULTS) -> None:
        self.random = random.Random(seed)
        self.rate = rate
        self.kinds = kinds
        self.on = True
        self.paths: set[str] | None = None

    def __call__(self, _method: str, path: str) -> str | None:
        if not self.on or (self.paths and not any(path.startswith(p) for p in self.paths)):
            return None
        if self.random.random() < self.rate:
            return self.random.choice(self.kinds)
        return None


def _through(laptop: Laptop, proxy: FaultyProxy) -> Laptop:
    laptop.route = proxy.url
    laptop.timeout = 1.0
    laptop.retry = RetryPolicy(attempts=3, base=0.01, cap=0.05)
    laptop.settings = SyncSettings(
        batch_bytes=16 * 1024, batch_count=20, page_limit=25, retry=laptop.retry, timeout=1.0
    )
    return laptop


def _sync_until_done(laptop: Laptop, tries: int = 60) -> int:
    for attempt in range(tries):
        report = laptop.sync()
        assert report.status in (DONE, OFFLINE), report
        if report.status == DONE:
            return attempt
    raise AssertionError(f"{laptop.name} never completed a sync")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_nothing_lost_or_duplicated_through_a_faulty_link(
    world: World, server: RunningServer, seed: int
) -> None:
    chooser = Chooser(seed, rate=0.35)
    with FaultyProxy(server.url, choose=chooser, stall_seconds=1.5) as proxy:
        sue = _through(world.laptops["sue"], proxy)
        mentors = []
        for name in ("mo", "meg"):
            laptop = world.laptop(name)
            chooser.on = False  # joining has its own test below
            laptop.join(world.server_url, world.invite(name, "mentor", "North"))
            chooser.on = True
            mentors.append(_through(laptop, proxy))
        expected: dict[str, object] = {}
        for laptop in mentors:
            for n in range(30):
                mentee = laptop.add_mentee(f"{laptop.name}{n}", "Fault")
                expected[mentee.id] = mentee
                if n % 3 == 0:
                    session = laptop.add_session(mentee, f"session {n} " + "words " * 80)
                    expected[session.id] = session
        for laptop in mentors:
            _sync_until_done(laptop)
        chooser.on = False
        sue.certify_everyone()
        chooser.on = True
        _sync_until_done(sue)
        chooser.on = False
        assert sum(proxy.stats.faults.values()) > 5, proxy.stats.faults
        got = sue.all_records()
        assert got == expected  # every record, exactly once, intact
        for laptop in (*mentors, sue):
            assert laptop.verify() == []
            counts = SyncStore(laptop.profile.records).counts()
            assert (counts.waiting, counts.conflicts, counts.quarantined, counts.refused) == (
                0,
                0,
                0,
                0,
            )
        # The service holds exactly one version of each, as the summary agrees.
        for laptop in (*mentors, sue):
            assert laptop.sync().reconciled is False


def test_a_cut_costs_at_most_one_batch_sent_again(world: World, server: RunningServer) -> None:
    pushes = {"n": 0}

    def cut_third_push_reply(method: str, path: str) -> str | None:
        if path.startswith("/v1/push"):
            pushes["n"] += 1
            if pushes["n"] == 3:
                return "cut_response"  # the server stored the batch; the laptop never heard
        return None

    with FaultyProxy(server.url, choose=cut_third_push_reply) as proxy:
        mo = world.laptop("mo")
        mo.join(world.server_url, world.invite("mo", "mentor", "North"))
        _through(mo, proxy)
        mo.retry = RetryPolicy(attempts=1)  # the cut ends this run
        mo.settings = SyncSettings(batch_bytes=1 << 20, batch_count=20, retry=mo.retry)
        for n in range(120):
            mo.add_mentee(f"Cut{n}", "Batch")
        first = mo.sync()
        assert first.status == OFFLINE and first.pushed == 40
        second = mo.sync()
        assert second.status == DONE and first.pushed + second.pushed == 120
        bodies = list(proxy.stats.push_bodies)
    # Six batches of twenty; only the one whose reply was cut went twice.
    assert len(bodies) == 7
    assert bodies[3] == bodies[2]
    assert sum(bodies) - sum(bodies[:3]) - sum(bodies[4:]) <= max(bodies)
    sue = world.laptops["sue"]
    sue.certify_everyone()
    assert sue.sync().received == 120


def test_joining_survives_a_lost_reply_at_every_step(world: World, server: RunningServer) -> None:
    steps = ["/v1/enrol/complete", "/v1/enrol"]
    for path in steps:
        cut: dict[str, bool] = {"done": False}

        def once(method: str, p: str, path: str = path, cut: dict[str, bool] = cut) -> str | None:
            if p == path and not cut["done"]:
                cut["done"] = True
                return "cut_response"
            return None

        with FaultyProxy(server.url, choose=once) as proxy:
            laptop = world.laptop(f"new{len(path)}")
            laptop.route = proxy.url
            laptop.retry = RetryPolicy(attempts=1)
            code = world.invite(laptop.name, "mentor", "North")
            with pytest.raises(Unreachable):
                laptop.join(world.server_url, code)
            assert laptop.profile.membership is None  # nothing half-joined
            result = laptop.join(world.server_url, code)  # the same command again
            assert result.resumed and result.role == "mentor"
            laptop.add_mentee("After", "Join")
            assert laptop.sync().pushed == 1


def test_the_first_supervisor_survives_a_lost_reply_while_making_the_keys(
    server: RunningServer, tmp_path: Path
) -> None:
    world = World.on(server, tmp_path, f"Bootstrap {tmp_path.name}")
    cut = {"done": False}

    def once(method: str, path: str) -> str | None:
        if path == "/v1/org/keys" and not cut["done"]:
            cut["done"] = True
            return "cut_response"
        return None

    from tests.support.world import code_from

    code = code_from(world.admin("create-org", world.org_name, "--supervisor", "Sue"))
    with FaultyProxy(server.url, choose=once) as proxy:
        sue = world.laptop("sue")
        sue.route = proxy.url
        sue.retry = RetryPolicy(attempts=1)
        with pytest.raises(Unreachable):
            sue.join(world.server_url, code)
        result = sue.join(world.server_url, code)
    assert result.first_supervisor and result.resumed
    membership = sue.profile.membership
    assert membership is not None and membership.org_keys is not None
    # The keys the service kept are the ones this laptop made (not a second set).
    mo = world.laptop("mo")
    mo.join(world.server_url, world.invite("mo", "mentor"))
    world.close()
