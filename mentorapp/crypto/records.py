"""Sealing records: a fresh content key for every version, AES-256-GCM, signed envelopes.

Each version of a record gets its own random content key. The key is wrapped
under the local data key (so reading needs no public-key operation) and sealed
with HPKE to each recipient (the author's user key, the organisation's review
key, an addressee), bound to that version: a supervisor who leaves or a revoked
laptop holds no key to anything written after.

Associated data binds format, record type, id, version, author device and
organisation: a ciphertext moved to another row, put back under an older or
newer version, or flipped by one byte fails to open.

Format 1 (profiles made before sync existed) kept one content key per record;
those rows still open, and are re-sealed as format 2 when they first sync.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mentorapp.crypto.errors import IntegrityError
from mentorapp.crypto.keys import (
    NONCE_BYTES,
    RecipientKeyPair,
    RecipientPublicKey,
    SigningKey,
    VerifyKey,
    aead_open,
    aead_seal,
    random_key,
)

RECORD_FORMAT = 2
ENVELOPE_FORMAT = 2
FORMATS = (1, 2)


@dataclass(frozen=True, kw_only=True)
class RecordAddress:
    """What one version's ciphertext is bound to."""

    record_type: str
    record_id: str
    version: int
    author_device: str
    org_id: str
    format: int = RECORD_FORMAT

    def aad(self) -> bytes:
        return record_aad(
            self.record_type,
            self.record_id,
            self.version,
            self.author_device,
            self.org_id,
            self.format,
        )

    def key_aad(self) -> bytes:
        return content_key_aad(
            self.record_type,
            self.record_id,
            self.version,
            self.author_device,
            self.org_id,
            self.format,
        )


def record_aad(
    record_type: str,
    record_id: str,
    version: int,
    author_device: str,
    org_id: str,
    fmt: int = RECORD_FORMAT,
) -> bytes:
    """Associated data of one version of a record."""
    return (
        f"mentorapp-rec-v{fmt}|{record_type}|{record_id}|{version}|{author_device}|{org_id}"
    ).encode()


def content_key_aad(
    record_type: str,
    record_id: str,
    version: int,
    author_device: str,
    org_id: str,
    fmt: int = RECORD_FORMAT,
) -> bytes:
    """Associated data of a wrapped content key: in format 2, the whole version."""
    if fmt == 1:
        return f"mentorapp-ck-v1|{record_type}|{record_id}".encode()
    return (
        f"mentorapp-ck-v{fmt}|{record_type}|{record_id}|{version}|{author_device}|{org_id}"
    ).encode()


def wrap_info(recipient_id: str, address: RecordAddress) -> bytes:
    """HPKE ``info`` for a content key sealed to one recipient of one version."""
    return b"mentorapp-wrap-v2|" + recipient_id.encode() + b"|" + address.key_aad()


@dataclass(frozen=True, kw_only=True)
class SealedRecord:
    """One sealed version: the key wrapped locally, the ciphertext, and the key sealed
    to each recipient (empty for a record that has not been shared)."""

    content_key_wrapped: bytes
    ciphertext: bytes
    wrapped_keys: dict[str, bytes] = field(default_factory=dict)


class RecordCipher:
    """Seals and opens records under one profile's data key."""

    def __init__(self, data_key: bytes) -> None:
        self._data_key = data_key
        self._kek = AESGCM(data_key)

    def content_key(self, address: RecordAddress, wrapped: bytes) -> bytes:
        return aead_open(self._data_key, wrapped, address.key_aad())

    def wrap_locally(self, address: RecordAddress, content_key: bytes) -> bytes:
        """Keep a content key under the data key, bound to its version."""
        return aead_seal(self._data_key, content_key, address.key_aad())

    def seal(
        self,
        address: RecordAddress,
        plaintext: bytes,
        recipients: Mapping[str, RecipientPublicKey] | None = None,
    ) -> SealedRecord:
        """Encrypt one version under a fresh content key, sealed to each recipient."""
        if address.format != RECORD_FORMAT:
            raise IntegrityError(f"records are sealed as format {RECORD_FORMAT} only")
        key = random_key()
        return SealedRecord(
            content_key_wrapped=self.wrap_locally(address, key),
            ciphertext=aead_seal(key, plaintext, address.aad()),
            wrapped_keys={
                rid: public.seal(key, wrap_info(rid, address))
                for rid, public in (recipients or {}).items()
            },
        )

    def open(self, address: RecordAddress, sealed: SealedRecord) -> bytes:
        """Decrypt, or raise IntegrityError if anything about it is not as bound."""
        key = self.content_key(address, sealed.content_key_wrapped)
        return aead_open(key, sealed.ciphertext, address.aad())

    def open_row(
        self,
        record_type: str,
        record_id: str,
        version: int,
        author_device: str,
        org_id: str,
        wrapped: bytes,
        ciphertext: bytes,
        fmt: int = RECORD_FORMAT,
    ) -> bytes:
        """:meth:`open` for bulk reads (unlock, search index): same checks, no objects
        built per row, the data key's cipher reused."""
        ck_aad = content_key_aad(record_type, record_id, version, author_device, org_id, fmt)
        aad = record_aad(record_type, record_id, version, author_device, org_id, fmt)
        try:
            key = self._kek.decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], ck_aad)
            return AESGCM(key).decrypt(ciphertext[:NONCE_BYTES], ciphertext[NONCE_BYTES:], aad)
        except (InvalidTag, ValueError):
            raise IntegrityError("ciphertext does not authenticate") from None

    def receive(
        self,
        address: RecordAddress,
        recipient_id: str,
        recipient: RecipientKeyPair,
        sealed_key: bytes,
        ciphertext: bytes,
    ) -> tuple[bytes, bytes]:
        """Open a version someone shared with us: unseal its content key with our
        recipient key, decrypt (which checks it), and wrap the key locally.

        Returns:
            The locally wrapped content key and the plaintext.
        """
        key = recipient.open(sealed_key, wrap_info(recipient_id, address))
        plaintext = aead_open(key, ciphertext, address.aad())
        return self.wrap_locally(address, key), plaintext


# --- envelopes -------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class EnvelopeFields:
    """Everything about a record version that the server stores or routes on."""

    record_type: str
    record_id: str
    version: int
    base_version: int
    deleted: bool
    author_device: str
    org_id: str
    owner_id: str
    addressed_to: str | None
    wrapped_keys: Mapping[str, bytes]
    ciphertext: bytes
    format: int = ENVELOPE_FORMAT

    @property
    def address(self) -> RecordAddress:
        return RecordAddress(
            record_type=self.record_type,
            record_id=self.record_id,
            version=self.version,
            author_device=self.author_device,
            org_id=self.org_id,
            format=self.format,
        )

    def digest(self) -> bytes:
        """What a device signs (format 2): every field above, length-prefixed, with
        each recipient id and a hash of the key sealed to it."""
        if self.format != ENVELOPE_FORMAT:
            raise IntegrityError(f"unknown envelope format {self.format}")
        h = hashlib.sha256()
        h.update(b"mentorapp-envelope-v2")

        def text(value: str) -> None:
            encoded = value.encode("utf-8")
            h.update(struct.pack(">I", len(encoded)) + encoded)

        for part in (
            self.record_type,
            self.record_id,
            self.author_device,
            self.org_id,
            self.owner_id,
            self.addressed_to or "",
        ):
            text(part)
        h.update(
            struct.pack(
                ">QQ??", self.version, self.base_version, self.deleted, bool(self.addressed_to)
            )
        )
        h.update(struct.pack(">I", len(self.wrapped_keys)))
        for rid in sorted(self.wrapped_keys):
            text(rid)
            h.update(hashlib.sha256(self.wrapped_keys[rid]).digest())
        h.update(hashlib.sha256(self.ciphertext).digest())
        return h.digest()


def sign_envelope(key: SigningKey, fields: EnvelopeFields) -> bytes:
    return key.sign(fields.digest())


def verify_envelope(key: VerifyKey, signature: bytes, fields: EnvelopeFields) -> None:
    """Raise SignatureInvalid unless ``key`` signed exactly these fields."""
    key.verify(signature, fields.digest())


def legacy_digest(
    address: RecordAddress, base_version: int, deleted: bool, ciphertext: bytes
) -> bytes:
    """What format-1 rows (never synced) were signed over; read-only support."""
    h = hashlib.sha256()
    h.update(b"mentorapp-envelope-v1")
    for part in (address.record_type, address.record_id, address.author_device, address.org_id):
        encoded = part.encode("utf-8")
        h.update(struct.pack(">I", len(encoded)) + encoded)
    h.update(struct.pack(">QQ?", address.version, base_version, deleted))
    h.update(hashlib.sha256(ciphertext).digest())
    return h.digest()


# --- recipients --------------------------------------------------------------------------


def user_recipient_id(user_id: str) -> str:
    """The recipient id of a person's user key in ``wrapped_keys``."""
    return f"user:{user_id}"


def review_recipient_id(org_id: str) -> str:
    """The recipient id of the organisation's review key (its supervisors)."""
    return f"review:{org_id}"
