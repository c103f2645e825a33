"""Who is calling: device credentials, roles, and which records a caller may see."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hmac
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, true
from sqlalchemy.orm import Session

from mentorapp.core.ids import is_valid_id
from mentorapp.server.models import (
    Device,
    Envelope,
    Organisation,
    SupervisorTeam,
    User,
    utcnow,
)
from mentorapp.server.problems import Problem, forbidden, unauthenticated
from mentorapp.server.services.common import sha256_hex


@dataclass(frozen=True)
class Caller:
    device_id: str
    user_id: str
    org_id: str
    role: str
    team_id: str | None
    # A supervisor's scope: the teams they are assigned, or the whole organisation
    # by explicit grant. Everyone sees their own records and those addressed to them.
    teams: tuple[str, ...] = ()
    org_wide: bool = False

    @property
    def actor(self) -> str:
        return f"user:{self.user_id}"

    @property
    def scope(self) -> str:
        if self.role != "supervisor":
            return "own"
        return "organisation" if self.org_wide else "teams"


def authenticate(session: Session, authorization: str | None) -> Caller:
    """Resolve a bearer credential to its device, refusing revoked or disabled ones."""
    if not authorization or not authorization.startswith("Bearer "):
        raise unauthenticated()
    token = authorization[len("Bearer ") :].strip()
    device_id, _, secret_b64 = token.partition(".")
    if not is_valid_id(device_id) or not secret_b64:
        raise unauthenticated("The credential is malformed.")
    device = session.get(Device, device_id)
    try:
        secret = base64.urlsafe_b64decode(secret_b64 + "=" * (-len(secret_b64) % 4))
    except (binascii.Error, ValueError):
        raise unauthenticated("The credential is malformed.") from None
    if device is None or not hmac.compare_digest(device.credential_hash, sha256_hex(secret)):
        raise unauthenticated("The credential is not valid.")
    if device.revoked_at is not None:
        raise Problem(
            401,
            "device-revoked",
            "Device revoked",
            "This device has been revoked. Ask your administrator to enrol it again.",
        )
    user = session.get(User, device.user_id)
    if user is None:
        raise unauthenticated("The credential is not valid.")
    if user.disabled:
        raise Problem(
            403,
            "user-disabled",
            "Account disabled",
            "This account has been disabled by an administrator.",
        )
    now = utcnow()
    last = (
        device.last_seen.replace(tzinfo=dt.UTC)
        if device.last_seen and device.last_seen.tzinfo is None
        else device.last_seen
    )
    if last is None or now - last > dt.timedelta(minutes=1):
        device.last_seen = now  # at most one write a minute per device
    teams: tuple[str, ...] = ()
    if user.role == "supervisor":
        teams = tuple(
            session.scalars(
                select(SupervisorTeam.team_id)
                .where(SupervisorTeam.user_id == user.id)
                .order_by(SupervisorTeam.team_id)
            )
        )
    return Caller(
        device_id=device.id,
        user_id=user.id,
        org_id=user.org_id,
        role=user.role,
        team_id=user.team_id,
        teams=teams,
        org_wide=user.role == "supervisor" and user.org_wide,
    )


def require_role(caller: Caller, *roles: str) -> None:
    if caller.role not in roles:
        raise forbidden(f"A {caller.role} cannot do this.")


# The caller was authenticated moments ago, so these rows exist unless they were
# removed since; then the credential no longer stands for anyone and the answer is
# 401, the same as for a credential the server does not know.


def caller_org(session: Session, caller: Caller, *, for_update: bool = False) -> Organisation:
    """The caller's organisation (row-locked if ``for_update``)."""
    org = session.get(Organisation, caller.org_id, with_for_update=for_update)
    if org is None:
        raise unauthenticated("The credential is not valid.")
    return org


def caller_user(session: Session, caller: Caller) -> User:
    """The person the caller's device belongs to."""
    user = session.get(User, caller.user_id)
    if user is None:
        raise unauthenticated("The credential is not valid.")
    return user


def caller_device(session: Session, caller: Caller) -> Device:
    """The caller's device."""
    device = session.get(Device, caller.device_id)
    if device is None:
        raise unauthenticated("The credential is not valid.")
    return device


# --- visibility -----------------------------------------------------------------------


def visible_clause(caller: Caller) -> Any:
    """Which envelopes of the caller's organisation the caller may receive."""
    mine = or_(Envelope.owner_id == caller.user_id, Envelope.addressed_to == caller.user_id)
    if caller.role != "supervisor":
        return mine
    if caller.org_wide:
        return true()
    if not caller.teams:
        return mine
    team_members = select(User.id).where(
        User.org_id == caller.org_id, User.team_id.in_(caller.teams)
    )
    return or_(mine, Envelope.owner_id.in_(team_members))


def oversees(session: Session, caller: Caller, owner_id: str) -> bool:
    """Whether a supervisor caller may see (and erase) ``owner_id``'s records."""
    if caller.role != "supervisor":
        return False
    owner = session.get(User, owner_id)
    if owner is None or owner.org_id != caller.org_id:
        return False
    return caller.org_wide or (owner.team_id is not None and owner.team_id in caller.teams)
