"""A record set that cannot be trimmed unnoticed: rows removed, flags flipped, older
rows put back or the whole database swapped are named by unlocking and by
``mentorapp-cli verify``, on real SQLite files and through the real CLI; normal use
never raises the alarm."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from mentorapp.core.model import Mentee, OneToOneSession, SafeguardingConcern
from mentorapp.crypto import KdfParams
from mentorapp.store.db import write_session
from mentorapp.store.errors import StoreError
from mentorapp.store.models import RecordRow
from mentorapp.store.profile import create_profile, open_profile
from tests.conftest import PASSPHRASE
from tests.support.cli import cli, run_cli


@dataclass
class Caseload:
    mentee: Mentee
    concern: SafeguardingConcern
    session: OneToOneSession  # deleted


def _caseload(home: Path, floor_kdf: KdfParams) -> Caseload:
    """A profile with a mentee, a safeguarding concern edited once, and a session
    deleted: every kind of local write."""
    profile, _ = create_profile(home, PASSPHRASE, floor_kdf)
    with profile:
        mentee = Mentee(given_name="Ann", family_name="Lee")
        concern = SafeguardingConcern(
            mentee_id=mentee.id, raised_on=dt.date(2026, 3, 1), description="threats at home"
        )
        session = OneToOneSession(mentee_id=mentee.id, date=dt.date(2026, 3, 1), notes="x")
        profile.records.save_all([(mentee, None), (concern, None), (session, None)])
        concern.action_taken = "referred to the safeguarding lead"
        assert profile.records.save(concern, expected_version=1) == 2
        profile.records.delete(session.id)
        assert profile.check_record_list().ok
    return Caseload(mentee=mentee, concern=concern, session=session)


def _sql(home: Path, statement: str, *params: object) -> None:
    with sqlite3.connect(home / "mentorapp.db") as db:
        assert db.execute(statement, params).rowcount == 1


def _verify_fails(home: Path) -> str:
    out = cli(home, "verify", expect=1)
    assert "records were removed or altered outside mentorapp" in out
    return out


def _unlock_warns(home: Path) -> str:
    """Other commands still open the profile, and say something is wrong."""
    proc = run_cli(home, "list")
    assert proc.returncode == 0, proc.stderr
    assert "removed or altered outside mentorapp" in proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stderr


def test_normal_use_passes_verify_and_unlock(tmp_path: Path, floor_kdf: KdfParams) -> None:
    home = tmp_path / "p"
    _caseload(home, floor_kdf)
    cli(
        home,
        "add-mentee",
        "-f",
        "given_name=Zed",
        "-f",
        "family_name=Quinn",
        "-f",
        "consent.given=yes",
        "-f",
        "consent.confidentiality_limits_explained=yes",
        "-f",
        "consent.date=2026-03-01",
    )
    out = cli(home, "verify")
    assert "All 4 records decrypted and their signatures checked; none is missing." in out
    proc = run_cli(home, "list")
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr


def test_a_deleted_safeguarding_concern_is_named(tmp_path: Path, floor_kdf: KdfParams) -> None:
    home = tmp_path / "p"
    made = _caseload(home, floor_kdf)
    _sql(home, "DELETE FROM records WHERE id = ?", made.concern.id)
    out = _verify_fails(home)
    assert f"Safeguarding concern {made.concern.id} is missing" in out
    _unlock_warns(home)
    with open_profile(home).unlock(PASSPHRASE) as profile:
        [problem] = profile.record_list.problems
        assert (problem.kind, problem.record_id) == ("missing", made.concern.id)
        # Writing on does not hide it.
        profile.records.save(Mentee(given_name="New", family_name="Person"))
        assert [p.record_id for p in profile.check_record_list().problems] == [made.concern.id]


def test_the_concern_and_its_manifest_entry_deleted_together_is_noticed(
    tmp_path: Path, floor_kdf: KdfParams
) -> None:
    home = tmp_path / "p"
    made = _caseload(home, floor_kdf)
    _sql(home, "DELETE FROM records WHERE id = ?", made.concern.id)
    _sql(home, "DELETE FROM record_manifest WHERE id = ?", made.concern.id)
    out = _verify_fails(home)
    assert "1 entry was removed from it" in out


def test_a_flipped_deleted_flag_is_named(tmp_path: Path, floor_kdf: KdfParams) -> None:
    home = tmp_path / "p"
    made = _caseload(home, floor_kdf)
    _sql(home, "UPDATE records SET deleted = 1 WHERE id = ?", made.concern.id)
    _sql(home, "UPDATE records SET deleted = 0 WHERE id = ?", made.session.id)
    out = _verify_fails(home)
    assert f"Safeguarding concern {made.concern.id} is marked deleted" in out
    assert f"One-to-one {made.session.id} is marked present" in out
    # Flipping the entry too does not help: its tag no longer matches.
    _sql(home, "UPDATE record_manifest SET deleted = 1 WHERE id = ?", made.concern.id)
    out = _verify_fails(home)
    assert f"{made.concern.id}: its entry in the record list was altered" in out


def test_an_older_row_put_back_is_named(tmp_path: Path, floor_kdf: KdfParams) -> None:
    home = tmp_path / "p"
    profile, _ = create_profile(home, PASSPHRASE, floor_kdf)
    with profile:
        mentee = Mentee(given_name="Ann", family_name="Lee")
        concern = SafeguardingConcern(mentee_id=mentee.id, raised_on=dt.date(2026, 3, 1))
        profile.records.save_all([(mentee, None), (concern, None)])
    earlier = tmp_path / "earlier.db"
    with sqlite3.connect(home / "mentorapp.db") as src, sqlite3.connect(earlier) as dst:
        src.backup(dst)
    with open_profile(home).unlock(PASSPHRASE) as profile:
        concern.description = "escalated: police informed"
        profile.records.save(concern)
    # The whole older row back (still correctly signed), and then its entry as well.
    with sqlite3.connect(home / "mentorapp.db") as db:
        db.execute("ATTACH DATABASE ? AS earlier", (str(earlier),))
        db.execute("DELETE FROM records WHERE id = ?", (concern.id,))
        db.execute("INSERT INTO records SELECT * FROM earlier.records WHERE id = ?", (concern.id,))
    out = _verify_fails(home)
    assert f"Safeguarding concern {concern.id} holds version 1, older than version 2" in out
    with sqlite3.connect(home / "mentorapp.db") as db:
        db.execute("ATTACH DATABASE ? AS earlier", (str(earlier),))
        db.execute("DELETE FROM record_manifest WHERE id = ?", (concern.id,))
        db.execute(
            "INSERT INTO record_manifest SELECT * FROM earlier.record_manifest WHERE id = ?",
            (concern.id,),
        )
    out = _verify_fails(home)
    assert "does not add up to its seal: entries in it were changed or put back" in out
    # Also the total put back from the earlier copy: the other record's entry disagrees.
    # (Only the whole earlier database put back is beyond what the profile can tell.)


def test_a_database_replaced_by_an_empty_one_is_reported_every_time(
    tmp_path: Path, floor_kdf: KdfParams
) -> None:
    home = tmp_path / "p"
    _caseload(home, floor_kdf)
    for leftover in home.glob("mentorapp.db*"):
        leftover.unlink()
    (home / "mentorapp.db").touch()
    # verify reads and leaves the evidence as it found it.
    out = cli(home, "verify", expect=1)
    assert "database is an empty file" in out and "outside mentorapp" in out
    assert (home / "mentorapp.db").stat().st_size == 0
    for _ in range(2):  # the first unlock makes the tables; the second must still say so
        _unlock_warns(home)
        out = _verify_fails(home)
        assert "The database was replaced by an empty one" in out
        assert out.rstrip().splitlines()[-1].startswith("Verification FAILED: 1 problem")


def test_a_database_from_another_profile_is_reported(tmp_path: Path, floor_kdf: KdfParams) -> None:
    home = tmp_path / "p"
    _caseload(home, floor_kdf)
    other = tmp_path / "other"
    cli(other, "init")
    for leftover in home.glob("mentorapp.db*"):
        leftover.unlink()
    shutil.copy(other / "mentorapp.db", home / "mentorapp.db")
    out = _verify_fails(home)
    assert "seal does not open with this profile's key" in out


def test_emptied_tables_are_reported(tmp_path: Path, floor_kdf: KdfParams) -> None:
    home = tmp_path / "p"
    _caseload(home, floor_kdf)
    with sqlite3.connect(home / "mentorapp.db") as db:
        for table in ("records", "record_manifest", "record_manifest_total"):
            db.execute(f"DELETE FROM {table}")
    out = _verify_fails(home)
    assert "The record list is missing from the database" in out


@pytest.mark.parametrize("damage", ["truncated", "scribbled"])
def test_a_damaged_database_gets_a_sentence(
    tmp_path: Path, floor_kdf: KdfParams, damage: str
) -> None:
    home = tmp_path / "p"
    _caseload(home, floor_kdf)
    cli(home, "demo", "--mentees", "30", "--contacts", "300")
    with sqlite3.connect(home / "mentorapp.db") as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = home / "mentorapp.db"
    data = bytearray(path.read_bytes())
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    else:
        page = 4096
        for offset in range(2 * page, len(data) - page, 3 * page):
            data[offset + 8 : offset + 200] = b"\xa5" * 192
        path.write_bytes(bytes(data))
    proc = run_cli(home, "verify")
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert "The profile's database is damaged" in proc.stdout
    assert "Restore the profile from a backup" in proc.stdout
    # Every other command says the same, not a traceback or "something unexpected".
    for command in (("list",), ("status",), ("show", "x")):
        proc = run_cli(home, *command)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert "database is damaged" in proc.stderr, proc.stderr


def test_a_write_that_bypasses_the_manifest_is_refused(
    tmp_path: Path, floor_kdf: KdfParams
) -> None:
    home = tmp_path / "p"
    made = _caseload(home, floor_kdf)
    with open_profile(home).unlock(PASSPHRASE) as profile:
        with (
            pytest.raises(StoreError, match="without its entry in the record list"),
            write_session(profile.engine) as session,
            session.begin(),
        ):
            row = session.scalars(select(RecordRow).where(RecordRow.id == made.mentee.id)).one()
            row.deleted = True
        assert profile.check_record_list().ok
