"""Nothing sensitive reaches the disk in clear: every byte under the profile is scanned."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from mentorapp.cli import main as cli
from mentorapp.core.model import (
    Attendee,
    ContactDetails,
    GroupActivity,
    LeisureActivity,
    Mentee,
    OneToOneSession,
    Pathway,
    Referral,
    SafeguardingConcern,
)
from mentorapp.store.backup import create_backup
from mentorapp.store.profile import Profile

MARKERS = [
    "Zebedee",
    "Quixotic",
    "HMPXANADU",
    "A9999ZZ",
    "1999/0123456X",
    "07700900777",
    "NOTEMARKER-blue-giraffe",
    "GROUPMARKER-violet",
    "LEISUREMARKER-otter",
    "CONCERNMARKER-harbour",
    "REFERRALMARKER-lantern",
    "DRAFTMARKER-kettle",
]


def _fill(profile: Profile) -> None:
    mentee = Mentee(
        given_name="Zebedee",
        family_name="Quixotic",
        establishment="HMPXANADU",
        prison_number="A9999ZZ",
        pnc_id="1999/0123456X",
        contact=ContactDetails(phone="07700900777"),
        date_of_birth=dt.date(1990, 2, 3),
    )
    profile.records.save(mentee)
    for n in range(30):
        profile.record(
            OneToOneSession(
                mentee_id=mentee.id,
                date=dt.date(2026, 1, 1) + dt.timedelta(days=n),
                notes=f"NOTEMARKER-blue-giraffe session {n} with Zebedee",
                safeguarding_concern=n == 3,
                safeguarding_details="CONCERNMARKER-harbour",
            )
        )
    profile.records.save(
        GroupActivity(
            title="GROUPMARKER-violet",
            date=dt.date(2026, 2, 1),
            attendees=[Attendee(mentee_id=mentee.id)],
        )
    )
    profile.records.save(
        LeisureActivity(mentees=[mentee.id], date=dt.date(2026, 2, 2), notes="LEISUREMARKER-otter")
    )
    profile.records.save(
        Referral(
            mentee_id=mentee.id,
            pathway=Pathway.ACCOMMODATION,
            organisation="REFERRALMARKER-lantern",
            date=dt.date(2026, 2, 3),
        )
    )
    profile.records.save(
        SafeguardingConcern(
            mentee_id=mentee.id, raised_on=dt.date(2026, 2, 4), description="CONCERNMARKER-harbour"
        )
    )
    profile.records.save_draft("draft-1", "one_to_one", {"notes": "DRAFTMARKER-kettle"})
    # Edits and a deletion leave old pages behind in the WAL and free lists.
    victim = OneToOneSession(
        mentee_id=mentee.id, date=dt.date(2026, 3, 1), notes="NOTEMARKER-blue-giraffe to be erased"
    )
    profile.records.save(victim)
    profile.records.delete(victim.id)


def _scan(folder: Path) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for marker in MARKERS:
            for encoded in (
                marker.encode("utf-8"),
                marker.encode("utf-16-le"),
                marker.lower().encode(),
            ):
                if encoded in data:
                    found.append(f"{marker} in {path.name}")
    return found


def test_profile_folder_holds_no_marker_while_open_and_after_close(
    profile: Profile, home: Path, tmp_path: Path
) -> None:
    _fill(profile)
    assert _scan(home) == []  # while the WAL still holds recent pages
    backup = tmp_path / "backup.mab"
    create_backup(profile, backup)
    profile.lock()
    assert _scan(home) == []
    assert _scan(backup.parent) == []
    assert sorted(
        p.name for p in home.iterdir() if p.is_file() and not p.name.startswith("mentorapp.db")
    ) == ["profile.lock", "vault.json"]
    assert (home / "profile.lock").stat().st_size == 0  # only ever locked, never written


def test_cli_reads_leave_nothing_behind(
    profile: Profile, home: Path, passphrase_file: Path, capsys: object
) -> None:
    _fill(profile)
    profile.lock()
    for command in (["list"], ["show", "Zebedee Quixotic"], ["verify"]):
        assert cli(["--home", str(home), "--passphrase-file", str(passphrase_file), *command]) == 0
    assert _scan(home) == []
    assert not any(name.startswith(("tmp", ".backup")) for name in os.listdir(home))
