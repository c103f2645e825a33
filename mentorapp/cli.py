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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.exc import DatabaseError, OperationalError

from mentorapp.core import passphrase as strength
from mentorapp.core.caseload import (
    KIND_LABELS,
    CaseloadEntry,
    build_caseload,
    describe_record,
    timeline,
)
from mentorapp.core.codec import RecordDecodeError, to_plain
from mentorapp.core.conflicts import decode_document, labelled_answers
from mentorapp.core.demo import demo_caseload
from mentorapp.core.export import export_rows
from mentorapp.core.forms import (
    FieldType,
    FormDefinition,
    FormError,
    FormField,
    build_record,
    readable_path,
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
from mentorapp.crypto import CryptoError, KdfParams, WrongPassphrase, calibrate, fingerprint
from mentorapp.paths import profile_home
from mentorapp.store.backup import create_backup, restore_backup
from mentorapp.store.db import database_damage
from mentorapp.store.errors import ProfileExists, StoreError
from mentorapp.store.profile import (
    LockedProfile,
    Profile,
    create_profile,
    db_path,
    default_kdf,
    form_registry,
    open_profile,
    profile_exists,
)
from mentorapp.store.records import Scope
from mentorapp.store.syncstore import (
    LAST_PROBLEM,
    LAST_SUCCESS,
    ConflictView,
    SyncCounts,
    SyncStore,
)
from mentorapp.sync.certify import certify_member_keys, pending_members
from mentorapp.sync.client import ServiceClient, ServiceError, SyncError, Unreachable
from mentorapp.sync.engine import (
    FAILED,
    NOT_JOINED,
    OFFLINE,
    REVOKED_STATUS,
    UNTRUSTED,
    SyncEngine,
    cannot_sync_message,
    load_directory,
)
from mentorapp.sync.enrol import Joiner, OtherPassphraseNeeded


class CliError(Exception):
    """A problem to report to the person in one clear line."""


# Notepad and PowerShell start UTF-8 text with a byte-order mark; it is never part of a
# passphrase someone typed.
_BOM = "\ufeff"


def _decoded(data: bytes, source: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CliError(
            f"{source} is not UTF-8 text. Save it as UTF-8 (plain text) and try again."
        ) from None
    return text


class Secrets:
    """Where passphrases come from, in order: a file, piped stdin, a hidden prompt."""

    def __init__(self, file: str | None, stdin: TextIO) -> None:
        self._lines: list[str] | None = None
        self._given = 0
        self._source = "standard input"
        self.had_bom = False  # the passphrase last given began with a byte-order mark
        if file:
            self._source = f"the passphrase file {file}"
            try:
                data = Path(file).read_bytes()
            except OSError as exc:
                raise CliError(
                    f"cannot read the passphrase file {file} ({exc.strerror}). Check its "
                    "name and that you may read it."
                ) from exc
            self._lines = _decoded(data, self._source).splitlines()
        elif not stdin.isatty():
            raw = getattr(stdin, "buffer", None)
            text = _decoded(raw.read(), "standard input") if raw is not None else stdin.read()
            self._lines = text.splitlines()

    @property
    def interactive(self) -> bool:
        return self._lines is None

    def next(self, prompt: str) -> str:
        if self._lines is None:
            return getpass.getpass(prompt)
        wanted = prompt.rstrip(": ").removeprefix("Choose a ").lower()
        if not self._lines:
            if self._given == 0 and self._source != "standard input":
                raise CliError(f"{self._source} is empty: put the {wanted} on its first line.")
            raise CliError(
                f"{self._source} has no line {self._given + 1} for the {wanted}: give one "
                "passphrase per line."
            )
        line = self._lines.pop(0)
        self._given += 1
        self.had_bom = line.startswith(_BOM)
        line = line.removeprefix(_BOM)
        if not line:
            raise CliError(
                f"line {self._given} of {self._source} is empty: put the {wanted} there."
            )
        return line

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


def _unlock(
    args: argparse.Namespace, secrets: Secrets, *, write: bool = True, warn: bool = True
) -> Profile:
    """The profile, unlocked; ``write=False`` for a command that only reads (it may run
    while the window or another command has the profile open to change it). Says so
    on standard error when records were removed or altered outside mentorapp."""
    profile = _unlock_with_passphrase(
        open_profile(args.home), secrets, "Passphrase: ", write=write
    )[0]
    if warn and not profile.record_list.ok:
        # The profile still opens (what is left is still the person's), but they must know.
        print(f"mentorapp-cli: warning: {profile.record_list.summary()}", file=sys.stderr)
    return profile


def _unlock_with_passphrase(
    locked: LockedProfile, secrets: Secrets, prompt: str, *, write: bool = True
) -> tuple[Profile, str]:
    """Unlock with the next passphrase; returns the profile and the passphrase that opened it."""
    passphrase = secrets.next(prompt)
    try:
        return locked.unlock(passphrase, write=write), passphrase
    except WrongPassphrase:
        if not secrets.had_bom:
            raise
    # Earlier versions kept a passphrase file's byte-order mark as part of the passphrase.
    profile = locked.unlock(_BOM + passphrase, write=write)
    print(
        "mentorapp-cli: this profile's passphrase was set from a file that began with an "
        "invisible byte-order mark, which became part of it. Set it again with "
        "'mentorapp-cli change-passphrase' so that the words alone open it.",
        file=sys.stderr,
    )
    return profile, _BOM + passphrase


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


def _when(iso: str) -> str:
    """An ISO time from the store as the person's local time."""
    try:
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%a %d %b %Y %H:%M")
    except ValueError:
        return iso


def _passphrase_line(secrets: Secrets, prompt: str) -> str | None:
    """Another passphrase if one can be asked for (a prompt, or a further stdin line)."""
    if secrets.interactive:
        return getpass.getpass(prompt) or None
    try:
        return secrets.next(prompt)
    except CliError:
        return None


def cmd_join(args: argparse.Namespace, secrets: Secrets) -> int:
    """Enrol this laptop with an organisation's central service."""
    profile, passphrase = _unlock_with_passphrase(open_profile(args.home), secrets, "Passphrase: ")
    with profile:
        other = (
            Secrets(args.other_passphrase_file, sys.stdin)
            if args.other_passphrase_file
            else secrets
        )
        joiner = Joiner(
            profile,
            passphrase,
            other_passphrase=lambda: _passphrase_line(
                other, "Passphrase you use on your other laptop: "
            ),
            kdf=None if args.kdf_seconds is None else calibrate(args.kdf_seconds),
        )
        try:
            result = joiner.join(args.server, args.code, args.label)
        except Unreachable as exc:
            again = " Run the same command again to finish joining." if exc.again else ""
            print(f"mentorapp-cli: {exc}{again}")
            return 1
        except OtherPassphraseNeeded as exc:
            hint = "" if exc.tried else " Here: add --other-passphrase-file FILE."
            raise CliError(f"{exc}{hint}") from exc
        except ServiceError as exc:
            if exc.code == "not-mentorapp":
                raise CliError(str(exc)) from exc
            raise CliError(f"the service refused: {exc}") from exc
    print(f"Joined {result.org_name} as {result.role} ({result.user_name}).")
    print(f"Organisation key fingerprint: {result.org_fingerprint}")
    if result.first_supervisor:
        print(
            "You are its first supervisor: the organisation's keys were made on this laptop, "
            "and the codes your administrator issues from now on carry this fingerprint."
        )
        print(
            "Back this profile up now and keep the file safe ('mentorapp-cli backup FILE'): "
            "without these keys nobody new can be certified."
        )
    if result.adopted:
        print(
            f"{_n(result.adopted, 'record')} made before joining "
            f"{'is' if result.adopted == 1 else 'are'} ready to send: run 'mentorapp-cli sync'."
        )
    if not result.certified:
        print(
            "Until your organisation's first supervisor certifies you, supervisors cannot "
            "read what you send; your key fingerprint is in 'mentorapp-cli status'."
        )
    return 0


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _describe_counts(counts: SyncCounts) -> str:
    parts = [f"{_n(counts.waiting, 'change')} waiting to be sent"]
    if counts.conflicts:
        parts.append(
            f"{_n(counts.conflicts, 'conflict')} to settle (what you changed there is held "
            "back until you choose)"
        )
    if counts.quarantined:
        parts.append(
            f"{_n(counts.quarantined, 'record')} refused by the service (held back until "
            "changed or tried again)"
        )
    if counts.refused:
        parts.append(f"{_n(counts.refused, 'incoming change')} refused as not genuine")
    if counts.held:
        parts.append(f"{_n(counts.held, 'incoming change')} waiting for keys")
    return ", ".join(parts)


def cmd_sync(args: argparse.Namespace, secrets: Secrets) -> int:
    """Exit 0: the exchange completed; 1: the service could not be reached or the link was
    cut (the next run resumes); 3: completed, but something needs a person."""
    with _unlock(args, secrets) as profile:
        report = SyncEngine(profile).run()
        counts = report.counts
        holds_org_keys = profile.membership is not None and profile.membership.org_keys is not None
        directory = load_directory(profile) if holds_org_keys else None
        waiting_names = sorted(m.name for m in directory.pending.values()) if directory else []
    if report.status == NOT_JOINED:
        raise CliError(report.message)
    if report.status in (REVOKED_STATUS, UNTRUSTED, FAILED):
        print(f"mentorapp-cli: {report.message}", file=sys.stderr)
        return 2
    moved = (
        f"Sent {report.pushed}, received {report.received}"
        + (f", merged {report.merged}" if report.merged else "")
        + (f", {_n(report.new_conflicts, 'new conflict')}" if report.new_conflicts else "")
        + (f", {report.quarantined} refused by the service" if report.quarantined else "")
        + (f", {report.refused} incoming refused as not genuine" if report.refused else "")
        + "."
    )
    if report.status == OFFLINE:
        print(f"Not finished: {report.message}")
        print(moved + " What was sent or received is kept; the next sync resumes.")
        if counts is not None:
            print(_describe_counts(counts) + ".")
        return 1
    print(moved)
    if report.reconciled:
        print("A full check against the service was done; both sides now agree.")
    if report.message:
        print(report.message)
    if counts is not None:
        print(_describe_counts(counts) + ".")
        if waiting_names:
            print(
                f"Waiting for you to certify them: {', '.join(waiting_names)}. Run "
                "'mentorapp-cli certify' (compare their key fingerprints first)."
            )
    if report.needs_attention:
        print("Something needs you: run 'mentorapp-cli status' to see what.")
        return 3
    return 3 if waiting_names else 0


def _answer(field: FormField | None, value: Any) -> str:
    """An answer in words for the command line: option labels, not codes."""
    if value is None or value in ("", [], {}):
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_answer(field, v) for v in value) or "(empty)"
    if isinstance(value, dict):
        return "; ".join(f"{readable_path(str(k))}: {_answer(None, v)}" for k, v in value.items())
    if field is not None and field.options:
        return field.option_label(str(value))
    return str(value)


@dataclass(frozen=True)
class _ConflictText:
    title: str
    # (path, label, this laptop's answer, the other side's answer) per answer both changed
    answers: list[tuple[str, str, str, str]]
    deletion: str = ""


def _conflict_texts(profile: Profile, conflicts: list[ConflictView]) -> list[_ConflictText]:
    """Each conflict named for a person, with the answers both sides changed, labelled
    from the form it was made with, and both values."""
    names = {m.id: m.display_name for m in profile.records.mentees("all")}
    forms, instruments = profile.forms(), profile.instruments()
    out = []
    for c in conflicts:
        doc = c.mine or c.theirs
        record = decode_document(c.record_type, doc)
        changed = {f.path: f for f in c.fields}
        answers = [
            (path, label, _answer(field, changed[path].mine), _answer(field, changed[path].theirs))
            for path, label, field in labelled_answers(
                c.record_type, doc, list(changed), forms, instruments
            )
        ]
        deletion = ""
        if c.mine_deleted:
            deletion = "deleted on this laptop, changed on another"
        elif c.theirs_deleted:
            deletion = "changed on this laptop, deleted on another"
        out.append(_ConflictText(describe_record(record, c.record_type, names), answers, deletion))
    return out


def _quoted(answer: str) -> str:
    return answer if answer == "(empty)" else f'"{answer}"'


def _conflict_lines(texts: list[_ConflictText], detail: bool = False) -> list[str]:
    lines = []
    for n, t in enumerate(texts, 1):
        what = t.deletion or ", ".join(a[1] for a in t.answers)
        lines.append(f"  {n}. conflict: {t.title}: {what}")
        if detail:
            for path, label, mine, theirs in t.answers:
                lines.append(
                    f"       {label} [{path}]: this laptop: {_quoted(mine)}; "
                    f"the other side: {_quoted(theirs)}"
                )
    return lines


def cmd_status(args: argparse.Namespace, secrets: Secrets) -> int:  # noqa: PLR0912 (one per fact)
    with _unlock(args, secrets, write=False) as profile:
        membership = profile.membership
        store = SyncStore(profile.records)
        counts = store.counts()
        last = store.meta(LAST_SUCCESS)
        problem = store.meta(LAST_PROBLEM)
        conflicts = store.conflicts()
        conflict_lines = _conflict_lines(_conflict_texts(profile, conflicts), detail=True)
        quarantined = store.quarantined()
        names = {m.id: m.display_name for m in profile.records.mentees("all")}
        refused_titles = {}
        for q in quarantined:
            with contextlib.suppress(StoreError, CryptoError, RecordDecodeError):
                refused_titles[q.id] = describe_record(
                    profile.records.get(q.id), q.record_type, names
                )
        incoming = store.incoming_problems()
        directory = load_directory(profile) if membership is not None else None
    if membership is None:
        print("Not joined to an organisation: records stay on this laptop only.")
    else:
        print(f"Organisation: {membership.org_name} ({membership.server_url})")
        print(f"You: {membership.user_name}, {membership.role}")
        print(f"Organisation key fingerprint: {membership.org_fingerprint}")
        print(f"Your key fingerprint: {fingerprint(membership.user_keys.verify_public)}")
        certified = membership.org_keys is not None or (
            directory is not None and membership.user_id in directory.members
        )
        if not certified:
            print(
                "Your organisation has not certified you yet: supervisors cannot read what "
                "you send until its first supervisor does (compare your key fingerprint)."
            )
        if membership.can_sync:
            label = f"{membership.device_label} " if membership.device_label else ""
            print(f"This laptop: {label}(id {membership.device_id})")
        else:
            print(f"Syncing is off: {cannot_sync_message(membership)}")
        print(f"Last successful sync: {_when(last) if last else 'never'}")
        if problem and membership.can_sync:
            print(f"Last problem: {problem}")
    print(_describe_counts(counts) + ".")
    for line in conflict_lines:
        print(line)
    if conflicts:
        print("  Settle them with 'mentorapp-cli resolve' (or in the window's sync panel).")
    for q in quarantined:
        title = refused_titles.get(q.id, KIND_LABELS.get(q.record_type, "A record"))
        print(f"  refused by the service: {title}: {q.reason}")
    groups: dict[tuple[str, str], int] = {}
    for p in incoming:
        groups[(p.kind, p.reason)] = groups.get((p.kind, p.reason), 0) + 1
    for (kind, reason), count in groups.items():
        label = "not stored, not genuine" if kind == "refused" else "waiting for keys"
        print(f"  {_n(count, 'incoming change')} {label}: {reason}")
    for problem in dict.fromkeys(directory.problems if directory is not None else []):
        print(f"  key list: {problem} (tell your supervisor or administrator)")
    if directory is not None and membership is not None and membership.org_keys is not None:
        for member in directory.pending.values():
            print(
                f"  waiting for you to certify: {member.name} ({member.role}), key "
                f"{fingerprint(member.verify_public)}: 'mentorapp-cli certify'"
            )
    return 3 if conflicts or quarantined else 0


def cmd_resolve(args: argparse.Namespace, secrets: Secrets) -> int:
    """Settle a conflict: keep this laptop's or the other side's answers."""
    with _unlock(args, secrets) as profile:
        store = SyncStore(profile.records)
        conflicts = store.conflicts()
        if not conflicts:
            print("There is no conflict to settle.")
            return 0
        texts = _conflict_texts(profile, conflicts)
        if args.number is None:
            for line in _conflict_lines(texts, detail=True):
                print(line)
            print(
                "Choose one: 'mentorapp-cli resolve N --keep mine' (this laptop's answers) or "
                "'--keep theirs' (the other side's), or per answer with "
                "--answer FIELD=mine|theirs."
            )
            return 3
        if not 1 <= args.number <= len(conflicts):
            if len(conflicts) == 1:
                raise CliError("there is 1 conflict: 'mentorapp-cli resolve 1 ...'")
            raise CliError(f"there are {len(conflicts)} conflicts; choose 1 to {len(conflicts)}")
        conflict = conflicts[args.number - 1]
        text = texts[args.number - 1]
        choice: dict[str, str] | str
        if args.answer:
            choice = {}
            # An answer is named by its key or by its label, as 'resolve' shows both.
            named = {path.casefold(): path for path, *_ in text.answers}
            named.update({label.casefold(): path for path, label, *_ in text.answers})
            for pair in args.answer:
                name, _, side = pair.partition("=")
                path = named.get(name.strip().casefold())
                if path is None or side.strip() not in ("mine", "theirs"):
                    choices = ", ".join(label for _p, label, *_ in text.answers)
                    raise CliError(
                        f"--answer {pair!r}: name one of the answers in conflict ({choices}) "
                        "and add =mine or =theirs"
                    )
                choice[path] = side.strip()
        elif args.keep:
            choice = args.keep
        else:
            raise CliError("say which to keep: --keep mine, --keep theirs, or --answer ...")
        try:
            store.resolve(conflict.id, choice)
        except ValueError as exc:
            raise CliError(str(exc)) from exc
    print(f"Settled {text.title}; 'mentorapp-cli sync' sends it.")
    return 0


def cmd_certify(args: argparse.Namespace, secrets: Secrets) -> int:
    """The organisation's key holder vouches for members who have enrolled."""
    with _unlock(args, secrets) as profile:
        membership = profile.membership
        if membership is None or membership.org_keys is None:
            raise CliError(
                "only the laptop holding the organisation's keys (its first supervisor's) "
                "can certify members"
            )
        try:
            with ServiceClient(membership.server_url, membership.credential) as client:
                pending = pending_members(profile, client)
                chosen = [
                    m for m in pending if args.all or m.user_id in args.user or m.name in args.user
                ]
                if not pending:
                    print("Nobody is waiting to be certified.")
                    return 0
                for member in pending:
                    mark = "*" if member in chosen else " "
                    print(
                        f" {mark} {member.name} ({member.role}), user {member.user_id}, "
                        f"key {fingerprint(member.verify_public)}"
                    )
                if not chosen:
                    print("Name who to certify (or --all); compare each key with the person's.")
                    return 3
                for member in chosen:
                    certify_member_keys(profile, client, member)
                    print(f"Certified {member.name}.")
        except Unreachable as exc:
            print(f"mentorapp-cli: {exc}", file=sys.stderr)
            return 1
        except ServiceError as exc:
            raise CliError(f"the service refused: {exc}") from exc
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
