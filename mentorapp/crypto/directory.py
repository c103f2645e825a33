"""The organisation's chain of identity: organisation key -> member -> device.

* The organisation's signing key (made on its first supervisor's laptop) is the
  root. Its fingerprint travels in every enrolment code, and a laptop trusts no
  other organisation key.
* It signs its own review key (so a server cannot substitute one), a certificate
  for each member's user keys (id, name, role), and each review-key grant
  (the review key sealed to one supervisor).
* A member's user signing key certifies each of that member's devices.

Every message starts with a distinct label, so no signature can be replayed as
another kind.
"""

from __future__ import annotations

import hashlib

from mentorapp.core import typable
from mentorapp.crypto.errors import IntegrityError
from mentorapp.crypto.keys import RecipientKeyPair, RecipientPublicKey, SigningKey, VerifyKey

ORG_FPR_BYTES = 10  # 80 bits: 16 typable characters


def _org_digest(signing_public: bytes) -> bytes:
    return hashlib.sha256(b"mentorapp-org-fpr-v1|" + signing_public).digest()[:ORG_FPR_BYTES]


def org_fingerprint(signing_public: bytes) -> str:
    """The organisation key's fingerprint as carried in enrolment codes."""
    return typable.encode(_org_digest(signing_public))


def org_fingerprint_matches(text: str, signing_public: bytes) -> bool:
    """True when a typed fingerprint (case, dashes and look-alikes forgiven) is this key's."""
    return typable.decode(text, ORG_FPR_BYTES) == _org_digest(signing_public)


def parse_org_fingerprint(text: str) -> str | None:
    """The canonical form of a typed fingerprint, or None if it is not one."""
    raw = typable.decode(text, ORG_FPR_BYTES)
    return typable.encode(raw) if raw is not None else None


def _message(label: bytes, *parts: str | bytes) -> bytes:
    out = [label]
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else hashlib.sha256(part).digest()
        out.append(len(data).to_bytes(4, "big") + data)
    return b"".join(out)


# --- the organisation's own keys ---------------------------------------------------


def org_keys_message(org_id: str, signing_public: bytes, review_public: bytes) -> bytes:
    return _message(b"mentorapp-org-keys-v1", org_id, signing_public, review_public)


def sign_org_keys(org_key: SigningKey, org_id: str, review_public: bytes) -> bytes:
    return org_key.sign(org_keys_message(org_id, org_key.verify_key.raw, review_public))


def verify_org_keys(
    org_verify: VerifyKey, signature: bytes, org_id: str, review_public: bytes
) -> None:
    """Raise SignatureInvalid unless the organisation key vouches for this review key."""
    org_verify.verify(signature, org_keys_message(org_id, org_verify.raw, review_public))


# --- members --------------------------------------------------------------------------


def certificate_message(
    org_id: str, user_id: str, name: str, role: str, recipient_public: bytes, verify_public: bytes
) -> bytes:
    return _message(
        b"mentorapp-member-v2", org_id, user_id, name, role, recipient_public, verify_public
    )


def certify_member(
    org_key: SigningKey,
    org_id: str,
    user_id: str,
    name: str,
    role: str,
    recipient_public: bytes,
    verify_public: bytes,
) -> bytes:
    return org_key.sign(
        certificate_message(org_id, user_id, name, role, recipient_public, verify_public)
    )


def verify_member(
    org_verify: VerifyKey,
    certificate: bytes,
    org_id: str,
    user_id: str,
    name: str,
    role: str,
    recipient_public: bytes,
    verify_public: bytes,
) -> None:
    """Raise SignatureInvalid unless the organisation key signed exactly this member."""
    org_verify.verify(
        certificate,
        certificate_message(org_id, user_id, name, role, recipient_public, verify_public),
    )


# --- devices ------------------------------------------------------------------------------


def device_message(
    org_id: str, user_id: str, device_id: str, verify_public: bytes, recipient_public: bytes
) -> bytes:
    return _message(
        b"mentorapp-device-v1", org_id, user_id, device_id, verify_public, recipient_public
    )


def certify_device(
    user_key: SigningKey,
    org_id: str,
    user_id: str,
    device_id: str,
    verify_public: bytes,
    recipient_public: bytes,
) -> bytes:
    return user_key.sign(
        device_message(org_id, user_id, device_id, verify_public, recipient_public)
    )


def verify_device(
    user_verify: VerifyKey,
    certificate: bytes,
    org_id: str,
    user_id: str,
    device_id: str,
    verify_public: bytes,
    recipient_public: bytes,
) -> None:
    """Raise SignatureInvalid unless the member's user key vouches for this device."""
    user_verify.verify(
        certificate, device_message(org_id, user_id, device_id, verify_public, recipient_public)
    )


# --- the review key, shared with supervisors ------------------------------------------------


def review_grant_message(org_id: str, user_id: str, review_public: bytes, sealed: bytes) -> bytes:
    """What the organisation key signs to grant one supervisor the review key."""
    return _message(b"mentorapp-review-grant-v1", org_id, user_id, review_public, sealed)


def _review_info(org_id: str, user_id: str) -> bytes:
    return f"mentorapp-review-key-v2|{org_id}|{user_id}".encode()


def seal_review_key(
    org_key: SigningKey,
    review: RecipientKeyPair,
    org_id: str,
    user_id: str,
    user_recipient: RecipientPublicKey,
) -> tuple[bytes, bytes]:
    """The review key sealed to one supervisor, and the organisation's signature on it.

    Returns:
        (sealed, signature)
    """
    sealed = user_recipient.seal(review.secret(), _review_info(org_id, user_id))
    signature = org_key.sign(review_grant_message(org_id, user_id, review.public.raw, sealed))
    return sealed, signature


def open_review_key(
    org_verify: VerifyKey,
    review_public: bytes,
    sealed: bytes,
    signature: bytes,
    org_id: str,
    user_id: str,
    user_recipient: RecipientKeyPair,
) -> RecipientKeyPair:
    """Check the organisation granted this sealed review key, open it, and check it is
    the organisation's review key. Raises SignatureInvalid or IntegrityError."""
    org_verify.verify(signature, review_grant_message(org_id, user_id, review_public, sealed))
    review = RecipientKeyPair.from_secret(
        user_recipient.open(sealed, _review_info(org_id, user_id))
    )
    if review.public.raw != review_public:
        raise IntegrityError("the sealed review key is not the organisation's review key")
    return review
