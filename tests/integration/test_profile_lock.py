"""One profile, one writer: a process that has a profile open to change it (the window,
or a command) holds an OS-level lock, and a second one is told so in a sentence."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mentorapp.core.model import Mentee
from mentorapp.crypto import Vault, WrongPassphrase
from mentorapp.store.backup import create_backup
from mentorapp.store.errors import ProfileInUse
from mentorapp.store.profile import Profile, open_profile
from tests.conftest import PASSPHRASE
from tests.support.cli import CLI, cli, run_cli

HOLDER = Path(__file__).with_name("profile_holder.py")
ROOT = Path(__file__).resolve().parents[2]
IN_USE = "is open in another mentorapp window or command"
BEN = (
    "add-mentee",
    *("-f", "given_name=Ben", "-f", "family_name=Ali", "-f", "consent.given=yes"),
    *("-f", "consent.date=2026-11-01", "-f", "consent.confidentiality_limits_explained=yes"),
)


class Holder:
    """Another process with the profile unlocked for writing, as the window holds it."""

    def __init__(self, home: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HOLDER), str(home), PASSPHRASE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert self._line() == "ready"

    def _line(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def save(self, name: str) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"save {name}\n")
        self.proc.stdin.flush()
        word, _, record_id = self._line().partition(" ")
        assert word == "saved"
        return record_id

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        if not self.proc.stdin.closed:
            self.proc.stdin.close()  # the holder locks the profile and ends
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


@pytest.fixture
def closed(profile: Profile, home: Path) -> Path:
    profile.records.save(Mentee(given_name="Sam", family_name="Jones"))
    profile.lock()
    return home


@pytest.fixture
def holder(closed: Path) -> Iterator[Holder]:
    held = Holder(closed)
    yield held
    held.close()


def _names(home: Path) -> list[str]:
    with open_profile(home).unlock(PASSPHRASE) as profile:
        return [m.given_name for m in profile.records.mentees()]


def test_restore_replace_is_refused_while_the_profile_is_open_elsewhere(
    closed: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "earlier.mab"
    with open_profile(closed).unlock(PASSPHRASE) as profile:
        create_backup(profile, backup)
    held = Holder(closed)
    try:
        out = cli(closed, "restore", "--replace", str(backup), expect=2)
        assert IN_USE in out
        # The open profile was not moved from under it: what it saves lands in the profile.
        held.save("Kept")
    finally:
        held.close()
    assert [p.name for p in closed.parent.iterdir() if "before-restore" in p.name] == []
    assert _names(closed) == ["Kept", "Sam"]


def test_a_second_writer_is_told_and_readers_are_not_held_up(holder: Holder, closed: Path) -> None:
    out = cli(closed, *BEN, expect=2)
    assert IN_USE in out
    assert "Sam Jones" in cli(closed, "list")
    assert "All 1 records decrypted" in cli(closed, "verify")
    with pytest.raises(ProfileInUse):
        open_profile(closed).unlock(PASSPHRASE)


def test_a_second_writer_waits_briefly_for_the_first_to_finish(
    holder: Holder, closed: Path
) -> None:
    started = time.monotonic()
    second = subprocess.Popen(
        [CLI, "--home", str(closed), "--passphrase-file", "/dev/stdin", "change-passphrase"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"MENTORAPP_KDF_SECONDS": "0", "PATH": str(Path(CLI).parent)},
    )
    time.sleep(0.5)
    holder.close()  # within the wait
    out, err = second.communicate(f"{PASSPHRASE}\nanother quite long passphrase\n", timeout=60)
    assert second.returncode == 0, err
    assert "Passphrase changed" in out and time.monotonic() - started < 30


def test_a_killed_holder_leaves_no_lock(holder: Holder, closed: Path) -> None:
    holder.proc.send_signal(signal.SIGKILL)
    holder.close()
    assert "Saved" in cli(closed, *BEN)


def test_two_passphrase_changes_at_once_never_both_succeed(closed: Path) -> None:
    env = {"MENTORAPP_KDF_SECONDS": "0", "PATH": str(Path(CLI).parent)}
    current = PASSPHRASE
    for round_ in range(3):
        chosen = [f"round {round_} passphrase number {n} for the test" for n in (1, 2)]
        runs = [
            subprocess.Popen(
                [CLI, "--home", str(closed), "change-passphrase"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for _ in chosen
        ]
        for run, new in zip(runs, chosen, strict=True):  # both at once, not one by one
            assert run.stdin is not None
            run.stdin.write(f"{current}\n{new}\n")
            run.stdin.close()
        results = []
        for run in runs:
            assert run.stdout is not None and run.stderr is not None
            with run.stdout, run.stderr:  # small outputs: read to the end, then wait
                results.append((run.stdout.read(), run.stderr.read()))
            run.wait(timeout=120)
        won = [new for run, new in zip(runs, chosen, strict=True) if run.returncode == 0]
        for run, (_out, err) in zip(runs, results, strict=True):
            assert "Traceback" not in err, err
            assert run.returncode == 0 or "passphrase" in err.lower() or IN_USE in err, err
        # Exactly one succeeded, and what it said works works; nothing else does.
        assert len(won) == 1, results
        vault = Vault.load(closed / "vault.json")
        vault.unlock(won[0])
        for other in [current, *chosen]:
            if other != won[0]:
                with pytest.raises(WrongPassphrase):
                    vault.unlock(other)
        current = won[0]
    assert not [p.name for p in closed.iterdir() if p.name.endswith(".tmp")]
    assert "Sam Jones" in run_cli(closed, "list", stdin=current + "\n").stdout
