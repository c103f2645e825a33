"""Key pairs and public-key operations: HPKE sealing to recipients, Ed25519 signatures.

Recipients' keys use the hybrid ML-KEM-768 + X25519 KEM (RFC 9180 HPKE with
AES-256-GCM): justice records are kept for years, so they are protected against
a future quantum attacker as well as today's.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, hpke, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, mlkem, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from mentorapp.crypto.errors import IntegrityError, SignatureInvalid

KEY_BYTES = 32
NONCE_BYTES = 12
_SUITE = hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw
_NO_ENC = serialization.NoEncryption()
_MLKEM_SEED = 64
_MLKEM_PUB = 1184


def random_key() -> bytes:
    """A fresh 256-bit symmetric key."""
    return AESGCM.generate_key(bit_length=256)


def fingerprint(public_bytes: bytes) -> str:
    """Short, human-comparable fingerprint of a public key (SHA-256, 20 bytes, grouped hex)."""
    digest = hashlib.sha256(b"mentorapp-fpr-v1|" + public_bytes).hexdigest()[:40]
    return " ".join(digest[i : i + 4] for i in range(0, 40, 4))


def derive_subkey(key: bytes, label: str, salt: bytes | None = None) -> bytes:
    """A separate 256-bit key for one purpose, derived from ``key`` with HKDF-SHA256."""
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=b"mentorapp|" + label.encode()
    ).derive(key)


def aead_seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-256-GCM with a random 96-bit nonce; returns nonce || ciphertext || tag."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def aead_open(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    """Open what :func:`aead_seal` made; raises IntegrityError on any mismatch."""
    if len(sealed) < NONCE_BYTES + 16:
        raise IntegrityError("ciphertext is truncated")
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except InvalidTag:
        raise IntegrityError("ciphertext does not authenticate") from None


@dataclass(frozen=True)
class RecipientPublicKey:
    """A recipient's public key for HPKE (ML-KEM-768 || X25519, raw bytes)."""

    raw: bytes

    def _key(self) -> hpke.MLKEM768X25519PublicKey:
        if len(self.raw) != _MLKEM_PUB + 32:
            raise IntegrityError("not a recipient public key")
        return hpke.MLKEM768X25519PublicKey(
            mlkem.MLKEM768PublicKey.from_public_bytes(self.raw[:_MLKEM_PUB]),
            x25519.X25519PublicKey.from_public_bytes(self.raw[_MLKEM_PUB:]),
        )

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.raw)

    def check(self) -> None:
        """Raise ValueError (or IntegrityError) unless these bytes are a usable key."""
        self._key()

    def seal(self, plaintext: bytes, info: bytes) -> bytes:
        """HPKE base-mode single-shot encryption to this recipient, bound to ``info``."""
        return _SUITE.encrypt(plaintext, self._key(), info=info)


class RecipientKeyPair:
    """A private key that can open what was sealed to its public half."""

    def __init__(self, mlkem_seed: bytes, x25519_raw: bytes) -> None:
        self._mlkem = mlkem.MLKEM768PrivateKey.from_seed_bytes(mlkem_seed)
        self._x25519 = x25519.X25519PrivateKey.from_private_bytes(x25519_raw)
        self._private = hpke.MLKEM768X25519PrivateKey(self._mlkem, self._x25519)
        self.public = RecipientPublicKey(
            self._mlkem.public_key().public_bytes(_RAW, _RAW_PUB)
            + self._x25519.public_key().public_bytes(_RAW, _RAW_PUB)
        )

    @classmethod
    def generate(cls) -> RecipientKeyPair:
        return cls(os.urandom(_MLKEM_SEED), os.urandom(32))

    @classmethod
    def from_secret(cls, secret: bytes) -> RecipientKeyPair:
        if len(secret) != _MLKEM_SEED + 32:
            raise IntegrityError("not a recipient private key")
        return cls(secret[:_MLKEM_SEED], secret[_MLKEM_SEED:])

    def secret(self) -> bytes:
        return self._mlkem.private_bytes_raw() + self._x25519.private_bytes(
            _RAW, _RAW_PRIV, _NO_ENC
        )

    def open(self, sealed: bytes, info: bytes) -> bytes:
        try:
            return _SUITE.decrypt(sealed, self._private, info=info)
        except (InvalidTag, ValueError):
            raise IntegrityError("sealed key does not open for this recipient") from None


@dataclass(frozen=True)
class VerifyKey:
    raw: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.raw)

    def check(self) -> None:
        """Raise ValueError unless these bytes are an Ed25519 public key."""
        ed25519.Ed25519PublicKey.from_public_bytes(self.raw)

    def verify(self, signature: bytes, message: bytes) -> None:
        try:
            ed25519.Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, message)
        except (InvalidSignature, ValueError):
            raise SignatureInvalid("signature does not match") from None


class SigningKey:
    """An Ed25519 signing key (a device's or an organisation's)."""

    def __init__(self, raw: bytes) -> None:
        self._key = ed25519.Ed25519PrivateKey.from_private_bytes(raw)
        self.verify_key = VerifyKey(self._key.public_key().public_bytes(_RAW, _RAW_PUB))

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(os.urandom(32))

    def secret(self) -> bytes:
        return self._key.private_bytes(_RAW, _RAW_PRIV, _NO_ENC)

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)
