"""Encrypted backup to one file and restore, by passphrase or recovery key."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from mentorapp.core.model import Mentee, OneToOneSession
from mentorapp.crypto import KdfParams, WrongPassphrase, WrongRecoveryKey
from mentorapp.store.backup import BackupError, create_backup, restore_backup
from mentorapp.store.errors import ProfileExists
from mentorapp.store.profile import Profile, create_profile, open_profile
from tests.conftest import PASSPHRASE
from tests.support.cli import CLI, cli, run_cli

KILLER = Path(__file__).with_name("restore_killer.py")
ROOT = Path(__file__).resolve().parents[2]


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


@pytest.mark.parametrize("replace", [False, True])
def test_restore_into_a_folder_of_other_files_refuses_and_keeps_them(
    backed_up: tuple[Path, str, OneToOneSession], tmp_path: Path, replace: bool
) -> None:
    """--home pointed at someone's documents (or their home folder): nothing there is
    moved aside or deleted to make room."""
    file, _, _ = backed_up
    documents = tmp_path / "Documents"
    (documents / "letters").mkdir(parents=True)
    (documents / "letters" / "court.txt").write_text("court letter")
    (documents / "cv.odt").write_text("cv")
    before = sorted(str(p.relative_to(documents)) for p in documents.rglob("*"))
    with pytest.raises(BackupError, match="holds other files .*cv.odt, letters.*nothing was"):
        restore_backup(file, documents, passphrase=PASSPHRASE, replace=replace)
    assert sorted(str(p.relative_to(documents)) for p in documents.rglob("*")) == before
    assert (documents / "letters" / "court.txt").read_text() == "court letter"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Documents", "out", "profile"]


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


# --- restore through the real command, at the edges -----------------------------------


def _profile_with(home: Path, names: list[str], notes: str = "") -> None:
    profile, _ = create_profile(home, PASSPHRASE, KdfParams(salt=os.urandom(16)))
    with profile:
        for name in names:
            mentee = Mentee(given_name=name, family_name="Person")
            session = OneToOneSession(mentee_id=mentee.id, date=dt.date(2026, 4, 1), notes=notes)
            profile.records.save_all([(mentee, None), (session, None)])


def _names(home: Path) -> list[str]:
    """The mentees of the profile in ``home``, once every record has been checked."""
    with open_profile(home).unlock(PASSPHRASE) as profile:
        assert profile.records.verify()[1] == []
        return [m.given_name for m in profile.records.mentees()]


@dataclass
class Laptop:
    home: Path  # alone in its parent folder, where restores put their folders
    backup: Path  # of another profile
    old: list[str]
    new: list[str]

    def others(self) -> list[str]:
        return sorted(p.name for p in self.home.parent.iterdir() if p != self.home)


@pytest.fixture
def laptop(tmp_path: Path) -> Laptop:
    other = tmp_path / "other"
    new = ["Ada", "Ben", "Cy"]
    _profile_with(other, new)
    backup = tmp_path / "other.mab"
    with open_profile(other).unlock(PASSPHRASE) as profile:
        create_backup(profile, backup)
    home = tmp_path / "laptop" / "profile"
    old = ["Old", "Older"]
    _profile_with(home, old)
    return Laptop(home, backup, old, new)


@pytest.mark.slow
def test_a_restore_killed_at_any_step_leaves_the_old_profile_or_the_restored_one(
    laptop: Laptop, tmp_path: Path
) -> None:
    pristine = tmp_path / "pristine"
    shutil.copytree(laptop.home, pristine)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    outcomes = []
    for kill_at in range(1, 200):
        shutil.rmtree(laptop.home.parent)
        shutil.copytree(pristine, laptop.home)
        proc = subprocess.run(
            [
                *(sys.executable, str(KILLER), str(kill_at), "--home", str(laptop.home)),
                *("restore", "--replace", str(laptop.backup)),
            ],
            input=PASSPHRASE + "\n",
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        if proc.returncode == 0:
            break
        assert proc.returncode == -signal.SIGKILL, proc.stderr
        # The next command tidies up what the kill left: the profile is where it was,
        # as it was, unless the restore had already switched it in whole.
        names = _names(laptop.home)
        outcomes.append("old" if names == laptop.old else "new")
        assert names in (laptop.old, laptop.new)
        left = laptop.others()
        assert not [n for n in left if ".restoring-" in n], left
        if names == laptop.new:
            assert len(left) == 1 and _names(laptop.home.parent / left[0]) == laptop.old
        else:
            assert left == []
    else:
        raise AssertionError("the restore never finished")
    assert _names(laptop.home) == laptop.new
    assert kill_at > 10 and "old" in outcomes and "new" in outcomes, outcomes


def test_a_stale_journal_cannot_hide_a_restore(tmp_path: Path) -> None:
    source = tmp_path / "source"
    _profile_with(source, ["Ada", "Ben"])
    backup = tmp_path / "source.mab"
    with open_profile(source).unlock(PASSPHRASE) as profile:
        create_backup(profile, backup)
        # Later changes still in the journal, copied as a killed run would leave them.
        for name in ("Cy", "Di", "Ed"):
            profile.records.save(Mentee(given_name=name, family_name="Person"))
        home = tmp_path / "new-laptop"
        home.mkdir()
        for suffix in ("-wal", "-shm"):
            shutil.copy(f"{source}/mentorapp.db{suffix}", f"{home}/mentorapp.db{suffix}")
    out = cli(home, "restore", str(backup))
    assert "Restored 4 records" in out
    assert "All 4 records decrypted" in cli(home, "verify")
    assert _names(home) == ["Ada", "Ben"]


def test_init_never_makes_a_database_where_one_is(laptop: Laptop) -> None:
    (laptop.home / "vault.json").unlink()
    before = (laptop.home / "mentorapp.db").read_bytes()
    proc = run_cli(laptop.home, "init", stdin=PASSPHRASE + "\n" + PASSPHRASE + "\n")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "holds a mentorapp database but not its vault file" in proc.stderr
    assert (laptop.home / "mentorapp.db").read_bytes() == before
    assert not (laptop.home / "vault.json").exists()
    assert "not its vault file" in cli(laptop.home, "list", expect=2)


def test_a_vault_without_its_database_is_not_given_an_empty_one(laptop: Laptop) -> None:
    (laptop.home / "mentorapp.db").unlink()
    out = cli(laptop.home, "list", expect=2)
    assert "database" in out and "is missing" in out
    assert not (laptop.home / "mentorapp.db").exists()


def test_only_the_newest_copy_kept_aside_is_kept_and_it_is_named(laptop: Laptop) -> None:
    said = [cli(laptop.home, "restore", "--replace", str(laptop.backup)) for _ in range(3)]
    kept = laptop.others()
    assert len(kept) == 1
    assert f"kept, still encrypted, in {laptop.home.parent / kept[0]}" in said[-1]
    assert "An older copy kept by an earlier restore was removed" in said[-1]
    assert _names(laptop.home.parent / kept[0]) == laptop.new  # the one the last replaced
    assert _names(laptop.home) == laptop.new


def test_a_backup_is_never_written_inside_the_profile(laptop: Laptop) -> None:
    vault = (laptop.home / "vault.json").read_bytes()
    for target in ("mentorapp.db", "vault.json", "forms/backup.mab", "backup.mab"):
        out = cli(laptop.home, "backup", str(laptop.home / target), expect=2)
        assert "cannot be written inside the profile folder" in out
    assert (laptop.home / "vault.json").read_bytes() == vault
    assert not (laptop.home / "backup.mab").exists() and not (laptop.home / "forms").exists()
    assert _names(laptop.home) == laptop.old


# --- a full disk and a mount point, in a mount namespace of the test's own -------------


def _in_namespace(script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (sh) as root of a new user and mount namespace, so it may mount."""
    return subprocess.run(
        ["unshare", "--map-root-user", "--mount", "sh", "-c", script],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        timeout=180,
        env={"MENTORAPP_KDF_SECONDS": "0", "PATH": f"{Path(CLI).parent}:/usr/bin:/bin"},
    )


def _can_mount() -> bool:
    try:
        return _in_namespace("mount -t tmpfs none /mnt").returncode == 0
    except OSError:
        return False


needs_mount = pytest.mark.skipif(not _can_mount(), reason="no user namespaces to mount in")


@needs_mount
def test_restore_on_a_disk_too_small_says_only_what_is_true(
    tmp_path: Path, passphrase_file: Path
) -> None:
    source = tmp_path / "big"
    _profile_with(source, [f"M{n}" for n in range(150)], notes="a long note " * 150)
    backup = tmp_path / "big.mab"
    with open_profile(source).unlock(PASSPHRASE) as profile:
        create_backup(profile, backup)
    template = tmp_path / "template"
    _profile_with(template, ["Old"])
    used = sum(p.stat().st_size for p in template.iterdir() if p.is_file())
    assert backup.stat().st_size > 4 * used  # the restored profile cannot fit beside it
    disk = tmp_path / "disk"
    disk.mkdir()
    proc = _in_namespace(
        f"mount -t tmpfs -o size={used + 512 * 1024} none {disk} && "
        f"cp -a {template} {disk}/profile && "
        f"mentorapp-cli --home {disk}/profile restore --replace {backup}; "
        f"echo exit=$?; ls -a {disk}; "
        f"mentorapp-cli --passphrase-file {passphrase_file} --home {disk}/profile verify"
    )
    out = proc.stdout + proc.stderr
    assert "exit=2" in out and "Traceback" not in out, out
    assert "disk is full" in out and "your profile there is as it was" in out, out
    assert "records are safe" not in out
    listed = proc.stdout.split("exit=2", 1)[1].split()
    assert sorted(listed[:3]) == [".", "..", "profile"], out  # nothing half-built is left
    assert "All 2 records decrypted" in out, out


@needs_mount
def test_restore_onto_a_mount_point_changes_nothing(laptop: Laptop) -> None:
    home = laptop.home
    before = sorted(p.name for p in home.iterdir())
    proc = _in_namespace(
        f"mount --bind {home} {home} && "
        f"mentorapp-cli --home {home} restore --replace {laptop.backup}; echo exit=$?"
    )
    out = proc.stdout + proc.stderr
    assert "exit=2" in out and "Traceback" not in out, out
    assert "mount point" in out and "your profile there is as it was" in out, out
    assert sorted(p.name for p in home.iterdir()) == before
    assert laptop.others() == []
    assert _names(home) == laptop.old
