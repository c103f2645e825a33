"""Encrypted backup of a whole profile to one file, and restore from it.

File layout::

    b"MENTORAPP-BACKUP\\n" | u32 header length | header JSON | sealed chunks

The header carries the profile's vault (already wrapped by passphrase and
recovery key), a fresh salt and a description. The database snapshot is sealed
with a key derived from the profile's data key and that salt, so the file opens
with the passphrase or the recovery key that was current when it was made, and
nothing else.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
import sqlite3
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import delete
from sqlalchemy.exc import OperationalError

from mentorapp.core.codec import RecordDecodeError
from mentorapp.crypto import CryptoError, IntegrityError, Vault, VaultKeys
from mentorapp.crypto.stream import decrypt_stream, encrypt_stream
from mentorapp.crypto.vault import fsync_dir
from mentorapp.store.db import make_engine, migrate, write_session
from mentorapp.store.errors import DiskFull, ProfileExists, StoreError
from mentorapp.store.folder import (
    ProfileLock,
    holds_profile,
    lock_profile,
    new_staging_folder,
    other_contents,
    remove_older_asides,
    settle_interrupted_restore,
    switch_in,
)
from mentorapp.store.membership import MEMBERSHIP, NEEDS_NEW_DEVICE, Membership
from mentorapp.store.models import MetaRow
from mentorapp.store.profile import (
    Profile,
    db_path,
    open_with_keys,
    vault_path,
)
from mentorapp.store.sealed import SealedState

MAGIC = b"MENTORAPP-BACKUP\n"
FORMAT = 1


class BackupError(StoreError):
    pass


@dataclass(frozen=True, kw_only=True)
class BackupInfo:
    profile_id: str
    created: str
    records: int
    size_bytes: int
    # The profile had joined an organisation: restored, it is a new laptop that joins
    # again with a new code.
    must_join_again: bool = False
    # Restore only: where the profile that was replaced is kept, and earlier kept
    # copies that were removed (only the newest is kept).
    kept_aside: Path | None = None
    removed_asides: tuple[Path, ...] = ()


def _snapshot(path: Path) -> bytes:
    """A consistent copy of the database (WAL included) held in memory only."""
    src = sqlite3.connect(path)
    try:
        mem = sqlite3.connect(":memory:")
        try:
            src.backup(mem)
            data = bytearray(mem.serialize())
        finally:
            mem.close()
    finally:
        src.close()
    # Header bytes 18-19 are the file format read/write versions: 2 means WAL,
    # which an in-memory or freshly written copy cannot open. 1 is the rollback
    # journal format; the store switches the restored file back to WAL on open.
    data[18] = data[19] = 1
    return bytes(data)


def create_backup(profile: Profile, target: Path) -> BackupInfo:
    """Write an encrypted backup of ``profile`` to ``target`` atomically."""
    if target.resolve().is_relative_to(profile.home.resolve()):
        # It could replace the live database or vault, and a backup kept in the folder
        # it backs up is lost with it.
        raise BackupError(
            f"A backup cannot be written inside the profile folder ({profile.home}). "
            "Choose a file elsewhere, ideally on another disk; nothing was written."
        )
    salt = os.urandom(16)
    vault = Vault.load(vault_path(profile.home))
    snapshot = _snapshot(db_path(profile.home))
    records = sum(profile.records.count().values())
    header: dict[str, Any] = {
        "format": FORMAT,
        "profile_id": profile.keys.profile_id,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "records": records,
        "salt": salt.hex(),
        "vault": json.loads(vault.to_bytes()),
    }
    header_bytes = json.dumps(header, sort_keys=True).encode("utf-8")
    key = profile.keys.subkey("backup", salt)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".backup-", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC)
            out.write(struct.pack(">I", len(header_bytes)))
            out.write(header_bytes)
            encrypt_stream(key, header_bytes, snapshot, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno == 28:  # ENOSPC
            raise DiskFull() from exc
        raise BackupError(f"The backup could not be written to {target}: {exc}") from exc
    return BackupInfo(
        profile_id=header["profile_id"],
        created=header["created"],
        records=records,
        size_bytes=target.stat().st_size,
    )


def _read_header(src: BinaryIO) -> tuple[dict[str, Any], bytes]:
    if src.read(len(MAGIC)) != MAGIC:
        raise BackupError("This file is not a mentorapp backup.")
    raw_len = src.read(4)
    if len(raw_len) != 4:
        raise BackupError("The backup file is cut short.")
    (length,) = struct.unpack(">I", raw_len)
    if length > 1_000_000:
        raise BackupError("The backup file is damaged (its header is too large).")
    header_bytes = src.read(length)
    try:
        header = json.loads(header_bytes)
        if header.get("format") != FORMAT:
            raise BackupError("This backup was made by a newer mentorapp; please update.")
        return header, header_bytes
    except ValueError as exc:
        raise BackupError("The backup file is damaged (its header is unreadable).") from exc


def read_backup(
    source: Path, passphrase: str | None = None, recovery_key: str | None = None
) -> tuple[dict[str, Any], VaultKeys, bytes]:
    """Open a backup with its passphrase or recovery key. Returns header, keys and the
    database bytes (sealed records only; nothing here is plaintext)."""
    try:
        with open(source, "rb") as src:
            header, header_bytes = _read_header(src)
            vault = Vault.from_bytes(json.dumps(header["vault"]).encode("utf-8"))
            if recovery_key is not None:
                keys = vault.unlock_with_recovery(recovery_key)
            elif passphrase is not None:
                keys = vault.unlock(passphrase)
            else:
                raise BackupError("A passphrase or the recovery key is needed to open a backup.")
            key = keys.subkey("backup", bytes.fromhex(header["salt"]))
            try:
                data = decrypt_stream(key, header_bytes, src)
            except IntegrityError as exc:
                raise BackupError(
                    f"The backup file is damaged or has been altered ({exc}); nothing was restored."
                ) from exc
    except FileNotFoundError as exc:
        raise BackupError(f"There is no file {source}.") from exc
    except KeyError as exc:
        raise BackupError(f"The backup file is damaged (missing {exc}).") from exc
    return header, keys, data


def _check_database(data: bytes, profile_id: str) -> None:
    conn = sqlite3.connect(":memory:")
    try:
        conn.deserialize(data)
        (ok,) = conn.execute("PRAGMA integrity_check").fetchone()
        if ok != "ok":
            raise BackupError(f"The database inside the backup is damaged: {ok}")
        row = conn.execute("SELECT value FROM profile_meta WHERE key = 'profile_id'").fetchone()
        if row is None or row[0] != profile_id:
            raise BackupError("The database inside the backup belongs to another profile.")
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"The database inside the backup is damaged: {exc}") from exc
    finally:
        conn.close()


def _drop_device(db_file: Path, keys: VaultKeys) -> bool:
    """A restored profile is a new laptop, never a clone: forget the device identity
    and credential it was enrolled with (the person's own keys stay), so it joins
    again with a new code."""
    engine = make_engine(db_file)
    try:
        migrate(engine)
        sealed = SealedState(keys)
        with write_session(engine) as session, session.begin():
            raw = sealed.get(session, MEMBERSHIP)
            joined = raw is not None
            if raw is not None:
                # Whatever it was (joined, or revoked), the restored copy is a new laptop.
                membership = Membership.from_json(raw).without_device(NEEDS_NEW_DEVICE)
                sealed.put(session, MEMBERSHIP, membership.to_json())
            session.execute(delete(MetaRow).where(MetaRow.key.like("sync.%")))
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    # WAL files of the temporary name must not outlive it.
    for suffix in ("-wal", "-shm"):
        Path(str(db_file) + suffix).unlink(missing_ok=True)
    return joined


def _write_restored(staging: Path, header: dict[str, Any], keys: VaultKeys, data: bytes) -> bool:
    """The restored profile, complete, in the empty folder ``staging``. Returns whether
    it must join its organisation again."""
    os.chmod(staging, 0o700)
    with open(db_path(staging), "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    must_join_again = _drop_device(db_path(staging), keys)
    Vault.from_bytes(json.dumps(header["vault"]).encode("utf-8")).save(vault_path(staging))
    fsync_dir(staging)
    return must_join_again


def _check_restored(folder: Path, keys: VaultKeys, expected: int) -> int:
    """Open the profile in ``folder`` and decrypt every record; returns how many there
    are. Raises BackupError unless they all decrypt and are as many as ``expected``."""
    vault = Vault.load(vault_path(folder))
    if vault.profile_id != keys.profile_id:
        raise BackupError("The restored vault does not belong to the backup's profile.")
    profile = open_with_keys(folder, keys)
    try:
        held = sum(profile.records.count().values())
        opened = sum(1 for _ in profile.records.iter_records(scope="all"))
    except (CryptoError, RecordDecodeError) as exc:
        raise BackupError(
            f"A record in the backup does not decrypt ({exc}); nothing was restored."
        ) from exc
    finally:
        profile.lock()
    if not held == opened == expected:
        raise BackupError(
            f"The backup says it holds {expected} records, but {held} were restored and "
            f"{opened} decrypted; nothing was restored."
        )
    return held


def _keep_organisation_files(home: Path, staging: Path) -> None:
    """An organisation's own forms and instruments are not in a backup: keep them."""
    for name in ("forms", "instruments"):
        if (home / name).is_dir():
            shutil.copytree(home / name, staging / name)


def _not_restored(home: Path, exc: OSError | OperationalError, replace: bool) -> StoreError:
    what = "your profile there is as it was" if replace else "nothing was changed"
    if isinstance(exc, OperationalError):
        # SQLite's own writes: "database or disk is full", or a disk that failed.
        return BackupError(
            f"The restored database could not be written ({exc.orig}); the disk may be "
            f"full or failing, so the backup was not restored into {home}; {what}. Free "
            "some space and try again."
        )
    if exc.errno == errno.ENOSPC:
        return BackupError(
            f"The disk is full, so the backup was not restored into {home}; {what}. "
            "Free some space (the restored profile needs about as much as the backup "
            "file) and try again."
        )
    if exc.errno in (errno.EBUSY, errno.EXDEV, errno.EPERM, errno.EACCES):
        return BackupError(
            f"{home} cannot be replaced ({exc.strerror}): it may be a mount point, or in "
            f"use by another program; {what}. Restore into a new folder inside it or "
            "elsewhere with --home, and use that folder from then on."
        )
    return BackupError(f"The backup could not be restored into {home} ({exc}); {what}.")


def restore_backup(
    source: Path,
    home: Path,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    replace: bool = False,
) -> BackupInfo:
    """Restore a backup into ``home``.

    The restored profile is built and checked in a folder beside ``home`` and then
    switched in by rename, so at every moment ``home`` holds either the earlier
    profile or the complete restored one. An existing profile is kept aside (renamed,
    still encrypted) when ``replace`` is true, and refused otherwise; of the copies
    kept aside by restores, only the newest is kept.
    """
    header, keys, data = read_backup(source, passphrase, recovery_key)
    _check_database(data, header["profile_id"])
    settle_interrupted_restore(home)
    others = other_contents(home)
    if others:
        # A folder of someone's own files (or the home folder itself): never move it
        # aside or clear it to make room for a profile.
        shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
        raise BackupError(
            f"{home} holds other files ({shown}), not only a mentorapp profile, so the "
            "backup was not restored there and nothing was changed. Restore into a new or "
            "empty folder with --home."
        )
    # Refused while the window or a command has the profile open to change it: it
    # would go on saving into the folder moved aside.
    home_lock = lock_profile(home) if home.is_dir() else None
    staging_lock: ProfileLock | None = None
    staging: Path | None = None
    try:
        if holds_profile(home) and not replace:
            raise ProfileExists(home)
        try:
            staging, staging_lock = new_staging_folder(home)
            must_join_again = _write_restored(staging, header, keys, data)
            records = _check_restored(staging, keys, int(header.get("records", 0)))
            _keep_organisation_files(home, staging)
            aside = switch_in(staging, home)
        except (OSError, OperationalError) as exc:
            raise _not_restored(home, exc, replace) from exc
        staging = None  # it is the profile now
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        for lock in (staging_lock, home_lock):
            if lock is not None:
                lock.release()
    removed: list[Path] = []
    if aside is not None:
        if holds_profile(aside) or other_contents(aside):
            removed = remove_older_asides(home, keep=aside)
        else:
            shutil.rmtree(aside, ignore_errors=True)  # empty, or a profile's leftovers only
            aside = None
    return BackupInfo(
        profile_id=header["profile_id"],
        created=header["created"],
        records=records,
        size_bytes=source.stat().st_size,
        must_join_again=must_join_again,
        kept_aside=aside,
        removed_asides=tuple(removed),
    )
