"""mentorapp-cli's commands for an organisation: join, sync, status, resolve and
certify."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import getpass
import sys
from dataclasses import dataclass
from typing import Any

from mentorapp.cli_base import CliError, Secrets, _n, _unlock, _unlock_with_passphrase
from mentorapp.core.caseload import (
    KIND_LABELS,
    describe_record,
)
from mentorapp.core.codec import RecordDecodeError
from mentorapp.core.conflicts import decode_document, labelled_answers
from mentorapp.core.forms import (
    FormField,
    readable_path,
)
from mentorapp.crypto import CryptoError, calibrate, fingerprint
from mentorapp.store.errors import StoreError
from mentorapp.store.profile import (
    Profile,
    open_profile,
)
from mentorapp.store.syncstore import (
    LAST_PROBLEM,
    LAST_SUCCESS,
    ConflictView,
    SyncCounts,
    SyncStore,
)
from mentorapp.sync.certify import certify_member_keys, pending_members
from mentorapp.sync.client import ServiceClient, ServiceError, Unreachable
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
