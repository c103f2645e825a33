"""Sealing records: a random content key per record, AES-256-GCM, signed envelopes.

A record's content key is wrapped under the local data key (so reading needs no
public-key operation) and can additionally be sealed to recipients with HPKE
(the author's user key, the organisation's review key) so it can be shared with
supervisors without re-encrypting the record.

Associated data binds format, record type, id, version, author device and
organisation: a ciphertext moved to another row, put back under an older or
newer version, or flipped by one byte fails to open.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

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

RECORD_FORMAT = 1


@dataclass(frozen=True, kw_only=True)
class RecordAddress:
    """What a ciphertext is bound to."""

    record_type: str
    record_id: str
    version: int
    author_device: str
    org_id: str

    def aad(self) -> bytes:
        return record_aad(
            self.record_type, self.record_id, self.version, self.author_device, self.org_id
        )

    def key_aad(self) -> bytes:
        return content_key_aad(self.record_type, self.record_id)


def record_aad(
    record_type: str, record_id: str, version: int, author_device: str, org_id: str
) -> bytes:
    """Associated data of one version of a record."""
    return (
        f"mentorapp-rec-v{RECORD_FORMAT}|{record_type}|{record_id}|{version}|"
        f"{author_device}|{org_id}"
    ).encode()


def content_key_aad(record_type: str, record_id: str) -> bytes:
    # The content key belongs to the record, not to one version of it.
    return f"mentorapp-ck-v{RECORD_FORMAT}|{record_type}|{record_id}".encode()


@dataclass(frozen=True, kw_only=True)
class SealedRecord:
    content_key_wrapped: bytes
    ciphertext: bytes


class RecordCipher:
    """Seals and opens records under one profile's data key."""

    def __init__(self, data_key: bytes) -> None:
        self._data_key = data_key
        self._kek = AESGCM(data_key)

    def new_content_key(self, address: RecordAddress) -> bytes:
        """A fresh content key, wrapped under the data key for this record."""
        return aead_seal(self._data_key, random_key(), address.key_aad())

    def content_key(self, address: RecordAddress, wrapped: bytes) -> bytes:
        return aead_open(self._data_key, wrapped, address.key_aad())

    def seal(
        self, address: RecordAddress, plaintext: bytes, wrapped_key: bytes | None = None
    ) -> SealedRecord:
        """Encrypt one version of a record, reusing its content key if it has one."""
        wrapped = wrapped_key or self.new_content_key(address)
        key = self.content_key(address, wrapped)
        return SealedRecord(
            content_key_wrapped=wrapped, ciphertext=aead_seal(key, plaintext, address.aad())
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
    ) -> bytes:
        """:meth:`open` for bulk reads (unlock, search index): same checks, no objects
        built per row, the data key's cipher reused."""
        ck_aad = content_key_aad(record_type, record_id)
        aad = record_aad(record_type, record_id, version, author_device, org_id)
        try:
            key = self._kek.decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], ck_aad)
            return AESGCM(key).decrypt(ciphertext[:NONCE_BYTES], ciphertext[NONCE_BYTES:], aad)
        except (InvalidTag, ValueError):
            raise IntegrityError("ciphertext does not authenticate") from None


def seal_content_key_to(
    recipient: RecipientPublicKey, content_key: bytes, address: RecordAddress
) -> bytes:
    """Wrap a record's content key for a recipient (HPKE, bound to the record)."""
    return recipient.seal(content_key, info=address.key_aad())


def open_content_key(recipient: RecipientKeyPair, sealed: bytes, address: RecordAddress) -> bytes:
    return recipient.open(sealed, info=address.key_aad())


def envelope_digest(
    address: RecordAddress, base_version: int, deleted: bool, ciphertext: bytes
) -> bytes:
    """What a device signs: every field of the envelope the server can see."""
    h = hashlib.sha256()
    h.update(b"mentorapp-envelope-v1")
    for part in (
        address.record_type,
        address.record_id,
        address.author_device,
        address.org_id,
    ):
        encoded = part.encode("utf-8")
        h.update(struct.pack(">I", len(encoded)) + encoded)
    h.update(struct.pack(">QQ?", address.version, base_version, deleted))
    h.update(hashlib.sha256(ciphertext).digest())
    return h.digest()


def sign_envelope(
    key: SigningKey, address: RecordAddress, base_version: int, deleted: bool, ciphertext: bytes
) -> bytes:
    return key.sign(envelope_digest(address, base_version, deleted, ciphertext))


def verify_envelope(
    key: VerifyKey,
    signature: bytes,
    address: RecordAddress,
    base_version: int,
    deleted: bool,
    ciphertext: bytes,
) -> None:
    key.verify(signature, envelope_digest(address, base_version, deleted, ciphertext))
