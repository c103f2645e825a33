"""Key pairs a person, a device and an organisation hold, and the key backup that
lets a person's new laptop get their keys back.

* A person's user keys (signing + recipient) are made on their first laptop.
  They travel to a later laptop only inside a *key backup*: sealed with
  AES-256-GCM under a key derived from their passphrase by Argon2id (own salt,
  parameters in the backup and bound as associated data), stored by the
  service, which cannot open it (the Bitwarden design).
* Every laptop has its own device keys, never copied anywhere.
* The organisation's keys live on its first supervisor's laptop.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from mentorapp.crypto.errors import IntegrityError, VaultDamaged, WrongPassphrase
from mentorapp.crypto.keys import RecipientKeyPair, SigningKey, aead_open, aead_seal
from mentorapp.crypto.vault import SALT_BYTES, KdfParams


@dataclass(frozen=True)
class KeyPairs:
    """A signing key and a recipient key: what a person or a device holds."""

    signing: SigningKey
    recipient: RecipientKeyPair

    @classmethod
    def generate(cls) -> KeyPairs:
        return cls(SigningKey.generate(), RecipientKeyPair.generate())

    def to_json(self) -> dict[str, str]:
        return {"signing": self.signing.secret().hex(), "recipient": self.recipient.secret().hex()}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> KeyPairs:
        try:
            return cls(
                SigningKey(bytes.fromhex(raw["signing"])),
                RecipientKeyPair.from_secret(bytes.fromhex(raw["recipient"])),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise IntegrityError(f"keys are not in the expected form ({exc})") from exc

    @property
    def verify_public(self) -> bytes:
        return self.signing.verify_key.raw

    @property
    def recipient_public(self) -> bytes:
        return self.recipient.public.raw


@dataclass(frozen=True)
class OrgKeys:
    """The organisation's private keys: held by its first supervisor's laptop only."""

    signing: SigningKey
    review: RecipientKeyPair

    @classmethod
    def generate(cls) -> OrgKeys:
        return cls(SigningKey.generate(), RecipientKeyPair.generate())

    def to_json(self) -> dict[str, str]:
        return {"signing": self.signing.secret().hex(), "review": self.review.secret().hex()}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> OrgKeys:
        try:
            return cls(
                SigningKey(bytes.fromhex(raw["signing"])),
                RecipientKeyPair.from_secret(bytes.fromhex(raw["review"])),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise IntegrityError(f"organisation keys are not in the expected form ({exc})") from exc


# --- key backup -----------------------------------------------------------------------------

KEY_BACKUP_FORMAT = 1


def _backup_aad(org_id: str, user_id: str, kdf: dict[str, Any]) -> bytes:
    header = json.dumps(
        {"format": KEY_BACKUP_FORMAT, "org_id": org_id, "user_id": user_id, "kdf": kdf},
        sort_keys=True,
        separators=(",", ":"),
    )
    return b"mentorapp-key-backup-v1|" + header.encode()


def seal_key_backup(
    passphrase: str, keys: KeyPairs, org_id: str, user_id: str, kdf: KdfParams
) -> bytes:
    """The person's user keys under their passphrase, for the service to keep."""
    kdf = KdfParams(
        salt=os.urandom(SALT_BYTES),
        memory_kib=kdf.memory_kib,
        iterations=kdf.iterations,
        lanes=kdf.lanes,
    )
    kdf.check_bounds()
    kdf_json = kdf.to_json()
    sealed = aead_seal(
        kdf.derive(passphrase),
        json.dumps(keys.to_json()).encode(),
        _backup_aad(org_id, user_id, kdf_json),
    )
    return json.dumps(
        {"format": KEY_BACKUP_FORMAT, "kdf": kdf_json, "sealed": sealed.hex()}
    ).encode()


def open_key_backup(blob: bytes, passphrase: str, org_id: str, user_id: str) -> KeyPairs:
    """The user keys from a key backup; WrongPassphrase if the passphrase does not open it.

    The Argon2id parameters come from the blob (the service could weaken them), so
    the floor is checked before any work is done, as for the vault.
    """
    try:
        raw = json.loads(blob)
        if raw.get("format") != KEY_BACKUP_FORMAT:
            raise VaultDamaged("The key backup is in a format this version does not know.")
        kdf = KdfParams.from_json(raw["kdf"])
        sealed = bytes.fromhex(raw["sealed"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise VaultDamaged(f"The key backup is damaged ({exc}).") from exc
    kdf.check_bounds()
    try:
        plain = aead_open(kdf.derive(passphrase), sealed, _backup_aad(org_id, user_id, raw["kdf"]))
    except IntegrityError:
        raise WrongPassphrase() from None
    return KeyPairs.from_json(json.loads(plain))
