"""The key directory, the review key, member certificates and key backups.

Everything here is public keys and signatures the service cannot forge; devices
trust only what the organisation's key (pinned from their enrolment code) vouches
for. A key backup is sealed under its person's passphrase; the service only keeps it.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentorapp.core.ids import is_valid_id
from mentorapp.crypto import SignatureInvalid, VerifyKey
from mentorapp.crypto.directory import verify_member
from mentorapp.server.models import Device, Organisation, User
from mentorapp.server.problems import Problem, forbidden, not_found
from mentorapp.server.schemas import (
    CertifyRequest,
    DeviceKey,
    FormerKeys,
    KeyBackupRequest,
    KeyDirectory,
    MemberKeys,
    ReviewKey,
)
from mentorapp.server.services.admin import revoke_device
from mentorapp.server.services.audit import audit, audit_by
from mentorapp.server.services.auth import Caller, caller_org, caller_user, require_role
from mentorapp.server.services.common import b64d, b64e
from mentorapp.server.services.enrolment import (
    check_review_grant,
    org_keys_out,
    store_key_backup,
)


def _former(user: User) -> list[FormerKeys]:
    return [FormerKeys(**entry) for entry in json.loads(user.former_keys or "[]")]


def key_directory(session: Session, caller: Caller) -> KeyDirectory:
    """The organisation's public keys and its enrolled members' public keys."""
    org = caller_org(session, caller)
    devices: dict[str, list[DeviceKey]] = {}
    for d in session.scalars(
        select(Device).where(Device.org_id == org.id).order_by(Device.created_at)
    ):
        devices.setdefault(d.user_id, []).append(
            DeviceKey(
                device_id=d.id,
                verify_public=b64e(d.verify_public),
                recipient_public=b64e(d.recipient_public),
                certificate=b64e(d.certificate),
                revoked_at=d.revoked_at.isoformat() if d.revoked_at else None,
            )
        )
    members: list[MemberKeys] = []
    for u in session.scalars(select(User).where(User.org_id == org.id).order_by(User.created_at)):
        if u.recipient_public is None or u.verify_public is None:
            continue  # not enrolled yet
        members.append(
            MemberKeys(
                user_id=u.id,
                name=u.name,
                role=u.role,
                team_id=u.team_id,
                disabled=u.disabled,
                recipient_public=b64e(u.recipient_public),
                verify_public=b64e(u.verify_public),
                certificate=b64e(u.certificate),
                former_keys=_former(u),
                devices=devices.get(u.id, []),
            )
        )
    audit_by(session, "keys.lookup", caller, members=len(members))
    return KeyDirectory(
        org_id=org.id, org_name=org.name, org_keys=org_keys_out(org), members=members
    )


def my_review_key(session: Session, caller: Caller) -> ReviewKey:
    """The review key as sealed to this supervisor, once the organisation granted it."""
    require_role(caller, "supervisor")
    user = caller_user(session, caller)
    if user.review_key_sealed is None or user.review_grant is None:
        raise not_found(
            "The review key has not been shared with you yet: the organisation's first "
            "supervisor shares it when they certify you ('mentorapp-cli certify')."
        )
    audit_by(session, "keys.review_key", caller)
    return ReviewKey(sealed=b64e(user.review_key_sealed), signature=b64e(user.review_grant))


def certify(session: Session, caller: Caller, user_id: str, body: CertifyRequest) -> None:
    """The organisation key's holder vouches for a member's keys (and grants a
    supervisor the review key). The signatures are what count: only the holder of
    the organisation's private key can make them."""
    require_role(caller, "supervisor")
    org = session.get(Organisation, caller.org_id)
    member = session.get(User, user_id) if is_valid_id(user_id) else None
    if org is None or member is None or member.org_id != caller.org_id:
        raise not_found("There is no such member in your organisation.")
    if member.recipient_public is None or member.verify_public is None:
        raise Problem(
            409, "not-enrolled", "Not enrolled yet", "That member has not enrolled a device yet."
        )
    if org.signing_public is None or org.review_public is None:
        raise Problem(
            409,
            "org-not-ready",
            "Organisation keys missing",
            "Set up the organisation's keys before certifying members.",
        )
    org_verify = VerifyKey(org.signing_public)
    try:
        certificate = b64d(body.certificate, "certificate")
        verify_member(
            org_verify,
            certificate,
            org.id,
            member.id,
            member.name,
            member.role,
            member.recipient_public,
            member.verify_public,
        )
    except (ValueError, SignatureInvalid) as exc:
        raise Problem(
            400,
            "certificate-invalid",
            "Certificate does not verify",
            "The certificate is not the organisation key's signature over this member's "
            "name, role and keys.",
        ) from exc
    granted = body.review_sealed is not None
    if granted:
        if member.role != "supervisor":
            raise forbidden("Only supervisors receive the review key.")
        try:
            sealed = b64d(body.review_sealed, "review_sealed")
            grant = b64d(body.review_signature, "review_signature")
            check_review_grant(org_verify, org.review_public, sealed, grant, org.id, member.id)
        except (ValueError, SignatureInvalid) as exc:
            raise Problem(
                400,
                "grant-invalid",
                "Review key grant does not verify",
                "The review key grant is not signed by the organisation key.",
            ) from exc
        member.review_key_sealed = sealed
        member.review_grant = grant
    member.certificate = certificate
    audit_by(session, "keys.certify", caller, member=member.id, review_key=granted)


def put_key_backup(session: Session, caller: Caller, body: KeyBackupRequest) -> None:
    """Replace the caller's key backup (after they changed their passphrase)."""
    user = caller_user(session, caller)
    if user.recipient_public is None:
        raise Problem(409, "not-enrolled", "Not enrolled yet", "Complete your enrolment first.")
    store_key_backup(user, body.key_backup)
    audit_by(session, "keys.backup", caller)


def reset_keys(session: Session, user: User, actor: str) -> int:
    """An admin replaces a person's keys (passphrase and recovery key both lost): the
    keys, certificate, key backup and review key are cleared, their laptops are
    revoked, and their next laptop sets new keys for a supervisor to certify again.
    The old keys are kept so records signed before still verify. Returns how many
    laptops were revoked."""
    if user.recipient_public is not None and user.verify_public is not None:
        former = json.loads(user.former_keys or "[]")
        former.append(
            {
                "recipient_public": b64e(user.recipient_public),
                "verify_public": b64e(user.verify_public),
                "certificate": b64e(user.certificate),
            }
        )
        user.former_keys = json.dumps(former)
    user.recipient_public = None
    user.verify_public = None
    user.certificate = None
    user.key_backup = None
    user.review_key_sealed = None
    user.review_grant = None
    revoked = 0
    for device in session.scalars(
        select(Device).where(Device.user_id == user.id, Device.revoked_at.is_(None))
    ):
        revoke_device(session, device.id, actor)
        revoked += 1
    audit(session, "user.reset_keys", actor, org_id=user.org_id, user_id=user.id, revoked=revoked)
    return revoked
