"""mentorapp-cli's join, sync and status as a person meets them: exit codes that say
what happened, and sentences instead of tracebacks."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from mentorapp.core.model import OneToOneSession
from mentorapp.store.profile import open_profile
from tests.support.cli import cli
from tests.support.proxy import FaultyProxy
from tests.support.server import RunningServer, start_server
from tests.support.world import PASSPHRASE, World, code_from


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    db = tmp_path_factory.mktemp("srv") / "server.db"
    with start_server(f"sqlite:///{db}", "--rate", "0") as running:
        yield running


@pytest.fixture
def world(server: RunningServer, tmp_path: Path) -> Iterator[World]:
    w = World.on(server, tmp_path, f"CLI {tmp_path.name}")
    w.create("sue")
    yield w
    w.close()


def test_sync_and_status_before_joining_say_so(tmp_path: Path) -> None:
    home = tmp_path / "p"
    cli(home, "init")
    assert "not joined" in cli(home, "sync", expect=2).lower()
    out = cli(home, "status")
    assert "Not joined" in out and "0 changes waiting" in out


def test_join_refuses_plain_http_and_malformed_codes(tmp_path: Path) -> None:
    home = tmp_path / "p"
    cli(home, "init")
    out = cli(home, "join", "--server", "http://mentoring.example.org", "--code", "X", expect=2)
    assert "https://" in out
    out = cli(home, "join", "--server", "https://127.0.0.1:1", "--code", "nonsense", expect=2)
    assert "not an enrolment code" in out.lower()


def test_join_says_when_an_address_is_not_a_mentorapp_service(
    world: World, server: RunningServer, tmp_path: Path
) -> None:
    """A wrong address is named as such, not as a refusal or a connection to retry."""
    home = tmp_path / "p"
    cli(home, "init")
    code = world.invite("ann", "mentor")
    # Another kind of web server on this computer.
    other = ThreadingHTTPServer(("127.0.0.1", 0), SimpleHTTPRequestHandler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{other.server_address[1]}"
        out = cli(home, "join", "--server", url, "--code", code, expect=2)
        assert "does not answer like a mentorapp service" in out, out
        # The service's address with a path too many.
        out = cli(home, "join", "--server", server.url + "/v1", "--code", code, expect=2)
        assert "does not answer like a mentorapp service" in out, out
        # https:// to a service that speaks plain HTTP: trying again cannot help.
        tls = server.url.replace("http://", "https://")
        out = cli(home, "join", "--server", tls, "--code", code, expect=1)
        assert "No secure connection" in out and "Run the same command again" not in out, out
    finally:
        other.shutdown()
        other.server_close()
    # None of it spent the code.
    assert "Joined" in cli(home, "join", "--server", server.url, "--code", code)


def test_join_sync_status_and_the_exit_codes(  # noqa: PLR0915 (one story)
    world: World, server: RunningServer, tmp_path: Path
) -> None:
    home = tmp_path / "mo"
    cli(home, "init")
    code = world.invite("mo", "mentor")
    link = FaultyProxy(server.url).__enter__()  # the service's address, as this laptop knows it
    out = cli(home, "join", "--server", link.url, "--code", code)
    assert "Joined" in out and "as mentor" in out
    assert "already joined" in cli(home, "join", "--server", link.url, "--code", code, expect=2)
    cli(
        home,
        "add-mentee",
        "-f",
        "given_name=Ida",
        "-f",
        "family_name=Jay",
        "-f",
        "consent.given=yes",
        "-f",
        "consent.date=2026-11-01",
        "-f",
        "consent.confidentiality_limits_explained=yes",
    )
    out = cli(home, "sync")
    assert "Sent 1" in out and "0 changes waiting" in out
    status = cli(home, "status")
    assert "Last successful sync: never" not in status and "You: Mo, mentor" in status
    # A second laptop edits the same field: the next sync here exits 3 and says why.
    profile = open_profile(home).unlock(PASSPHRASE)
    membership = profile.membership
    assert membership is not None
    mentee = profile.records.mentees()[0]
    profile.lock()
    other = world.laptop("mo-2")
    other.join(server.url, code_from(world.admin("new-code", membership.user_id)))
    other.sync()
    theirs = other.profile.records.get(mentee.id)
    theirs.pronouns = "they/them"  # type: ignore[attr-defined]
    other.save(theirs)
    other.sync()
    profile = open_profile(home).unlock(PASSPHRASE)
    mine = profile.records.get(mentee.id)
    mine.pronouns = "he/him"  # type: ignore[attr-defined]
    profile.records.save(mine)
    profile.lock()
    out = cli(home, "sync", expect=3)
    assert "1 new conflict" in out and "status" in out
    status = cli(home, "status", expect=3)
    # Named for a person: the mentee and the form's label, never an id or a field key.
    assert "1. conflict: Mentee Ida Jay: Pronouns" in status and mentee.id not in status
    assert "held back until you choose" in status
    # Both answers are shown, so the choice is not made blind.
    assert 'this laptop: "he/him"; the other side: "they/them"' in status
    listed = cli(home, "resolve", expect=3)
    assert "Mentee Ida Jay" in listed and "--keep mine" in listed and '"they/them"' in listed
    assert "there is 1 conflict" in cli(home, "resolve", "2", "--keep", "mine", expect=2)
    # An answer is chosen by the label 'resolve' shows (or its key).
    assert "Settled Mentee Ida Jay" in cli(home, "resolve", "1", "--answer", "Pronouns=theirs")
    assert "Sent 1" in cli(home, "sync")
    assert "There is no conflict" in cli(home, "resolve")
    # A second conflict, settled per answer this time, to be left open for the next part.
    profile = open_profile(home).unlock(PASSPHRASE)
    mine = profile.records.get(mentee.id)
    mine.pronouns = "he/him"  # type: ignore[attr-defined]
    profile.records.save(mine)
    profile.lock()
    other.sync()
    theirs = other.profile.records.get(mentee.id)
    theirs.pronouns = "she/her"  # type: ignore[attr-defined]
    other.save(theirs)
    other.sync()
    cli(home, "sync", expect=3)
    # The service goes away: sync exits 1 and keeps everything.
    profile = open_profile(home).unlock(PASSPHRASE)
    profile.records.save(
        OneToOneSession(mentee_id=mentee.id, date=dt.date.today(), notes="offline note")
    )
    profile.lock()
    link.__exit__(None, None, None)  # the service goes away
    out = cli(home, "sync", expect=1)
    assert "Not finished" in out and "1 change waiting" in out and "1 conflict to settle" in out
