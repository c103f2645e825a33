"""When the app syncs by itself: soon after unlocking, every few minutes, a short
while after a save, and after failures less and less often (exponential backoff
with jitter, so laptops that lost the service together do not return together).

Plain arithmetic, so the window's timers and the tests agree on it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from mentorapp.sync.engine import CANCELLED, DONE, FAILED, OFFLINE, UNTRUSTED


@dataclass
class SyncSchedule:
    """Seconds until the next automatic sync, given what happened."""

    at_unlock: float = 3.0
    every: float = 5 * 60.0
    after_save: float = 20.0
    backoff_base: float = 30.0
    backoff_cap: float = 30 * 60.0
    failures: int = 0
    random: Callable[[], float] = field(default=random.random, repr=False)

    def backoff(self) -> float:
        """After ``failures`` failed runs in a row: between half and all of
        ``min(cap, base * 2**(failures - 1))``."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2.0 ** max(0, self.failures - 1))
        return ceiling * (0.5 + 0.5 * self.random())

    def after_run(self, status: str) -> float | None:
        """Record a run's outcome; the delay before the next automatic run, or None
        when there should be none (not joined, switched off)."""
        if status == DONE:
            self.failures = 0
            return self.every
        if status in (OFFLINE, FAILED, UNTRUSTED):
            self.failures += 1
            return self.backoff()
        if status == CANCELLED:
            return self.every
        return None  # not joined, revoked or switched off: only a person can change that

    def after_saving(self) -> float:
        """A save should travel soon, but not sooner than a backoff allows."""
        return max(self.after_save, self.backoff()) if self.failures else self.after_save

    def reset(self) -> None:
        self.failures = 0


__all__ = ["SyncSchedule"]
