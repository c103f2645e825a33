"""``mentorapp-cli``: everything a mentor can do, without a window.

Passphrases are read from ``--passphrase-file``, from standard input when it is
not a terminal (one per line), or from a hidden prompt; never from an argument.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import errno
import getpass
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DatabaseError, OperationalError

from mentorapp.cli_base import CliError, Secrets, _kdf, _n, _unlock, _unlock_with_passphrase
from mentorapp.cli_sync import cmd_certify, cmd_join, cmd_resolve, cmd_status, cmd_sync
from mentorapp.core.caseload import (
    KIND_LABELS,
    CaseloadEntry,
    build_caseload,
    timeline,
)
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
from mentorapp.crypto import CryptoError
from mentorapp.paths import profile_home
from mentorapp.store.backup import create_backup, restore_backup
from mentorapp.store.db import database_damage
from mentorapp.store.errors import ProfileExists, StoreError
from mentorapp.store.profile import (
    Profile,
    create_profile,
    db_path,
    form_registry,
    open_profile,
    profile_exists,
)
from mentorapp.store.records import Scope
from mentorapp.store.syncstore import (
    SyncStore,
)
from mentorapp.sync.client import SyncError
from mentorapp.sync.engine import (
    load_directory,
)


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
        if profile.membership is not None:
            raise CliError(
                "this profile has joined an organisation: synthetic records would be sent to "
                "it. Make a demo in a profile of its own (--home)."
            )
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


def _mentee_resolver(profile: Profile, scope: Scope = "mine") -> Callable[[str], str]:
    mentees = profile.records.mentees(scope)

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
            answers.update(_answers_file(args.answers_json))
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


def _answers_file(name: str) -> dict[str, Any]:
    path = Path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CliError(f"there is no answers file {name}; nothing was saved.") from exc
    except IsADirectoryError as exc:
        raise CliError(f"{name} is a folder, not an answers file; nothing was saved.") from exc
    except UnicodeDecodeError as exc:
        raise CliError(f"{name} is not UTF-8 text; save it as UTF-8. Nothing was saved.") from exc
    except OSError as exc:
        raise CliError(f"cannot read {name} ({exc.strerror}); nothing was saved.") from exc
    try:
        answers = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "nothing was saved."
        ) from exc

    if not isinstance(answers, dict):
        raise CliError(
            f"{name} holds a JSON {type(answers).__name__}, but --answers-json needs one "
            'object of answers, like {"given_name": "Sam", "family_name": "Jones"}. '
            "Nothing was saved."
        )
    return answers


def cmd_add_contact(args: argparse.Namespace, secrets: Secrets) -> int:
    return _add_from_form(args, secrets, args.kind)


def cmd_add_mentee(args: argparse.Namespace, secrets: Secrets) -> int:
    return _add_from_form(args, secrets, "mentee_intake")


def _fmt_date(value: dt.date | None) -> str:
    return value.isoformat() if value else "-"


def cmd_list(args: argparse.Namespace, secrets: Secrets) -> int:
    with _unlock(args, secrets, write=False) as profile:
        if not args.team:
            entries = profile.caseload()
            code = _print_caseload(entries, args.status)
            if profile.membership is not None and profile.membership.role == "supervisor":
                print("These are your own mentees; 'list --team' lists your mentors' mentees.")
            return code
        membership = profile.membership
        if membership is None or membership.role != "supervisor":
            raise CliError("--team is for supervisors: it lists the mentees of your mentors")
        records = profile.records
        entries = build_caseload(
            records.mentees("others"),
            records.contact_summaries("others"),
            records.concerns("others"),
        )
        owners = records.owners()
        directory = load_directory(profile)
        mentors = {
            e.mentee.id: (directory.member_name(owners.get(e.mentee.id, "")) if directory else "")
            or owners.get(e.mentee.id, "?")
            for e in entries
        }
        held = SyncStore(records).counts().held
        waiting = sorted(m.name for m in directory.pending.values()) if directory else []
        holds_keys = membership.org_keys is not None
    _print_team(entries, mentors, args.status)
    if held:
        if holds_keys and waiting:
            who = f"certify {', '.join(waiting)} ('mentorapp-cli certify'), then sync"
        elif holds_keys:
            who = "sync again (the people who wrote them are certified now)"
        else:
            who = "they wait for your organisation's first supervisor to certify who wrote them"
        print(f"{_n(held, 'change')} from the service cannot be shown yet: {who}.")
    return 0


def _last_contact(e: CaseloadEntry) -> str:
    if e.last_contact is None:
        return "-"
    return f"{_fmt_date(e.last_contact)} {KIND_LABELS.get(e.last_contact_kind, '')}".strip()


def _print_team(entries: list[CaseloadEntry], mentors: dict[str, str], status: str) -> None:
    if status != "all":
        entries = [e for e in entries if e.mentee.status is MenteeStatus(status)]
    if not entries:
        print("No mentees of your mentors are on this laptop yet ('sync' brings them).")
        return
    entries = sorted(
        entries, key=lambda e: (mentors[e.mentee.id].casefold(), e.mentee.display_name.casefold())
    )
    print(f"{'Mentor':<20} {'Name':<26} {'Status':<8} {'Last contact':<28} Concerns  Overdue")
    for e in entries:
        last = _last_contact(e)
        print(
            f"{mentors[e.mentee.id][:20]:<20} {e.mentee.display_name[:26]:<26} "
            f"{e.mentee.status.value:<8} {last:<28} {e.open_concerns:>8} {e.overdue_actions:>8}"
        )
    print(f"{_n(len(entries), 'mentee')} of {_n(len(set(mentors.values())), 'mentor')}.")


def _print_caseload(entries: list[CaseloadEntry], status: str) -> int:
    if status != "all":
        entries = [e for e in entries if e.mentee.status is MenteeStatus(status)]
    if not entries:
        print("No mentees yet. Add one with 'add-mentee'.")
        return 0
    print(
        f"{'Name':<26} {'Status':<8} {'Setting':<18} {'Last contact':<28} "
        f"{'Next':<10} Concerns  Overdue"
    )
    for e in entries:
        last = _last_contact(e)
        print(
            f"{e.mentee.display_name[:26]:<26} {e.mentee.status.value:<8} "
            f"{e.mentee.setting.value:<18} {last:<28} {_fmt_date(e.next_meeting):<10} "
            f"{e.open_concerns:>8} {e.overdue_actions:>8}"
        )
    print(f"{_n(len(entries), 'mentee')}.")
    return 0


def _print_record(record: Record) -> None:
    print(
        json.dumps(
            {"type": record.record_type.value, **to_plain(record)}, indent=2, ensure_ascii=False
        )
    )


def cmd_show(args: argparse.Namespace, secrets: Secrets) -> int:
    with _unlock(args, secrets, write=False) as profile:
        target = args.who
        if not is_valid_id(target):
            target = _mentee_resolver(profile, "all")(target)
        record = profile.records.get(target)
        if not isinstance(record, Mentee):
            _print_record(record)
            return 0
        _print_record(record)
        items = timeline(record.id, profile.records.iter_records(scope="all"))
    print()
    print(f"Timeline ({_n(len(items), 'entry', 'entries')}, newest first):")
    for item in items:
        print(f"  {item.date.isoformat()}  {item.kind:<11} {item.summary}")
    return 0


_DAMAGED = (
    "The profile's database is damaged ({}). Nothing was changed. Restore the profile from "
    "a backup with 'mentorapp-cli restore BACKUP --replace'."
)


def _damage_before_opening(home: Path) -> str | None:
    """What is wrong with the database file, said before opening it (opening an empty
    file would build a schema in it: the evidence is left as it was found)."""
    if not profile_exists(home):
        return None
    damage = database_damage(db_path(home))
    if damage is not None:
        return _DAMAGED.format(damage)
    if db_path(home).stat().st_size == 0:
        return (
            "FAILED: the profile's database is an empty file: it was replaced or emptied "
            "outside mentorapp. Nothing was changed. Restore the profile from a backup with "
            "'mentorapp-cli restore BACKUP --replace', or sync again to get your records back."
        )
    return None


def cmd_verify(args: argparse.Namespace, secrets: Secrets) -> int:
    damage = _damage_before_opening(args.home)
    if damage is not None:
        print(damage)
        return 1
    try:
        with _unlock(args, secrets, write=False, warn=False) as profile:
            directory = load_directory(profile)
            devices = directory.devices if directory is not None else {}
            checked, problems = profile.records.verify(
                lambda device_id: devices[device_id].verify_key if device_id in devices else None
            )
            listed = profile.record_list.problems
            drafts_ok = True
            try:
                profile.records.drafts()
            except CryptoError:
                drafts_ok = False
    except OperationalError:
        raise  # a full disk or a locked file: main() says so
    except DatabaseError as exc:
        print(_DAMAGED.format(exc.orig))
        return 1
    for p in problems:
        print(f"FAILED {p.record_type} {p.record_id}: {p.reason}")
    for m in listed:
        print(f"FAILED record list: {m.message}")
    if not drafts_ok:
        print("FAILED drafts: a saved draft does not decrypt")
    if listed:
        print(
            f"The record list found {len(listed)} problem(s): records were removed or altered "
            "outside mentorapp. Restore from a backup, or sync again, to get them back."
        )
    if problems or not drafts_ok or listed:
        failed = []
        if problems:
            failed.append(f"{len(problems)} of {checked} records do not decrypt or verify")
        if listed:
            failed.append(f"{_n(len(listed), 'problem')} with the record list")
        if not drafts_ok:
            failed.append("a saved draft does not decrypt")
        print(f"Verification FAILED: {'; '.join(failed)}.")
        return 1
    print(f"All {checked} records decrypted and their signatures checked; none is missing.")
    return 0


def cmd_backup(args: argparse.Namespace, secrets: Secrets) -> int:
    if Path(args.file).is_dir():
        raise CliError(
            f"{args.file} is a folder: give the backup file's name, like "
            f"{Path(args.file) / 'laptop.mab'}."
        )
    with _unlock(args, secrets, write=False) as profile:
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
    if info.kept_aside is not None:
        print(
            f"The profile that was there is kept, still encrypted, in {info.kept_aside}; "
            "delete that folder once you are sure you do not need it."
        )
    for removed in info.removed_asides:
        print(f"An older copy kept by an earlier restore was removed: {removed}.")
    if info.must_join_again:
        print(
            "To your organisation this is a new laptop (a laptop is never copied): ask your "
            "administrator for a new code and run 'mentorapp-cli join'; your records are "
            "kept and what waits here is then sent."
        )
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
        profile = _unlock_with_passphrase(locked, secrets, "Current passphrase: ")[0]
    with profile:
        if args.new_passphrase_file:
            new = Secrets(args.new_passphrase_file, sys.stdin).new_passphrase()
        else:
            new = secrets.new_passphrase("New passphrase: ")
        profile.change_passphrase(new, _kdf(args))
    if locked.was_altered:
        print(
            "The vault file had been changed by something other than mentorapp; it has "
            "been rewritten with full protection under your new passphrase."
        )
    print("Passphrase changed. Your recovery key still works.")
    return 0


def cmd_export(args: argparse.Namespace, secrets: Secrets) -> int:
    forms = form_registry(args.home)
    try:
        form = forms.latest(args.form)
    except KeyError as exc:
        raise CliError(f"there is no form {args.form!r}; forms: {', '.join(forms.ids())}") from exc
    out = Path(args.out)
    if out.is_dir():
        raise CliError(f"--out {out} is a folder: name a file in it, like {out / 'export.csv'}.")
    if not out.parent.is_dir():
        raise CliError(f"--out {out}: there is no folder {out.parent}. Create it first.")
    with _unlock(args, secrets, write=False) as profile:
        header, rows = export_rows(form, profile.records.iter_records(form.record_type))
    _write_csv(out, header, rows)
    print(
        f"Exported {len(rows)} records to {out}. This file is NOT encrypted: "
        "keep it safe and delete it when done."
    )
    return 0


def _write_csv(out: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write the whole file or nothing: a full disk must not leave half an export, nor
    cut short an earlier one of the same name."""
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".partial")
    try:
        with open(fd, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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


def _date_option(text: str | None, option: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CliError(
            f"{option} {text} is not a date on the calendar: give it as YYYY-MM-DD, "
            "for example 2026-02-28."
        ) from None


def cmd_hours(args: argparse.Namespace, secrets: Secrets) -> int:
    start = _date_option(args.start, "--from")
    end = _date_option(args.end, "--to")
    if start is not None and end is not None and end < start:
        raise CliError(f"--to {end} is before --from {start}: give the earlier date first.")
    with _unlock(args, secrets, write=False) as profile:
        hours = mentor_hours(profile.records.contacts(), start, end)
    print(
        f"{hours.contacts} contacts: {hours.contact_minutes / 60:.1f} h with mentees + "
        f"{hours.travel_minutes / 60:.1f} h travel = {hours.total_hours:.1f} h"
    )
    return 0


# --- parser --------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:  # noqa: PLR0915 (one line per option)
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
        "--debug", action="store_true", help="on an unexpected error, show the full details"
    )
    parser.add_argument(
        "--kdf-seconds", type=float, default=None, help=argparse.SUPPRESS
    )  # tests: 0 uses the floor parameters
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    # --home and --passphrase-file may also come after the command ("restore FILE --home DIR").
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--home", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--passphrase-file", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )

    def add(
        name: str, func: Callable[[argparse.Namespace, Secrets], int], text: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text, parents=[common])
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
    p.add_argument(
        "--team", action="store_true", help="supervisors: every mentee of the mentors you see"
    )
    p = add("show", cmd_show, "a mentee (by name or id) with their timeline, or any record")
    p.add_argument("who")
    add(
        "verify",
        cmd_verify,
        "check the database, decrypt and check every record, and that none is missing or "
        "rolled back; exit 1 if any fails",
    )
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
    p.add_argument(
        "--label", help="a name for this laptop (default: 'Laptop enrolled' and the date)"
    )
    p.add_argument(
        "--other-passphrase-file",
        help="on a replacement laptop with a new passphrase: the passphrase of your "
        "earlier laptop, which protects your keys on the service",
    )
    add(
        "sync",
        cmd_sync,
        "send and receive changes; exit 0 done, 1 not reached or cut (run again), "
        "3 done but something needs you",
    )
    add("status", cmd_status, "membership, changes waiting, last sync, conflicts and refusals")
    p = add(
        "resolve",
        cmd_resolve,
        "settle a conflict (an edit made here and elsewhere): list them, then keep one side",
    )
    p.add_argument("number", nargs="?", type=int, help="which conflict, as 'resolve' lists them")
    p.add_argument("--keep", choices=["mine", "theirs"], help="keep all answers of one side")
    p.add_argument(
        "--answer",
        action="append",
        metavar="FIELD=mine|theirs",
        help="choose per answer, named by its label or [key] as 'resolve' shows them",
    )
    p = add(
        "certify",
        cmd_certify,
        "vouch for members who enrolled (organisation key holder only); lists them first",
    )
    p.add_argument("user", nargs="*", default=[], help="user ids or names to certify")
    p.add_argument("--all", action="store_true", help="certify everyone waiting")
    p = add("hours", cmd_hours, "mentor hours: contact time plus travel")
    p.add_argument("--from", dest="start")
    p.add_argument("--to", dest="end")
    return parser


# Arguments that name files: any bytes are a valid file name, so they are not checked.
_PATH_ARGS = {
    "home",
    "passphrase_file",
    "answers_json",
    "file",
    "recovery_key_file",
    "new_passphrase_file",
    "out",
    "other_passphrase_file",
}
_ARG_NAMES = {
    "start": "--from",
    "end": "--to",
    "who": "the name or id",
    "kind": "the form",
    "form": "the form",
    "user": "a person to certify",
}


def _refuse_undecodable(args: argparse.Namespace) -> None:
    """Text that is not UTF-8 (a script writing Latin-1, say) arrives with surrogates that
    cannot be stored or printed: refuse it before anything is unlocked or written."""
    for name, value in vars(args).items():
        if name in _PATH_ARGS:
            continue
        for text in value if isinstance(value, list) else [value]:
            if not isinstance(text, str):
                continue
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                label = _ARG_NAMES.get(name, f"--{name.replace('_', '-')}")
                key = text.partition("=")[0] if name in ("field", "answer") else ""
                if key and key.isprintable() and key.isascii():
                    label = f"{label} {key}"
                raise CliError(
                    f"{label} is not UTF-8 text (it holds bytes from another encoding). "
                    "Type it again, or have the script that runs mentorapp-cli pass UTF-8; "
                    "nothing was changed."
                ) from None


def _storage_problem(exc: BaseException, home: Path) -> str:
    """What stopped a file being read or written, from what is true of its disk now."""
    filename = getattr(exc, "filename", None)
    where = Path(filename).parent if isinstance(filename, str) and filename else home
    folder = where if where.exists() else home
    code = getattr(exc, "errno", None)
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or (
        folder.exists() and not os.access(folder, os.W_OK)
    ):
        if folder == home:
            return (
                f"the profile folder {folder} is read-only (or you may not change it), and "
                "mentorapp must write there even to read your records. Make it writable, or "
                "copy the folder somewhere that is, and try again; nothing was changed."
            )
        return (
            f"the folder {folder} is read-only (or you may not change it). Choose another "
            "place, or make it writable, and try again; nothing was changed."
        )
    with contextlib.suppress(OSError):
        if code in (errno.ENOSPC, errno.EDQUOT) or shutil.disk_usage(folder).free < 1 << 20:
            return (
                f"the disk holding {folder} is full. Free some space and try again; nothing "
                "was changed."
            )
    reason = getattr(exc, "strerror", None) or getattr(exc, "orig", None) or type(exc).__name__
    if "locked" in str(reason):
        return (
            "another mentorapp (the window, or another command) is busy with this profile. "
            "Try again when it has finished; nothing was changed."
        )
    return (
        f"{filename or folder} could not be read or written ({reason}); "
        "the disk may be failing. Nothing half-written was kept; check the disk and try again."
    )


def _unexpected(exc: BaseException) -> str:
    # The message is left out: it could quote a record.
    return (
        f"something unexpected went wrong ({type(exc).__name__}) and the command stopped; "
        "nothing half-written was kept. Run it again with --debug to see the details, and "
        "tell whoever supports mentorapp (read the details first: they may name people)."
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.home = profile_home(args.home)
        return _run(args)
    except BrokenPipeError:
        # Output piped into something like `head` that stopped reading.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("mentorapp-cli: stopped; nothing half-written was kept.", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(f"mentorapp-cli: {_unexpected(exc)}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    """The command, with every failure a person can act on said in a sentence."""
    try:
        _refuse_undecodable(args)
        secrets = Secrets(args.passphrase_file, sys.stdin)
        code: int = args.func(args, secrets)
        return code
    except (CliError, CryptoError, StoreError, SyncError) as exc:
        print(f"mentorapp-cli: {exc}", file=sys.stderr)
        return 2
    except FormError as exc:
        print(
            f"mentorapp-cli: {exc}. Correct that file (or ask whoever supplied it) and try "
            "again; nothing was changed.",
            file=sys.stderr,
        )
        return 2
    except OperationalError as exc:
        # The profile's database could not be opened or written: a full disk, a read-only
        # folder, a file-size limit, a damaged file.
        print(f"mentorapp-cli: {_storage_problem(exc, args.home)}", file=sys.stderr)
        return 2
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        print(f"mentorapp-cli: {_storage_problem(exc, args.home)}", file=sys.stderr)
        return 2
    except DatabaseError:
        # Not a full disk or a locked file (those are OperationalError): the file itself.
        damage = database_damage(db_path(args.home)) if profile_exists(args.home) else None
        if damage is None:
            raise
        print(f"mentorapp-cli: {_DAMAGED.format(damage)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
