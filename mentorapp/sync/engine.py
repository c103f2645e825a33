"""The sync engine: push what waits here, pull what changed there, check that both
sides agree, and keep going from exactly where it stopped after any cut.

One run:

1. Refresh the organisation's key directory, keeping only what the pinned
   organisation key vouches for; a supervisor fetches the review key once.
2. Adopt records written under another identity (before joining, a previous
   laptop) in one transaction.
3. Push pending versions in byte-bounded batches; each batch's results commit
   locally at once, so a cut re-sends at most one batch. Conflicts merge field
   by field or wait for a person; a refused record is quarantined and never
   blocks the rest.
4. Pull pages after the cursor; every envelope's signature chain is checked
   and its content opened before it is stored; the page and the new cursor
   commit in one transaction.
5. Compare a count and hash of (id, version) with the service; on a mismatch,
   reconcile from the service's full index.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from mentorapp.crypto import CryptoError, RecipientPublicKey, SignatureInvalid, VerifyKey
from mentorapp.crypto.directory import open_review_key
from mentorapp.crypto.records import user_recipient_id
from mentorapp.store.db import write_session
from mentorapp.store.errors import DiskFull
from mentorapp.store.membership import KEY_BACKUP_PENDING, REVOKED, Membership
from mentorapp.store.profile import Profile
from mentorapp.store.syncstore import (
    LAST_ATTEMPT,
    LAST_PROBLEM,
    LAST_SUCCESS,
    ApplyReport,
    Incoming,
    Outgoing,
    SyncCounts,
    SyncStore,
    summary_of,
)
from mentorapp.sync.client import (
    MalformedReply,
    RetryPolicy,
    ServiceClient,
    ServiceError,
    SyncError,
    Unreachable,
    b64,
    unb64,
)
from mentorapp.sync.trust import Checker, Directory, Held, Refused, UntrustedServer

log = logging.getLogger("mentorapp.sync")

DIRECTORY = "directory"
MAX_PUSH_TRIES = 3  # per record per run: a record racing another device waits a run
FETCH_CHUNK = 200

# Outcomes of a run.
DONE = "done"
OFFLINE = "offline"
NOT_JOINED = "not-joined"
REVOKED_STATUS = "revoked"
UNTRUSTED = "untrusted"
FAILED = "failed"
CANCELLED = "cancelled"


class Cancelled(Exception):
    """The run was asked to stop (the profile is being locked)."""


@dataclass(frozen=True)
class SyncProgress:
    phase: str  # "keys", "push", "pull", "check"
    done: int
    total: int | None
    message: str


@dataclass(kw_only=True)
class SyncReport:
    status: str
    message: str = ""
    pushed: int = 0
    received: int = 0
    merged: int = 0
    new_conflicts: int = 0
    quarantined: int = 0
    refused: int = 0
    held: int = 0
    reconciled: bool = False
    changed_ids: list[str] = field(default_factory=list)
    counts: SyncCounts | None = None

    @property
    def completed(self) -> bool:
        return self.status == DONE

    @property
    def needs_attention(self) -> bool:
        counts = self.counts
        return counts is not None and (counts.conflicts > 0 or counts.quarantined > 0)


@dataclass(frozen=True)
class SyncSettings:
    batch_bytes: int = 512 * 1024
    batch_count: int = 200
    page_limit: int = 500
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeout: float = 20.0


def load_directory(profile: Profile) -> Directory | None:
    """The last verified directory kept here (re-verified on load), or None."""
    membership = profile.membership
    if membership is None:
        return None
    with Session(profile.engine) as session:
        raw = profile.sealed.get(session, DIRECTORY)
    if raw is None:
        return None
    try:
        return Directory.verify(raw, membership)
    except SyncError:
        return None


def save_directory(profile: Profile, directory: Directory) -> None:
    with write_session(profile.engine) as session, session.begin():
        profile.sealed.put(session, DIRECTORY, directory.to_json())
    attach_directory(profile, directory)


def attach_directory(profile: Profile, directory: Directory | None = None) -> Directory | None:
    """Let the profile seal records addressed to other members (a supervisor's review
    to a mentor) with the keys the organisation certified. Loads the directory kept
    here if none is given; returns it."""
    directory = directory if directory is not None else load_directory(profile)
    if directory is not None:
        profile.records.authoring = replace(
            profile.records.authoring,
            addressees={
                uid: RecipientPublicKey(m.recipient_public) for uid, m in directory.members.items()
            },
        )
    return directory


class SyncEngine:
    """Synchronises one unlocked, joined profile with its organisation's service."""

    def __init__(
        self,
        profile: Profile,
        *,
        settings: SyncSettings | None = None,
        client: ServiceClient | None = None,
        progress: Callable[[SyncProgress], None] | None = None,
        client_factory: Callable[[str, str], ServiceClient] | None = None,
    ) -> None:
        self.profile = profile
        self.settings = settings or SyncSettings()
        self.store = SyncStore(profile.records, self._open_own)
        self._client = client
        self._client_factory = client_factory
        self._progress_callback = progress or (lambda _p: None)
        self.directory: Directory | None = None
        self._cancelled = False

    def cancel(self) -> None:
        """Ask a run on another thread to stop at its next step (each step that
        finished is committed; the next run resumes from there)."""
        self._cancelled = True

    def _progress(self, progress: SyncProgress) -> None:
        if self._cancelled:
            raise Cancelled()
        self._progress_callback(progress)

    # -- the run ---------------------------------------------------------------------

    def run(self) -> SyncReport:
        """One full exchange. Never raises for network trouble: the report says."""
        membership = self.profile.membership
        if membership is None:
            return SyncReport(
                status=NOT_JOINED,
                message="This laptop has not joined an organisation, so nothing syncs. "
                "Join with the code your supervisor or administrator gave you.",
                counts=self.store.counts(),
            )
        if not membership.can_sync:
            return SyncReport(
                status=REVOKED_STATUS if membership.status == REVOKED else NOT_JOINED,
                message=cannot_sync_message(membership),
                counts=self.store.counts(),
            )
        self.store.set_meta(LAST_ATTEMPT, _now())
        report = SyncReport(status=DONE)
        client = self._client or self._make_client(membership)
        try:
            self._exchange(client, report)
        except (Cancelled, SyncError) as exc:
            report.status, report.message = self._outcome(exc)
        except (OperationalError, DiskFull) as exc:
            report.status, report.message = FAILED, disk_message(exc)
            return report  # the database cannot take another write now
        finally:
            if self._client is None:
                client.close()
        if report.status == CANCELLED:
            return report  # the keys may be gone already: touch nothing more
        try:
            if report.completed:
                self.store.set_meta(LAST_SUCCESS, _now())
                self.store.set_meta(LAST_PROBLEM, None)
            else:
                self.store.set_meta(LAST_PROBLEM, report.message)
            report.counts = self.store.counts()
        except OperationalError as exc:
            report.status, report.message = FAILED, disk_message(exc)
        return report

    def _outcome(self, exc: Exception) -> tuple[str, str]:  # noqa: PLR0911 (one per kind)
        """The status and the sentence for a run that stopped early."""
        if isinstance(exc, Cancelled):
            return CANCELLED, "Sync stopped because the profile was locked; it resumes later."
        if isinstance(exc, Unreachable):
            return OFFLINE, str(exc)
        if isinstance(exc, UntrustedServer):
            return UNTRUSTED, str(exc)
        if isinstance(exc, ServiceError):
            if exc.code == "device-revoked":
                self._mark_revoked()
                return REVOKED_STATUS, cannot_sync_message(self.profile.membership)
            if exc.code == "user-disabled":
                return REVOKED_STATUS, (
                    "Your account has been switched off by your organisation, so nothing "
                    "syncs for now; your records stay here, encrypted. Contact your supervisor."
                )
            return FAILED, f"The service refused: {exc}"
        return FAILED, str(exc)

    def _make_client(self, membership: Membership) -> ServiceClient:
        if self._client_factory is not None:
            return self._client_factory(membership.server_url, membership.credential)
        return ServiceClient(
            membership.server_url,
            membership.credential,
            timeout=self.settings.timeout,
            retry=self.settings.retry,
        )

    def _exchange(self, client: ServiceClient, report: SyncReport) -> None:
        self._progress(SyncProgress("keys", 0, None, "Checking the organisation's keys"))
        self._refresh_keys(client)
        self.store.adopt()
        self._upload_key_backup(client)
        self._push(client, report)
        self._pull(client, report)
        self._retry_held(client, report)
        self._progress(SyncProgress("check", 0, None, "Checking nothing was missed"))
        if not self._summary_matches(client):
            report.reconciled = True
            self._reconcile(client, report)
            if self.store.counts().waiting:
                self._push(client, report)
            if not self._summary_matches(client):
                report.message = (
                    "This laptop and the service still disagree about which records exist "
                    "after a full check; it will be tried again at the next sync."
                )

    # -- keys ------------------------------------------------------------------------------

    def _refresh_keys(self, client: ServiceClient) -> None:
        membership = self._membership()
        directory = Directory.verify(client.directory(), membership)
        self.directory = directory
        save_directory(self.profile, directory)
        membership = self._as_certified(membership, directory)
        if membership.is_supervisor and membership.review_key is None:
            self._fetch_review_key(client, membership)

    def _as_certified(self, membership: Membership, directory: Directory) -> Membership:
        """This person's name and role as the organisation certified them. Until it has,
        they are only what the service said when this laptop joined."""
        me = directory.members.get(membership.user_id)
        if (
            me is None
            or me.verify_public != membership.user_keys.verify_public
            or (me.name, me.role) == (membership.user_name, membership.role)
        ):
            return membership
        certified = replace(membership, user_name=me.name, role=me.role)
        self._save_membership(certified)
        return certified

    def _fetch_review_key(self, client: ServiceClient, membership: Membership) -> None:
        try:
            grant = client.review_key()
        except ServiceError as exc:
            if exc.status in (403, 404):
                # Not granted yet (records for review are held until it is), or not a
                # supervisor after all: the role came from the service, unchecked.
                return
            raise
        try:
            review = open_review_key(
                VerifyKey(membership.org_signing_public),
                membership.org_review_public,
                unb64(grant.get("sealed"), "sealed"),
                unb64(grant.get("signature"), "signature"),
                membership.org_id,
                membership.user_id,
                membership.user_keys.recipient,
            )
        except (CryptoError, MalformedReply, AttributeError):
            raise UntrustedServer(
                "The service offered this laptop a review key the organisation did not "
                "grant. It was not used; tell your administrator."
            ) from None
        self._save_membership(replace(membership, review_key=review))

    def _upload_key_backup(self, client: ServiceClient) -> None:
        with Session(self.profile.engine) as session:
            pending = self.profile.sealed.get(session, KEY_BACKUP_PENDING)
        if pending is None:
            return
        client.put_key_backup(bytes.fromhex(pending["blob"]))
        with write_session(self.profile.engine) as session, session.begin():
            self.profile.sealed.drop(session, KEY_BACKUP_PENDING)

    # -- push ----------------------------------------------------------------------------------

    def _push(self, client: ServiceClient, report: SyncReport) -> None:
        settings = self.settings
        skip: set[str] = set()
        tries: dict[str, int] = {}
        total = self.store.counts().waiting
        while True:
            batch = self.store.outgoing(settings.batch_bytes, settings.batch_count, skip)
            if not batch:
                return
            self._progress(
                SyncProgress("push", report.pushed, total, f"Sending {len(batch)} changes")
            )
            reply = client.push([_envelope_json(item) for item in batch])
            results = reply.get("results") if isinstance(reply, dict) else None
            if not isinstance(results, list) or len(results) != len(batch):
                raise MalformedReply("the service's push reply does not match what was sent")
            for item in batch:
                tries[item.id] = tries.get(item.id, 0) + 1
                if tries[item.id] >= MAX_PUSH_TRIES:
                    skip.add(item.id)  # still racing another device: next run
            self._push_results(batch, results, report, skip)

    def _push_results(
        self, batch: list[Outgoing], results: list[Any], report: SyncReport, skip: set[str]
    ) -> None:
        acked: list[Outgoing] = []
        conflicts: list[tuple[Outgoing, Any]] = []
        for item, result in zip(batch, results, strict=True):
            status = result.get("status") if isinstance(result, dict) else None
            if not isinstance(result, dict) or result.get("id") != item.id:
                raise MalformedReply("the service's push reply is out of order")
            if status in ("accepted", "duplicate") and result.get("version") == item.version:
                acked.append(item)
            elif status == "conflict":
                conflicts.append((item, result.get("current")))
            elif status == "rejected":
                self.store.quarantine(
                    item, str(result.get("code") or "rejected"), str(result.get("reason") or "")
                )
                report.quarantined += 1
                skip.add(item.id)
            else:
                raise MalformedReply(f"the service answered {status!r} for a pushed record")
        report.pushed += len(self.store.acknowledge(acked))
        for item, current in conflicts:
            if current is None:
                # The service has no such record (it lost it): send it again from scratch.
                self.store.rebase_to(item.id, 0)
                continue
            incoming, problems = self._check([current])
            applied = self.store.apply(
                incoming, problems=problems, clear_problems=[i.id for i in incoming]
            )
            self._count(applied, report)
            if not incoming:
                # What the service holds cannot be checked: never overwrite it blindly.
                skip.add(item.id)
                report.refused += sum(1 for p in problems if p[2] == "refused")

    # -- pull --------------------------------------------------------------------------------------

    def _pull(self, client: ServiceClient, report: SyncReport) -> None:
        cursor = self.store.cursor()
        restarted = False
        while True:
            self._progress(SyncProgress("pull", report.received, None, "Receiving changes"))
            try:
                page = client.pull(cursor, self.settings.page_limit)
            except ServiceError as exc:
                if exc.code == "resync-required" and not restarted:
                    # The service was restored or replaced: read everything again;
                    # versions already held are recognised and skipped.
                    cursor, restarted = None, True
                    report.reconciled = True
                    continue
                raise
            if not isinstance(page, dict) or not isinstance(page.get("changes"), list):
                raise MalformedReply("the service's pull reply is not a page of changes")
            new_cursor = page.get("cursor")
            if not isinstance(new_cursor, str):
                raise MalformedReply("the service's pull reply has no cursor")
            if page.get("more") and new_cursor == cursor:
                raise MalformedReply(
                    "the service says more changes are waiting but does not move on to them"
                )
            incoming, problems = self._check(page["changes"])
            applied = self.store.apply(
                incoming,
                cursor=new_cursor,
                problems=problems,
                clear_problems=[i.id for i in incoming],
            )
            self._count(applied, report)
            report.refused += sum(1 for p in problems if p[2] == "refused")
            report.held += sum(1 for p in problems if p[2] == "held")
            cursor = new_cursor
            if not page.get("more"):
                return

    def _check(
        self, envelopes: list[Any]
    ) -> tuple[list[Incoming], list[tuple[str, int, str, str]]]:
        """Verify and open envelopes; returns what may be stored and what may not."""
        checker = Checker(self._membership(), self._directory(), self.profile.records.cipher)
        ok: list[Incoming] = []
        problems: list[tuple[str, int, str, str]] = []
        for env in envelopes:
            rid = env.get("id") if isinstance(env, dict) else None
            version = env.get("version") if isinstance(env, dict) else None
            version = version if isinstance(version, int) else 0
            try:
                ok.append(checker.open(env))
            except Held as exc:
                problems.append((str(rid), version, "held", str(exc)))
            except Refused as exc:
                log.warning("refused an envelope from the service: %s", exc)
                if isinstance(rid, str):
                    problems.append((rid, version, "refused", str(exc)))
        return ok, problems

    def _retry_held(self, client: ServiceClient, report: SyncReport) -> None:
        """Envelopes held because their author was not certified yet: try again now
        the directory is fresh."""
        held = [p.id for p in self.store.incoming_problems() if p.kind == "held"]
        if held:
            self._fetch_and_apply(client, held, report)

    def _fetch_and_apply(self, client: ServiceClient, ids: list[str], report: SyncReport) -> None:
        for start in range(0, len(ids), FETCH_CHUNK):
            self._progress(SyncProgress("pull", report.received, len(ids), "Fetching records"))
            chunk = ids[start : start + FETCH_CHUNK]
            reply = client.fetch(chunk)
            envelopes = reply.get("envelopes") if isinstance(reply, dict) else None
            if not isinstance(envelopes, list):
                raise MalformedReply("the service's fetch reply has no envelopes")
            incoming, problems = self._check(envelopes)
            answered = {e.get("id") for e in envelopes if isinstance(e, dict)}
            settled = [i.id for i in incoming] + [rid for rid in chunk if rid not in answered]
            applied = self.store.apply(incoming, problems=problems, clear_problems=settled)
            self._count(applied, report)
            # (Held ones are not counted again: most were held by this run's pull.)
            report.refused += sum(1 for p in problems if p[2] == "refused")

    # -- agreement ---------------------------------------------------------------------

    def _summary_matches(self, client: ServiceClient) -> bool:
        theirs = client.summary()
        if not isinstance(theirs, dict):
            raise MalformedReply("the service's summary is not an object")
        count, digest = summary_of(self.store.known_versions().items())
        return bool(theirs.get("count") == count and theirs.get("hash") == digest)

    def _reconcile(self, client: ServiceClient, report: SyncReport) -> None:
        """Compare every (id, version) with the service's index and repair the difference:
        fetch what is missing or newer there, push again what the service lost of this
        person's own, and drop other people's records this laptop may no longer see."""
        theirs: dict[str, int] = {}
        after: str | None = None
        while True:
            page = client.index(after, 5000)
            items = page.get("items") if isinstance(page, dict) else None
            if not isinstance(items, list):
                raise MalformedReply("the service's index is not a list")
            for pair in items:
                # In id order, each id once, after the last page: anything else could
                # send this laptop round in circles.
                if not (
                    isinstance(pair, list)
                    and len(pair) == 2
                    and isinstance(pair[0], str)
                    and isinstance(pair[1], int)
                    and (after is None or pair[0] > after)
                ):
                    raise MalformedReply("the service's index is not a list of records in order")
                theirs[pair[0]] = pair[1]
                after = pair[0]
            if not page.get("more") or not items:
                break
        # A version refused or held here that the service does not hold (one a liar made
        # up) would keep both sides disagreeing for ever: it no longer counts.
        self.store.apply(
            [],
            clear_problems=[
                p.id
                for p in self.store.incoming_problems()
                if p.id in theirs and p.version > theirs[p.id]
            ],
        )
        known = self.store.known_versions()
        fetch = [rid for rid, v in theirs.items() if v > known.get(rid, 0)]
        own = self.store.own_acknowledged()
        lost_own = [rid for rid in own if rid not in theirs]
        behind_own = [rid for rid, v in theirs.items() if rid in own and v < own[rid]]
        gone = [rid for rid in known if rid not in theirs and rid not in own]
        if fetch:
            self._fetch_and_apply(client, fetch, report)
        for rid in lost_own:
            self.store.rebase_to(rid, 0)
        for rid in behind_own:
            self.store.rebase_to(rid, theirs[rid])
        if gone:
            dropped = self.store.forget(gone)
            report.changed_ids.extend(gone)
            log.info("dropped %d records this laptop may no longer see", dropped)
            self.store.apply([], clear_problems=gone)

    # -- helpers -----------------------------------------------------------------------------------

    def _count(self, applied: ApplyReport, report: SyncReport) -> None:
        for _rid, reason in applied.refused:
            log.warning("refused a version from the service: %s", reason)
        report.received += len(applied.stored) + len(applied.merged) + len(applied.conflicts)
        report.merged += len(applied.merged)
        report.new_conflicts += len(applied.conflicts)
        report.refused += len(applied.refused)
        report.changed_ids.extend(applied.changed)

    def _membership(self) -> Membership:
        membership = self.profile.membership
        if membership is None:
            raise SyncError("This laptop has not joined an organisation.")
        return membership

    def _directory(self) -> Directory:
        if self.directory is None:
            self.directory = load_directory(self.profile) or Directory.empty(self._membership())
        return self.directory

    def _save_membership(self, membership: Membership) -> None:
        with write_session(self.profile.engine) as session, session.begin():
            self.profile.set_membership(membership, session)

    def _mark_revoked(self) -> None:
        membership = self.profile.membership
        if membership is not None and membership.device_keys is not None:
            self._save_membership(membership.without_device(REVOKED))

    def _open_own(self, item: Outgoing) -> bytes | None:
        """Open a version this person pushed, through the key sealed to their user key."""
        membership = self.profile.membership
        if membership is None:
            return None
        rid = user_recipient_id(membership.user_id)
        sealed = item.wrapped_keys.get(rid)
        if sealed is None:
            return None
        address = item.address(membership.org_id)
        try:
            _, plaintext = self.profile.records.cipher.receive(
                address, rid, membership.user_keys.recipient, sealed, item.ciphertext
            )
        except CryptoError:
            return None
        return plaintext


def _envelope_json(item: Outgoing) -> dict[str, Any]:
    return {
        "format": 2,
        "id": item.id,
        "record_type": item.record_type,
        "version": item.version,
        "base_version": item.base_version,
        "deleted": item.deleted,
        "owner_id": item.owner_id,
        "addressed_to": item.addressed_to,
        "author_device": item.author_device,
        "ciphertext": b64(item.ciphertext),
        "wrapped_keys": {k: b64(v) for k, v in item.wrapped_keys.items()},
        "signature": b64(item.signature),
    }


def disk_message(exc: Exception) -> str:
    """What to say when the profile's database cannot be written during a sync."""
    return (
        "This laptop could not write its records' database (the disk may be full or "
        f"failing: {getattr(exc, 'orig', exc)}). What was received before this is kept and "
        "nothing was lost; free some space and sync again."
    )


def cannot_sync_message(membership: Membership | None) -> str:
    if membership is not None and membership.status == REVOKED:
        return (
            "Your organisation has switched off syncing for this laptop (it was revoked). "
            "Nothing more will be sent or received; your records stay here, encrypted. "
            "Contact your supervisor: with a new code from your administrator this laptop "
            "can join again, and what waits here is then sent."
        )
    return (
        "This profile was restored from a backup, so it is a new laptop as far as your "
        "organisation is concerned: join again with a new code to sync (your records are kept)."
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


__all__ = [
    "CANCELLED",
    "DONE",
    "FAILED",
    "NOT_JOINED",
    "OFFLINE",
    "REVOKED_STATUS",
    "UNTRUSTED",
    "SignatureInvalid",
    "SyncEngine",
    "SyncProgress",
    "SyncReport",
    "SyncSettings",
]
