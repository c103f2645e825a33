"""What an admin sees and does across an organisation's members and devices."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentorapp.core.ids import is_valid_id
from mentorapp.server.models import AuditEntry, Device, Organisation, Team, User, utcnow
from mentorapp.server.problems import not_found
from mentorapp.server.schemas import AdminDevice, AdminUser
from mentorapp.server.services.audit import audit
from mentorapp.server.services.organisations import supervisor_scope


def list_users(session: Session, org: Organisation) -> list[AdminUser]:
    """The organisation's members, oldest first, with how far each has got."""
    teams = {t.id: t.name for t in session.scalars(select(Team).where(Team.org_id == org.id))}
    counts = dict(
        session.execute(
            select(Device.user_id, func.count())
            .where(Device.org_id == org.id, Device.revoked_at.is_(None))
            .group_by(Device.user_id)
        ).all()
    )
    return [
        AdminUser(
            user_id=u.id,
            name=u.name,
            role=u.role,
            team=teams.get(u.team_id or "", ""),
            sees=supervisor_scope(session, u),
            disabled=u.disabled,
            enrolled=u.recipient_public is not None,
            certified=u.certificate is not None,
            active_devices=counts.get(u.id, 0),
        )
        for u in session.scalars(
            select(User).where(User.org_id == org.id).order_by(User.created_at)
        )
    ]


def list_devices(session: Session, org: Organisation) -> list[AdminDevice]:
    """The organisation's devices, oldest first, revoked ones included."""
    names = {u.id: u.name for u in session.scalars(select(User).where(User.org_id == org.id))}
    return [
        AdminDevice(
            device_id=d.id,
            user=names.get(d.user_id, d.user_id),
            label=d.label,
            created_at=d.created_at.isoformat(),
            last_seen=d.last_seen.isoformat() if d.last_seen else None,
            revoked_at=d.revoked_at.isoformat() if d.revoked_at else None,
        )
        for d in session.scalars(
            select(Device).where(Device.org_id == org.id).order_by(Device.created_at)
        )
    ]


def revoke_device(
    session: Session, device_id: str, actor: str, org_id: str | None = None
) -> Device:
    device = session.get(Device, device_id) if is_valid_id(device_id) else None
    if device is None or (org_id is not None and device.org_id != org_id):
        raise not_found(f"There is no device {device_id}.")
    if device.revoked_at is None:
        device.revoked_at = utcnow()
    audit(session, "device.revoke", actor, org_id=device.org_id, device_id=device.id)
    return device


def set_user_disabled(
    session: Session, user_id: str, disabled: bool, actor: str, org_id: str | None = None
) -> User:
    user = session.get(User, user_id) if is_valid_id(user_id) else None
    if user is None or (org_id is not None and user.org_id != org_id):
        raise not_found(f"There is no user {user_id}.")
    user.disabled = disabled
    audit(
        session,
        "user.disable" if disabled else "user.enable",
        actor,
        org_id=user.org_id,
        user_id=user.id,
    )
    return user


def audit_entries(session: Session, org: Organisation | None, limit: int) -> list[AuditEntry]:
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if org is not None:
        stmt = stmt.where(AuditEntry.org_id == org.id)
    return list(reversed(session.scalars(stmt).all()))


def all_orgs(session: Session) -> Iterable[Organisation]:
    return session.scalars(select(Organisation).order_by(Organisation.created_at))
