"""``mentorapp-admin``: what an organisation's admin does, against the server database.

It never shows record content: the database holds none in a readable form.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from mentorapp.server import services
from mentorapp.server.db import current_revision, head_revision, make_engine, sessions
from mentorapp.server.main import _redact, database_url
from mentorapp.server.models import Organisation, User
from mentorapp.server.problems import Problem
from mentorapp.server.services.audit import NO_ORGANISATION
from mentorapp.server.services.audit import verify as verify_audit_log
from mentorapp.server.services.keys import reset_keys
from mentorapp.server.services.organisations import (
    assign_team,
    set_org_wide,
    set_team,
    supervisor_scope,
)


def _actor() -> str:
    return f"admin-cli:{getpass.getuser()}"


def _print(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    if not rows:
        print("(none)")
        return
    keys = list(rows[0])
    widths = {k: max(len(k), *(len(str(r[k])) for r in rows)) for k in keys}
    print("  ".join(k.ljust(widths[k]) for k in keys))
    for r in rows:
        print("  ".join(str(r[k]).ljust(widths[k]) for k in keys))


def cmd_create_org(s: Session, a: argparse.Namespace) -> None:
    org, user, code = services.create_organisation(s, a.name, a.supervisor, _actor(), a.hours)
    print(f"Organisation {org.name!r} created: {org.id}")
    print(f"First supervisor {user.name!r}: {user.id}")
    print(f"Their enrolment code (one use, expires in {a.hours:g} h). The organisation's keys")
    print("are made on their device when they enrol:")
    print(f"\n    {code}\n")


def cmd_add_team(s: Session, a: argparse.Namespace) -> None:
    org = services.find_org(s, a.org)
    team = services.add_team(s, org, a.name, _actor())
    print(f"Team {team.name!r} added to {org.name}: {team.id}")


def cmd_invite(s: Session, a: argparse.Namespace) -> None:
    org = services.find_org(s, a.org)
    team = services.find_team(s, org, a.team) if a.team else None
    user, code = services.invite(
        s, org, a.name, a.role, team, _actor(), a.hours, allow_same_name=a.allow_same_name
    )
    print(f"Invited {user.name} as {user.role}{f' in {team.name}' if team else ''}: {user.id}")
    print(f"Enrolment code (one use, expires in {a.hours:g} h):\n\n    {code}\n")


def _user(s: Session, ref: str) -> User:
    """A member by id, or by name when only one member anywhere has it."""
    user = s.get(User, ref)
    if user is None:
        matches = s.scalars(select(User).where(User.name == ref)).all()
        if len(matches) > 1:
            raise Problem(
                409,
                "ambiguous",
                "More than one",
                f"More than one member is called {ref!r}; use their id from list-users.",
            )
        user = matches[0] if matches else None
    if user is None:
        raise Problem(404, "not-found", "No such user", f"There is no user {ref}.")
    return user


def cmd_new_code(s: Session, a: argparse.Namespace) -> None:
    user = _user(s, a.user)
    code = services.new_code_for(s, user, _actor(), a.hours)
    print(
        f"New enrolment code for {user.name} (one use, expires in {a.hours:g} h):\n\n    {code}\n"
    )
    if user.recipient_public is not None:
        print(
            "Their keys come back to the new laptop from their key backup, opened with the "
            "passphrase they used before."
        )


def cmd_set_team(s: Session, a: argparse.Namespace) -> None:
    user = _user(s, a.user)
    org = services.find_org(s, user.org_id)
    team = services.find_team(s, org, a.team) if a.team != "-" else None
    set_team(s, user, team, _actor())
    print(f"{user.name} is now in {team.name if team else 'no team'}.")
    if user.role == "supervisor":
        print(f"As a supervisor they see: {supervisor_scope(s, user)} (see assign-team).")


def cmd_assign_team(s: Session, a: argparse.Namespace) -> None:
    user = _user(s, a.user)
    team = services.find_team(s, services.find_org(s, user.org_id), a.team)
    assign_team(s, user, team, _actor(), assign=a.command == "assign-team")
    print(f"{user.name} now sees: {supervisor_scope(s, user)}.")


def cmd_org_wide(s: Session, a: argparse.Namespace) -> None:
    user = _user(s, a.user)
    set_org_wide(s, user, a.command == "grant-org-wide", _actor())
    print(f"{user.name} now sees: {supervisor_scope(s, user)}.")


def cmd_reset_keys(s: Session, a: argparse.Namespace) -> None:
    user = _user(s, a.user)
    if not a.yes:
        raise Problem(
            400,
            "confirm",
            "Confirm with --yes",
            f"This replaces {user.name}'s keys and revokes all their laptops: only when both "
            "their passphrase and recovery key are lost. Add --yes to go ahead.",
        )
    revoked = reset_keys(s, user, _actor())
    code = services.new_code_for(s, user, _actor(), a.hours)
    print(f"{user.name}'s keys were cleared and {revoked} laptops revoked.")
    print(
        "Their new laptop makes new keys; the organisation's first supervisor must then "
        "certify them again ('mentorapp-cli certify'). Records they wrote before stay "
        "readable by supervisors but not on their new laptop."
    )
    print(f"New enrolment code (one use, expires in {a.hours:g} h):\n\n    {code}\n")


def cmd_list_orgs(s: Session, a: argparse.Namespace) -> None:
    _print(
        [
            {
                "org_id": o.id,
                "name": o.name,
                "keys": "yes" if o.signing_public else "not yet",
                "retention_days": o.retention_days or "-",
                "changes": o.last_seq,
            }
            for o in services.all_orgs(s)
        ],
        a.json,
    )


def cmd_list_users(s: Session, a: argparse.Namespace) -> None:
    users = services.list_users(s, services.find_org(s, a.org))
    _print([u.model_dump() for u in users], a.json)


def cmd_list_devices(s: Session, a: argparse.Namespace) -> None:
    devices = services.list_devices(s, services.find_org(s, a.org))
    _print([d.model_dump() for d in devices], a.json)


def cmd_revoke_device(s: Session, a: argparse.Namespace) -> None:
    device = services.revoke_device(s, a.device, _actor())
    print(f"Device {device.id} revoked; it can no longer sync.")


def cmd_disable_user(s: Session, a: argparse.Namespace) -> None:
    user = services.set_user_disabled(s, a.user, not a.enable, _actor())
    print(f"{user.name} is now {'disabled' if user.disabled else 'enabled'}.")


def cmd_audit(s: Session, a: argparse.Namespace) -> None:
    org = services.find_org(s, a.org) if a.org else None
    if a.verify:
        _verify_audit(s, org)
        return
    rows = [
        {
            "entry": e.id,
            "at": e.at.isoformat(timespec="seconds"),
            "action": e.action,
            "actor": e.actor,
            "device": e.device_id or "-",
            "detail": e.detail[:120] if not a.json else e.detail,
        }
        for e in services.audit_entries(s, org, a.limit)
    ]
    _print(rows, a.json)


def _verify_audit(s: Session, org: Organisation | None) -> None:
    reports = verify_audit_log(s, org.id if org else None)
    names = {o.id: o.name for o in services.all_orgs(s)}

    def log_of(chain: str) -> str:
        if chain == NO_ORGANISATION:
            return "entries without an organisation"
        return f"organisation {names.get(chain, chain)!r}"

    broken = [r for r in reports if r.problem]
    if broken:
        raise Problem(
            409,
            "audit-log-broken",
            "The audit log was tampered with",
            " ".join(f"In the log of {log_of(r.chain)}: {r.problem}" for r in broken)
            + " Entries before each of these are intact. Keep the database as it is "
            "and compare it with your backups.",
        )
    total = sum(r.entries for r in reports)
    print(
        f"The audit log is intact: {_entries(total)}, each following from the one before. "
        "Note the newest hashes somewhere else: a log rewritten from an entry onwards "
        "ends in a different hash."
    )
    for r in reports:
        print(f"  {log_of(r.chain)}: {_entries(r.entries)}, newest {r.newest_id}, {r.newest_hash}")


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"


def cmd_set_retention(s: Session, a: argparse.Namespace) -> None:
    org = services.find_org(s, a.org)
    services.set_retention(s, org, None if a.days == 0 else a.days, _actor())
    print(
        f"Retention for {org.name}: "
        f"{'keep until erased' if a.days == 0 else f'{a.days} days after last change'}."
    )


def cmd_apply_retention(s: Session, a: argparse.Namespace) -> None:
    org = services.find_org(s, a.org)
    purged = services.apply_retention(s, org, _actor())
    print(f"Purged {len(purged)} records past the retention period.")


def cmd_purge(s: Session, a: argparse.Namespace) -> None:
    org = services.find_org(s, a.org)
    services.purge_record(s, org.id, a.record, _actor())
    print(f"Record {a.record} erased; devices remove it at their next sync.")


def build_parser() -> argparse.ArgumentParser:  # noqa: PLR0915 (one line per option)
    parser = argparse.ArgumentParser(
        prog="mentorapp-admin",
        allow_abbrev=False,
        description="Manage organisations, people and devices.",
    )
    parser.add_argument("--database-url", help="as for mentorapp-server")
    parser.add_argument("--json", action="store_true", help="machine-readable listings")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str, func: Callable[[Session, argparse.Namespace], None], text: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        p.set_defaults(func=func)
        return p

    p = add("create-org", cmd_create_org, "create an organisation and its first supervisor's code")
    p.add_argument("name")
    p.add_argument("--supervisor", required=True, help="the first supervisor's name")
    p.add_argument("--hours", type=float, default=72)
    p = add("add-team", cmd_add_team, "add a team to an organisation")
    p.add_argument("org", help="organisation name or id")
    p.add_argument("name")
    p = add("invite", cmd_invite, "invite a mentor, supervisor or admin; prints a one-time code")
    p.add_argument("org")
    p.add_argument("--name", required=True)
    p.add_argument("--role", choices=services.ROLES, default="mentor")
    p.add_argument("--team", help="team name or id")
    p.add_argument("--hours", type=float, default=72, help="hours until the code expires")
    p.add_argument(
        "--allow-same-name",
        action="store_true",
        help="invite a different person who has the same name as a member",
    )
    p = add("new-code", cmd_new_code, "a new enrolment code for an existing member")
    p.add_argument("user")
    p.add_argument("--hours", type=float, default=72)
    p = add("set-team", cmd_set_team, "move a member to a team ('-' for none)")
    p.add_argument("user")
    p.add_argument("team")
    for name, text in (
        ("assign-team", "let a supervisor see a team's records"),
        ("unassign-team", "stop a supervisor seeing a team's records"),
    ):
        p = add(name, cmd_assign_team, text)
        p.add_argument("user")
        p.add_argument("team")
    for name, text in (
        ("grant-org-wide", "let a supervisor see the whole organisation (explicit grant)"),
        ("revoke-org-wide", "take back a supervisor's organisation-wide view"),
    ):
        p = add(name, cmd_org_wide, text)
        p.add_argument("user")
    p = add(
        "reset-keys",
        cmd_reset_keys,
        "replace a person's keys when passphrase and recovery key are both lost",
    )
    p.add_argument("user")
    p.add_argument("--yes", action="store_true", help="confirm")
    p.add_argument("--hours", type=float, default=72)
    add("list-orgs", cmd_list_orgs, "list organisations")
    p = add("list-users", cmd_list_users, "list an organisation's members")
    p.add_argument("org")
    p = add("list-devices", cmd_list_devices, "list an organisation's devices")
    p.add_argument("org")
    p = add("revoke-device", cmd_revoke_device, "revoke a device at once")
    p.add_argument("device")
    p = add("disable-user", cmd_disable_user, "disable (or --enable) a user")
    p.add_argument("user")
    p.add_argument("--enable", action="store_true")
    p = add("audit", cmd_audit, "show the audit log, newest last")
    p.add_argument("--org")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument(
        "--verify",
        action="store_true",
        help="check that no entry was removed or changed; names the first that was",
    )
    p = add(
        "set-retention",
        cmd_set_retention,
        "purge records this many days after their last change (0: keep until erased)",
    )
    p.add_argument("org")
    p.add_argument("days", type=int)
    p = add("apply-retention", cmd_apply_retention, "purge records past the retention period")
    p.add_argument("org")
    p = add("purge", cmd_purge, "erase one record (UK GDPR erasure)")
    p.add_argument("org")
    p.add_argument("record")
    return parser


def _missing_sqlite_file(url: str) -> Path | None:
    """The file an SQLite URL names, when it does not exist."""
    if not url.startswith("sqlite"):
        return None
    path = url.split("///", 1)[-1].split("?", 1)[0]
    if not path or path == ":memory:" or Path(path).exists():
        return None
    return Path(path)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    url = database_url(args.database_url)
    missing = _missing_sqlite_file(url)
    if missing is not None:
        # Opening it would create an empty database, and the advice to migrate would
        # leave the administrator with a second, empty service.
        print(
            f"mentorapp-admin: there is no database at {missing}. Is this the database the "
            "service uses? Give the same --database-url (or MENTORAPP_SERVER_DATABASE_URL) "
            "as the server; 'mentorapp-server' creates it when it first starts.",
            file=sys.stderr,
        )
        return 2
    try:
        engine = make_engine(url)
        if current_revision(engine) != head_revision():
            print(
                "mentorapp-admin: the database is not at the current schema; run "
                "'mentorapp-server migrate' first.",
                file=sys.stderr,
            )
            return 2
        with sessions(engine)() as session, session.begin():
            args.func(session, args)
    except Problem as exc:
        print(f"mentorapp-admin: {exc.detail}", file=sys.stderr)
        return 2
    except (OperationalError, IntegrityError) as exc:
        print(f"mentorapp-admin: database error on {_redact(url)}: {exc.orig}", file=sys.stderr)
        return 2
    finally:
        if "engine" in locals():
            engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
