"""Spending an enrolment code for a device's keys, and setting up an organisation's keys."""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentorapp.core import typable
from mentorapp.core.ids import is_valid_id, new_id
from mentorapp.crypto import RecipientPublicKey, SignatureInvalid, VerifyKey
from mentorapp.crypto.directory import org_fingerprint, org_fingerprint_matches, verify_member
from mentorapp.server.models import Device, EnrolmentCode, Organisation, User, utcnow
from mentorapp.server.problems import Problem, forbidden
from mentorapp.server.schemas import EnrolDevice, EnrolReply, EnrolRequest, OrgKeysRequest
from mentorapp.server.services.audit import audit, audit_by
from mentorapp.server.services.auth import Caller, caller_org, caller_user, require_role
from mentorapp.server.services.common import CODE_BYTES, b64d, b64e, sha256_hex


def _field(data: Mapping[str, Any], key: str, what: str) -> bytes:
    if key not in data:
        raise ValueError(f"{what} is missing")
    return b64d(data[key], what)


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
            "An enrolment code looks like ABCD-EFGH-JKMN-PQRS, optionally followed "
            "by '/' and the organisation's fingerprint.",
        )
    code = session.scalars(
        select(EnrolmentCode).where(EnrolmentCode.code_hash == sha256_hex(raw)).with_for_update()
    ).first()
    if code is None:
        raise _unknown_code()
    return code


def _device_keys(device_req: EnrolDevice) -> tuple[bytes, bytes, RecipientPublicKey]:
    """The device's verify and recipient keys, checked to be usable."""
    try:
        verify_pub = b64d(device_req.verify_public, "device.verify_public")
        recipient_pub = b64d(device_req.recipient_public, "device.recipient_public")
        VerifyKey(verify_pub)
        recipient = RecipientPublicKey(recipient_pub)
        recipient.check()
    except Exception as exc:
        raise Problem(400, "invalid-key", "Unusable device keys", str(exc)) from exc
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


def _take_user_keys(user: User, user_keys: Mapping[str, str] | None) -> None:
    """Store the person's keys, sent by their first device (later ones may resend them)."""
    if user_keys is not None:
        try:
            user.recipient_public = _field(
                user_keys, "recipient_public", "user_keys.recipient_public"
            )
            user.verify_public = _field(user_keys, "verify_public", "user_keys.verify_public")
            RecipientPublicKey(user.recipient_public).check()
        except Exception as exc:
            raise Problem(400, "invalid-key", "Unusable user keys", str(exc)) from exc
    elif user.recipient_public is None:
        raise Problem(
            400,
            "invalid",
            "Missing user keys",
            "A person's first device must send their user keys.",
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


def _add_device(
    session: Session,
    org: Organisation,
    user: User,
    device_req: EnrolDevice,
    verify_pub: bytes,
    recipient_pub: bytes,
) -> tuple[Device, str]:
    """A new device row and its bearer token; the server keeps only the secret's hash."""
    credential = secrets.token_bytes(32)
    # A device may propose its own id (the one its local records are signed with).
    proposed = device_req.device_id
    device_id = (
        proposed
        if proposed is not None and is_valid_id(proposed) and not session.get(Device, proposed)
        else new_id()
    )
    device = Device(
        id=device_id,
        org_id=org.id,
        user_id=user.id,
        credential_hash=sha256_hex(credential),
        verify_public=verify_pub,
        recipient_public=recipient_pub,
        label=device_req.label[:200],
        created_at=utcnow(),
    )
    session.add(device)
    token = f"{device.id}.{base64.urlsafe_b64encode(credential).decode().rstrip('=')}"
    return device, token


def enrol(session: Session, request: EnrolRequest) -> EnrolReply:
    """Spend a one-time code for a device's public keys; returns the reply.

    The reply's credential is sealed (HPKE) to the device's own public key, and the
    server keeps only a hash of it, so a retry with the same keys can be given the
    same reply without the server holding a usable credential.
    """
    secret_part, _, fpr_part = request.code.partition("/")
    code = _find_code(session, secret_part)
    verify_pub, recipient_pub, recipient = _device_keys(request.device)
    # The keys, not the label, identify a retry of the same enrolment.
    keys_hash = sha256_hex(
        json.dumps(
            [request.device.verify_public, request.device.recipient_public, request.user_keys],
            sort_keys=True,
        )
    )
    if code.spent_at is not None and code.device_keys_hash == keys_hash and code.reply:
        return EnrolReply.model_validate_json(code.reply)
    _check_spendable(code)
    org = session.get(Organisation, code.org_id)
    user = session.get(User, code.user_id)
    if org is None or user is None:
        raise _unknown_code()  # whoever it was issued for has gone
    if user.disabled:
        raise Problem(403, "user-disabled", "Account disabled", "This account is disabled.")
    _take_user_keys(user, request.user_keys)
    _check_fingerprint(org, fpr_part)
    device, token = _add_device(session, org, user, request.device, verify_pub, recipient_pub)
    reply = EnrolReply(
        device_id=device.id,
        user_id=user.id,
        role=user.role,
        team_id=user.team_id,
        org_id=org.id,
        org_name=org.name,
        org_signing_public=b64e(org.signing_public),
        org_review_public=b64e(org.review_public),
        org_fingerprint=org_fingerprint(org.signing_public) if org.signing_public else None,
        needs_org_keys=org.signing_public is None,
        sealed_credential=b64e(
            recipient.seal(token.encode(), b"mentorapp-enrol-v1|" + device.id.encode())
        ),
    )
    code.spent_at = utcnow()
    code.device_keys_hash = keys_hash
    code.reply = json.dumps(reply.model_dump())
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


def set_org_keys(session: Session, caller: Caller, org_keys: OrgKeysRequest) -> None:
    """The first supervisor's device sends the organisation's public keys, its own
    certificate and the review key sealed to itself. Only once, only by them."""
    require_role(caller, "supervisor")
    org = caller_org(session, caller, for_update=True)
    user = caller_user(session, caller)
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
        raise Problem(409, "not-enrolled", "Not enrolled yet", "Enrol with your user keys first.")
    try:
        signing = b64d(org_keys.signing_public, "signing_public")
        review = b64d(org_keys.review_public, "review_public")
        sealed_review = b64d(org_keys.review_key_sealed, "review_key_sealed")
        certificate = b64d(org_keys.certificate, "certificate")
        RecipientPublicKey(review).check()
        verify_member(
            VerifyKey(signing),
            certificate,
            org.id,
            user.id,
            user.role,
            user.recipient_public,
            user.verify_public,
        )
    except SignatureInvalid as exc:
        raise Problem(
            400,
            "certificate-invalid",
            "Certificate does not verify",
            "Your certificate is not signed by the organisation key sent with it.",
        ) from exc
    except Exception as exc:
        raise Problem(400, "invalid-key", "Unusable organisation keys", str(exc)) from exc
    org.signing_public = signing
    org.review_public = review
    user.review_key_sealed = sealed_review
    user.certificate = certificate
    audit_by(session, "org.keys", caller, fingerprint=org_fingerprint(signing))
