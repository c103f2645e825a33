"""The local side of sync, as one transaction per step: what to push, what the
service acknowledged, what arrived, conflicts, quarantine and the pull cursor.

The sync engine (``mentorapp.sync``) talks to the service and checks signatures;
everything it hands over here has been verified already. Rows never leave this
module: the engine gets plain dataclasses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from mentorapp.core.codec import RecordDecodeError, decode_record, encode_record
from mentorapp.core.merge import FieldConflict, merge_fields, settle
from mentorapp.core.model import RecordType
from mentorapp.crypto import RecordAddress, aead_open, aead_seal, sign_envelope
from mentorapp.store.errors import RecordNotFound, StoreError
from mentorapp.store.models import (
    ConflictRow,
    IncomingProblemRow,
    MetaRow,
    QuarantineRow,
    RecordBaseRow,
    RecordRow,
)
from mentorapp.store.records import (
    RecordStore,
    dump_wrapped,
    envelope_fields,
    load_wrapped,
)

CURSOR = "sync.cursor"
LAST_SUCCESS = "sync.last_success"
LAST_ATTEMPT = "sync.last_attempt"
LAST_PROBLEM = "sync.last_problem"
ENVELOPE_OVERHEAD = 400  # bytes of JSON around a pushed envelope's base64 fields
OWN_RECORD_KEPT = (
    "the service says it erased this record of yours; your copy is kept until you delete "
    "it yourself"
)


@dataclass(frozen=True, kw_only=True)
class Outgoing:
    """A pending local version, exactly as it will be pushed (and re-pushed)."""

    id: str
    record_type: str
    version: int
    base_version: int
    deleted: bool
    author_device: str
    owner_id: str
    addressed_to: str | None
    ciphertext: bytes
    wrapped_keys: dict[str, bytes]
    signature: bytes
    format: int

    def address(self, org_id: str) -> RecordAddress:
        """What this version's ciphertext is bound to."""
        return RecordAddress(
            record_type=self.record_type,
            record_id=self.id,
            version=self.version,
            author_device=self.author_device,
            org_id=org_id,
            format=self.format,
        )

    @property
    def size(self) -> int:
        raw = len(self.ciphertext) + sum(len(v) for v in self.wrapped_keys.values()) + 64
        return raw * 4 // 3 + ENVELOPE_OVERHEAD


@dataclass(frozen=True, kw_only=True)
class Incoming:
    """A version from the service, already verified (signature, chain, decryption).

    ``content_key`` is the content key wrapped under the local data key and
    ``plaintext`` the decrypted record; both None for a tombstone.
    """

    id: str
    record_type: str
    version: int
    base_version: int
    deleted: bool
    author_device: str
    org_id: str
    owner_id: str
    addressed_to: str | None
    ciphertext: bytes | None
    wrapped_keys: dict[str, bytes]
    signature: bytes
    content_key: bytes | None
    plaintext: bytes | None
    purged: bool = False


@dataclass(kw_only=True)
class ApplyReport:
    """What applying a page (or a push's conflicts) did locally."""

    stored: list[str] = field(default_factory=list)  # new or newer versions now held
    acknowledged: list[str] = field(default_factory=list)  # our own pushes seen again
    merged: list[str] = field(default_factory=list)  # both sides' edits combined
    conflicts: list[str] = field(default_factory=list)  # a person must choose
    refused: list[tuple[str, str]] = field(default_factory=list)  # (id, reason)

    @property
    def changed(self) -> list[str]:
        return [*self.stored, *self.merged, *self.conflicts]


@dataclass(frozen=True, kw_only=True)
class ConflictView:
    """A conflict as a person sees it: the fields both sides changed, and both
    whole versions (None where that side deleted the record), so the record can be
    named and its fields labelled from the form it was made with."""

    id: str
    record_type: str
    fields: list[FieldConflict]
    mine_deleted: bool
    theirs_deleted: bool
    server_version: int
    mine: dict[str, Any] | None = None
    theirs: dict[str, Any] | None = None


@dataclass(frozen=True, kw_only=True)
class QuarantineView:
    id: str
    record_type: str
    version: int
    code: str
    reason: str
    at: dt.datetime


@dataclass(frozen=True, kw_only=True)
class IncomingProblem:
    id: str
    version: int
    kind: str
    reason: str
    at: dt.datetime


@dataclass(frozen=True, kw_only=True)
class SyncCounts:
    """``waiting``: changes ready to send (not those held for a conflict or refused)."""

    waiting: int
    conflicts: int
    quarantined: int
    refused: int
    held: int


def _conflict_aad(record_id: str) -> bytes:
    return f"mentorapp-conflict-v1|{record_id}".encode()


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _put_meta(session: Session, key: str, value: str) -> None:
    session.merge(MetaRow(key=key, value=value[:256]))


def summary_of(pairs: Iterable[tuple[str, int]]) -> tuple[int, str]:
    """Count and SHA-256 of (id, version) pairs in id order, as the service computes it."""
    h = hashlib.sha256()
    count = 0
    for rid, version in sorted(pairs):
        h.update(f"{rid}:{version}\n".encode())
        count += 1
    return count, h.hexdigest()


class SyncStore:
    """Sync state of one unlocked profile."""

    def __init__(
        self, records: RecordStore, open_own: Callable[[Outgoing], bytes | None] | None = None
    ) -> None:
        """``open_own`` opens a version this person pushed (sealed to their user key)."""
        self.records = records
        self._open_own = open_own
        self._sessions = records.sessions
        self._conflict_key = records._keys.subkey("conflicts")

    # -- state ---------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        with self._sessions() as session:
            row = session.get(MetaRow, key)
            return row.value if row is not None else None

    def set_meta(self, key: str, value: str | None) -> None:
        with self._sessions.begin() as session:
            if value is None:
                session.execute(delete(MetaRow).where(MetaRow.key == key))
            else:
                _put_meta(session, key, value)

    def cursor(self) -> str | None:
        return self.meta(CURSOR)

    def reset_cursor(self) -> None:
        self.set_meta(CURSOR, None)

    def counts(self) -> SyncCounts:
        with self._sessions() as session:
            # Held rows (a conflict to settle, a record the service refused) are not
            # sent until a person acts: they are counted there, not as waiting.
            waiting = session.scalar(
                select(func.count())
                .select_from(RecordRow)
                .where(RecordRow.pending.is_(True), RecordRow.hold == "")
            )
            conflicts = session.scalar(select(func.count()).select_from(ConflictRow))
            quarantined = session.scalar(select(func.count()).select_from(QuarantineRow))
            problems = dict(
                session.execute(
                    select(IncomingProblemRow.kind, func.count()).group_by(IncomingProblemRow.kind)
                ).all()
            )
        return SyncCounts(
            waiting=int(waiting or 0),
            conflicts=int(conflicts or 0),
            quarantined=int(quarantined or 0),
            refused=int(problems.get("refused", 0)),
            held=int(problems.get("held", 0)),
        )

    def pending_ids(self, record_type: str) -> list[str]:
        """Ids of records of one type with a change not yet acknowledged by the
        service (a safeguarding concern that has not reached it, for instance)."""
        with self._sessions() as session:
            return list(
                session.scalars(
                    select(RecordRow.id).where(
                        RecordRow.pending.is_(True), RecordRow.record_type == record_type
                    )
                )
            )

    # -- adopting ------------------------------------------------------------------

    def adopt(self, session: Session | None = None) -> int:
        """Re-seal and re-sign every pending record of this person that was written
        under another identity (before joining, by a previous device, or for other
        recipients), so it pushes as this device. All in one transaction (the
        caller's, if given). Returns how many."""
        if session is None:
            with self._sessions.begin() as own:
                return self._adopt_in(own)
        self.records.manifest.attach(session)
        return self._adopt_in(session)

    def _adopt_in(self, session: Session) -> int:
        a = self.records.authoring
        adopted = 0
        rows = session.scalars(
            select(RecordRow).where(
                RecordRow.owner_id.in_(a.owner_ids()), RecordRow.pending.is_(True)
            )
        ).all()
        recipients = sorted(a.recipients)
        for row in rows:
            if (
                row.org_id == a.org_id
                and row.author_device == a.device_id
                and row.format == 2
                and row.owner_id == a.owner_id
                and (row.deleted or sorted(load_wrapped(row.wrapped_keys)) == recipients)
            ):
                continue
            plaintext = None if row.deleted else self.records.open_row(row)
            row.owner_id = a.owner_id
            self.records.write_version(session, row, plaintext, version=row.version)
            adopted += 1
        return adopted

    # -- pushing ---------------------------------------------------------------------

    def outgoing(
        self, max_bytes: int, max_count: int, exclude: Iterable[str] = ()
    ) -> list[Outgoing]:
        """The next batch of pending versions, oldest change first, at most
        ``max_bytes`` (estimated on the wire) and ``max_count`` envelopes; always at
        least one if any is waiting."""
        skip = set(exclude)
        batch: list[Outgoing] = []
        size = 0
        with self._sessions() as session:
            # The ORM reads every row a query returns before yielding the first, so
            # without a limit each batch loaded every pending row: a first sync was
            # quadratic in the size of the profile.
            rows = session.scalars(
                select(RecordRow)
                .where(RecordRow.pending.is_(True), RecordRow.hold == "")
                .order_by(RecordRow.updated_at, RecordRow.id)
                .limit(max_count + len(skip))
            )
            for row in rows:
                if row.id in skip:
                    continue
                item = Outgoing(
                    id=row.id,
                    record_type=row.record_type,
                    version=row.version,
                    base_version=row.base_version,
                    deleted=row.deleted,
                    author_device=row.author_device,
                    owner_id=row.owner_id,
                    addressed_to=row.addressed_to,
                    ciphertext=row.ciphertext or b"",
                    wrapped_keys=load_wrapped(row.wrapped_keys),
                    signature=row.signature,
                    format=row.format,
                )
                if batch and (size + item.size > max_bytes or len(batch) >= max_count):
                    break
                batch.append(item)
                size += item.size
        return batch

    def acknowledge(self, pushed: Iterable[Outgoing]) -> list[str]:
        """The service holds these versions now (accepted, or an identical resend).

        A record edited again while its push was on the way stays pending, re-based
        on the version the service acknowledged."""
        done: list[str] = []
        settled: list[str] = []
        items = list(pushed)
        with self._sessions.begin() as session:
            rows = _rows_by_id(session, [item.id for item in items])
            for item in items:
                row = rows.get(item.id)
                if row is None or row.server_version >= item.version:
                    continue
                row.server_version = item.version
                if row.version == item.version:
                    row.pending = False  # base_version stays: it is signed
                    settled.append(row.id)
                else:
                    self._rebase(session, row, item)
                done.append(item.id)
            for chunk in _chunks(settled):
                session.execute(delete(RecordBaseRow).where(RecordBaseRow.id.in_(chunk)))
            for chunk in _chunks(done):
                session.execute(delete(QuarantineRow).where(QuarantineRow.id.in_(chunk)))
        return done

    def _rebase(self, session: Session, row: RecordRow, acked: Outgoing) -> None:
        """``row`` moved on past a version the service now holds: base the pending
        version on it and keep that version's content as the merge base."""
        row.base_version = row.server_version
        row.signature = sign_envelope(self.records.authoring.device_signing, envelope_fields(row))
        if acked.deleted:
            self.records.put_base(session, row.id, acked.version, b"")
            return
        # The pushed version was sealed to this person's own user key too.
        plaintext = self._open_own(acked) if self._open_own is not None else None
        if plaintext is not None:
            self.records.put_base(session, row.id, acked.version, plaintext)
        else:
            session.execute(delete(RecordBaseRow).where(RecordBaseRow.id == row.id))

    def rebase_to(self, record_id: str, server_version: int) -> None:
        """The service has a different (or no) version than this row was based on and
        none of its content to merge (it lost it): push again on top of its version."""
        with self._sessions.begin() as session:
            row = session.get(RecordRow, record_id)
            if row is None:
                return
            row.server_version = server_version
            row.pending = True
            if row.version <= server_version:
                plaintext = None if row.deleted else self.records.open_row(row)
                self.records.write_version(session, row, plaintext, version=server_version + 1)
            else:
                row.base_version = server_version
                row.signature = sign_envelope(
                    self.records.authoring.device_signing, envelope_fields(row)
                )

    def quarantine(self, item: Outgoing, code: str, reason: str) -> None:
        with self._sessions.begin() as session:
            row = session.get(RecordRow, item.id)
            if row is None:
                return
            row.hold = "quarantine"
            session.merge(
                QuarantineRow(
                    id=item.id,
                    record_type=item.record_type,
                    version=item.version,
                    code=code[:64],
                    reason=reason[:500],
                    created_at=_utcnow(),
                )
            )

    def quarantined(self) -> list[QuarantineView]:
        with self._sessions() as session:
            return [
                QuarantineView(
                    id=q.id,
                    record_type=q.record_type,
                    version=q.version,
                    code=q.code,
                    reason=q.reason,
                    at=q.created_at,
                )
                for q in session.scalars(select(QuarantineRow).order_by(QuarantineRow.created_at))
            ]

    def release(self, record_id: str) -> None:
        """Try a quarantined record again at the next sync."""
        with self._sessions.begin() as session:
            row = session.get(RecordRow, record_id)
            if row is not None and row.hold == "quarantine":
                row.hold = ""
            session.execute(delete(QuarantineRow).where(QuarantineRow.id == record_id))

    # -- receiving ---------------------------------------------------------------------

    def versions_of(self, ids: Iterable[str]) -> dict[str, tuple[int, int, bool]]:
        """id -> (server_version, version, pending) for the rows held here."""
        wanted = list(ids)
        out: dict[str, tuple[int, int, bool]] = {}
        with self._sessions() as session:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                for rid, sv, v, pending in session.execute(
                    select(
                        RecordRow.id, RecordRow.server_version, RecordRow.version, RecordRow.pending
                    ).where(RecordRow.id.in_(chunk))
                ):
                    out[rid] = (sv, v, pending)
        return out

    def apply(
        self,
        items: Iterable[Incoming],
        cursor: str | None = None,
        problems: Iterable[tuple[str, int, str, str]] = (),
        clear_problems: Iterable[str] = (),
    ) -> ApplyReport:
        """Store verified versions from the service and, in the same transaction, the
        new pull cursor (saving the cursor first is how changes get skipped), and any
        incoming problems (id, version, "refused"/"held", reason)."""
        report = ApplyReport()
        incoming = list(items)
        with self._sessions.begin() as session:
            # Rows read in one query: a get per item flushed the previous item's insert
            # first, one statement each way per record.
            rows = _rows_by_id(session, [item.id for item in incoming])
            for item in incoming:
                self._apply_one(session, item, report, rows)
            for chunk in _chunks(list(clear_problems)):
                session.execute(
                    delete(IncomingProblemRow).where(IncomingProblemRow.record_id.in_(chunk))
                )
            for rid, version, kind, reason in problems:
                session.merge(
                    IncomingProblemRow(
                        record_id=rid, version=version, kind=kind, reason=reason[:500], at=_utcnow()
                    )
                )
            for rid, reason in report.refused:
                session.merge(
                    IncomingProblemRow(
                        record_id=rid, version=0, kind="refused", reason=reason[:500], at=_utcnow()
                    )
                )
            if cursor is not None:
                _put_meta(session, CURSOR, cursor)
        return report

    def _apply_one(
        self, session: Session, item: Incoming, report: ApplyReport, rows: dict[str, RecordRow]
    ) -> None:
        row = rows.get(item.id)
        if row is None:
            rows[item.id] = self._new_row(item)
            session.add(rows[item.id])
            report.stored.append(item.id)
            return
        refusal = self._refusal(row, item)
        if refusal is not None:
            report.refused.append((item.id, refusal))
            return
        if item.version == row.server_version:
            if not row.pending and row.signature != item.signature and not item.purged:
                report.refused.append(
                    (item.id, f"a different version {item.version} than the one held here")
                )
            session.execute(
                delete(IncomingProblemRow).where(IncomingProblemRow.record_id == item.id)
            )
            return
        if not row.pending:
            self._replace(row, item)
            session.execute(delete(RecordBaseRow).where(RecordBaseRow.id == row.id))
            report.stored.append(item.id)
            return
        authoring = self.records.authoring
        if item.author_device == authoring.device_id and item.version <= row.version:
            # Our own push, whose acknowledgement was lost on the way back.
            row.server_version = item.version
            if row.version == item.version:
                row.pending = False  # base_version stays: it is signed
                row.hold = ""
                session.execute(delete(RecordBaseRow).where(RecordBaseRow.id == row.id))
                session.execute(delete(QuarantineRow).where(QuarantineRow.id == row.id))
            else:
                row.base_version = item.version
                row.signature = sign_envelope(authoring.device_signing, envelope_fields(row))
                self.records.put_base(session, row.id, item.version, item.plaintext or b"")
            report.acknowledged.append(item.id)
            return
        self._merge(session, row, item, report)

    def _refusal(self, row: RecordRow, item: Incoming) -> str | None:
        """Why a version from the service may not touch the row held here, if it may not."""
        if item.purged and self.records.authoring.owns(row.owner_id):
            # An erasure carries no device's signature, so the owner it names is only the
            # service's word: what decides is whose record this laptop holds.
            return OWN_RECORD_KEPT
        if row.record_type != item.record_type:
            return "the service sent it as another kind of record"
        if item.version < row.server_version:
            return f"version {item.version} is older than version {row.server_version}"
        return None

    def _new_row(self, item: Incoming) -> RecordRow:
        row = RecordRow(id=item.id, record_type=item.record_type, hold="")
        self._replace(row, item)
        return row

    @staticmethod
    def _replace(row: RecordRow, item: Incoming) -> None:
        row.format = 2
        row.version = item.version
        row.base_version = item.base_version
        row.server_version = item.version
        row.author_device = item.author_device
        row.org_id = item.org_id
        row.owner_id = item.owner_id
        row.addressed_to = item.addressed_to
        row.deleted = item.deleted
        row.content_key = item.content_key
        row.ciphertext = item.ciphertext
        row.wrapped_keys = dump_wrapped(item.wrapped_keys)
        row.signature = item.signature
        row.pending = False
        row.hold = ""
        row.updated_at = _utcnow()

    # -- merging ---------------------------------------------------------------------

    def _merge(self, session: Session, row: RecordRow, item: Incoming, report: ApplyReport) -> None:
        """A version from elsewhere arrived while this row holds an unpushed edit."""
        base = self.records.base_of(session, row.id)
        base_doc = _doc(base[1]) if base is not None and base[1] else None
        previous = self._conflict_doc(session, row.id)
        if previous is not None:
            mine_doc, mine_deleted = previous["mine"], previous["mine_deleted"]
        else:
            mine_deleted = row.deleted
            mine_doc = None if row.deleted else _doc(self.records.open_row(row))
        theirs_doc = None if item.deleted else _doc(item.plaintext or b"")
        # (The row's own base_version stays as signed until a new version is written,
        # which is based on server_version.)
        row.server_version = item.version
        # What the service holds now is the base for whatever comes next.
        self.records.put_base(session, row.id, item.version, item.plaintext or b"")
        top = max(row.version, item.version)

        if mine_deleted and item.deleted:
            self._replace(row, item)
            self._drop_conflict(session, row.id)
            report.stored.append(row.id)
            return
        if mine_deleted or item.deleted:
            self._keep_conflict(
                session, row, item, base_doc, mine_doc, theirs_doc, mine_deleted, []
            )
            report.conflicts.append(row.id)
            return
        assert mine_doc is not None and theirs_doc is not None
        result = merge_fields(base_doc, mine_doc, theirs_doc)
        if result.clean:
            plaintext = _encode(row.record_type, result.merged)
            self.records.write_version(session, row, plaintext, version=top + 1)
            row.hold = ""
            self._drop_conflict(session, row.id)
            report.merged.append(row.id)
            return
        self._keep_conflict(
            session,
            row,
            item,
            base_doc,
            mine_doc,
            theirs_doc,
            False,
            result.conflicts,
            result.merged,
        )
        report.conflicts.append(row.id)

    def _keep_conflict(
        self,
        session: Session,
        row: RecordRow,
        item: Incoming,
        base_doc: dict[str, Any] | None,
        mine_doc: dict[str, Any] | None,
        theirs_doc: dict[str, Any] | None,
        mine_deleted: bool,
        conflicts: list[FieldConflict],
        merged: dict[str, Any] | None = None,
    ) -> None:
        document = {
            "base": base_doc,
            "mine": mine_doc,
            "theirs": theirs_doc,
            "merged": merged,
            "mine_deleted": mine_deleted,
            "theirs_deleted": item.deleted,
            "fields": [c.__dict__ for c in conflicts],
        }
        sealed = aead_seal(self._conflict_key, json.dumps(document).encode(), _conflict_aad(row.id))
        session.merge(
            ConflictRow(
                id=row.id,
                record_type=row.record_type,
                server_version=item.version,
                sealed=sealed,
                created_at=_utcnow(),
            )
        )
        row.hold = "conflict"
        row.pending = True

    def _conflict_doc(self, session: Session, record_id: str) -> dict[str, Any] | None:
        crow = session.get(ConflictRow, record_id)
        if crow is None:
            return None
        doc: dict[str, Any] = json.loads(
            aead_open(self._conflict_key, crow.sealed, _conflict_aad(record_id))
        )
        return doc

    @staticmethod
    def _drop_conflict(session: Session, record_id: str) -> None:
        session.execute(delete(ConflictRow).where(ConflictRow.id == record_id))

    def conflicts(self) -> list[ConflictView]:
        out: list[ConflictView] = []
        with self._sessions() as session:
            for crow in session.scalars(select(ConflictRow).order_by(ConflictRow.created_at)):
                doc = self._conflict_doc(session, crow.id)
                assert doc is not None
                out.append(
                    ConflictView(
                        id=crow.id,
                        record_type=crow.record_type,
                        fields=[FieldConflict(**f) for f in doc["fields"]],
                        mine_deleted=doc["mine_deleted"],
                        theirs_deleted=doc["theirs_deleted"],
                        server_version=crow.server_version,
                        mine=doc["mine"],
                        theirs=doc["theirs"],
                    )
                )
        return out

    def resolve(self, record_id: str, choices: dict[str, str] | str) -> int:
        """Settle a conflict: ``"mine"``/``"theirs"`` for the whole record, or one
        choice per conflicting field. Writes a new version (pushed at the next sync)
        and returns it.

        Raises:
            RecordNotFound: no conflict on that record.
            ValueError: a field has no valid choice.
        """
        with self._sessions.begin() as session:
            doc = self._conflict_doc(session, record_id)
            row = session.get(RecordRow, record_id)
            crow = session.get(ConflictRow, record_id)
            if doc is None or row is None or crow is None:
                raise RecordNotFound(f"There is no conflict on record {record_id}.")
            top = max(row.version, crow.server_version)
            fields = [FieldConflict(**f) for f in doc["fields"]]
            if isinstance(choices, str):
                if choices not in ("mine", "theirs"):
                    raise ValueError("choose 'mine' or 'theirs'")
                whole = choices
                per_field = {f.path: whole for f in fields}
            else:
                whole = ""
                per_field = choices
            take_deleted = (whole == "mine" and doc["mine_deleted"]) or (
                whole == "theirs" and doc["theirs_deleted"]
            )
            if doc["mine_deleted"] or doc["theirs_deleted"]:
                if not whole:
                    raise ValueError("one side deleted this record: keep 'mine' or 'theirs'")
                if take_deleted:
                    plaintext = None
                else:
                    side = doc["mine"] if whole == "mine" else doc["theirs"]
                    plaintext = _encode(row.record_type, side)
            elif whole == "theirs" and not fields:
                plaintext = _encode(row.record_type, doc["theirs"])
            else:
                merged = doc["merged"] if doc["merged"] is not None else doc["mine"]
                plaintext = _encode(row.record_type, settle(merged, fields, per_field))
            row.hold = ""
            self.records.write_version(session, row, plaintext, version=top + 1)
            self._drop_conflict(session, record_id)
            return row.version

    # -- incoming problems and reconciliation -------------------------------------------------

    def incoming_problems(self) -> list[IncomingProblem]:
        with self._sessions() as session:
            return [
                IncomingProblem(
                    id=p.record_id, version=p.version, kind=p.kind, reason=p.reason, at=p.at
                )
                for p in session.scalars(select(IncomingProblemRow).order_by(IncomingProblemRow.at))
            ]

    def known_versions(self) -> dict[str, int]:
        """What this laptop knows the service holds: id -> version, for every record
        it acknowledged or received, and every version it declined to store."""
        with self._sessions() as session:
            known = dict(
                session.execute(
                    select(RecordRow.id, RecordRow.server_version).where(
                        RecordRow.server_version > 0
                    )
                ).all()
            )
            for rid, version in session.execute(
                select(IncomingProblemRow.record_id, IncomingProblemRow.version)
            ):
                if version > known.get(rid, 0):
                    known[rid] = version
        return known

    def forget(self, ids: Iterable[str]) -> int:
        """Drop other people's records this laptop may no longer see (never one of this
        person's own, and never one with an unpushed change)."""
        mine = self.records.authoring.owner_ids()
        dropped = 0
        with self._sessions.begin() as session:
            for rid in ids:
                row = session.get(RecordRow, rid)
                if row is None or row.owner_id in mine or row.pending:
                    continue
                session.delete(row)
                session.execute(delete(RecordBaseRow).where(RecordBaseRow.id == rid))
                dropped += 1
        return dropped

    def own_acknowledged(self) -> dict[str, int]:
        """id -> acknowledged version of this person's own records."""
        mine = self.records.authoring.owner_ids()
        with self._sessions() as session:
            return dict(
                session.execute(
                    select(RecordRow.id, RecordRow.server_version).where(
                        RecordRow.owner_id.in_(mine), RecordRow.server_version > 0
                    )
                ).all()
            )


def _chunks(ids: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _rows_by_id(session: Session, ids: list[str]) -> dict[str, RecordRow]:
    rows: dict[str, RecordRow] = {}
    for chunk in _chunks(ids):
        rows.update(
            (row.id, row)
            for row in session.scalars(select(RecordRow).where(RecordRow.id.in_(chunk)))
        )
    return rows


def _doc(plaintext: bytes) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(plaintext)
    return doc


def _encode(record_type: str, document: dict[str, Any] | None) -> bytes:
    """A merged document back to a record's bytes, checked by decoding it."""
    if document is None:
        raise StoreError("nothing to write")
    try:
        record = decode_record(RecordType(record_type), json.dumps(document).encode())
    except RecordDecodeError as exc:
        raise StoreError(f"the merged record is not valid: {exc}") from exc
    return encode_record(record)


__all__ = [
    "OWN_RECORD_KEPT",
    "ApplyReport",
    "ConflictView",
    "Incoming",
    "IncomingProblem",
    "Outgoing",
    "QuarantineView",
    "RecordAddress",
    "SyncCounts",
    "SyncStore",
    "summary_of",
]
