"""When the app syncs by itself: regularly, soon after a save, and less and less often
after failures, with jitter."""

from __future__ import annotations

from mentorapp.sync.engine import CANCELLED, DONE, FAILED, NOT_JOINED, OFFLINE, REVOKED_STATUS
from mentorapp.sync.schedule import SyncSchedule


def test_backoff_doubles_with_jitter_up_to_a_cap_and_success_resets_it() -> None:
    high = SyncSchedule(backoff_base=30, backoff_cap=600, every=300, random=lambda: 1.0)
    low = SyncSchedule(backoff_base=30, backoff_cap=600, every=300, random=lambda: 0.0)
    assert [high.after_run(OFFLINE) for _ in range(7)] == [30, 60, 120, 240, 480, 600, 600]
    assert [low.after_run(FAILED) for _ in range(3)] == [15, 30, 60]
    assert high.after_run(DONE) == 300 and high.failures == 0
    assert high.after_saving() == high.after_save


def test_a_save_while_failing_waits_for_the_backoff() -> None:
    schedule = SyncSchedule(after_save=20, backoff_base=120, random=lambda: 0.5)
    schedule.after_run(OFFLINE)
    assert schedule.after_saving() == 90  # three quarters of 120: never sooner than backoff
    assert schedule.after_run(CANCELLED) == schedule.every


def test_no_automatic_sync_when_only_a_person_can_change_things() -> None:
    schedule = SyncSchedule()
    assert schedule.after_run(NOT_JOINED) is None
    assert schedule.after_run(REVOKED_STATUS) is None
