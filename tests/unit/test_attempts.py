"""Failed unlocks counted in the profile folder: the wait outlives the process, and
losing the file loses only the slowing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mentorapp.store.attempts import ATTEMPTS_FILE, MAX_WAIT_SECONDS, UnlockAttempts, wait_after
from mentorapp.store.errors import UnlockDelayed


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_the_first_two_failures_are_free_then_the_wait_doubles_up_to_five_minutes() -> None:
    assert [wait_after(n) for n in range(1, 8)] == [0, 0, 2, 4, 8, 16, 32]
    assert wait_after(50) == MAX_WAIT_SECONDS == 300


def test_the_wait_is_read_back_by_a_new_process(tmp_path: Path, clock: Clock) -> None:
    for _ in range(4):
        UnlockAttempts(tmp_path, "passphrase", clock).failed()
    clock.now += 1
    later = UnlockAttempts(tmp_path, "passphrase", clock)  # as after a restart
    assert later.failures == 4 and later.seconds_to_wait() == 3
    with pytest.raises(UnlockDelayed, match="Wait 3 seconds before trying again"):
        later.check()
    clock.now += 3
    later.check()  # the wait is over


def test_success_clears_every_count(tmp_path: Path, clock: Clock) -> None:
    passphrase = UnlockAttempts(tmp_path, "passphrase", clock)
    recovery = UnlockAttempts(tmp_path, "recovery", clock)
    for _ in range(3):
        passphrase.failed()
    recovery.failed()
    assert recovery.failures == 1 and recovery.seconds_to_wait() == 0  # counted apart
    passphrase.succeeded()
    assert passphrase.failures == 0 and recovery.failures == 0
    assert not (tmp_path / ATTEMPTS_FILE).exists()


def test_a_clock_set_back_does_not_stretch_the_wait(tmp_path: Path, clock: Clock) -> None:
    attempts = UnlockAttempts(tmp_path, "passphrase", clock)
    for _ in range(3):
        attempts.failed()
    clock.now -= 10 * 365 * 86400
    assert attempts.seconds_to_wait() == wait_after(3)


@pytest.mark.parametrize("content", ["", "{not json", "[1, 2]", '{"passphrase": "lots"}'])
def test_a_damaged_or_deleted_file_loses_only_the_slowing(
    tmp_path: Path, clock: Clock, content: str
) -> None:
    attempts = UnlockAttempts(tmp_path, "passphrase", clock)
    for _ in range(5):
        attempts.failed()
    (tmp_path / ATTEMPTS_FILE).write_text(content, encoding="utf-8")
    assert attempts.seconds_to_wait() == 0
    attempts.check()
    assert attempts.failed() == 0  # counting starts again
    (tmp_path / ATTEMPTS_FILE).unlink()
    assert attempts.seconds_to_wait() == 0


def test_the_file_is_replaced_whole_and_holds_no_secret(tmp_path: Path, clock: Clock) -> None:
    attempts = UnlockAttempts(tmp_path, "recovery", clock)
    for _ in range(3):
        attempts.failed()
    assert sorted(p.name for p in tmp_path.iterdir()) == [ATTEMPTS_FILE]  # no temp left
    assert json.loads((tmp_path / ATTEMPTS_FILE).read_text(encoding="utf-8")) == {
        "recovery": {"failures": 3, "last": clock.now}
    }


def test_a_file_that_cannot_be_written_still_lets_people_in(tmp_path: Path) -> None:
    (tmp_path / ATTEMPTS_FILE).mkdir()  # in the way of the rename, even for root
    attempts = UnlockAttempts(tmp_path, "passphrase")
    for _ in range(5):
        attempts.failed()
    attempts.check()
    assert sorted(p.name for p in tmp_path.iterdir()) == [ATTEMPTS_FILE]  # no temp left
