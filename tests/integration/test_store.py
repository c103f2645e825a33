"""The local store through real SQLite files: versions, tombstones, tampering, drafts,
caseload arithmetic and a full disk."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from mentorapp.core.model import (
    Action,
    Attendee,
    ConcernStatus,
    Expense,
    GroupActivity,
    Mentee,
    OneToOneSession,
    SafeguardingConcern,
)
from mentorapp.store.errors import DiskFull, RecordNotFound, StaleVersion
from mentorapp.store.profile import Profile, open_profile
from mentorapp.store.syncstore import SyncStore
from tests.conftest import PASSPHRASE


def _session(mentee: Mentee, **kw: object) -> OneToOneSession:
    base: dict[str, object] = {
        "mentee_id": mentee.id,
        "date": dt.date(2026, 11, 2),
        "duration_minutes": 45,
        "notes": "Talked about housing.",
    }
    base.update(kw)
    return OneToOneSession(**base)  # type: ignore[arg-type]


def test_records_survive_lock_and_unlock(profile: Profile, home: Path) -> None:
    sam = Mentee(given_name="Sam", family_name="Jones")
    session = _session(sam, expenses=[Expense(amount=Decimal("3.50"), description="Coffee")])
    profile.records.save(sam)
    profile.records.save(session)
    profile.lock()
    with open_profile(home).unlock(PASSPHRASE) as again:
        assert again.records.get(session.id) == session
        assert again.records.mentees() == [sam]


def test_every_save_is_a_new_version_and_stale_edits_are_refused(profile: Profile) -> None:
    sam = Mentee(given_name="Sam", family_name="Jones")
    assert profile.records.save(sam) == 1
    sam.preferred_name = "Sammy"
    assert profile.records.save(sam, expected_version=1) == 2
    sam.pronouns = "he/him"
    with pytest.raises(StaleVersion, match="changed since"):
        profile.records.save(sam, expected_version=1)
    assert profile.records.get_typed(Mentee, sam.id).pronouns == ""


def test_delete_leaves_a_content_free_signed_tombstone(profile: Profile, home: Path) -> None:
    sam = Mentee(given_name="Sam", family_name="Jones")
    profile.records.save(sam)
    assert profile.records.delete(sam.id) == 2
    with pytest.raises(RecordNotFound):
        profile.records.get(sam.id)
    checked, problems = profile.records.verify()
    assert (checked, problems) == (1, [])
    with sqlite3.connect(home / "mentorapp.db") as db:
        row = db.execute("SELECT deleted, content_key, ciphertext FROM records").fetchone()
    assert row == (1, None, None)


def _swap_column(home: Path, column: str, source_id: str, target_id: str) -> None:
    with sqlite3.connect(home / "mentorapp.db") as db:
        (value,) = db.execute(f"SELECT {column} FROM records WHERE id=?", (source_id,)).fetchone()
        db.execute(f"UPDATE records SET {column}=? WHERE id=?", (value, target_id))


def test_a_ciphertext_moved_to_another_row_fails_loudly(profile: Profile, home: Path) -> None:
    a = Mentee(given_name="Ann", family_name="A")
    b = Mentee(given_name="Bob", family_name="B")
    profile.records.save_all([(a, None), (b, None)])
    _swap_column(home, "ciphertext", a.id, b.id)
    checked, problems = profile.records.verify()
    assert checked == 2 and [p.record_id for p in problems] == [b.id]
    with pytest.raises(Exception, match="authenticate|signature"):
        profile.records.get(b.id)
    assert profile.records.get(a.id) == a


def test_rolling_a_record_back_to_an_older_ciphertext_fails(profile: Profile, home: Path) -> None:
    sam = Mentee(given_name="Sam", family_name="Jones")
    profile.records.save(sam)
    with sqlite3.connect(home / "mentorapp.db") as db:
        (old,) = db.execute("SELECT ciphertext FROM records").fetchone()
    sam.status = sam.status.CLOSED
    sam.closed_reason = "Moved away"
    profile.records.save(sam)
    with sqlite3.connect(home / "mentorapp.db") as db:
        db.execute("UPDATE records SET ciphertext=?", (old,))
    with pytest.raises(Exception, match="authenticate"):
        profile.records.get(sam.id)
    assert len(profile.records.verify()[1]) == 1


def test_a_flipped_byte_is_caught_by_verify(profile: Profile, home: Path) -> None:
    sam = Mentee(given_name="Sam", family_name="Jones")
    profile.records.save(sam)
    with sqlite3.connect(home / "mentorapp.db") as db:
        (blob,) = db.execute("SELECT ciphertext FROM records").fetchone()
        flipped = bytearray(blob)
        flipped[len(flipped) // 2] ^= 0x40
        db.execute("UPDATE records SET ciphertext=?", (bytes(flipped),))
    _, problems = profile.records.verify()
    assert problems and "SignatureInvalid" in problems[0].reason


def test_a_ticked_session_raises_one_open_concern(profile: Profile) -> None:
    sam = Mentee(given_name="Sam", family_name="Jones")
    profile.records.save(sam)
    session = _session(sam, safeguarding_concern=True, safeguarding_details="Not eating")
    profile.record(session)
    session.notes += " Edited later."
    profile.record(session)  # editing must not raise a second concern
    concerns = profile.records.concerns()
    assert len(concerns) == 1
    assert concerns[0].contact_id == session.id
    assert concerns[0].description == "Not eating" and concerns[0].is_open
    assert profile.caseload()[0].open_concerns == 1


def test_caseload_shows_last_contact_next_meeting_and_overdue_actions(profile: Profile) -> None:
    today = dt.date.today()
    sam = Mentee(given_name="Sam", family_name="Jones")
    ann = Mentee(given_name="Ann", family_name="Zed", preferred_name="Annie")
    profile.records.save_all([(sam, None), (ann, None)])
    profile.records.save(
        _session(
            sam,
            date=today - dt.timedelta(days=9),
            next_meeting=today + dt.timedelta(days=3),
            actions=[
                Action(text="Bring ID", due=today - dt.timedelta(days=1)),
                Action(text="Done already", done=True, due=today - dt.timedelta(days=2)),
            ],
        )
    )
    profile.records.save(
        GroupActivity(
            title="Circle",
            date=today - dt.timedelta(days=2),
            attendees=[Attendee(mentee_id=sam.id)],
        )
    )
    profile.records.save(
        SafeguardingConcern(mentee_id=ann.id, raised_on=today, status=ConcernStatus.RESOLVED)
    )
    entries = profile.caseload()
    assert [e.mentee.display_name for e in entries] == ["Annie Zed", "Sam Jones"]
    annie, sam_entry = entries
    assert annie.last_contact is None and annie.open_concerns == 0
    assert sam_entry.last_contact == today - dt.timedelta(days=2)
    assert sam_entry.last_contact_kind == "group"
    assert sam_entry.next_meeting == today + dt.timedelta(days=3)
    assert sam_entry.overdue_actions == 1 and sam_entry.contacts == 2


def test_drafts_are_sealed_and_come_back(profile: Profile, home: Path) -> None:
    profile.records.save_draft("d1", "one_to_one", {"notes": "half-written DRAFTMARKER"})
    assert b"DRAFTMARKER" not in (home / "mentorapp.db").read_bytes()
    (draft,) = profile.records.drafts()
    assert draft.answers == {"notes": "half-written DRAFTMARKER"}
    profile.records.discard_draft("d1")
    assert profile.records.drafts() == []


def test_a_full_disk_is_reported_and_earlier_records_are_kept(profile: Profile) -> None:
    sam = Mentee(given_name="Sam", family_name="Jones")
    profile.records.save(sam)
    # SQLite's own "database or disk is full" path, made real by capping the file size.
    with profile.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
    profile.engine.dispose()
    from sqlalchemy import event

    def cap(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

    event.listen(profile.engine, "connect", cap)
    big = _session(sam, notes="x" * 200_000)
    with pytest.raises(DiskFull, match="disk is full"):
        profile.records.save(big)
    event.remove(profile.engine, "connect", cap)
    profile.engine.dispose()
    assert profile.records.get(sam.id) == sam
    with pytest.raises(RecordNotFound):
        profile.records.get(big.id)


def test_the_next_batch_to_push_skips_what_is_excluded_and_stops_at_its_size(
    profile: Profile,
) -> None:
    for n in range(5):
        profile.record(Mentee(given_name=f"N{n}", family_name="Batch"))
    store = SyncStore(profile.records)
    waiting = [o.id for o in store.outgoing(1 << 20, 100)]
    assert len(waiting) == 5
    assert [o.id for o in store.outgoing(1 << 20, 2)] == waiting[:2]
    assert [o.id for o in store.outgoing(1 << 20, 2, exclude=waiting[:2])] == waiting[2:4]
    assert [o.id for o in store.outgoing(1 << 20, 5, exclude=waiting[1:4])] == waiting[::4]


def test_an_edit_saved_while_a_push_is_acknowledged_is_still_pushed(
    profile: Profile, home: Path
) -> None:
    """The sync worker marks a pushed version acknowledged while the mentor saves a
    newer one on another connection (the window's, or the command line's). The newer
    version must stay waiting to be pushed, whichever commits first: a transaction
    that read the row before the save must not write over it."""
    sam = Mentee(given_name="Sam", family_name="Jones")
    profile.records.save(sam)
    store = SyncStore(profile.records)
    pushed = store.outgoing(max_bytes=1 << 20, max_count=10)
    assert [item.id for item in pushed] == [sam.id]

    with open_profile(home).unlock(PASSPHRASE) as window:
        saved = threading.Event()

        def mentor_saves() -> None:
            edited = window.records.get_typed(Mentee, sam.id)
            edited.preferred_name = "Sammy"
            window.records.save(edited)
            saved.set()

        saver: list[threading.Thread] = []

        def between_read_and_write(_session: Any, _context: Any, _instances: Any) -> None:
            # The acknowledgement has read the row and is about to write it.
            if not saver:
                saver.append(threading.Thread(target=mentor_saves))
                saver[0].start()
                saved.wait(1.0)

        event.listen(OrmSession, "before_flush", between_read_and_write)
        try:
            store.acknowledge(pushed)
        finally:
            event.remove(OrmSession, "before_flush", between_read_and_write)
        saver[0].join(15)
        assert saved.is_set()

    assert store.versions_of([sam.id])[sam.id] == (1, 2, True)
    waiting = store.outgoing(max_bytes=1 << 20, max_count=10)
    assert [(item.id, item.version) for item in waiting] == [(sam.id, 2)]
    assert profile.records.get_typed(Mentee, sam.id).preferred_name == "Sammy"
