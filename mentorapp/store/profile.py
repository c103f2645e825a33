"""A profile on disk: its vault (keys) and its database, created, unlocked and locked.

Layout of a profile folder::

    vault.json      wrapped keys (safe to copy; useless without passphrase or recovery key)
    unlock-attempts.json  failed unlocks in a row and when (no secret; see attempts.py)
    mentorapp.db    SQLite (+ -wal/-shm): sealed records, ids and versions in clear
    profile.lock    held by the one process that may change the profile (see folder.py)
    forms/          optional: the organisation's own form files, which win over shipped ones
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from mentorapp.core.caseload import CaseloadEntry, build_caseload, concern_from_session
from mentorapp.core.forms import FormRegistry
from mentorapp.core.ids import new_id
from mentorapp.core.instruments import InstrumentRegistry
from mentorapp.core.model import (
    Contact,
    ContactReview,
    OneToOneSession,
    Record,
    RecordType,
    ReviewState,
)
from mentorapp.core.review import amendment_for, is_approved
from mentorapp.crypto import (
    KdfParams,
    KeyPairs,
    Vault,
    VaultKeys,
    VerifyKey,
    WrongPassphrase,
    WrongRecoveryKey,
    calibrate,
    seal_key_backup,
)
from mentorapp.resources import forms_dir, instruments_dir
from mentorapp.store.attempts import UnlockAttempts
from mentorapp.store.db import current_revision, make_engine, migrate, write_session
from mentorapp.store.errors import (
    OrphanedDatabase,
    ProfileExists,
    ProfileMissing,
    RecordNotFound,
    StoreError,
)
from mentorapp.store.folder import (
    ProfileLock,
    holds_profile,
    lock_profile,
    settle_interrupted_restore,
)
from mentorapp.store.manifest import ManifestReport, RecordManifest
from mentorapp.store.membership import KEY_BACKUP_PENDING, MEMBERSHIP, Membership
from mentorapp.store.models import MetaRow
from mentorapp.store.records import Authoring, RecordStore
from mentorapp.store.sealed import SealedState

KDF_ENV = "MENTORAPP_KDF_SECONDS"
VAULT_FILE = "vault.json"
DB_FILE = "mentorapp.db"


def default_kdf() -> KdfParams:
    """Argon2id parameters calibrated on this machine. The floor always applies;
    ``MENTORAPP_KDF_SECONDS`` only sets the target (tests and demos use 0, the floor)."""
    return calibrate(float(os.environ.get(KDF_ENV, "0.65")))


def vault_path(home: Path) -> Path:
    return home / VAULT_FILE


def db_path(home: Path) -> Path:
    return home / DB_FILE


def profile_exists(home: Path) -> bool:
    return vault_path(home).exists()


def form_registry(home: Path | None = None) -> FormRegistry:
    """Shipped forms, overridden by any in the profile's own ``forms/`` folder."""
    folders = [home / "forms"] if home is not None else []
    return FormRegistry([*folders, forms_dir()])


def instrument_registry(home: Path | None = None) -> InstrumentRegistry:
    folders = [home / "instruments"] if home is not None else []
    return InstrumentRegistry([*folders, instruments_dir()])


def _prepare_folder(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(home, 0o700)  # only this user may list or read the profile


def _set_meta(engine: Engine, key: str, value: str) -> None:
    with write_session(engine) as session, session.begin():
        row = session.get(MetaRow, key)
        if row is None:
            session.add(MetaRow(key=key, value=value))
        else:
            row.value = value


def _get_meta(engine: Engine, key: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(MetaRow.value).where(MetaRow.key == key)).scalar_one_or_none()


def authoring_for(keys: VaultKeys, membership: Membership | None) -> Authoring:
    """Who writes here: before joining, the profile's own local key; once joined,
    this laptop's enrolled device keys, sealing to the person and their supervisors."""
    if membership is None:
        return Authoring.local(keys)
    own = {keys.device_id: keys.device_signing.verify_key}
    own.update({d: VerifyKey(bytes.fromhex(v)) for d, v in membership.former_devices.items()})
    if membership.device_keys is None:
        # Restored from a backup: sign with the profile's local key until this
        # laptop joins again as a device of its own; joining re-signs.
        return Authoring(
            org_id=membership.org_id,
            owner_id=membership.user_id,
            device_id=keys.device_id,
            device_signing=keys.device_signing,
            recipients=membership.recipients(),
            own_devices=own,
        )
    return Authoring(
        org_id=membership.org_id,
        owner_id=membership.user_id,
        device_id=membership.device_id,
        device_signing=membership.device_keys.signing,
        recipients=membership.recipients(),
        own_devices=own,
    )


@dataclass
class Profile:
    """An unlocked profile. ``lock()`` drops the keys; use it as a context manager."""

    home: Path
    keys: VaultKeys
    engine: Engine
    records: RecordStore
    membership: Membership | None
    sealed: SealedState
    # The writer's lock on the folder, held until lock(); None when opened to read only.
    writer: ProfileLock | None = None
    # The record rows checked against the record manifest when unlocking.
    record_list: ManifestReport = field(default_factory=ManifestReport)

    @property
    def org_id(self) -> str:
        return self.records.authoring.org_id

    def first_user_keys(self) -> KeyPairs:
        """The user keys made with this profile: a person's keys if this is their first
        laptop (a later laptop gets theirs from the key backup when joining)."""
        return KeyPairs(self.keys.user_signing, self.keys.user_recipient)

    def opens_with(self, passphrase: str) -> bool:
        """True when ``passphrase`` unlocks this profile (costs one key derivation)."""
        try:
            Vault.load(vault_path(self.home)).unlock(passphrase)
        except WrongPassphrase:
            return False
        return True

    def set_membership(self, membership: Membership | None, session: Session) -> None:
        """Store (or clear) membership in ``session``'s transaction and write as it says
        from now on; the caller commits."""
        if membership is None:
            self.sealed.drop(session, MEMBERSHIP)
        else:
            self.sealed.put(session, MEMBERSHIP, membership.to_json())
        self.membership = membership
        self.records.authoring = authoring_for(self.keys, membership)

    def record(self, record: Record, expected_version: int | None = None) -> int:
        """Save what a person recorded, with anything it implies, in one transaction;
        returns the version written of the first record written (see ``record_all``)."""
        items = self._implied(record, expected_version)
        return self.records.save_all(items)[0]

    def record_all(self, record: Record, expected_version: int | None = None) -> list[Record]:
        """Save what a person recorded, with anything it implies, in one transaction,
        and return every record written.

        * A contact a supervisor approved is not changed: the edit is saved as an
          amendment linked to it.
        * A one-to-one session that ticked "safeguarding" also raises an open concern
          record linked to it.
        """
        items = self._implied(record, expected_version)
        self.records.save_all(items)
        return [r for r, _ in items]

    def _implied(
        self, record: Record, expected_version: int | None
    ) -> list[tuple[Record, int | None]]:
        first: tuple[Record, int | None] = (record, expected_version)
        if isinstance(record, Contact) and self._is_locked(record.id):
            first = (amendment_for(record), None)
        items = [first]
        if isinstance(record, OneToOneSession) and record.safeguarding_concern:
            concern = concern_from_session(record, self.records.concerns())
            if concern is not None:
                items.append((concern, None))
        return items

    def _is_locked(self, contact_id: str) -> bool:
        """Whether a supervisor's latest review approved this (already saved) contact."""
        try:
            self.records.version_of(contact_id)
        except RecordNotFound:
            return False  # a new contact cannot have been approved
        return is_approved(contact_id, self.records.iter_records(RecordType.REVIEW, scope="all"))

    def review_contact(
        self, contact_id: str, state: ReviewState, comment: str = ""
    ) -> ContactReview:
        """A supervisor's review of a mentor's contact, addressed to that mentor (it
        reaches them at their next sync). Approving locks the contact."""
        membership = self.membership
        if membership is None or membership.role != "supervisor":
            raise StoreError("Only a supervisor reviews contacts.")
        contact = self.records.get(contact_id)
        if not isinstance(contact, Contact):
            raise StoreError("Only contacts are reviewed.")
        review = ContactReview(
            contact_id=contact_id,
            contact_version=self.records.version_of(contact_id),
            mentor_id=self.records.owner_of(contact_id),
            state=state,
            reviewed_on=dt.date.today(),
            comment=comment,
        )
        self.records.save(review)
        return review

    def caseload(self) -> list[CaseloadEntry]:
        return build_caseload(
            self.records.mentees(), self.records.contact_summaries(), self.records.concerns()
        )

    def forms(self) -> FormRegistry:
        return form_registry(self.home)

    def instruments(self) -> InstrumentRegistry:
        return instrument_registry(self.home)

    def change_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        """Re-wrap the keys under a new passphrase; no record is re-encrypted.

        The key derivation is calibrated afresh (``default_kdf``) unless ``kdf`` is
        given: never the old header's parameters, which may have been lowered.

        Once joined, the copy of the person's keys the service keeps for their next
        laptop is re-sealed under the new passphrase too, and sent at the next sync.
        """
        vault = Vault.load(vault_path(self.home))
        new_vault = vault.with_new_passphrase(self.keys, new_passphrase, kdf or default_kdf())
        new_vault.save(vault_path(self.home))
        membership = self.membership
        if membership is not None:
            blob = seal_key_backup(
                new_passphrase,
                membership.user_keys,
                membership.org_id,
                membership.user_id,
                new_vault.kdf,
            )
            with write_session(self.engine) as session, session.begin():
                self.sealed.put(session, KEY_BACKUP_PENDING, {"blob": blob.hex()})

    def check_record_list(self) -> ManifestReport:
        """Compare every record row with the record manifest, now."""
        with self.records.sessions() as session:
            return self.records.manifest.check(session)

    def lock(self) -> None:
        self.engine.dispose()
        if self.writer is not None:
            self.writer.release()
            self.writer = None
        # Drop our references; Python cannot promise to wipe memory, but nothing
        # reachable from this object holds a key after this.
        del self.records
        del self.keys

    def __enter__(self) -> Profile:
        return self

    def __exit__(self, *_exc: object) -> None:
        if hasattr(self, "keys"):
            self.lock()


def _open_unlocked(
    home: Path,
    keys: VaultKeys,
    writer: ProfileLock | None = None,
    *,
    may_build_manifest: bool = False,
) -> Profile:
    if not db_path(home).exists():
        # SQLite would quietly make an empty one, and the profile would seem to have
        # lost every record.
        raise StoreError(
            f"The profile's database ({db_path(home)}) is missing, so its records cannot be "
            "opened; nothing was changed. Restore it from a backup with 'restore --replace'."
        )
    engine = make_engine(db_path(home))
    # A profile's database is made (and migrated) before its vault is saved, so one
    # with no tables at all under an existing vault was replaced or emptied.
    was_empty = current_revision(engine) is None
    migrate(engine)
    sealed = SealedState(keys)
    with Session(engine) as session:
        raw = sealed.get(session, MEMBERSHIP)
    membership = Membership.from_json(raw) if raw is not None else None
    records = RecordStore(engine, keys, authoring_for(keys, membership))
    record_list = records.manifest.on_unlock(
        records.sessions, may_build=may_build_manifest, was_empty=was_empty
    )
    return Profile(
        home=home,
        keys=keys,
        engine=engine,
        records=records,
        membership=membership,
        sealed=sealed,
        writer=writer,
        record_list=record_list,
    )


def open_with_keys(home: Path, keys: VaultKeys) -> Profile:
    """Open the profile in ``home`` with keys already unwrapped (a restore checking
    what it built), without the writer's lock: for reading."""
    return _open_unlocked(home, keys)


def create_profile(
    home: Path, passphrase: str, kdf: KdfParams | None = None
) -> tuple[Profile, str]:
    """Make a new profile in ``home``.

    Returns:
        The unlocked profile and the recovery key text, to be shown once.
    """
    settle_interrupted_restore(home)
    _refuse_existing(home)
    kdf = kdf or default_kdf()
    _prepare_folder(home)
    writer = lock_profile(home)
    try:
        _refuse_existing(home)  # again, now that no other process can be making one
        profile_id = new_id()
        vault, keys, recovery = Vault.create(passphrase, profile_id, new_id(), kdf)
        engine = make_engine(db_path(home))
        migrate(engine)
        _set_meta(engine, "profile_id", profile_id)
        with write_session(engine) as session, session.begin():
            RecordManifest(keys.data_key).build(session)
        engine.dispose()
        vault.save(vault_path(home))  # last: a profile exists only once it is complete
        return _open_unlocked(home, keys, writer), recovery
    except BaseException:
        writer.release()
        raise


def _refuse_existing(home: Path) -> None:
    """Never make a database where a vault or a database already is."""
    if profile_exists(home):
        raise ProfileExists(home)
    if holds_profile(home):
        raise OrphanedDatabase(home)


class LockedProfile:
    """A profile on disk whose keys are still wrapped."""

    def __init__(self, home: Path) -> None:
        settle_interrupted_restore(home)
        if not profile_exists(home):
            if holds_profile(home):
                raise OrphanedDatabase(home)
            raise ProfileMissing(home)
        self.home = home
        self.vault = Vault.load(vault_path(home))
        # Set by a recovery-key unlock: the vault file had been changed by hand
        # (setting a new passphrase rewrites and re-signs it).
        self.was_altered = False

    def unlock(self, passphrase: str, *, write: bool = True) -> Profile:
        """Open with the passphrase. Failures are counted in the profile folder and,
        after a few, slow further attempts (see ``attempts.py``).

        Args:
            write: hold the profile's writer lock until ``lock()`` (refused while
                another process holds it); a command that only reads needs none.

        Raises:
            UnlockDelayed: too soon after earlier failures; nothing was tried.
            WrongPassphrase: with how long the next attempt must wait.
            VaultAltered: the vault file was changed by something other than mentorapp.
            ProfileInUse: another process has the profile open to change it.
        """
        attempts = UnlockAttempts(self.home, "passphrase")
        attempts.check()
        with self._writer(write) as writer:
            try:
                keys = self.vault.unlock(passphrase)
            except WrongPassphrase:
                raise WrongPassphrase(attempts.failed()) from None
            attempts.succeeded()
            return _open_unlocked(
                self.home, keys, writer, may_build_manifest=not self.vault.keeps_record_manifest
            )

    def unlock_with_recovery(self, recovery_key: str, *, write: bool = True) -> Profile:
        """Open with the recovery key, slowed after failures like the passphrase.
        The caller then sets a new passphrase (``Profile.change_passphrase``), which
        also repairs a vault file whose passphrase settings were altered."""
        attempts = UnlockAttempts(self.home, "recovery")
        attempts.check()
        with self._writer(write) as writer:
            try:
                keys = self.vault.unlock_with_recovery(recovery_key)
            except WrongRecoveryKey:
                raise WrongRecoveryKey(attempts.failed()) from None
            attempts.succeeded()
            self.was_altered = self.vault.altered_for(keys)
            # An altered header cannot vouch that the database predates manifests.
            may_build = not self.vault.keeps_record_manifest and not self.was_altered
            return _open_unlocked(self.home, keys, writer, may_build_manifest=may_build)

    @contextlib.contextmanager
    def _writer(self, write: bool) -> Iterator[ProfileLock | None]:
        """The writer's lock, released unless unlocking succeeds (the profile keeps it)."""
        writer = lock_profile(self.home) if write else None
        try:
            if writer is not None:
                # As it is now: another process may have changed the passphrase while
                # this one waited for the lock.
                self.vault = Vault.load(vault_path(self.home))
            yield writer
        except BaseException:
            if writer is not None:
                writer.release()
            raise

    @property
    def seconds_to_wait(self) -> int:
        """How long before a passphrase may be tried (0: now)."""
        return UnlockAttempts(self.home, "passphrase").seconds_to_wait()


def open_profile(home: Path) -> LockedProfile:
    return LockedProfile(home)
