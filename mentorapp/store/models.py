"""Tables of the local database. Only ids, versions, record types, flags and the
timestamps sync needs are in clear; everything else is ciphertext."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class RecordRow(Base):
    """One record's current version, sealed: exactly the envelope sync moves, plus the
    content key wrapped under the local data key. A tombstone has neither key nor
    ciphertext.

    ``server_version`` is the last version the service acknowledged (0: never);
    ``pending`` says this row holds a newer local version to push, based on it.
    ``hold`` keeps a pending row out of pushes until a person acts: ``conflict``
    or ``quarantine``.
    """

    __tablename__ = "records"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    record_type: Mapped[str] = mapped_column(String(32))
    format: Mapped[int] = mapped_column(Integer, default=2)
    version: Mapped[int] = mapped_column(Integer)
    base_version: Mapped[int] = mapped_column(Integer)
    author_device: Mapped[str] = mapped_column(String(36))
    org_id: Mapped[str] = mapped_column(String(64))
    owner_id: Mapped[str] = mapped_column(String(36), default="")
    addressed_to: Mapped[str | None] = mapped_column(String(36), nullable=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    content_key: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # JSON {recipient id: hex of the HPKE-sealed content key}; empty before joining.
    wrapped_keys: Mapped[str] = mapped_column(Text, default="{}")
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    server_version: Mapped[int] = mapped_column(Integer, default=0)
    pending: Mapped[bool] = mapped_column(Boolean, default=False)
    hold: Mapped[str] = mapped_column(String(16), default="")

    __table_args__ = (
        Index("ix_records_type_deleted", "record_type", "deleted"),
        Index("ix_records_pending", "pending"),
        Index("ix_records_outbox", "pending", "hold", "updated_at", "id"),
    )


class ManifestEntryRow(Base):
    """What this profile last wrote to one record row (id, type, owner, version,
    deleted), with a tag under a key derived from the data key. Updated in the same
    transaction as every write to ``records`` (see ``store/manifest.py``)."""

    __tablename__ = "record_manifest"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    record_type: Mapped[str] = mapped_column(String(32))
    owner_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean)
    tag: Mapped[bytes] = mapped_column(LargeBinary)


class ManifestTotalRow(Base):
    """The manifest's count and accumulator, sealed: one row, named "total"."""

    __tablename__ = "record_manifest_total"

    name: Mapped[str] = mapped_column(String(16), primary_key=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class RecordBaseRow(Base):
    """The last version the service acknowledged of a record edited here since,
    sealed: what a field-by-field merge compares both sides with."""

    __tablename__ = "record_bases"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class ConflictRow(Base):
    """Edits here and elsewhere that touched the same fields: both kept (sealed) until
    a person chooses."""

    __tablename__ = "sync_conflicts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    record_type: Mapped[str] = mapped_column(String(32))
    server_version: Mapped[int] = mapped_column(Integer)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class QuarantineRow(Base):
    """A local version the service refused, with its reason; kept out of pushes."""

    __tablename__ = "sync_quarantine"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    record_type: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class IncomingProblemRow(Base):
    """A version the service sent that this laptop did not store: refused (it failed a
    check) or held (signed by someone the directory cannot vouch for yet)."""

    __tablename__ = "sync_incoming_problems"

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # "refused" or "held"
    reason: Mapped[str] = mapped_column(String(500))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class SealedStateRow(Base):
    """Small sealed documents: membership, the verified key directory, a join in progress."""

    __tablename__ = "sealed_state"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class DraftRow(Base):
    """An unsaved form, sealed, so it survives locking and crashes."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class SnapshotRow(Base):
    """A sealed, derived view (the caseload as last computed), rebuilt after unlock."""

    __tablename__ = "snapshots"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class MetaRow(Base):
    """Non-sensitive facts about the profile (ids, sync cursor, last sync time)."""

    __tablename__ = "profile_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))
