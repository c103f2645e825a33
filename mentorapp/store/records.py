"""Repositories: save and read records as core objects; SQL rows never leave here."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

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
    CryptoError,
    RecordAddress,
    RecordCipher,
    VaultKeys,
    aead_open,
    aead_seal,
    sign_envelope,
    verify_envelope,
)
from mentorapp.store.errors import DiskFull, RecordNotFound, StaleVersion, StoreError
from mentorapp.store.models import DraftRow, RecordRow, SnapshotRow

R = TypeVar("R", bound=Record)


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
    return "database or disk is full" in text or "no space left" in text


class RecordStore:
    """Sealed records of one unlocked profile."""

    def __init__(self, engine: Engine, keys: VaultKeys, org_id: str) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._keys = keys
        self._cipher = RecordCipher(keys.data_key)
        self._org_id = org_id
        self._drafts_key = keys.subkey("drafts")
        self._snapshot_key = keys.subkey("snapshots")

    # -- writing ------------------------------------------------------------------

    def _address(self, row: RecordRow, version: int | None = None) -> RecordAddress:
        return RecordAddress(
            record_type=row.record_type,
            record_id=row.id,
            version=row.version if version is None else version,
            author_device=row.author_device,
            org_id=row.org_id,
        )

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
                author_device=self._keys.device_id,
                org_id=self._org_id,
                deleted=False,
            )
            session.add(row)
            wrapped = None
        else:
            if row.record_type != record.record_type.value:
                raise StoreError(
                    f"record {record.id} is a {row.record_type}, not a {record.record_type.value}"
                )
            if row.deleted:
                raise StaleVersion(f"record {record.id} was deleted")
            if expected_version is not None and expected_version != row.version:
                raise StaleVersion(
                    f"record {record.id} changed since it was opened (now version {row.version})"
                )
            wrapped = row.content_key
            row.author_device = self._keys.device_id
        base = row.version
        row.version = base + 1
        row.base_version = base
        address = self._address(row)
        sealed = self._cipher.seal(address, plaintext, wrapped)
        row.content_key = sealed.content_key_wrapped
        row.ciphertext = sealed.ciphertext
        row.signature = sign_envelope(
            self._keys.device_signing, address, base, False, sealed.ciphertext
        )
        row.updated_at = dt.datetime.now(dt.UTC)
        return row.version

    def delete(self, record_id: str) -> int:
        """Erase a record: its ciphertext and wrapped key are destroyed, a signed,
        content-free tombstone remains for sync."""
        with self._sessions.begin() as session:
            row = session.get(RecordRow, record_id)
            if row is None or row.deleted:
                raise RecordNotFound(f"no record {record_id}")
            base = row.version
            row.version = base + 1
            row.base_version = base
            row.deleted = True
            row.content_key = None
            row.ciphertext = None
            row.author_device = self._keys.device_id
            row.signature = sign_envelope(
                self._keys.device_signing, self._address(row), base, True, b""
            )
            row.updated_at = dt.datetime.now(dt.UTC)
            return row.version

    # -- reading ------------------------------------------------------------------

    def _open(self, row: RecordRow) -> Record:
        if row.content_key is None or row.ciphertext is None:
            raise RecordNotFound(f"record {row.id} was deleted")
        plaintext = self._cipher.open_row(
            row.record_type,
            row.id,
            row.version,
            row.author_device,
            row.org_id,
            row.content_key,
            row.ciphertext,
        )
        record = decode_record(RecordType(row.record_type), plaintext)
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

    def _sealed_rows(self, types: tuple[RecordType, ...]) -> Iterator[tuple[Any, ...]]:
        """Live rows of these types as plain tuples: bulk reads skip ORM objects."""
        stmt = select(
            RecordRow.record_type,
            RecordRow.id,
            RecordRow.version,
            RecordRow.author_device,
            RecordRow.org_id,
            RecordRow.content_key,
            RecordRow.ciphertext,
        ).where(
            RecordRow.deleted.is_(False),
            RecordRow.record_type.in_([t.value for t in types]),
        )
        with self._sessions() as session:
            yield from session.execute(stmt)

    def _decrypt_rows(self, types: tuple[RecordType, ...]) -> Iterator[tuple[RecordType, bytes]]:
        open_row = self._cipher.open_row
        kinds = {t.value: t for t in RecordType}
        for rtype, rid, version, author, org, wrapped, ciphertext in self._sealed_rows(types):
            yield kinds[rtype], open_row(rtype, rid, version, author, org, wrapped, ciphertext)

    def decrypted(self, *types: RecordType) -> Iterator[tuple[RecordType, bytes]]:
        """Plaintext of every live record of these types, for callers that decode
        lazily (held in memory only)."""
        yield from self._decrypt_rows(types or tuple(RecordType))

    def iter_records(self, *types: RecordType) -> Iterator[Record]:
        """Decrypt every live record of the given types (all types if none given)."""
        for rtype, plaintext in self._decrypt_rows(types or tuple(RecordType)):
            yield decode_record(rtype, plaintext)

    def all_of(self, cls: type[R]) -> list[R]:
        return [r for r in self.iter_records(cls.record_type) if isinstance(r, cls)]

    def mentees(self) -> list[Mentee]:
        return sorted(self.all_of(Mentee), key=lambda m: m.display_name.casefold())

    def contacts(self) -> list[Contact]:
        return [r for r in self.iter_records(*CONTACT_TYPES) if isinstance(r, Contact)]

    def contact_summaries(self) -> list[ContactSummary]:
        """What the caseload needs of every contact, without decoding the notes."""
        return [
            decode_contact_summary(rtype, plaintext)
            for rtype, plaintext in self._decrypt_rows(CONTACT_TYPES)
        ]

    def concerns(self) -> list[SafeguardingConcern]:
        return self.all_of(SafeguardingConcern)

    def count(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        with self._sessions() as session:
            for rt in session.scalars(
                select(RecordRow.record_type).where(RecordRow.deleted.is_(False))
            ):
                counts[rt] = counts.get(rt, 0) + 1
        return counts

    def verify(self) -> tuple[int, list[RecordProblem]]:
        """Decrypt and check the signature of every record, tombstones included.

        Returns:
            How many records were checked, and each one that failed.
        """
        problems: list[RecordProblem] = []
        checked = 0
        verify_key = self._keys.device_signing.verify_key
        with self._sessions() as session:
            for row in session.scalars(select(RecordRow)):
                checked += 1
                try:
                    verify_envelope(
                        verify_key,
                        row.signature,
                        self._address(row),
                        row.base_version,
                        row.deleted,
                        row.ciphertext or b"",
                    )
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


__all__ = ["Draft", "RecordProblem", "RecordStore"]
