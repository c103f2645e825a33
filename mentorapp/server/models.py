"""The server's tables. Record content exists here only as ciphertext."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # Public halves of the organisation's keys, made on its first supervisor's device.
    signing_public: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    review_public: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # The signing key's signature over the review key: a device refuses any other.
    keys_signature: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    retention_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Pull cursors carry this; a database restored or replaced gets a new epoch,
    # so old cursors ask for a resync instead of silently skipping changes.
    cursor_epoch: Mapped[str] = mapped_column(String(16))
    # Last sequence number handed out; its row is locked while a push assigns more.
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    name: Mapped[str] = mapped_column(String(200))

    __table_args__ = (UniqueConstraint("org_id", "name"),)


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    team_id: Mapped[str | None] = mapped_column(ForeignKey("teams.id"), nullable=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    recipient_public: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    verify_public: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # Organisation-key signature over this user's id, name, role and public keys.
    certificate: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # The organisation's review key, sealed (HPKE) to this supervisor's key, and the
    # organisation key's signature on that grant.
    review_key_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    review_grant: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # The person's private user keys sealed under a key from their passphrase
    # (Argon2id): the service cannot open it; their next laptop can.
    key_backup: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # Keys replaced by an admin's reset-keys, with their certificates (JSON list), so
    # records signed by the person's earlier laptops still verify.
    former_keys: Mapped[str | None] = mapped_column(Text, nullable=True)
    # A supervisor sees their assigned teams; the whole organisation only by this grant.
    org_wide: Mapped[bool] = mapped_column(Boolean, default=False)


class SupervisorTeam(Base):
    """A team a supervisor is assigned to (and so sees the records of)."""

    __tablename__ = "supervisor_teams"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), primary_key=True)


class EnrolmentCode(Base):
    __tablename__ = "enrolment_codes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    bootstraps_org: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    spent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Set when spent: a retry presenting the same device keys gets the same reply.
    device_keys_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reply: Mapped[str | None] = mapped_column(Text, nullable=True)


class Device(Base):
    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    credential_hash: Mapped[str] = mapped_column(String(64))
    verify_public: Mapped[bytes] = mapped_column(LargeBinary)
    recipient_public: Mapped[bytes] = mapped_column(LargeBinary)
    label: Mapped[str] = mapped_column(String(200), default="")
    # The person's user-key signature over this device's id and keys; a device may
    # push only once its certificate is in.
    certificate: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_seen: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Envelope(Base):
    """The current version of one record: ciphertext, wrapped keys and signature."""

    __tablename__ = "envelopes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    owner_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    addressed_to: Mapped[str | None] = mapped_column(String(36), nullable=True)
    record_type: Mapped[str] = mapped_column(String(32))
    format: Mapped[int] = mapped_column(Integer, default=2)
    version: Mapped[int] = mapped_column(Integer)
    base_version: Mapped[int] = mapped_column(Integer)
    author_device: Mapped[str] = mapped_column(String(36))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    purged: Mapped[bool] = mapped_column(Boolean, default=False)
    ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    wrapped_keys: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON
    signature: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    digest: Mapped[str] = mapped_column(String(64))  # identifies an identical resend
    seq: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_envelopes_org_seq", "org_id", "seq"),
        Index("ix_envelopes_owner", "owner_id"),
    )


class AuditEntry(Base):
    """Append-only: database triggers refuse updates, deletes, replaces and (PostgreSQL)
    truncation. Each entry also carries a hash chained through its chain's earlier
    entries (one chain per organisation, one for entries with none), so a row removed
    or edited by someone who can get past the triggers is still found by
    ``mentorapp-admin audit --verify``."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    org_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    user_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text)  # JSON: ids, counts; never content
    # The organisation id, or "" for entries that belong to none.
    chain: Mapped[str] = mapped_column(String(36))
    # 1, 2, 3... within the chain; a gap is a removed entry.
    chain_seq: Mapped[int] = mapped_column(BigInteger)
    # SHA-256 (hex) of the previous entry's hash and this entry's canonical content.
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ux_audit_log_chain_seq", "chain", "chain_seq", unique=True),)


class AuditChain(Base):
    """The newest entry of each audit chain: its row is locked while an entry is
    appended, so concurrent requests cannot fork the chain, and it shows entries cut
    off the end of the log."""

    __tablename__ = "audit_chains"

    chain: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
