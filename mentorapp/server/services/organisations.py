"""Organisations, teams, invitations and enrolment codes (the admin CLI's side)."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mentorapp.core import typable
from mentorapp.core.ids import is_valid_id, new_id
from mentorapp.crypto.directory import org_fingerprint
from mentorapp.server.models import (
    EnrolmentCode,
    Organisation,
    SupervisorTeam,
    Team,
    User,
    utcnow,
)
from mentorapp.server.problems import Problem, not_found
from mentorapp.server.services.audit import audit
from mentorapp.server.services.common import CODE_BYTES, ROLES, sha256_hex


def _issue_code(
    session: Session, org: Organisation, user: User, hours: float, bootstraps: bool
) -> str:
    if not hours > 0:
        raise Problem(
            400,
            "invalid",
            "Expiry must be ahead",
            "A code must stay valid for some hours (--hours).",
        )
    raw = secrets.token_bytes(CODE_BYTES)
    secret_text = typable.encode(raw)
    now = utcnow()
    session.add(
        EnrolmentCode(
            id=new_id(),
            org_id=org.id,
            user_id=user.id,
            code_hash=sha256_hex(raw),
            bootstraps_org=bootstraps,
            created_at=now,
            expires_at=now + dt.timedelta(hours=hours),
        )
    )
    if org.signing_public is not None:
        return f"{secret_text}/{org_fingerprint(org.signing_public)}"
    return secret_text


def create_organisation(
    session: Session, name: str, supervisor_name: str, actor: str, hours: float = 72
) -> tuple[Organisation, User, str]:
    """A new organisation and the enrolment code for its first supervisor, on whose
    device the organisation's keys will be made."""
    if not name.strip() or not supervisor_name.strip():
        raise Problem(
            400, "invalid", "Missing name", "Give the organisation and its first supervisor a name."
        )
    org = Organisation(
        id=new_id(),
        name=name.strip(),
        created_at=utcnow(),
        cursor_epoch=secrets.token_hex(8),
        last_seq=0,
    )
    session.add(org)
    user = User(
        id=new_id(),
        org_id=org.id,
        name=supervisor_name.strip(),
        role="supervisor",
        disabled=False,
        created_at=utcnow(),
        org_wide=True,  # the first supervisor sees the whole organisation, explicitly
    )
    session.add(user)
    session.flush()
    code = _issue_code(session, org, user, hours, bootstraps=True)
    audit(session, "org.create", actor, org_id=org.id, user_id=user.id, name=org.name)
    return org, user, code


def find_org(session: Session, ref: str) -> Organisation:
    org = session.get(Organisation, ref) if is_valid_id(ref) else None
    if org is None:
        org = session.scalars(select(Organisation).where(Organisation.name == ref)).first()
    if org is None:
        raise not_found(f"There is no organisation {ref!r}.")
    return org


def find_team(session: Session, org: Organisation, ref: str) -> Team:
    team = session.scalars(
        select(Team).where(Team.org_id == org.id, or_(Team.id == ref, Team.name == ref))
    ).first()
    if team is None:
        raise not_found(f"{org.name} has no team {ref!r}.")
    return team


def add_team(session: Session, org: Organisation, name: str, actor: str) -> Team:
    if session.scalars(select(Team).where(Team.org_id == org.id, Team.name == name)).first():
        raise Problem(409, "exists", "Team exists", f"{org.name} already has a team {name!r}.")
    team = Team(id=new_id(), org_id=org.id, name=name)
    session.add(team)
    audit(session, "team.add", actor, org_id=org.id, team_id=team.id, name=name)
    return team


def invite(
    session: Session,
    org: Organisation,
    name: str,
    role: str,
    team: Team | None,
    actor: str,
    hours: float = 72,
    allow_same_name: bool = False,
) -> tuple[User, str]:
    """A new member and their one-time enrolment code."""
    if role not in ROLES:
        raise Problem(400, "invalid", "Unknown role", f"Role must be one of {', '.join(ROLES)}.")
    if org.signing_public is None and role != "admin":
        raise Problem(
            409,
            "org-not-ready",
            "Organisation keys missing",
            "The first supervisor must enrol (and create the organisation's keys) "
            "before others can be invited.",
        )
    same = session.scalars(
        select(User).where(User.org_id == org.id, User.name == name.strip())
    ).first()
    if same is not None and not allow_same_name:
        raise Problem(
            409,
            "exists",
            "Member exists",
            f"{org.name} already has a member called {name.strip()!r} ({same.id}). For their "
            "new or replacement laptop use new-code; for a different person with the same "
            "name, invite again with --allow-same-name.",
        )
    user = User(
        id=new_id(),
        org_id=org.id,
        team_id=team.id if team else None,
        name=name.strip(),
        role=role,
        disabled=False,
        created_at=utcnow(),
    )
    session.add(user)
    session.flush()
    if role == "supervisor" and team is not None:
        session.add(SupervisorTeam(user_id=user.id, team_id=team.id))
    code = _issue_code(session, org, user, hours, bootstraps=False)
    audit(
        session,
        "user.invite",
        actor,
        org_id=org.id,
        user_id=user.id,
        role=role,
        team_id=user.team_id,
    )
    return user, code


def new_code_for(session: Session, user: User, actor: str, hours: float = 72) -> str:
    """Another code for an existing member (a new or replacement laptop)."""
    org = session.get(Organisation, user.org_id)
    if org is None:
        raise not_found(f"{user.name}'s organisation {user.org_id} is missing.")
    code = _issue_code(session, org, user, hours, bootstraps=False)
    audit(session, "user.new_code", actor, org_id=org.id, user_id=user.id)
    return code


def set_team(session: Session, user: User, team: Team | None, actor: str) -> None:
    """Move a member to a team (or none). Who may see their records changes at once,
    and devices catch up at their next sync."""
    user.team_id = team.id if team else None
    audit(session, "user.team", actor, org_id=user.org_id, user_id=user.id, team_id=user.team_id)


def assign_team(session: Session, user: User, team: Team, actor: str, assign: bool = True) -> None:
    """Give a supervisor (or take away) the records of a team's mentors."""
    if user.role != "supervisor":
        raise Problem(
            400, "invalid", "Not a supervisor", f"{user.name} is a {user.role}, not a supervisor."
        )
    row = session.get(SupervisorTeam, (user.id, team.id))
    if assign and row is None:
        session.add(SupervisorTeam(user_id=user.id, team_id=team.id))
    elif not assign and row is not None:
        session.delete(row)
    audit(
        session,
        "user.assign_team" if assign else "user.unassign_team",
        actor,
        org_id=user.org_id,
        user_id=user.id,
        team_id=team.id,
    )


def set_org_wide(session: Session, user: User, org_wide: bool, actor: str) -> None:
    """The explicit grant that lets a supervisor see the whole organisation."""
    if user.role != "supervisor":
        raise Problem(
            400, "invalid", "Not a supervisor", f"{user.name} is a {user.role}, not a supervisor."
        )
    user.org_wide = org_wide
    audit(
        session,
        "user.org_wide" if org_wide else "user.org_wide_revoked",
        actor,
        org_id=user.org_id,
        user_id=user.id,
    )


def supervisor_scope(session: Session, user: User) -> str:
    """What a supervisor sees, in words: the organisation, or their teams by name."""
    if user.role != "supervisor":
        return ""
    if user.org_wide:
        return "whole organisation"
    names = session.scalars(
        select(Team.name)
        .join(SupervisorTeam, SupervisorTeam.team_id == Team.id)
        .where(SupervisorTeam.user_id == user.id)
        .order_by(Team.name)
    ).all()
    return ", ".join(names) if names else "own records only"


def set_retention(session: Session, org: Organisation, days: int | None, actor: str) -> None:
    if days is not None and days < 30:
        raise Problem(
            400,
            "invalid",
            "Retention too short",
            "Keep records at least 30 days, longer than any laptop stays offline.",
        )
    org.retention_days = days
    audit(session, "org.retention", actor, org_id=org.id, days=days)
