"""Spending an enrolment code for a device's keys, completing the enrolment with the
person's keys and the device's certificate, and setting up an organisation's keys.

The service never chooses a key anyone trusts: the organisation key's fingerprint
travels in every code (a device checks the key against it), the organisation key
signs its review key, members' certificates and review-key grants, and a person's
user key certifies each of their devices. The service checks each signature
before storing it, so a broken one is refused early, but devices check again.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentorapp.core import typable
from mentorapp.core.ids import new_id
from mentorapp.crypto import RecipientPublicKey, SignatureInvalid, VerifyKey
from mentorapp.crypto.directory import (
    org_fingerprint,
    org_fingerprint_matches,
    review_grant_message,
    verify_device,
    verify_member,
    verify_org_keys,
)
from mentorapp.server.models import Device, EnrolmentCode, Organisation, User, utcnow
from mentorapp.server.problems import Problem, forbidden
from mentorapp.server.schemas import (
    EnrolComplete,
    EnrolDevice,
    EnrolReply,
    EnrolRequest,
    OrgKeysOut,
    OrgKeysRequest,
    UserKeysOut,
)
from mentorapp.server.services.audit import audit, audit_by
from mentorapp.server.services.auth import (
    Caller,
    caller_device,
    caller_org,
    caller_user,
    require_role,
)
from mentorapp.server.services.common import CODE_BYTES, b64d, b64e, sha256_hex

MAX_KEY_BACKUP = 16 * 1024


def _unknown_code() -> Problem:
    return Problem(
        404,
        "code-unknown",
        "Unknown code",
        "That enrolment code is not known. Check it, or ask for a new one.",
    )


def _find_code(session: Session, secret_part: str) -> EnrolmentCode:
    """The code row for the typed secret, locked while it is spent."""
    raw = typable.decode(secret_part, CODE_BYTES)
    if raw is None:
        raise Problem(
            400,
            "code-malformed",
            "Not an enrolment code",
            "An enrolment code looks like ABCD-EFGH-JKMN-PQRS, followed by '/' and the "
            "organisation's fingerprint (only an organisation's first code has none).",
        )
    code = session.scalars(
        select(EnrolmentCode).where(EnrolmentCode.code_hash == sha256_hex(raw)).with_for_update()
    ).first()
    if code is None:
        raise _unknown_code()
    return code


def _invalid_key(what: str, exc: Exception) -> Problem:
    return Problem(400, "invalid-key", f"Unusable {what}", f"The {what} cannot be used: {exc}")


def _device_keys(device_req: EnrolDevice) -> tuple[bytes, bytes, RecipientPublicKey]:
    """The device's verify and recipient keys, checked to be usable."""
    try:
        verify_pub = b64d(device_req.verify_public, "device.verify_public")
        recipient_pub = b64d(device_req.recipient_public, "device.recipient_public")
        VerifyKey(verify_pub).check()
        recipient = RecipientPublicKey(recipient_pub)
        recipient.check()
    except Exception as exc:
        raise _invalid_key("device keys", exc) from exc
    return verify_pub, recipient_pub, recipient


def _check_spendable(code: EnrolmentCode) -> None:
    if code.spent_at is not None:
        raise Problem(
            409,
            "code-used",
            "Code already used",
            "That enrolment code has been used. Ask for a new one.",
        )
    if code.expires_at.replace(tzinfo=code.expires_at.tzinfo or dt.UTC) < utcnow():
        raise Problem(
            410,
            "code-expired",
            "Code expired",
            "That enrolment code has expired. Ask for a new one.",
        )


def _check_fingerprint(org: Organisation, fingerprint: str) -> None:
    if (
        fingerprint
        and org.signing_public is not None
        and not org_fingerprint_matches(fingerprint, org.signing_public)
    ):
        raise Problem(
            409,
            "fingerprint-mismatch",
            "Organisation key mismatch",
            "The organisation key does not match the fingerprint in the code.",
        )


def org_keys_out(org: Organisation) -> OrgKeysOut | None:
    if org.signing_public is None or org.review_public is None or org.keys_signature is None:
        return None
    return OrgKeysOut(
        signing_public=b64e(org.signing_public),
        review_public=b64e(org.review_public),
        signature=b64e(org.keys_signature),
        fingerprint=org_fingerprint(org.signing_public),
    )


def _user_keys_out(user: User) -> UserKeysOut | None:
    if user.recipient_public is None or user.verify_public is None:
        return None
    return UserKeysOut(
        recipient_public=b64e(user.recipient_public),
        verify_public=b64e(user.verify_public),
        certificate=b64e(user.certificate),
        key_backup=b64e(user.key_backup),
    )


def enrol(session: Session, request: EnrolRequest) -> EnrolReply:
    """Spend a one-time code for a device's public keys; returns the reply.

    The reply's credential is sealed (HPKE) to the device's own public key, and the
    server keeps only a hash of it, so a retry with the same keys gets the same
    reply without the server holding a usable credential.
    """
    secret_part, _, fpr_part = request.code.strip().partition("/")
    code = _find_code(session, secret_part)
    verify_pub, recipient_pub, recipient = _device_keys(request.device)
    # The keys, not the label, identify a retry of the same enrolment.
    keys_hash = sha256_hex(
        json.dumps([request.device.verify_public, request.device.recipient_public])
    )
    if code.spent_at is not None and code.device_keys_hash == keys_hash and code.reply:
        return EnrolReply.model_validate_json(code.reply)
    _check_spendable(code)
    org_has_keys = session.scalar(
        select(Organisation.signing_public.is_not(None)).where(Organisation.id == code.org_id)
    )
    if not fpr_part and not code.bootstraps_org and not org_has_keys:
        # Issued before the first supervisor joined (an admin may be invited first): no
        # laptop can check an organisation key that does not exist yet, so it would
        # refuse the reply. Say so before the code is spent.
        raise Problem(
            409,
            "org-not-ready",
            "Your organisation is not set up yet",
            "Your organisation's first supervisor has not joined yet (their laptop makes "
            "the organisation's keys). This code has not been used. Once they have "
            "joined, ask your administrator for a new code: it ends in your "
            "organisation's fingerprint, which this laptop checks.",
        )
    if not fpr_part and not code.bootstraps_org:
        # A laptop refuses a code without the organisation's fingerprint (it could not
        # check the key); say so before the code is spent, so the whole code still works.
        raise Problem(
            400,
            "code-incomplete",
            "The code is not complete",
            "This code continues after a '/' with your organisation's fingerprint "
            "(like ABCD-EFGH-JKMN-PQRS/VWXY-Z012-3456-789A). Type the whole code; it has "
            "not been used.",
        )
    org = session.get(Organisation, code.org_id)
    user = session.get(User, code.user_id)
    if org is None or user is None:
        raise _unknown_code()  # whoever it was issued for has gone
    if user.disabled:
        raise Problem(403, "user-disabled", "Account disabled", "This account is disabled.")
    _check_fingerprint(org, fpr_part)
    credential = secrets.token_bytes(32)
    device = Device(
        id=new_id(),
        org_id=org.id,
        user_id=user.id,
        credential_hash=sha256_hex(credential),
        verify_public=verify_pub,
        recipient_public=recipient_pub,
        label=request.device.label[:200],
        created_at=utcnow(),
    )
    session.add(device)
    token = f"{device.id}.{base64.urlsafe_b64encode(credential).decode().rstrip('=')}"
    reply = EnrolReply(
        device_id=device.id,
        user_id=user.id,
        user_name=user.name,
        role=user.role,
        team_id=user.team_id,
        org_id=org.id,
        org_name=org.name,
        org_keys=org_keys_out(org),
        needs_org_keys=code.bootstraps_org and org.signing_public is None,
        user_keys=_user_keys_out(user),
        sealed_credential=b64e(
            recipient.seal(token.encode(), b"mentorapp-enrol-v1|" + device.id.encode())
        ),
    )
    code.spent_at = utcnow()
    code.device_keys_hash = keys_hash
    code.reply = reply.model_dump_json()
    audit(
        session,
        "device.enrol",
        f"user:{user.id}",
        org_id=org.id,
        user_id=user.id,
        device_id=device.id,
        bootstrap=code.bootstraps_org,
    )
    return reply


def complete(session: Session, caller: Caller, body: EnrolComplete) -> None:
    """The device sends its certificate (signed by its person's user key) and, from a
    person's first laptop, their public keys; a key backup replaces the stored one.
    Safe to repeat."""
    user = caller_user(session, caller)
    device = caller_device(session, caller)
    if body.user_keys is not None:
        try:
            recipient = b64d(body.user_keys.recipient_public, "user_keys.recipient_public")
            verify = b64d(body.user_keys.verify_public, "user_keys.verify_public")
            RecipientPublicKey(recipient).check()
            VerifyKey(verify).check()
        except Exception as exc:
            raise _invalid_key("user keys", exc) from exc
        if user.recipient_public is None:
            user.recipient_public, user.verify_public = recipient, verify
        elif (user.recipient_public, user.verify_public) != (recipient, verify):
            raise Problem(
                409,
                "user-has-keys",
                "Your keys are already set",
                "Your keys were set by an earlier laptop; this one must use them. An "
                "administrator can reset them ('mentorapp-admin reset-keys') if both your "
                "passphrase and recovery key are lost.",
            )
    if user.verify_public is None:
        raise Problem(
            409,
            "not-enrolled",
            "Your keys are missing",
            "Your first laptop must send your public keys with its certificate.",
        )
    try:
        certificate = b64d(body.device_certificate, "device_certificate")
        verify_device(
            VerifyKey(user.verify_public),
            certificate,
            caller.org_id,
            user.id,
            device.id,
            device.verify_public,
            device.recipient_public,
        )
    except (ValueError, SignatureInvalid) as exc:
        raise Problem(
            400,
            "certificate-invalid",
            "Device certificate does not verify",
            "The device certificate is not your user key's signature over this laptop's keys.",
        ) from exc
    device.certificate = certificate
    if body.key_backup is not None:
        store_key_backup(user, body.key_backup)
    audit_by(session, "device.complete", caller, key_backup=body.key_backup is not None)


def store_key_backup(user: User, text: str) -> None:
    try:
        blob = b64d(text, "key_backup")
    except ValueError as exc:
        raise Problem(400, "invalid", "Invalid key backup", str(exc)) from exc
    if not blob or len(blob) > MAX_KEY_BACKUP:
        raise Problem(400, "invalid", "Invalid key backup", "The key backup has no sensible size.")
    user.key_backup = blob


def set_org_keys(session: Session, caller: Caller, org_keys: OrgKeysRequest) -> None:
    """The first supervisor's device sends the organisation's public keys, signed, its
    own certificate and the review key sealed to itself. Only once, only by them."""
    require_role(caller, "supervisor")
    org = caller_org(session, caller, for_update=True)
    user = caller_user(session, caller)
    try:
        signing = b64d(org_keys.signing_public, "signing_public")
        review = b64d(org_keys.review_public, "review_public")
        signature = b64d(org_keys.signature, "signature")
        certificate = b64d(org_keys.certificate, "certificate")
        sealed = b64d(org_keys.review_sealed, "review_sealed")
        grant = b64d(org_keys.review_signature, "review_signature")
        VerifyKey(signing).check()
        RecipientPublicKey(review).check()
    except Exception as exc:
        raise _invalid_key("organisation keys", exc) from exc
    if org.signing_public is not None:
        raise Problem(
            409,
            "org-has-keys",
            "Organisation already set up",
            "This organisation already has its keys.",
        )
    bootstrap = session.scalars(
        select(EnrolmentCode).where(
            EnrolmentCode.org_id == org.id,
            EnrolmentCode.bootstraps_org.is_(True),
            EnrolmentCode.user_id == user.id,
            EnrolmentCode.spent_at.is_not(None),
        )
    ).first()
    if bootstrap is None:
        raise forbidden("Only the organisation's first supervisor sets up its keys.")
    if user.recipient_public is None or user.verify_public is None:
        raise Problem(409, "not-enrolled", "Not enrolled yet", "Complete your enrolment first.")
    org_verify = VerifyKey(signing)
    try:
        verify_org_keys(org_verify, signature, org.id, review)
        verify_member(
            org_verify,
            certificate,
            org.id,
            user.id,
            user.name,
            user.role,
            user.recipient_public,
            user.verify_public,
        )
        check_review_grant(org_verify, review, sealed, grant, org.id, user.id)
    except SignatureInvalid as exc:
        raise Problem(
            400,
            "certificate-invalid",
            "Signatures do not verify",
            "The organisation keys, your certificate or your review-key grant is not "
            "signed by the organisation key sent with them.",
        ) from exc
    org.signing_public = signing
    org.review_public = review
    org.keys_signature = signature
    user.certificate = certificate
    user.review_key_sealed = sealed
    user.review_grant = grant
    audit_by(session, "org.keys", caller, fingerprint=org_fingerprint(signing))


def check_review_grant(
    org_verify: VerifyKey,
    review_public: bytes,
    sealed: bytes,
    grant: bytes,
    org_id: str,
    user_id: str,
) -> None:
    """Raise SignatureInvalid unless the organisation signed this review-key grant."""
    org_verify.verify(grant, review_grant_message(org_id, user_id, review_public, sealed))
