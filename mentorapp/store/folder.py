"""The profile folder as a unit: one writer at a time, and replaced whole by rename.

* Whatever changes a profile (the window while it is unlocked, a command that writes,
  a restore) holds an OS-level lock on ``profile.lock`` in its folder. The OS drops the
  lock when the process ends, however it ends, so a killed process never leaves a
  profile locked. Within one process the lock is shared: the window's workers are one
  writer, and SQLite orders their transactions.
* A restore builds the new profile in a staging folder beside the old one and switches
  by renaming folders, so the old profile stays where it was until the new one is
  complete. The old one is kept aside, still encrypted; only the newest is kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from mentorapp.crypto.vault import fsync_dir
from mentorapp.store.errors import ProfileInUse, StoreError

LOCK_FILE = "profile.lock"
# How long a second writer waits for the first before being told the profile is in use:
# long enough for one command to finish, short enough not to look stuck.
WAIT_SECONDS = 3.0
_RETRY_SECONDS = 0.1

_STAGING = ".restoring-"
_ASIDE = ".before-restore-"

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        # flock, not lockf: a POSIX record lock is dropped when *any* descriptor of the
        # file in this process is closed, which would silently unlock a profile.
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)


@dataclass
class _Held:
    fd: int
    users: int


_held: dict[tuple[int, int], _Held] = {}
_guard = threading.Lock()


class ProfileLock:
    """This process's hold on a profile folder; ``release()`` once done (idempotent)."""

    def __init__(self, key: tuple[int, int]) -> None:
        self._key: tuple[int, int] | None = key

    def release(self) -> None:
        key, self._key = self._key, None
        if key is None:
            return
        with _guard:
            held = _held[key]
            held.users -= 1
            if held.users:
                return
            del _held[key]
        _unlock(held.fd)
        os.close(held.fd)


def lock_profile(home: Path, wait: float = WAIT_SECONDS) -> ProfileLock:
    """Hold the writer's lock on the profile folder ``home`` (which must exist).

    Waits up to ``wait`` seconds for another process to finish, then raises
    ProfileInUse. Shared with any hold this process already has.
    """
    path = home / LOCK_FILE
    deadline = time.monotonic() + wait
    while True:
        try:
            # A read-only or full disk raises OSError, which callers put in words.
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except FileNotFoundError as exc:
            raise StoreError(f"There is no folder {home}.") from exc
        st = os.fstat(fd)
        key = (st.st_dev, st.st_ino)
        with _guard:
            held = _held.get(key)
            if held is not None:
                held.users += 1
                os.close(fd)
                return ProfileLock(key)
        if _try_lock(fd):
            # A restore may have swapped the folder while this waited: a lock on a file
            # that is no longer at this path would lock nothing.
            try:
                now = os.stat(path)
                same = (now.st_dev, now.st_ino) == key
            except FileNotFoundError:
                same = False
            if same:
                with _guard:
                    _held[key] = _Held(fd, 1)
                return ProfileLock(key)
            _unlock(fd)
        os.close(fd)
        if time.monotonic() >= deadline:
            raise ProfileInUse(home)
        time.sleep(_RETRY_SECONDS)


# --- replacing a profile folder whole ------------------------------------------------


# What a profile folder holds besides its vault and database: SQLite's journals, the
# writer's lock, the unlock-attempt count and the organisation's own files.
_PROFILE_PARTS = frozenset(
    {
        "vault.json",
        "mentorapp.db",
        "mentorapp.db-wal",
        "mentorapp.db-shm",
        "mentorapp.db-journal",
        LOCK_FILE,
        "unlock-attempts.json",
        "forms",
        "instruments",
    }
)


def other_contents(folder: Path) -> list[str]:
    """Names in ``folder`` that are not part of a mentorapp profile (sorted): a restore
    must never move them aside or delete them as leftovers."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.name not in _PROFILE_PARTS)


def holds_profile(folder: Path) -> bool:
    """Whether ``folder`` holds a profile's data (its vault, or its database)."""
    return (folder / "vault.json").exists() or (folder / "mentorapp.db").exists()


def new_staging_folder(home: Path) -> tuple[Path, ProfileLock]:
    """A new, private, empty folder beside ``home`` to build a replacement in, locked
    (so nothing mistakes it for the leftover of a killed restore)."""
    home.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{home.name}{_STAGING}", dir=home.parent))
    return staging, lock_profile(staging, wait=0)


def _token(home: Path, staging: Path) -> str:
    return staging.name[len(f".{home.name}{_STAGING}") :]


def aside_folders(home: Path) -> list[Path]:
    """Earlier profiles kept aside by restores, oldest first."""
    prefix = f"{home.name}{_ASIDE}"
    if not home.parent.is_dir():
        return []
    found = [p for p in home.parent.iterdir() if p.name.startswith(prefix) and p.is_dir()]
    return sorted(found, key=lambda p: p.name)


def switch_in(staging: Path, home: Path) -> Path | None:
    """Put the complete folder ``staging`` at ``home``, moving what was there aside.

    Returns where the earlier folder now is (None if there was none). On failure the
    earlier folder is back at ``home`` and the error is raised. Killed between the two
    renames, ``settle_interrupted_restore`` puts the earlier folder back.
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = home.parent / f"{home.name}{_ASIDE}{stamp}-{_token(home, staging)}"
    moved = False
    if home.exists() or home.is_symlink():
        os.rename(home, aside)  # EBUSY for a mount point, EXDEV for a link elsewhere
        moved = True
    try:
        os.rename(staging, home)
    except OSError:
        if moved:
            os.rename(aside, home)
        raise
    fsync_dir(home.parent)
    return aside if moved else None


def settle_interrupted_restore(home: Path) -> None:
    """Tidy up after a restore that was killed: the earlier profile goes back to
    ``home`` if the restore died between moving it aside and moving the new one in,
    and half-built staging folders are removed. A restore still running is left be."""
    parent = home.parent
    prefix = f".{home.name}{_STAGING}"
    if not parent.is_dir():
        return
    for staging in [p for p in parent.iterdir() if p.name.startswith(prefix)]:
        try:
            lock = lock_profile(staging, wait=0)
        except (ProfileInUse, StoreError, OSError):
            continue  # its restore is still running (or it is not ours to touch)
        try:
            if not home.exists():
                token = _token(home, staging)
                for aside in aside_folders(home):
                    if aside.name.endswith(f"-{token}"):
                        with contextlib.suppress(OSError):
                            os.rename(aside, home)
                            fsync_dir(parent)
                        break
        finally:
            lock.release()
        shutil.rmtree(staging, ignore_errors=True)


def remove_older_asides(home: Path, keep: Path) -> list[Path]:
    """Remove earlier profiles kept aside by restores, all but ``keep``; returns them."""
    removed = []
    for aside in aside_folders(home):
        if aside != keep:
            shutil.rmtree(aside, ignore_errors=True)
            removed.append(aside)
    return removed
