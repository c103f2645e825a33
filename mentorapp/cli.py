"""``mentorapp-cli``: everything a mentor can do, without a window.

Passphrases are read from ``--passphrase-file``, from standard input when it is
not a terminal (one per line), or from a hidden prompt; never from an argument.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import getpass
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import httpx

from mentorapp.core import passphrase as strength
from mentorapp.core.caseload import CaseloadEntry, timeline
from mentorapp.core.codec import to_plain
from mentorapp.core.demo import demo_caseload
from mentorapp.core.export import export_rows
from mentorapp.core.forms import (
    FieldType,
    FormDefinition,
    FormError,
    FormField,
    build_record,
    today_defaults,
    validate,
)
from mentorapp.core.hours import mentor_hours
from mentorapp.core.ids import is_valid_id
from mentorapp.core.model import (
    Contact,
    Mentee,
    MenteeStatus,
    Record,
)
from mentorapp.crypto import CryptoError, KdfParams, calibrate
from mentorapp.paths import profile_home
from mentorapp.store.backup import create_backup, restore_backup
from mentorapp.store.errors import ProfileExists, StoreError
from mentorapp.store.membership import Membership, load_membership, save_membership
from mentorapp.store.profile import (
    Profile,
    create_profile,
    default_kdf,
    form_registry,
    open_profile,
)
from mentorapp.sync.client import DeviceIdentity, OrgKeys, ServiceClient, ServiceError


class CliError(Exception):
    """A problem to report to the person in one clear line."""


class Secrets:
    """Where passphrases come from, in order: a file, piped stdin, a hidden prompt."""

    def __init__(self, file: str | None, stdin: TextIO) -> None:
        self._lines: list[str] | None = None
        if file:
            try:
                self._lines = Path(file).read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise CliError(f"cannot read the passphrase file: {exc}") from exc
        elif not stdin.isatty():
            self._lines = stdin.read().splitlines()

    @property
    def interactive(self) -> bool:
        return self._lines is None

    def next(self, prompt: str) -> str:
        if self._lines is None:
            return getpass.getpass(prompt)
        if not self._lines:
            raise CliError("no passphrase given (expected another line on standard input)")
        return self._lines.pop(0)

    def new_passphrase(self, prompt: str = "Choose a passphrase: ") -> str:
        value = self.next(prompt)
        verdict = strength.assess(value)
        if not verdict.acceptable:
            raise CliError(verdict.advice)
        if self.interactive:
            print(verdict.advice, file=sys.stderr)
            if getpass.getpass("Type it again: ") != value:
                raise CliError("the two passphrases were different; nothing was changed")
        return value


def _kdf(args: argparse.Namespace) -> KdfParams:
    return default_kdf() if args.kdf_seconds is None else calibrate(args.kdf_seconds)


def _unlock(args: argparse.Namespace, secrets: Secrets) -> Profile:
    locked = open_profile(args.home)
    return locked.unlock(secrets.next("Passphrase: "))


# --- commands ------------------------------------------------------------------


def cmd_init(args: argparse.Namespace, secrets: Secrets) -> int:
    passphrase = secrets.new_passphrase()
    profile, recovery = create_profile(args.home, passphrase, _kdf(args))
    profile.lock()
    print(f"Created a profile in {args.home}.")
    print()
    print("Your recovery key (write it down and keep it somewhere safe; it is shown only once):")
    print()
    print(f"    {recovery}")
    print()
    print("With it you can get back in if you forget your passphrase.")
    return 0


def cmd_demo(args: argparse.Namespace, secrets: Secrets) -> int:
    if not (args.home / "vault.json").exists():
        passphrase = secrets.new_passphrase()
        profile, recovery = create_profile(args.home, passphrase, _kdf(args))
        print(f"Created a demo profile in {args.home}. Recovery key: {recovery}")
    else:
        profile = _unlock(args, secrets)
    with profile:
        started = time.perf_counter()
        written = 0
        for record in demo_caseload(args.mentees, args.contacts, seed=args.seed):
            profile.records.save(record)
            written += 1
        print(f"Wrote {written} synthetic records in {time.perf_counter() - started:.1f} s.")
        if args.list:
            print()
            _print_caseload(profile.caseload(), "all")
    return 0


def _mentee_resolver(profile: Profile) -> Callable[[str], str]:
    mentees = profile.records.mentees()

    def resolve(text: str) -> str:
        text = text.strip()
        if is_valid_id(text):
            return text
        folded = text.casefold()
        matches = [
            m
            for m in mentees
            if folded in (m.display_name.casefold(), f"{m.given_name} {m.family_name}".casefold())
        ]
        if len(matches) == 1:
            return matches[0].id
        if not matches:
            raise CliError(f"no mentee called {text!r}; 'list' shows who is on the caseload")
        raise CliError(f"more than one mentee is called {text!r}; use their id")

    return resolve


def _parse_fields(
    form: FormDefinition, pairs: Sequence[str], resolve: Callable[[str], str]
) -> dict[str, Any]:
    """Turn ``key=value`` options into answers; JSON values for lists; names for mentees."""
    answers: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise CliError(f"--field {pair!r} should look like key=value")
        key = key.strip()
        parsed: Any = value
        if value.strip().startswith(("[", "{")):
            try:
                parsed = json.loads(value)
            except ValueError as exc:
                raise CliError(f"--field {key}: not valid JSON ({exc})") from exc
        try:
            field = form.field(key)
        except KeyError:
            answers[key] = parsed  # validate() reports it with the form's wording
            continue
        answers[key] = _with_mentee_ids(field, parsed, resolve)
    return answers


def _with_mentee_ids(field: FormField, parsed: Any, resolve: Callable[[str], str]) -> Any:
    """One answer with mentee names resolved to ids, and a repeat's text split into rows."""
    if field.type is FieldType.MENTEE:
        return resolve(str(parsed))
    if field.type is FieldType.MENTEES and isinstance(parsed, str):
        return [resolve(v) for v in parsed.split(",") if v.strip()]
    if field.type is not FieldType.REPEAT:
        return parsed
    if isinstance(parsed, str):
        parsed = _repeat_rows(field, parsed, resolve)
    if isinstance(parsed, list):
        for item in parsed:
            for sf in field.fields:
                if sf.type is FieldType.MENTEE and isinstance(item, dict) and sf.key in item:
                    item[sf.key] = resolve(str(item[sf.key]))
    return parsed


def _repeat_rows(
    field: FormField, text: str, resolve: Callable[[str], str]
) -> list[dict[str, Any]]:
    """Rows of an attendance-style list from text like "Sam Jones, Ben Ali:left_early"."""
    sub = {f.key: f for f in field.fields}
    first = field.fields[0].key
    second = field.fields[1].key if len(field.fields) > 1 else None
    items: list[dict[str, Any]] = []
    for chunk in text.split(","):
        if not chunk.strip():
            continue
        head, _, tail = chunk.partition(":")
        item: dict[str, Any] = {
            first: resolve(head) if sub[first].type is FieldType.MENTEE else head.strip()
        }
        if tail and second:
            item[second] = tail.strip()
        items.append(item)
    return items


def _add_from_form(args: argparse.Namespace, secrets: Secrets, form_id: str) -> int:
    forms = form_registry(args.home)
    try:
        form = forms.latest(form_id)
    except KeyError as exc:
        raise CliError(f"there is no form {form_id!r}; forms: {', '.join(forms.ids())}") from exc
    with _unlock(args, secrets) as profile:
        answers = _parse_fields(form, args.field or [], _mentee_resolver(profile))
        if args.answers_json:
            try:
                answers.update(json.loads(Path(args.answers_json).read_text(encoding="utf-8")))
            except (OSError, ValueError) as exc:
                raise CliError(f"cannot read {args.answers_json}: {exc}") from exc
        # consent.date stays the person's to give on the command line.
        defaults = {k: v for k, v in today_defaults(form).items() if k != "consent.date"}
        answers = {**defaults, **answers}
        mentee_ids = {m.id for m in profile.records.mentees()}
        result = validate(form, answers, mentee_ids)
        if not result.ok:
            for error in result.errors:
                print(f"  {error.key}: {error.message}", file=sys.stderr)
            raise CliError(f"the {form.title.lower()} was not saved; fix the answers above")
        record = build_record(form, result.cleaned)
        if isinstance(record, Contact) and not record.mentor:
            record.mentor = args.mentor or getpass.getuser()
        profile.record(record)
        print(f"Saved {form.title.lower()} {record.id}.")
    return 0


def cmd_add_contact(args: argparse.Namespace, secrets: Secrets) -> int:
    return _add_from_form(args, secrets, args.kind)


def cmd_add_mentee(args: argparse.Namespace, secrets: Secrets) -> int:
    return _add_from_form(args, secrets, "mentee_intake")


def _fmt_date(value: dt.date | None) -> str:
    return value.isoformat() if value else "-"


def cmd_list(args: argparse.Namespace, secrets: Secrets) -> int:
    with _unlock(args, secrets) as profile:
        entries = profile.caseload()
    return _print_caseload(entries, args.status)


def _print_caseload(entries: list[CaseloadEntry], status: str) -> int:
    if status != "all":
        entries = [e for e in entries if e.mentee.status is MenteeStatus(status)]
    if not entries:
        print("No mentees yet. Add one with 'add-mentee'.")
        return 0
    print(
        f"{'Name':<26} {'Status':<8} {'Setting':<18} {'Last contact':<24} "
        f"{'Next':<10} Concerns  Overdue"
    )
    for e in entries:
        last = f"{_fmt_date(e.last_contact)} {e.last_contact_kind}" if e.last_contact else "-"
        print(
            f"{e.mentee.display_name[:26]:<26} {e.mentee.status.value:<8} "
            f"{e.mentee.setting.value:<18} {last:<24} {_fmt_date(e.next_meeting):<10} "
            f"{e.open_concerns:>8} {e.overdue_actions:>8}"
        )
    print(f"{len(entries)} mentees.")
    return 0


def _print_record(record: Record) -> None:
    print(
        json.dumps(
            {"type": record.record_type.value, **to_plain(record)}, indent=2, ensure_ascii=False
        )
    )


def cmd_show(args: argparse.Namespace, secrets: Secrets) -> int:
    with _unlock(args, secrets) as profile:
        target = args.who
        if not is_valid_id(target):
            target = _mentee_resolver(profile)(target)
        record = profile.records.get(target)
        if not isinstance(record, Mentee):
            _print_record(record)
            return 0
        _print_record(record)
        items = timeline(record.id, profile.records.iter_records())
    print()
    print(f"Timeline ({len(items)} entries, newest first):")
    for item in items:
        print(f"  {item.date.isoformat()}  {item.kind:<11} {item.summary}")
    return 0


def cmd_verify(args: argparse.Namespace, secrets: Secrets) -> int:
    with _unlock(args, secrets) as profile:
        checked, problems = profile.records.verify()
        drafts_ok = True
        try:
            profile.records.drafts()
        except CryptoError:
            drafts_ok = False
    for p in problems:
        print(f"FAILED {p.record_type} {p.record_id}: {p.reason}")
    if not drafts_ok:
        print("FAILED drafts: a saved draft does not decrypt")
    if problems or not drafts_ok:
        print(f"{len(problems)} of {checked} records failed verification.")
        return 1
    print(f"All {checked} records decrypted and their signatures checked.")
    return 0


def cmd_backup(args: argparse.Namespace, secrets: Secrets) -> int:
    with _unlock(args, secrets) as profile:
        info = create_backup(profile, Path(args.file))
    print(
        f"Backed up {info.records} records to {args.file} ({info.size_bytes:,} bytes). "
        "It opens with this profile's passphrase or recovery key."
    )
    return 0


def cmd_restore(args: argparse.Namespace, secrets: Secrets) -> int:
    recovery = None
    passphrase = None
    if args.recovery_key_file:
        try:
            recovery = Path(args.recovery_key_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise CliError(f"cannot read the recovery key file: {exc}") from exc
    else:
        passphrase = secrets.next("Passphrase of the backup: ")
    try:
        info = restore_backup(Path(args.file), args.home, passphrase, recovery, args.replace)
    except ProfileExists as exc:
        raise CliError(
            f"{exc} Add --replace to keep it aside (still encrypted) and restore over it."
        ) from exc
    print(f"Restored {info.records} records (backup made {info.created}) into {args.home}.")
    if recovery:
        print(
            "You unlocked with the recovery key: set a new passphrase with "
            "'change-passphrase --recovery-key-file FILE'."
        )
    return 0


def cmd_change_passphrase(args: argparse.Namespace, secrets: Secrets) -> int:
    locked = open_profile(args.home)
    if args.recovery_key_file:
        try:
            key = Path(args.recovery_key_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise CliError(f"cannot read the recovery key file: {exc}") from exc
        profile = locked.unlock_with_recovery(key)
    else:
        profile = locked.unlock(secrets.next("Current passphrase: "))
    with profile:
        if args.new_passphrase_file:
            new = Secrets(args.new_passphrase_file, sys.stdin).new_passphrase()
        else:
            new = secrets.new_passphrase("New passphrase: ")
        profile.change_passphrase(new, _kdf(args))
    print("Passphrase changed. Your recovery key still works.")
    return 0


def cmd_export(args: argparse.Namespace, secrets: Secrets) -> int:
    forms = form_registry(args.home)
    try:
        form = forms.latest(args.form)
    except KeyError as exc:
        raise CliError(f"there is no form {args.form!r}; forms: {', '.join(forms.ids())}") from exc
    with _unlock(args, secrets) as profile:
        header, rows = export_rows(form, profile.records.iter_records(form.record_type))
    out = Path(args.out)
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    print(
        f"Exported {len(rows)} records to {out}. This file is NOT encrypted: "
        "keep it safe and delete it when done."
    )
    return 0


def cmd_join(args: argparse.Namespace, secrets: Secrets) -> int:
    """Enrol this laptop with an organisation's central service."""
    with _unlock(args, secrets) as profile:
        if load_membership(profile) is not None:
            raise CliError("this profile has already joined an organisation")
        keys = profile.keys
        identity = DeviceIdentity(
            device_signing=keys.device_signing,
            device_recipient=keys.user_recipient,
            user_recipient=keys.user_recipient,
            user_signing=keys.user_signing,
            device_id=keys.device_id,
        )
        try:
            with ServiceClient(args.server) as client:
                reply = client.enrol(args.code.strip(), identity, args.label or getpass.getuser())
                org_private = None
                if reply.get("needs_org_keys"):
                    org = OrgKeys()
                    client.set_up_org(reply, identity, org)
                    org_private = {
                        "signing": org.signing.secret().hex(),
                        "review": org.review.secret().hex(),
                    }
                    directory = client.keys()
                    reply["org_fingerprint"] = directory["org_fingerprint"]
                assert client.token is not None
                token = client.token
        except ServiceError as exc:
            raise CliError(f"the service said: {exc.problem.get('detail', exc)}") from exc
        except httpx.HTTPError as exc:
            raise CliError(f"cannot reach {args.server}: {exc}") from exc
        save_membership(
            profile,
            Membership(
                server_url=args.server,
                org_id=reply["org_id"],
                org_name=reply["org_name"],
                user_id=reply["user_id"],
                device_id=reply["device_id"],
                role=reply["role"],
                org_fingerprint=reply["org_fingerprint"] or "",
                credential=token,
            ),
            org_private,
        )
    print(f"Joined {reply['org_name']} as {reply['role']}.")
    print(f"Organisation key fingerprint: {reply['org_fingerprint']}")
    if org_private:
        print("You are its first supervisor: the organisation's keys were made on this laptop.")
    return 0


def cmd_forms(args: argparse.Namespace, _secrets: Secrets) -> int:
    forms = form_registry(args.home)
    for form_id in forms.ids():
        form = forms.latest(form_id)
        print(f"{form.id} (version {form.version}): {form.title}")
        for f in form.fields:
            flags = " required" if f.required else ""
            cond = f" [shown when {f.show_if.field}]" if f.show_if else ""
            print(f"    {f.key:<34} {f.type.value:<12}{flags}{cond}")
    return 0


def cmd_hours(args: argparse.Namespace, secrets: Secrets) -> int:
    start = dt.date.fromisoformat(args.start) if args.start else None
    end = dt.date.fromisoformat(args.end) if args.end else None
    with _unlock(args, secrets) as profile:
        hours = mentor_hours(profile.records.contacts(), start, end)
    print(
        f"{hours.contacts} contacts: {hours.contact_minutes / 60:.1f} h with mentees + "
        f"{hours.travel_minutes / 60:.1f} h travel = {hours.total_hours:.1f} h"
    )
    return 0


# --- parser --------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mentorapp-cli",
        allow_abbrev=False,  # "--passphrase X" must not pass as --passphrase-file
        description="Record and check peer mentoring work from the command line.",
    )
    parser.add_argument(
        "--home", help="profile folder (default: $MENTORAPP_HOME or the platform data folder)"
    )
    parser.add_argument("--passphrase-file", help="read the passphrase from this file's first line")
    parser.add_argument(
        "--kdf-seconds", type=float, default=None, help=argparse.SUPPRESS
    )  # tests: 0 uses the floor parameters
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str, func: Callable[[argparse.Namespace, Secrets], int], text: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        p.set_defaults(func=func)
        return p

    add("init", cmd_init, "create a new, empty profile and show its recovery key")
    p = add("demo", cmd_demo, "fill a profile with a synthetic caseload (nothing real)")
    p.add_argument("--mentees", type=int, default=40)
    p.add_argument("--contacts", type=int, default=400)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--list", action="store_true", help="then list the caseload")
    for name, func, text in (
        ("add-mentee", cmd_add_mentee, "add a mentee through the intake form"),
        ("add-contact", cmd_add_contact, "record a one-to-one, group or leisure contact"),
    ):
        p = add(name, func, text)
        if name == "add-contact":
            p.add_argument(
                "kind",
                help="the form: one_to_one, group or leisure (or an organisation's own form id)",
            )
        p.add_argument(
            "--field",
            "-f",
            action="append",
            metavar="KEY=VALUE",
            help="an answer; repeat for each field ('forms' lists them)",
        )
        p.add_argument("--answers-json", metavar="FILE", help="answers as a JSON object")
        p.add_argument("--mentor", help="who recorded it (default: your login name)")
    p = add("list", cmd_list, "mentees by name with their latest contact")
    p.add_argument("--status", choices=["active", "paused", "closed", "all"], default="all")
    p = add("show", cmd_show, "a mentee (by name or id) with their timeline, or any record")
    p.add_argument("who")
    add("verify", cmd_verify, "decrypt and check every record; exit 1 if any fails")
    p = add("backup", cmd_backup, "write an encrypted backup of the whole profile")
    p.add_argument("file")
    p = add("restore", cmd_restore, "restore a profile from an encrypted backup")
    p.add_argument("file")
    p.add_argument(
        "--recovery-key-file",
        help="unlock the backup with the recovery key in this file instead of the passphrase",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="move an existing profile aside (kept, encrypted) and restore over it",
    )
    p = add(
        "change-passphrase",
        cmd_change_passphrase,
        "choose a new passphrase (keys are re-wrapped; records are untouched)",
    )
    p.add_argument("--new-passphrase-file")
    p.add_argument(
        "--recovery-key-file",
        help="prove it is you with the recovery key instead of the current passphrase",
    )
    p = add("export", cmd_export, "export records of one form to CSV (NOT encrypted)")
    p.add_argument("form")
    p.add_argument("--out", required=True)
    add("forms", cmd_forms, "list the forms and their fields")
    p = add("join", cmd_join, "enrol this laptop with your organisation's central service")
    p.add_argument("--server", required=True, help="the service's address, e.g. https://...")
    p.add_argument("--code", required=True, help="the one-time enrolment code you were given")
    p.add_argument("--label", help="a name for this laptop (default: your login name)")
    p = add("hours", cmd_hours, "mentor hours: contact time plus travel")
    p.add_argument("--from", dest="start")
    p.add_argument("--to", dest="end")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.home = profile_home(args.home)
    try:
        secrets = Secrets(args.passphrase_file, sys.stdin)
        code: int = args.func(args, secrets)
        return code
    except (CliError, CryptoError, StoreError, FormError) as exc:
        print(f"mentorapp-cli: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # Output piped into something like `head` that stopped reading.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("mentorapp-cli: stopped; nothing half-written was kept.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
