"""A bare device for server tests: real keys and real signatures over protocol v2,
without a profile, so a test can send exactly the envelope it wants (including
wrong ones)."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from mentorapp.crypto import EnvelopeFields, KeyPairs, OrgKeys, sign_envelope
from mentorapp.crypto.directory import (
    certify_device,
    certify_member,
    seal_review_key,
    sign_org_keys,
)
from mentorapp.sync.client import ServiceClient, b64

FAST = {"timeout": 30.0}


@dataclass
class RawIdentity:
    """A device's own keys and its person's user keys."""

    device: KeyPairs = field(default_factory=KeyPairs.generate)
    user: KeyPairs = field(default_factory=KeyPairs.generate)


class RawClient(ServiceClient):
    """ServiceClient plus the shapes server tests like: results lists, whole pulls."""

    def __init__(self, base_url: str, token: str | None = None) -> None:
        from mentorapp.sync.client import RetryPolicy

        super().__init__(base_url, token, retry=RetryPolicy(attempts=1))

    def enrol_as(self, code: str, identity: RawIdentity, label: str = "") -> dict[str, Any]:
        """Enrol and open the sealed credential; the client then holds it."""
        reply: dict[str, Any] = self.enrol(
            code, identity.device.verify_public, identity.device.recipient_public, label
        )
        sealed = base64.b64decode(reply["sealed_credential"])
        self.token = identity.device.recipient.open(
            sealed, b"mentorapp-enrol-v1|" + reply["device_id"].encode()
        ).decode()
        return reply

    def complete_as(
        self, reply: dict[str, Any], identity: RawIdentity, send_user_keys: bool = True
    ) -> None:
        body: dict[str, Any] = {
            "device_certificate": b64(
                certify_device(
                    identity.user.signing,
                    reply["org_id"],
                    reply["user_id"],
                    reply["device_id"],
                    identity.device.verify_public,
                    identity.device.recipient_public,
                )
            ),
            "key_backup": b64(b'{"format": 1, "opaque": "test"}'),
        }
        if send_user_keys:
            body["user_keys"] = {
                "recipient_public": b64(identity.user.recipient_public),
                "verify_public": b64(identity.user.verify_public),
            }
        self.complete_enrolment(body)

    def set_up_org(self, reply: dict[str, Any], identity: RawIdentity, org: OrgKeys) -> None:
        org_id, user_id = reply["org_id"], reply["user_id"]
        certificate = certify_member(
            org.signing,
            org_id,
            user_id,
            reply["user_name"],
            reply["role"],
            identity.user.recipient_public,
            identity.user.verify_public,
        )
        sealed, grant = seal_review_key(
            org.signing, org.review, org_id, user_id, identity.user.recipient.public
        )
        self.set_org_keys(
            {
                "signing_public": b64(org.signing.verify_key.raw),
                "review_public": b64(org.review.public.raw),
                "signature": b64(sign_org_keys(org.signing, org_id, org.review.public.raw)),
                "certificate": b64(certificate),
                "review_sealed": b64(sealed),
                "review_signature": b64(grant),
            }
        )

    def push(self, envelopes: list[dict[str, Any]]) -> Any:  # type: ignore[override]
        return super().push(envelopes)["results"]

    def pull(self, cursor: str | None = None, limit: int = 500) -> Any:  # type: ignore[override]
        return super().pull(cursor, limit)

    def pull_all(
        self, cursor: str | None = None, limit: int = 500
    ) -> tuple[list[dict[str, Any]], str | None]:
        changes: list[dict[str, Any]] = []
        while True:
            page = self.pull(cursor, limit)
            changes.extend(page["changes"])
            cursor = page["cursor"]
            if not page["more"]:
                return changes, cursor

    def keys(self) -> Any:
        return self.directory()


def envelope(
    device_id: str,
    device: KeyPairs,
    org_id: str,
    owner_id: str,
    record_type: str,
    record_id: str,
    version: int,
    ciphertext: bytes,
    *,
    base_version: int | None = None,
    deleted: bool = False,
    wrapped_keys: dict[str, bytes] | None = None,
    addressed_to: str | None = None,
) -> dict[str, Any]:
    """A signed v2 envelope ready to push (the ciphertext is whatever the test says)."""
    base = version - 1 if base_version is None else base_version
    fields = EnvelopeFields(
        record_type=record_type,
        record_id=record_id,
        version=version,
        base_version=base,
        deleted=deleted,
        author_device=device_id,
        org_id=org_id,
        owner_id=owner_id,
        addressed_to=addressed_to,
        wrapped_keys=wrapped_keys or {},
        ciphertext=ciphertext,
    )
    return {
        "format": 2,
        "id": record_id,
        "record_type": record_type,
        "version": version,
        "base_version": base,
        "deleted": deleted,
        "owner_id": owner_id,
        "addressed_to": addressed_to,
        "author_device": device_id,
        "ciphertext": b64(ciphertext),
        "wrapped_keys": {k: b64(v) for k, v in (wrapped_keys or {}).items()},
        "signature": b64(sign_envelope(device.signing, fields)),
    }
