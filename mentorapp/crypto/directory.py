"""Member certificates: the organisation's signing key vouches for a member's public keys.

A device pins the organisation key's fingerprint from its enrolment code, so a
certificate lets it trust the recipient and verify keys the server hands out
without trusting the server.
"""

from __future__ import annotations

import hashlib

from mentorapp.crypto.keys import SigningKey, VerifyKey


def certificate_message(
    org_id: str, user_id: str, role: str, recipient_public: bytes, verify_public: bytes
) -> bytes:
    return b"|".join(
        (
            b"mentorapp-member-v1",
            org_id.encode(),
            user_id.encode(),
            role.encode(),
            hashlib.sha256(recipient_public).digest(),
            hashlib.sha256(verify_public).digest(),
        )
    )


def certify_member(
    org_key: SigningKey,
    org_id: str,
    user_id: str,
    role: str,
    recipient_public: bytes,
    verify_public: bytes,
) -> bytes:
    return org_key.sign(certificate_message(org_id, user_id, role, recipient_public, verify_public))


def verify_member(
    org_verify: VerifyKey,
    certificate: bytes,
    org_id: str,
    user_id: str,
    role: str,
    recipient_public: bytes,
    verify_public: bytes,
) -> None:
    """Raise SignatureInvalid unless the organisation key signed exactly these keys."""
    org_verify.verify(
        certificate, certificate_message(org_id, user_id, role, recipient_public, verify_public)
    )
