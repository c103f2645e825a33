"""The key directory, the review key and member certificates."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentorapp.core.ids import is_valid_id
from mentorapp.crypto import SignatureInvalid, VerifyKey
from mentorapp.crypto.directory import org_fingerprint, verify_member
from mentorapp.server.models import Device, Organisation, User
from mentorapp.server.problems import Problem, forbidden, not_found
from mentorapp.server.schemas import (
    CertifyRequest,
    DeviceKey,
    KeyDirectory,
    MemberKeys,
    ReviewKey,
)
from mentorapp.server.services.audit import audit_by
from mentorapp.server.services.auth import Caller, caller_org, caller_user, require_role
from mentorapp.server.services.common import b64d, b64e


def key_directory(session: Session, caller: Caller) -> KeyDirectory:
    """The organisation's public keys and its enrolled members' public keys."""
    org = caller_org(session, caller)
    members: list[MemberKeys] = []
    users = session.scalars(select(User).where(User.org_id == org.id).order_by(User.created_at))
    devices: dict[str, list[DeviceKey]] = {}
    for d in session.scalars(select(Device).where(Device.org_id == org.id)):
        devices.setdefault(d.user_id, []).append(
            DeviceKey(
                device_id=d.id,
                verify_public=b64e(d.verify_public),
                revoked_at=d.revoked_at.isoformat() if d.revoked_at else None,
            )
        )
    for u in users:
        if u.recipient_public is None:
            continue  # not enrolled yet
        members.append(
            MemberKeys(
                user_id=u.id,
                role=u.role,
                team_id=u.team_id,
                disabled=u.disabled,
                recipient_public=b64e(u.recipient_public),
                verify_public=b64e(u.verify_public),
                certificate=b64e(u.certificate),
                devices=devices.get(u.id, []),
            )
        )
    audit_by(session, "keys.lookup", caller, members=len(members))
    return KeyDirectory(
        org_id=org.id,
        org_signing_public=b64e(org.signing_public),
        org_review_public=b64e(org.review_public),
        org_fingerprint=org_fingerprint(org.signing_public) if org.signing_public else None,
        members=members,
    )


def my_review_key(session: Session, caller: Caller) -> ReviewKey:
    """The review key as sealed to this supervisor, once another supervisor shared it."""
    require_role(caller, "supervisor")
    user = caller_user(session, caller)
    if user.review_key_sealed is None:
        raise not_found(
            "The review key has not been shared with you yet; another supervisor's "
            "device shares it after certifying you."
        )
    audit_by(session, "keys.review_key", caller)
    return ReviewKey(review_key_sealed=b64e(user.review_key_sealed))


def certify(session: Session, caller: Caller, user_id: str, body: CertifyRequest) -> None:
    """A supervisor's device vouches for a member's keys (and may share the review key)."""
    require_role(caller, "supervisor")
    org = session.get(Organisation, caller.org_id)
    member = session.get(User, user_id) if is_valid_id(user_id) else None
    if org is None or member is None or member.org_id != caller.org_id:
        raise not_found("There is no such member in your organisation.")
    if member.recipient_public is None or member.verify_public is None:
        raise Problem(
            409, "not-enrolled", "Not enrolled yet", "That member has not enrolled a device yet."
        )
    if org.signing_public is None:
        raise Problem(
            409,
            "org-not-ready",
            "Organisation keys missing",
            "Set up the organisation's keys before certifying members.",
        )
    try:
        certificate = b64d(body.certificate, "certificate")
        verify_member(
            VerifyKey(org.signing_public),
            certificate,
            org.id,
            member.id,
            member.role,
            member.recipient_public,
            member.verify_public,
        )
    except (ValueError, SignatureInvalid) as exc:
        raise Problem(
            400,
            "certificate-invalid",
            "Certificate does not verify",
            "The certificate is not the organisation key's signature over this member's keys.",
        ) from exc
    member.certificate = certificate
    sealed = body.review_key_sealed
    if sealed is not None:
        if member.role != "supervisor":
            raise forbidden("Only supervisors receive the review key.")
        try:
            member.review_key_sealed = b64d(sealed, "review_key_sealed")
        except ValueError as exc:
            raise Problem(400, "invalid", "Invalid review key", str(exc)) from exc
    audit_by(session, "keys.certify", caller, member=member.id, review_key=sealed is not None)
