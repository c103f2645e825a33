"""The sync issue's "done when", as people would do it with the real commands:
two mentors and a supervisor, each on their own profile, sync through a real server
over a link cut at random; the supervisor's `list --team` and `show` hold exactly
what both mentors recorded; a mentor's replacement laptop, joined with a new code and
the same passphrase, gets all their records back; the server's database holds no
plaintext."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support.cli import cli, until_done
from tests.support.proxy import FaultyProxy
from tests.support.server import BACKENDS, database, run_admin, start_server
from tests.support.world import code_from

MARKERS = ["Zebedee", "Quixotic", "HMPXANADU", "walrus-lighthouse", "A9999ZZ", "Ottoline"]


def sync_until_done(home: Path) -> str:
    return until_done(home, "sync")


def join_until_done(home: Path, server: str, code: str) -> str:
    return until_done(home, "join", "--server", server, "--code", code)


def add_mentee(home: Path, given: str, family: str, *extra: str) -> None:
    cli(
        home,
        "add-mentee",
        "-f",
        f"given_name={given}",
        "-f",
        f"family_name={family}",
        "-f",
        "consent.given=yes",
        "-f",
        "consent.date=2026-11-01",
        "-f",
        "consent.confidentiality_limits_explained=yes",
        *extra,
    )


def add_session(home: Path, who: str, notes: str) -> None:
    cli(
        home,
        "add-contact",
        "one_to_one",
        "-f",
        f"mentee_id={who}",
        "-f",
        "duration_minutes=45",
        "-f",
        f"notes={notes}",
        "--mentor",
        "mentor",
    )


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_two_mentors_and_a_supervisor_over_a_link_cut_at_random(  # noqa: PLR0915 (one story)
    backend: str, tmp_path: Path
) -> None:
    rng = random.Random(7)

    def cut_at_random(_method: str, _path: str) -> str | None:
        if rng.random() < 0.25:
            return rng.choice(("cut_request", "cut_response", "reset", "error_503", "truncate"))
        return None

    with (
        database(backend, tmp_path) as url,
        start_server(url, "--rate", "0") as server,
        FaultyProxy(server.url, choose=cut_at_random, stall_seconds=1) as link,
    ):

        def admin(*args: str) -> str:
            return run_admin(url, *args)

        org = "Second Chance Mentoring"
        sue_code = code_from(admin("create-org", org, "--supervisor", "Sue Jones"))
        homes = {name: tmp_path / name for name in ("sue", "mo", "meg", "mo-new")}
        for home in homes.values():
            cli(home, "init")
        out = join_until_done(homes["sue"], link.url, sue_code)
        assert "first supervisor" in out
        admin("add-team", org, "North")
        mo_code = code_from(admin("invite", org, "--name", "Mo Ali", "--team", "North"))
        meg_code = code_from(admin("invite", org, "--name", "Meg Ray", "--team", "North"))
        # Mo starts offline, before he has joined.
        add_mentee(
            homes["mo"],
            "Zebedee",
            "Quixotic",
            "-f",
            "setting=prison",
            "-f",
            "establishment=HMPXANADU",
            "-f",
            "prison_number=A9999ZZ",
        )
        join_until_done(homes["mo"], link.url, mo_code)
        join_until_done(homes["meg"], link.url, meg_code)
        add_session(homes["mo"], "Zebedee Quixotic", "Visited at HMPXANADU; walrus-lighthouse")
        add_mentee(homes["meg"], "Ottoline", "Baker")
        add_session(homes["meg"], "Ottoline Baker", "Coffee and the gym")
        add_session(homes["meg"], "Ottoline Baker", "Housing bid sent")
        for name in ("mo", "meg"):
            sync_until_done(homes[name])
        # Done, but people wait for Sue to certify them: exit 3 says a person is needed.
        early = until_done(homes["sue"], "sync", done=3)
        assert "waiting for keys" in early and "certify them: Meg Ray, Mo Ali" in early
        early = cli(homes["sue"], "list", "--team")
        assert "cannot be shown yet" in early and "mentorapp-cli certify" in early
        status = cli(homes["sue"], "status")
        assert "Mo Ali" in status and "Meg Ray" in status  # waiting to be certified
        cli(homes["sue"], "certify", "--all")
        sync_until_done(homes["sue"])

        team = cli(homes["sue"], "list", "--team")
        assert "Zebedee Quixotic" in team and "Ottoline Baker" in team
        assert "Mo Ali" in team and "Meg Ray" in team
        assert "2 mentees of 2 mentors" in team
        shown = cli(homes["sue"], "show", "Ottoline Baker")
        assert "Coffee and the gym" in shown and "Housing bid sent" in shown
        assert "Timeline (2 entries" in shown
        shown = cli(homes["sue"], "show", "Zebedee Quixotic")
        assert "A9999ZZ" in shown and "Timeline (1 entry," in shown
        assert cli(homes["sue"], "list").startswith("No mentees yet")  # her own caseload
        for name in ("sue", "mo", "meg"):  # what each pushed or received still checks out
            assert "records decrypted and their signatures checked" in cli(homes[name], "verify")

        # Mo's laptop is lost; a new one joins with a new code and the same passphrase.
        new_code = code_from(admin("new-code", "Mo Ali"))
        join_until_done(homes["mo-new"], link.url, new_code)
        sync_until_done(homes["mo-new"])
        listed = cli(homes["mo-new"], "list")
        assert "Zebedee Quixotic" in listed and "1 mentee." in listed
        assert "walrus-lighthouse" in cli(homes["mo-new"], "show", "Zebedee Quixotic")
        assert "All 2 records decrypted" in cli(homes["mo-new"], "verify")
        assert "Ottoline" not in listed  # Meg's records are not Mo's to see
        assert sum(link.stats.faults.values()) > 3

        # The server's database holds no record content.
        blob = _dump(url)
        for marker in MARKERS:
            assert marker.encode() not in blob, marker
            assert marker.encode("utf-16-le") not in blob, marker
            assert marker.lower().encode() not in blob.lower(), marker


def _dump(url: str) -> bytes:
    engine = create_engine(url)
    parts: list[bytes] = []
    with engine.connect() as conn:
        tables = [
            "organisations",
            "teams",
            "users",
            "supervisor_teams",
            "enrolment_codes",
            "devices",
            "envelopes",
            "audit_log",
        ]
        for table in tables:
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        parts.append(bytes(value))
                    elif value is not None:
                        parts.append(str(value).encode())
    engine.dispose()
    blob = b"\n".join(parts)
    if url.startswith("sqlite"):
        folder = Path(url.split("///", 1)[1]).parent
        blob += b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())
    return blob
