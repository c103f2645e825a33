"""Repositories: save and read records as core objects; SQL rows never leave here."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from mentorapp.core.caseload import ContactSummary
from mentorapp.core.codec import (
    RecordDecodeError,
    decode_contact_summary,
    decode_record,
    encode_record,
)
from mentorapp.core.model import (
    CONTACT_TYPES,
    Contact,
    Mentee,
    Record,
    RecordType,
    SafeguardingConcern,
)
from mentorapp.crypto import (
    RECORD_FORMAT,
    CryptoError,
    EnvelopeFields,
    RecipientPublicKey,
    RecordAddress,
    RecordCipher,
    SignatureInvalid,
    SigningKey,
    VaultKeys,
    VerifyKey,
    aead_open,
    aead_seal,
    sign_envelope,
    verify_envelope,
)
from mentorapp.crypto.records import legacy_digest, user_recipient_id
from mentorapp.store.db import Sessions
from mentorapp.store.errors import (
    DiskFull,
    InConflict,
    NotYours,
    RecordNotFound,
    StaleVersion,
    StoreError,
)
from mentorapp.store.manifest import SESSION_INFO as MANIFEST_INFO
from mentorapp.store.manifest import RecordManifest
from mentorapp.store.models import DraftRow, RecordBaseRow, RecordRow, SnapshotRow

R = TypeVar("R", bound=Record)
Scope = Literal["mine", "others", "all"]
LOCAL_ORG = "local"


@dataclass(frozen=True, kw_only=True)
class Authoring:
    """Who writes new versions here: the organisation, the person (owner), the device
    and its signing key, and whom each new version's content key is sealed to.

    Before joining, records belong to the organisation "local" and to no one yet
    (owner ""); joining adopts them.
    """

    org_id: str
    owner_id: str
    device_id: str
    device_signing: SigningKey
    recipients: Mapping[str, RecipientPublicKey] = field(default_factory=dict)
    # Devices this profile itself has signed with (a pre-join key, a dropped device).
    own_devices: Mapping[str, VerifyKey] = field(default_factory=dict)
    # Other members' recipient keys, from the verified key directory: a record
    # addressed to one of them (a review) is sealed to them too.
    addressees: Mapping[str, RecipientPublicKey] = field(default_factory=dict)

    @classmethod
    def local(cls, keys: VaultKeys) -> Authoring:
        return cls(
            org_id=LOCAL_ORG,
            owner_id="",
            device_id=keys.device_id,
            device_signing=keys.device_signing,
        )

    def owner_ids(self) -> list[str]:
        return ["", self.owner_id] if self.owner_id else [""]

    def owns(self, owner_id: str) -> bool:
        return owner_id in ("", self.owner_id)

    def verify_key(self, device_id: str) -> VerifyKey | None:
        if device_id == self.device_id:
            return self.device_signing.verify_key
        return self.own_devices.get(device_id)


def dump_wrapped(wrapped: Mapping[str, bytes]) -> str:
    return json.dumps({k: v.hex() for k, v in sorted(wrapped.items())})


def load_wrapped(text: str) -> dict[str, bytes]:
    return {k: bytes.fromhex(v) for k, v in json.loads(text or "{}").items()}


def envelope_fields(row: RecordRow) -> EnvelopeFields:
    """The envelope a row is (format 2), as signed and as pushed."""
    return EnvelopeFields(
        record_type=row.record_type,
        record_id=row.id,
        version=row.version,
        base_version=row.base_version,
        deleted=row.deleted,
        author_device=row.author_device,
        org_id=row.org_id,
        owner_id=row.owner_id,
        addressed_to=row.addressed_to,
        wrapped_keys=load_wrapped(row.wrapped_keys),
        ciphertext=row.ciphertext or b"",
    )


def address_of(row: RecordRow) -> RecordAddress:
    """What the row's ciphertext is bound to."""
    return RecordAddress(
        record_type=row.record_type,
        record_id=row.id,
        version=row.version,
        author_device=row.author_device,
        org_id=row.org_id,
        format=row.format,
    )


def _base_aad(record_id: str, version: int) -> bytes:
    return f"mentorapp-base-v1|{record_id}|{version}".encode()


@dataclass(frozen=True, kw_only=True)
class RecordProblem:
    """A record that failed verification, and why."""

    record_id: str
    record_type: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class Draft:
    id: str
    form_id: str
    record_id: str | None
    answers: dict[str, Any]
    updated_at: dt.datetime


def _is_disk_full(exc: BaseException) -> bool:
    text = str(exc).lower()
    # "disk I/O error": SQLite's word when a write is cut short (out of space, or a
    # file-size limit reached).
    return any(s in text for s in ("database or disk is full", "no space left", "disk i/o error"))


class RecordStore:
    """Sealed records of one unlocked profile."""

    def __init__(
        self,
        engine: Engine,
        keys: VaultKeys,
        authoring: Authoring,
        verify_keys: Callable[[str], VerifyKey | None] | None = None,
    ) -> None:
        self.manifest = RecordManifest(keys.data_key)
        self._sessions = Sessions(engine, info={MANIFEST_INFO: self.manifest})
        self._keys = keys
        self._cipher = RecordCipher(keys.data_key)
        self.authoring = authoring
        self._verify_keys = verify_keys
        self._drafts_key = keys.subkey("drafts")
        self._snapshot_key = keys.subkey("snapshots")
        self._bases_key = keys.subkey("bases")

    @property
    def cipher(self) -> RecordCipher:
        return self._cipher

    @property
    def sessions(self) -> Sessions:
        return self._sessions

    # -- writing ------------------------------------------------------------------

    def save(self, record: Record, expected_version: int | None = None) -> int:
        """Seal and store a new version of ``record``; returns the version written.

        Args:
            record: the record; its ``id`` says which one.
            expected_version: the version the caller edited; if another save has
                happened since, StaleVersion is raised and nothing is written.
        """
        return self.save_all([(record, expected_version)])[0]

    def save_all(self, items: list[tuple[Record, int | None]]) -> list[int]:
        """Save several records in one transaction: all of them, or none."""
        try:
            with self._sessions.begin() as session:
                return [self._save_in(session, r, expected) for r, expected in items]
        except OperationalError as exc:
            if _is_disk_full(exc):
                raise DiskFull() from exc
            raise

    def _check_writable(self, row: RecordRow, record_type: str) -> None:
        if row.record_type != record_type:
            raise StoreError(f"record {row.id} is a {row.record_type}, not a {record_type}")
        if not self.authoring.owns(row.owner_id):
            raise NotYours()
        if row.hold == "conflict":
            raise InConflict()

    def _save_in(self, session: Session, record: Record, expected_version: int | None) -> int:
        plaintext = encode_record(record)
        row = session.get(RecordRow, record.id)
        if row is None:
            if expected_version not in (None, 0):
                raise StaleVersion(f"record {record.id} no longer exists")
            row = RecordRow(
                id=record.id,
                record_type=record.record_type.value,
                version=0,
                base_version=0,
                server_version=0,
                owner_id=self.authoring.owner_id,
                addressed_to=record.addressee(),
                deleted=False,
                hold="",
            )
            session.add(row)
        else:
            self._check_writable(row, record.record_type.value)
            if row.deleted:
                raise StaleVersion(f"record {record.id} was deleted")
            if expected_version is not None and expected_version != row.version:
                raise StaleVersion(
                    f"record {record.id} changed since it was opened (now version {row.version})"
                )
            self._keep_base(session, row)
        self.write_version(session, row, plaintext)
        return row.version

    def _keep_base(self, session: Session, row: RecordRow) -> None:
        """Before the first local edit of an acknowledged version, keep it (sealed)
        for merging with edits made elsewhere meanwhile."""
        if row.pending or row.server_version == 0 or row.version != row.server_version:
            return
        plaintext = b"" if row.deleted else self.open_row(row)
        self.put_base(session, row.id, row.version, plaintext)

    def put_base(self, session: Session, record_id: str, version: int, plaintext: bytes) -> None:
        sealed = aead_seal(self._bases_key, plaintext, _base_aad(record_id, version))
        session.merge(RecordBaseRow(id=record_id, version=version, sealed=sealed))

    def base_of(self, session: Session, record_id: str) -> tuple[int, bytes] | None:
        row = session.get(RecordBaseRow, record_id)
        if row is None:
            return None
        return row.version, aead_open(
            self._bases_key, row.sealed, _base_aad(record_id, row.version)
        )

    def write_version(
        self,
        session: Session,
        row: RecordRow,
        plaintext: bytes | None,
        version: int | None = None,
    ) -> None:
        """Seal ``plaintext`` (None: a tombstone) as this profile's next version of
        ``row``, based on the version the service last acknowledged, and sign it."""
        a = self.authoring
        row.version = (row.version if version is None else version - 1) + 1
        row.base_version = row.server_version
        row.pending = True
        row.author_device = a.device_id
        row.org_id = a.org_id
        row.owner_id = row.owner_id or a.owner_id
        row.format = RECORD_FORMAT
        row.updated_at = dt.datetime.now(dt.UTC)
        address = address_of(row)
        if plaintext is None:
            row.deleted = True
            row.content_key = None
            row.ciphertext = None
            wrapped: dict[str, bytes] = {}
        else:
            row.deleted = False
            sealed = self._cipher.seal(address, plaintext, self._recipients(row))
            row.content_key = sealed.content_key_wrapped
            row.ciphertext = sealed.ciphertext
            wrapped = sealed.wrapped_keys
        row.wrapped_keys = dump_wrapped(wrapped)
        row.signature = sign_envelope(a.device_signing, envelope_fields(row))

    def _recipients(self, row: RecordRow) -> Mapping[str, RecipientPublicKey]:
        """Whom this version's content key is sealed to: the owner and the supervisors,
        and the addressee of a record meant for someone."""
        a = self.authoring
        if row.addressed_to is None or row.addressed_to == a.owner_id:
            return a.recipients
        key = a.addressees.get(row.addressed_to)
        if key is None:
            raise StoreError(
                "This is for a member whose keys this laptop does not have yet: sync first."
            )
        return {**a.recipients, user_recipient_id(row.addressed_to): key}

    def delete(self, record_id: str) -> int:
        """Erase a record: its ciphertext and wrapped keys are destroyed, a signed,
        content-free tombstone remains for sync."""
        with self._sessions.begin() as session:
            row = session.get(RecordRow, record_id)
            if row is None or row.deleted:
                raise RecordNotFound(f"no record {record_id}")
            self._check_writable(row, row.record_type)
            self._keep_base(session, row)
            self.write_version(session, row, None)
            return row.version

    # -- reading ------------------------------------------------------------------

    def open_row(self, row: RecordRow) -> bytes:
        """The plaintext of a live row (checks every binding)."""
        if row.content_key is None or row.ciphertext is None:
            raise RecordNotFound(f"record {row.id} was deleted")
        return self._cipher.open_row(
            row.record_type,
            row.id,
            row.version,
            row.author_device,
            row.org_id,
            row.content_key,
            row.ciphertext,
            row.format,
        )

    def _open(self, row: RecordRow) -> Record:
        record = decode_record(RecordType(row.record_type), self.open_row(row))
        if record.id != row.id:
            raise RecordDecodeError(f"record {row.id} holds the content of {record.id}")
        return record

    def get(self, record_id: str) -> Record:
        with self._sessions() as session:
            row = session.get(RecordRow, record_id)
            if row is None or row.deleted:
                raise RecordNotFound(f"There is no record {record_id}.")
            return self._open(row)

    def get_typed(self, cls: type[R], record_id: str) -> R:
        record = self.get(record_id)
        if not isinstance(record, cls):
            raise RecordNotFound(f"{record_id} is not a {cls.record_type.value}")
        return record

    def version_of(self, record_id: str) -> int:
        with self._sessions() as session:
            row = session.get(RecordRow, record_id)
            if row is None:
                raise RecordNotFound(f"There is no record {record_id}.")
            return row.version

    def owner_of(self, record_id: str) -> str:
        """Whose record this is: a user id, or "" for this profile's own before joining."""
        with self._sessions() as session:
            row = session.get(RecordRow, record_id)
            if row is None:
                raise RecordNotFound(f"There is no record {record_id}.")
            return row.owner_id

    def owners(self) -> dict[str, str]:
        """Record id -> owner of every live record this profile holds from others."""
        mine = self.authoring.owner_ids()
        with self._sessions() as session:
            return dict(
                session.execute(
                    select(RecordRow.id, RecordRow.owner_id).where(
                        RecordRow.deleted.is_(False), RecordRow.owner_id.not_in(mine)
                    )
                ).all()
            )

    def _sealed_rows(
        self, types: tuple[RecordType, ...], scope: Scope
    ) -> Iterator[tuple[Any, ...]]:
        """Live rows of these types as plain tuples: bulk reads skip ORM objects."""
        stmt = select(
            RecordRow.record_type,
            RecordRow.id,
            RecordRow.version,
            RecordRow.author_device,
            RecordRow.org_id,
            RecordRow.content_key,
            RecordRow.ciphertext,
            RecordRow.format,
        ).where(
            RecordRow.deleted.is_(False),
            RecordRow.record_type.in_([t.value for t in types]),
        )
        mine = self.authoring.owner_ids()
        if scope == "mine":
            stmt = stmt.where(RecordRow.owner_id.in_(mine))
        elif scope == "others":
            stmt = stmt.where(RecordRow.owner_id.not_in(mine))
        with self._sessions() as session:
            yield from session.execute(stmt)

    def _decrypt_rows(
        self, types: tuple[RecordType, ...], scope: Scope = "mine"
    ) -> Iterator[tuple[RecordType, bytes]]:
        open_row = self._cipher.open_row
        kinds = {t.value: t for t in RecordType}
        for rtype, rid, version, author, org, wrapped, ciphertext, fmt in self._sealed_rows(
            types, scope
        ):
            yield kinds[rtype], open_row(rtype, rid, version, author, org, wrapped, ciphertext, fmt)

    def decrypted(
        self, *types: RecordType, scope: Scope = "mine"
    ) -> Iterator[tuple[RecordType, bytes]]:
        """Plaintext of every live record of these types, for callers that decode
        lazily (held in memory only). ``scope``: this person's own records (the
        default), other people's (a supervisor's team), or all."""
        yield from self._decrypt_rows(types or tuple(RecordType), scope)

    def iter_records(self, *types: RecordType, scope: Scope = "mine") -> Iterator[Record]:
        """Decrypt every live record of the given types (all types if none given)."""
        for rtype, plaintext in self._decrypt_rows(types or tuple(RecordType), scope):
            yield decode_record(rtype, plaintext)

    def all_of(self, cls: type[R], scope: Scope = "mine") -> list[R]:
        return [r for r in self.iter_records(cls.record_type, scope=scope) if isinstance(r, cls)]

    def mentees(self, scope: Scope = "mine") -> list[Mentee]:
        return sorted(self.all_of(Mentee, scope), key=lambda m: m.display_name.casefold())

    def contacts(self, scope: Scope = "mine") -> list[Contact]:
        return [r for r in self.iter_records(*CONTACT_TYPES, scope=scope) if isinstance(r, Contact)]

    def contact_summaries(self, scope: Scope = "mine") -> list[ContactSummary]:
        """What the caseload needs of every contact, without decoding the notes."""
        return [
            decode_contact_summary(rtype, plaintext)
            for rtype, plaintext in self._decrypt_rows(CONTACT_TYPES, scope)
        ]

    def concerns(self, scope: Scope = "mine") -> list[SafeguardingConcern]:
        return self.all_of(SafeguardingConcern, scope)

    def count_of(self, record_type: RecordType, scope: Scope) -> int:
        """How many live records of one type in a scope (no decryption)."""
        mine = self.authoring.owner_ids()
        stmt = select(func.count()).where(
            RecordRow.deleted.is_(False), RecordRow.record_type == record_type.value
        )
        if scope == "mine":
            stmt = stmt.where(RecordRow.owner_id.in_(mine))
        elif scope == "others":
            stmt = stmt.where(RecordRow.owner_id.not_in(mine))
        with self._sessions() as session:
            return int(session.scalar(stmt) or 0)

    def count(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        with self._sessions() as session:
            for rt in session.scalars(
                select(RecordRow.record_type).where(RecordRow.deleted.is_(False))
            ):
                counts[rt] = counts.get(rt, 0) + 1
        return counts

    def verify(
        self, devices: Callable[[str], VerifyKey | None] | None = None
    ) -> tuple[int, list[RecordProblem]]:
        """Decrypt and check the signature of every record, tombstones included.

        Args:
            devices: the verify key of another laptop by id (from the verified key
                directory), for records this profile received.

        Returns:
            How many records were checked, and each one that failed.
        """
        if devices is not None:
            self._verify_keys = devices
        problems: list[RecordProblem] = []
        checked = 0
        with self._sessions() as session:
            for row in session.scalars(select(RecordRow)):
                checked += 1
                try:
                    self.check_signature(row)
                    if not row.deleted:
                        self._open(row)
                except (CryptoError, RecordDecodeError, RecordNotFound, ValueError) as exc:
                    problems.append(
                        RecordProblem(
                            record_id=row.id,
                            record_type=row.record_type,
                            reason=f"{type(exc).__name__}: {exc}",
                        )
                    )
        return checked, problems

    def check_signature(self, row: RecordRow) -> None:
        """Raise SignatureInvalid unless the row's device signed exactly this row."""
        if row.deleted and not row.signature and not self.authoring.owns(row.owner_id):
            return  # erased on the service by an administrator: nothing left to check
        key = self.authoring.verify_key(row.author_device)
        if key is None and self._verify_keys is not None:
            key = self._verify_keys(row.author_device)
        if key is None:
            raise SignatureInvalid(f"signed by device {row.author_device}, which is not known here")
        if row.format == 1:
            address = RecordAddress(
                record_type=row.record_type,
                record_id=row.id,
                version=row.version,
                author_device=row.author_device,
                org_id=row.org_id,
                format=1,
            )
            key.verify(
                row.signature,
                legacy_digest(address, row.base_version, row.deleted, row.ciphertext or b""),
            )
        else:
            verify_envelope(key, row.signature, envelope_fields(row))

    # -- snapshots ------------------------------------------------------------------

    def save_snapshot(self, name: str, data: bytes) -> None:
        sealed = aead_seal(self._snapshot_key, data, f"mentorapp-snapshot-v1|{name}".encode())
        with self._sessions.begin() as session:
            # merge: insert, or replace the row with this primary key
            session.merge(
                SnapshotRow(name=name, ciphertext=sealed, updated_at=dt.datetime.now(dt.UTC))
            )

    def load_snapshot(self, name: str) -> bytes | None:
        """The snapshot's bytes, or None if there is none or it does not open."""
        with self._sessions() as session:
            row = session.get(SnapshotRow, name)
            if row is None:
                return None
            try:
                return aead_open(
                    self._snapshot_key, row.ciphertext, f"mentorapp-snapshot-v1|{name}".encode()
                )
            except CryptoError:
                return None

    # -- drafts -------------------------------------------------------------------

    def save_draft(
        self, draft_id: str, form_id: str, answers: dict[str, Any], record_id: str | None = None
    ) -> None:
        """Keep an unsaved form sealed on disk (answers must be JSON-ready)."""
        body = json.dumps(
            {"form_id": form_id, "record_id": record_id, "answers": answers}, default=str
        ).encode("utf-8")
        sealed = aead_seal(self._drafts_key, body, f"mentorapp-draft-v1|{draft_id}".encode())
        with self._sessions.begin() as session:
            session.merge(
                DraftRow(id=draft_id, ciphertext=sealed, updated_at=dt.datetime.now(dt.UTC))
            )

    def drafts(self) -> list[Draft]:
        out: list[Draft] = []
        with self._sessions() as session:
            for row in session.scalars(select(DraftRow).order_by(DraftRow.updated_at)):
                raw = json.loads(
                    aead_open(
                        self._drafts_key, row.ciphertext, f"mentorapp-draft-v1|{row.id}".encode()
                    )
                )
                out.append(
                    Draft(
                        id=row.id,
                        form_id=raw["form_id"],
                        record_id=raw["record_id"],
                        answers=raw["answers"],
                        updated_at=row.updated_at,
                    )
                )
        return out

    def discard_draft(self, draft_id: str) -> None:
        with self._sessions.begin() as session:
            row = session.get(DraftRow, draft_id)
            if row is not None:
                session.delete(row)


__all__ = ["Authoring", "Draft", "RecordProblem", "RecordStore", "envelope_fields"]
