"""Encrypted backup to one file and restore, by passphrase or recovery key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mentorapp.core.model import Mentee, OneToOneSession
from mentorapp.crypto import WrongPassphrase, WrongRecoveryKey
from mentorapp.store.backup import BackupError, create_backup, restore_backup
from mentorapp.store.errors import ProfileExists
from mentorapp.store.profile import Profile, open_profile
from tests.conftest import PASSPHRASE


@pytest.fixture
def backed_up(
    new_profile: tuple[Profile, str], tmp_path: Path
) -> tuple[Path, str, OneToOneSession]:
    profile, recovery = new_profile
    sam = Mentee(given_name="Sam", family_name="Jones")
    session = OneToOneSession(mentee_id=sam.id, date=dt.date(2026, 4, 1), notes="backed up")
    profile.records.save_all([(sam, None), (session, None)])
    target = tmp_path / "out" / "laptop.mab"
    info = create_backup(profile, target)
    assert info.records == 2 and target.exists()
    return target, recovery, session


def test_restore_with_passphrase_on_a_new_laptop(
    backed_up: tuple[Path, str, OneToOneSession], tmp_path: Path
) -> None:
    file, _, session = backed_up
    new_home = tmp_path / "new-laptop"
    restore_backup(file, new_home, passphrase=PASSPHRASE)
    with open_profile(new_home).unlock(PASSPHRASE) as restored:
        assert restored.records.get(session.id) == session
        assert restored.records.verify()[1] == []


def test_restore_with_recovery_key(
    backed_up: tuple[Path, str, OneToOneSession], tmp_path: Path
) -> None:
    file, recovery, session = backed_up
    restore_backup(file, tmp_path / "r", recovery_key=recovery)
    with open_profile(tmp_path / "r").unlock_with_recovery(recovery) as restored:
        assert restored.records.get(session.id) == session


def test_wrong_secrets_restore_nothing(
    backed_up: tuple[Path, str, OneToOneSession], tmp_path: Path
) -> None:
    file, _, _ = backed_up
    with pytest.raises(WrongPassphrase):
        restore_backup(file, tmp_path / "a", passphrase="not the passphrase")
    with pytest.raises(WrongRecoveryKey):
        restore_backup(file, tmp_path / "b", recovery_key="AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty"])
def test_a_damaged_backup_is_refused_clearly(
    backed_up: tuple[Path, str, OneToOneSession], tmp_path: Path, damage: str
) -> None:
    file, _, _ = backed_up
    data = bytearray(file.read_bytes())
    if damage == "flip":
        data[-100] ^= 0x01
    elif damage == "truncate":
        data = data[: len(data) - 5000]
    elif damage == "garbage":
        data = bytearray(b"hello, this is not a backup" * 10)
    else:
        data = bytearray()
    file.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="damaged|cut short|not a mentorapp backup"):
        restore_backup(file, tmp_path / "x", passphrase=PASSPHRASE)
    assert not (tmp_path / "x" / "vault.json").exists()


def test_restore_never_overwrites_a_profile_silently(
    backed_up: tuple[Path, str, OneToOneSession], home: Path
) -> None:
    file, _, session = backed_up
    with pytest.raises(ProfileExists):
        restore_backup(file, home, passphrase=PASSPHRASE)
    restore_backup(file, home, passphrase=PASSPHRASE, replace=True)
    kept = [p for p in home.parent.iterdir() if p.name.startswith("profile.before-restore")]
    assert len(kept) == 1 and (kept[0] / "vault.json").exists()
    with open_profile(home).unlock(PASSPHRASE) as restored:
        assert restored.records.get(session.id) == session
