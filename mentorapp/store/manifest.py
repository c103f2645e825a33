"""The record manifest: what this profile last wrote to every record row, kept so a
row removed, altered or put back from an older copy of the database is noticed and
named at unlock and by ``verify``.

Every flush that inserts, changes or deletes a ``RecordRow`` updates the manifest in
the same transaction (``_keep_manifest`` below, a session event, so no write path can
forget it): the row's entry (id, type, owner, version, deleted, and a tag) and the
sealed total (count and accumulator, see ``crypto/manifest.py``). A flush that
touches records in a session without a manifest attached is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import delete, event, insert, inspect, select
from sqlalchemy.orm import Session, UOWTransaction

from mentorapp.core.caseload import KIND_LABELS
from mentorapp.crypto import IntegrityError, ManifestEntry, ManifestKeys, ManifestTotal
from mentorapp.store.db import Sessions
from mentorapp.store.errors import StoreError
from mentorapp.store.models import ManifestEntryRow, ManifestTotalRow, MetaRow, RecordRow

SESSION_INFO = "mentorapp.record_manifest"
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


def _listed(row: ManifestEntryRow) -> ManifestEntry:
    return ManifestEntry(
        record_id=row.id,
        record_type=row.record_type,
        owner_id=row.owner_id,
        version=row.version,
        deleted=row.deleted,
    )


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

    def note(
        self, session: Session, changed: Iterable[RecordRow], gone: Iterable[RecordRow]
    ) -> None:
        """Bring the manifest up to date with rows about to be flushed."""
        changed, gone = list(changed), list(gone)
        keys = self._keys
        with session.no_autoflush:
            listed: dict[str, ManifestEntryRow] = {}
            for chunk in _chunks([r.id for r in (*changed, *gone)]):
                listed.update(
                    (e.id, e)
                    for e in session.scalars(
                        select(ManifestEntryRow).where(ManifestEntryRow.id.in_(chunk))
                    )
                )
            total_row, total = self._total(session)
            for row in changed:
                new = entry_of(row)
                old_row = listed.get(row.id)
                if old_row is None:
                    old_row = ManifestEntryRow(id=row.id)
                    session.add(old_row)
                    listed[row.id] = old_row
                    if total is not None:
                        total = total.with_entry(keys.term(new), +1)
                else:
                    old = _listed(old_row)
                    if old == new:
                        continue
                    if total is not None:
                        total = total.with_entry(keys.term(old), 0).with_entry(keys.term(new), 0)
                old_row.record_type = new.record_type
                old_row.owner_id = new.owner_id
                old_row.version = new.version
                old_row.deleted = new.deleted
                old_row.tag = keys.tag(new)
            for row in gone:
                old_row = listed.pop(row.id, None)
                if old_row is None:
                    continue
                if total is not None:
                    total = total.with_entry(keys.term(_listed(old_row)), -1)
                session.delete(old_row)
            if total_row is not None and total is not None:
                total_row.sealed = keys.seal_total(total)

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
            batch.append(
                {
                    "id": rid,
                    "record_type": rtype,
                    "owner_id": entry.owner_id,
                    "version": entry.version,
                    "deleted": entry.deleted,
                    "tag": keys.tag(entry),
                }
            )
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
        rows = {
            rid: (rtype, owner or "", int(version), bool(deleted))
            for rid, rtype, owner, version, deleted in session.execute(
                select(
                    RecordRow.id,
                    RecordRow.record_type,
                    RecordRow.owner_id,
                    RecordRow.version,
                    RecordRow.deleted,
                )
            )
        }
        found = ManifestTotal()
        listed = 0
        for entry_row in session.scalars(select(ManifestEntryRow)):
            listed += 1
            entry = _listed(entry_row)
            found = found.with_entry(self._keys.term(entry), +1)
            if not self._keys.tag_matches(entry, entry_row.tag):
                problems.append(
                    ManifestProblem(
                        kind=ENTRY,
                        record_id=entry.record_id,
                        record_type=entry.record_type,
                        message=f"{_kind(entry.record_type)} {entry.record_id}: its entry in "
                        "the record list was altered outside mentorapp.",
                    )
                )
            problem = _compare(entry, rows.pop(entry.record_id, None))
            if problem is not None:
                problems.append(problem)
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
def _keep_manifest(session: Session, _context: UOWTransaction, _instances: object) -> None:
    changed = [
        o for o in (*session.new, *session.dirty) if isinstance(o, RecordRow) and _entry_changed(o)
    ]
    gone = [o for o in session.deleted if isinstance(o, RecordRow)]
    if not changed and not gone:
        return
    manifest = session.info.get(SESSION_INFO)
    if not isinstance(manifest, RecordManifest):
        raise StoreError(
            "A record was about to be written without its entry in the record list; "
            "nothing was saved."
        )
    manifest.note(session, changed, gone)


__all__ = ["ManifestProblem", "ManifestReport", "RecordManifest", "entry_of"]
