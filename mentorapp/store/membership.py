"""This profile's membership of an organisation, sealed under the data key.

Everything about it is sealed: the service's address (an edited address would
send the credential elsewhere), the organisation's fingerprint from the
enrolment code (the root of trust), ids, role, the device credential, this
device's own keys, the person's user keys, and, on a supervisor's laptop, the
review key and (first supervisor only) the organisation's private keys.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from mentorapp.crypto import KeyPairs, OrgKeys, RecipientKeyPair, RecipientPublicKey
from mentorapp.crypto.records import review_recipient_id, user_recipient_id

MEMBERSHIP = "membership"
JOINING = "join-in-progress"
KEY_BACKUP_PENDING = "key-backup-pending"

JOINED = "joined"
REVOKED = "revoked"  # the service refused this device: it must not sync again
NEEDS_NEW_DEVICE = "needs-new-device"  # restored from a backup: a laptop is never cloned


@dataclass(frozen=True, kw_only=True)
class Membership:
    server_url: str
    org_id: str
    org_name: str
    org_fingerprint: str
    org_signing_public: bytes
    org_review_public: bytes
    org_keys_signature: bytes
    user_id: str
    user_name: str
    role: str
    device_id: str
    credential: str
    device_keys: KeyPairs | None
    user_keys: KeyPairs
    org_keys: OrgKeys | None = None
    review_key: RecipientKeyPair | None = None
    status: str = JOINED
    joined_at: str = field(
        default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    )
    device_label: str = ""  # the name given to this laptop when it joined
    # Device ids this profile signed with before (its pre-join key, a dropped device):
    # its own records stay verifiable.
    former_devices: dict[str, str] = field(default_factory=dict)

    @property
    def can_sync(self) -> bool:
        return self.status == JOINED and self.device_keys is not None

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"

    def recipients(self) -> dict[str, RecipientPublicKey]:
        """Whom this person's new versions are sealed to: themselves (any of their
        laptops) and the organisation's review key (its supervisors)."""
        return {
            user_recipient_id(self.user_id): self.user_keys.recipient.public,
            review_recipient_id(self.org_id): RecipientPublicKey(self.org_review_public),
        }

    def without_device(self, status: str) -> Membership:
        former = dict(self.former_devices)
        if self.device_keys is not None:
            former[self.device_id] = self.device_keys.verify_public.hex()
        return replace(self, device_keys=None, credential="", status=status, former_devices=former)

    def to_json(self) -> dict[str, Any]:
        return {
            "server_url": self.server_url,
            "org_id": self.org_id,
            "org_name": self.org_name,
            "org_fingerprint": self.org_fingerprint,
            "org_signing_public": self.org_signing_public.hex(),
            "org_review_public": self.org_review_public.hex(),
            "org_keys_signature": self.org_keys_signature.hex(),
            "user_id": self.user_id,
            "user_name": self.user_name,
            "role": self.role,
            "device_id": self.device_id,
            "device_label": self.device_label,
            "credential": self.credential,
            "device_keys": self.device_keys.to_json() if self.device_keys else None,
            "user_keys": self.user_keys.to_json(),
            "org_keys": self.org_keys.to_json() if self.org_keys else None,
            "review_key": self.review_key.secret().hex() if self.review_key else None,
            "status": self.status,
            "joined_at": self.joined_at,
            "former_devices": self.former_devices,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Membership:
        return cls(
            server_url=raw["server_url"],
            org_id=raw["org_id"],
            org_name=raw["org_name"],
            org_fingerprint=raw["org_fingerprint"],
            org_signing_public=bytes.fromhex(raw["org_signing_public"]),
            org_review_public=bytes.fromhex(raw["org_review_public"]),
            org_keys_signature=bytes.fromhex(raw["org_keys_signature"]),
            user_id=raw["user_id"],
            user_name=raw.get("user_name", ""),
            role=raw["role"],
            device_id=raw["device_id"],
            device_label=raw.get("device_label", ""),
            credential=raw["credential"],
            device_keys=KeyPairs.from_json(raw["device_keys"]) if raw["device_keys"] else None,
            user_keys=KeyPairs.from_json(raw["user_keys"]),
            org_keys=OrgKeys.from_json(raw["org_keys"]) if raw.get("org_keys") else None,
            review_key=(
                RecipientKeyPair.from_secret(bytes.fromhex(raw["review_key"]))
                if raw.get("review_key")
                else None
            ),
            status=raw.get("status", JOINED),
            joined_at=raw.get("joined_at", ""),
            former_devices=dict(raw.get("former_devices", {})),
        )
