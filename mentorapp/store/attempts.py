"""Failed unlock attempts, counted in the profile folder so slowing survives a restart.

Every way in (the window's passphrase, the command line's, a recovery key) counts
here. After ``FREE_FAILURES`` failures in a row each further attempt must wait
longer (2, 4, 8 ... seconds, at most ``MAX_WAIT_SECONDS``); a success clears the
count. An attempt made during the wait is refused before any key derivation.

The file holds no secret (counts and times only) and is written atomically. It
is a brake for someone at the keyboard, not a lock: deleting or corrupting it
loses only the slowing, never access or data, so a file that cannot be read
counts as no failures and one that cannot be written is skipped.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from mentorapp.store.errors import UnlockDelayed

ATTEMPTS_FILE = "unlock-attempts.json"
FREE_FAILURES = 2
MAX_WAIT_SECONDS = 300

Way = Literal["passphrase", "recovery"]


def wait_after(failures: int) -> int:
    """Seconds the next attempt waits after ``failures`` failures in a row."""
    if failures <= FREE_FAILURES:
        return 0
    return int(min(2 ** (failures - FREE_FAILURES), MAX_WAIT_SECONDS))


class UnlockAttempts:
    """The failure count of one way in (passphrase or recovery key) to one profile.

    The two ways are counted apart: someone who forgot their passphrase must not
    find their recovery key slowed by those failures.
    """

    def __init__(self, home: Path, way: Way, clock: Callable[[], float] = time.time) -> None:
        self.path = home / ATTEMPTS_FILE
        self.way = way
        self._clock = clock  # wall time: the wait must survive a restart

    def _read(self) -> dict[str, Any]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return raw if isinstance(raw, dict) else {}

    def _entry(self) -> tuple[int, float]:
        entry: Any = self._read().get(self.way)
        try:
            return int(entry["failures"]), float(entry["last"])
        except (TypeError, KeyError, ValueError):
            return 0, 0.0

    def _write(self, everything: dict[str, Any]) -> None:
        # Unique temp name, fsync, rename: never a half-written file, and two
        # processes failing at once cannot collide on the temp file.
        with contextlib.suppress(OSError):
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".unlock-", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(everything, fh)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)

    @property
    def failures(self) -> int:
        return self._entry()[0]

    def seconds_to_wait(self) -> int:
        """How long before the next attempt may run (0: now)."""
        failures, last = self._entry()
        wait = wait_after(failures)
        if wait == 0:
            return 0
        since = self._clock() - last
        # A clock moved back (since < 0) must not stretch the wait.
        left = wait - max(since, 0.0)
        return max(0, min(wait, math.ceil(left)))

    def check(self) -> None:
        """Raise UnlockDelayed while the wait after earlier failures is not over."""
        seconds = self.seconds_to_wait()
        if seconds > 0:
            raise UnlockDelayed(seconds, self.way)

    def failed(self) -> int:
        """Count a failure; returns how long the next attempt must wait."""
        everything = self._read()
        failures = self._entry()[0] + 1
        everything[self.way] = {"failures": failures, "last": self._clock()}
        self._write(everything)
        return wait_after(failures)

    def succeeded(self) -> None:
        """The person is in: every way's count starts again."""
        if self.path.exists():
            with contextlib.suppress(OSError):
                self.path.unlink()
