"""Member certificates: the organisation's signing key vouches for a member's public keys.

A device pins the organisation key's fingerprint from its enrolment code, so a
certificate lets it trust the recipient and verify keys the server hands out
without trusting the server.
"""

from __future__ import annotations

import hashlib

from mentorapp.core import typable
from mentorapp.crypto.keys import SigningKey, VerifyKey

ORG_FPR_BYTES = 10  # 80 bits: 16 typable characters


def _org_digest(signing_public: bytes) -> bytes:
    return hashlib.sha256(b"mentorapp-org-fpr-v1|" + signing_public).digest()[:ORG_FPR_BYTES]


def org_fingerprint(signing_public: bytes) -> str:
    """The organisation key's fingerprint as carried in enrolment codes."""
    return typable.encode(_org_digest(signing_public))


def org_fingerprint_matches(text: str, signing_public: bytes) -> bool:
    """True when a typed fingerprint (case, dashes and look-alikes forgiven) is this key's."""
    return typable.decode(text, ORG_FPR_BYTES) == _org_digest(signing_public)


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
