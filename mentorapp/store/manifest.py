"""The record manifest: what this profile last wrote to every record row, kept so a
row removed, altered or put back from an older copy of the database is noticed and
named at unlock and by ``verify``.

Every transaction that inserts, changes or deletes a ``RecordRow`` updates the manifest
before it commits (session events below, so no write path can forget it): the row's
entry (id, type, owner, version, deleted, and a tag) and the sealed total (count and
accumulator, see ``crypto/manifest.py``). A flush that touches records in a session
without a manifest attached is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Connection, delete, event, insert, inspect, select
from sqlalchemy.orm import Session, UOWTransaction

from mentorapp.core.caseload import KIND_LABELS
from mentorapp.crypto import IntegrityError, ManifestEntry, ManifestKeys, ManifestTotal
from mentorapp.crypto.manifest import TAG_BYTES
from mentorapp.store.db import Sessions
from mentorapp.store.errors import StoreError
from mentorapp.store.models import ManifestEntryRow, ManifestTotalRow, MetaRow, RecordRow

SESSION_INFO = "mentorapp.record_manifest"
_TOUCHED = "mentorapp.record_manifest.touched"
TOTAL = "total"
# Kept once a profile's database was found empty at unlock: later unlocks say so again
# instead of building a fresh manifest over what is left.
REPLACED_META = "record_manifest.replaced"
_ENTRY_FIELDS = ("record_type", "owner_id", "version", "deleted")

MISSING = "missing"
DELETED_FLAG = "deleted flag"
OLDER = "older"
CHANGED = "changed"
UNLISTED = "unlisted"
ENTRY = "entry"
TOTAL_PROBLEM = "total"
NO_MANIFEST = "no manifest"
REPLACED = "replaced"


@dataclass(frozen=True, kw_only=True)
class ManifestProblem:
    """One way the record rows differ from what this profile wrote."""

    kind: str
    message: str
    record_id: str | None = None
    record_type: str | None = None


@dataclass(frozen=True, kw_only=True)
class ManifestReport:
    """The manifest checked against the record rows: ``problems`` is empty when every
    row is as this profile last wrote it."""

    listed: int = 0
    problems: list[ManifestProblem] = field(default_factory=list)
    built: bool = False  # built at this unlock (a profile from before manifests)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One sentence for a person, saying what is wrong and what to do."""
        missing = sum(p.kind == MISSING for p in self.problems)
        parts = [f"{len(self.problems)} problem(s) with the record list"]
        if missing:
            parts.append(f"{missing} record(s) missing")
        return (
            "Records in this profile were removed or altered outside mentorapp ("
            + ", ".join(parts)
            + "). Run 'mentorapp-cli verify' to see which, and restore from a backup or "
            "sync again to get them back."
        )


def _kind(record_type: str) -> str:
    return KIND_LABELS.get(record_type, "Mentee" if record_type == "mentee" else "Record")


def entry_of(row: RecordRow) -> ManifestEntry:
    return ManifestEntry(
        record_id=row.id,
        record_type=row.record_type,
        owner_id=row.owner_id or "",
        version=int(row.version),
        deleted=bool(row.deleted),
    )


# Plain SQL for what runs in every saving transaction: building SQLAlchemy statements
# cost more than running them.
_LISTED = "SELECT id, record_type, owner_id, version, deleted FROM record_manifest WHERE id IN"
_UPSERT = (
    "INSERT INTO record_manifest (id, record_type, owner_id, version, deleted, tag) "
    "VALUES (:id, :record_type, :owner_id, :version, :deleted, :tag) "
    "ON CONFLICT (id) DO UPDATE SET record_type = excluded.record_type, "
    "owner_id = excluded.owner_id, version = excluded.version, deleted = excluded.deleted, "
    "tag = excluded.tag"
)
_REMOVE = "DELETE FROM record_manifest WHERE id = ?"
_ROWS = "SELECT id, record_type, owner_id, version, deleted FROM records"
_ENTRIES = "SELECT id, record_type, owner_id, version, deleted, tag FROM record_manifest"
_SEALED = "SELECT sealed FROM record_manifest_total WHERE name = ?"
_RESEAL = "UPDATE record_manifest_total SET sealed = ? WHERE name = ?"


def _entry_values(entry: ManifestEntry, tag: bytes) -> dict[str, object]:
    return {
        "id": entry.record_id,
        "record_type": entry.record_type,
        "owner_id": entry.owner_id,
        "version": entry.version,
        "deleted": entry.deleted,
        "tag": tag,
    }


def _listed_entries(conn: Connection, ids: list[str]) -> dict[str, ManifestEntry]:
    listed: dict[str, ManifestEntry] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for rid, rtype, owner, version, deleted in conn.exec_driver_sql(
            f"{_LISTED} ({marks})", tuple(chunk)
        ):
            listed[rid] = ManifestEntry(
                record_id=rid,
                record_type=rtype,
                owner_id=owner,
                version=int(version),
                deleted=bool(deleted),
            )
    return listed


def _chunks(ids: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class RecordManifest:
    """The manifest of one unlocked profile, under keys derived from its data key."""

    def __init__(self, data_key: bytes) -> None:
        self._keys = ManifestKeys(data_key)

    def attach(self, session: Session) -> None:
        """Let ``session`` write records: its flushes keep this manifest."""
        session.info[SESSION_INFO] = self

    # -- writing ------------------------------------------------------------------------

    def _total(self, session: Session) -> tuple[ManifestTotalRow | None, ManifestTotal | None]:
        row = session.get(ManifestTotalRow, TOTAL)
        if row is None:
            return None, None
        try:
            return row, self._keys.open_total(row.sealed)
        except IntegrityError:
            # Left as it is: sealing a new total over a broken one would bless it.
            return row, None

    def note(self, session: Session, touched: dict[str, RecordRow | None]) -> None:
        """Bring the manifest up to date with the rows a transaction wrote: record id
        -> the row as it will be committed, or None where the row was deleted. A few
        statements and one sealing per transaction, however many rows it wrote (plain
        SQL on the transaction's connection: this runs on every save)."""
        keys = self._keys
        conn = session.connection()
        listed = _listed_entries(conn, list(touched))
        total = self._open_sealed(conn)
        upserts: list[dict[str, object]] = []
        removed: list[str] = []
        for rid, row in touched.items():
            old = listed.get(rid)
            new = entry_of(row) if row is not None else None
            if old == new:
                continue
            if total is not None and old is not None:
                total = total.with_entry(keys.term(old), -1)
            if new is None:
                removed.append(rid)
                continue
            if total is not None:
                total = total.with_entry(keys.term(new), +1)
            upserts.append(_entry_values(new, keys.tag(new)))
        if upserts:
            conn.exec_driver_sql(_UPSERT, upserts)
        if removed:
            conn.exec_driver_sql(_REMOVE, [(rid,) for rid in removed])
        if total is not None:
            conn.exec_driver_sql(_RESEAL, (keys.seal_total(total), TOTAL))

    def _open_sealed(self, conn: Connection) -> ManifestTotal | None:
        """The total, or None when there is none or it does not open: then it is left as
        it is, since sealing a new total over a broken one would bless it."""
        sealed = conn.exec_driver_sql(_SEALED, (TOTAL,)).scalar_one_or_none()
        if sealed is None:
            return None
        try:
            return self._keys.open_total(sealed)
        except IntegrityError:
            return None

    def build(self, session: Session) -> int:
        """List every record row as it is now and seal the total; returns how many.
        Only for a database that never had a manifest, or one a person has accepted."""
        keys = self._keys
        session.execute(delete(ManifestEntryRow))
        total = ManifestTotal()
        batch: list[dict[str, object]] = []
        for rid, rtype, owner, version, deleted in session.execute(
            select(
                RecordRow.id,
                RecordRow.record_type,
                RecordRow.owner_id,
                RecordRow.version,
                RecordRow.deleted,
            )
        ):
            entry = ManifestEntry(
                record_id=rid,
                record_type=rtype,
                owner_id=owner or "",
                version=int(version),
                deleted=bool(deleted),
            )
            total = total.with_entry(keys.term(entry), +1)
            batch.append(_entry_values(entry, keys.tag(entry)))
        for start in range(0, len(batch), 1000):
            session.execute(insert(ManifestEntryRow), batch[start : start + 1000])
        session.merge(ManifestTotalRow(name=TOTAL, sealed=keys.seal_total(total)))
        session.execute(delete(MetaRow).where(MetaRow.key == REPLACED_META))
        return total.count

    # -- checking -------------------------------------------------------------------------

    def check(self, session: Session) -> ManifestReport:
        """Compare every record row with its entry, and the entries with the total."""
        total_row, total = self._total(session)
        problems: list[ManifestProblem] = []
        if total_row is None:
            problems.append(
                ManifestProblem(
                    kind=NO_MANIFEST,
                    message="The record list is missing from the database: the database "
                    "was replaced by another one or emptied outside mentorapp.",
                )
            )
        elif total is None:
            problems.append(
                ManifestProblem(
                    kind=TOTAL_PROBLEM,
                    message="The record list's seal does not open with this profile's key: "
                    "the database was replaced by another one or altered outside mentorapp.",
                )
            )
        conn = session.connection()
        rows = {
            rid: (rtype, owner or "", int(version), bool(deleted))
            for rid, rtype, owner, version, deleted in conn.exec_driver_sql(_ROWS)
        }
        accumulator = 0
        listed = 0
        for rid, rtype, owner, version, deleted, tag in conn.exec_driver_sql(_ENTRIES):
            listed += 1
            entry = ManifestEntry(
                record_id=rid,
                record_type=rtype,
                owner_id=owner,
                version=int(version),
                deleted=bool(deleted),
            )
            tag_ok, term = self._keys.check_entry(entry, tag)
            accumulator ^= int.from_bytes(term)
            if not tag_ok:
                problems.append(
                    ManifestProblem(
                        kind=ENTRY,
                        record_id=rid,
                        record_type=rtype,
                        message=f"{_kind(rtype)} {rid}: its entry in the record list was "
                        "altered outside mentorapp.",
                    )
                )
            problem = _compare(entry, rows.pop(rid, None))
            if problem is not None:
                problems.append(problem)
        found = ManifestTotal(count=listed, accumulator=accumulator.to_bytes(TAG_BYTES))
        for rid, (rtype, _owner, version, _deleted) in sorted(rows.items()):
            problems.append(
                ManifestProblem(
                    kind=UNLISTED,
                    record_id=rid,
                    record_type=rtype,
                    message=f"{_kind(rtype)} {rid} (version {version}) is in the database "
                    "but was never written there by mentorapp.",
                )
            )
        if total is not None and found != total:
            problems.append(_total_problem(found, total))
        return ManifestReport(listed=listed, problems=problems)

    def on_unlock(self, sessions: Sessions, *, may_build: bool, was_empty: bool) -> ManifestReport:
        """Check at unlock, first building the manifest of a profile from before
        manifests (``may_build``). ``was_empty``: the database had no tables at all
        before this unlock, so it was replaced or emptied."""
        with sessions() as session:
            writes = was_empty or (
                may_build
                and session.get(ManifestTotalRow, TOTAL) is None
                and session.get(MetaRow, REPLACED_META) is None
            )
        if writes:
            with sessions.begin() as session:
                return self._on_unlock(session, may_build=may_build, was_empty=was_empty)
        with sessions() as session:
            return self._on_unlock(session, may_build=False, was_empty=False)

    def _on_unlock(self, session: Session, *, may_build: bool, was_empty: bool) -> ManifestReport:
        replaced = was_empty or session.get(MetaRow, REPLACED_META) is not None
        built = False
        if replaced:
            if was_empty:
                stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                session.merge(MetaRow(key=REPLACED_META, value=stamp))
        elif may_build and session.get(ManifestTotalRow, TOTAL) is None:
            self.build(session)
            built = True
        report = self.check(session)
        problems = report.problems
        if replaced:
            problems = [
                ManifestProblem(
                    kind=REPLACED,
                    message="The database was replaced by an empty one (or deleted) outside "
                    "mentorapp: every record it held is missing.",
                ),
                *[p for p in problems if p.kind != NO_MANIFEST],
            ]
        return ManifestReport(listed=report.listed, problems=problems, built=built)


def _compare(
    entry: ManifestEntry, row: tuple[str, str, int, bool] | None
) -> ManifestProblem | None:
    """How the row held differs from its entry (None: it does not)."""
    name = f"{_kind(entry.record_type)} {entry.record_id}"
    found: tuple[str, str] | None = None
    if row is None:
        found = (
            (MISSING, f"{name}: the record of its deletion was removed from the database.")
            if entry.deleted
            else (MISSING, f"{name} is missing: it was removed from the database.")
        )
    else:
        rtype, owner, version, deleted = row
        if version < entry.version:
            found = (
                OLDER,
                f"{name} holds version {version}, older than version {entry.version} "
                "written here: an earlier copy of it was put back.",
            )
        elif deleted != entry.deleted:
            found = (
                DELETED_FLAG,
                f"{name} is marked deleted, but it was not deleted here."
                if deleted
                else f"{name} is marked present, but it was deleted here.",
            )
        elif version > entry.version or rtype != entry.record_type or owner != entry.owner_id:
            found = (CHANGED, f"{name} was changed outside mentorapp.")
    if found is None:
        return None
    return ManifestProblem(
        kind=found[0], record_id=entry.record_id, record_type=entry.record_type, message=found[1]
    )


def _total_problem(found: ManifestTotal, sealed: ManifestTotal) -> ManifestProblem:
    if found.count < sealed.count:
        gap = sealed.count - found.count
        what = f"{gap} entr{'y was' if gap == 1 else 'ies were'} removed from it"
    elif found.count > sealed.count:
        gap = found.count - sealed.count
        what = f"{gap} entr{'y was' if gap == 1 else 'ies were'} added to it"
    else:
        what = "entries in it were changed or put back from an older copy"
    return ManifestProblem(
        kind=TOTAL_PROBLEM,
        message=f"The record list does not add up to its seal: {what} outside mentorapp.",
    )


def _entry_changed(row: RecordRow) -> bool:
    state = inspect(row)
    if state.pending or not state.has_identity:
        return True
    return any(state.attrs[name].history.has_changes() for name in _ENTRY_FIELDS)


@event.listens_for(Session, "before_flush")
def _track_records(session: Session, _context: UOWTransaction, _instances: object) -> None:
    """Note every record row a flush writes; ``_keep_manifest`` settles them at commit."""
    changed = [
        o for o in (*session.new, *session.dirty) if isinstance(o, RecordRow) and _entry_changed(o)
    ]
    gone = [o for o in session.deleted if isinstance(o, RecordRow)]
    if not changed and not gone:
        return
    if not isinstance(session.info.get(SESSION_INFO), RecordManifest):
        raise StoreError(
            "A record was about to be written without its entry in the record list; "
            "nothing was saved."
        )
    touched: dict[str, RecordRow | None] = session.info.setdefault(_TOUCHED, {})
    for row in changed:
        touched[row.id] = row
    for row in gone:
        touched[row.id] = None


@event.listens_for(Session, "before_commit")
def _keep_manifest(session: Session) -> None:
    """The manifest follows the records in the same transaction, just before it commits."""
    session.flush()  # what is not flushed yet is noted too
    touched = session.info.pop(_TOUCHED, None)
    manifest = session.info.get(SESSION_INFO)
    if touched and isinstance(manifest, RecordManifest):
        manifest.note(session, touched)


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, _previous: object) -> None:
    session.info.pop(_TOUCHED, None)


__all__ = ["ManifestProblem", "ManifestReport", "RecordManifest", "entry_of"]
