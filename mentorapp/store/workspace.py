"""An unlocked profile's records held in memory for the app: caseload, timelines,
the week ahead and search, kept current as records are saved.

Everything the desktop window shows comes through here, so every user action is
callable without Qt. Not thread-safe: the app calls it from one worker thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from mentorapp.core.caseload import (
    CaseloadEntry,
    ContactSummary,
    TimelineItem,
    WeekItem,
    build_caseload,
    summarise,
    timeline,
    week_ahead,
)
from mentorapp.core.codec import (
    decode_caseload,
    decode_contact_summary,
    decode_record,
    encode_caseload,
)
from mentorapp.core.forms import FormDefinition, build_record, validate
from mentorapp.core.model import (
    CONTACT_TYPES,
    Amendment,
    Contact,
    Goal,
    Mentee,
    OutcomeCheckIn,
    Record,
    RecordType,
    Referral,
    SafeguardingConcern,
)
from mentorapp.core.review import amended
from mentorapp.core.search import SearchHit, SearchIndex
from mentorapp.store.errors import RecordNotFound
from mentorapp.store.profile import Profile

CASELOAD_SNAPSHOT = "caseload"


class LoadCancelled(Exception):
    """A background load stopped because the profile is being locked."""


class FormRejected(ValueError):
    """Answers that do not pass the form; ``errors`` maps field key to message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class Workspace:
    def __init__(self, profile: Profile, pause: Callable[[], None] | None = None) -> None:
        self.profile = profile
        self.records: dict[str, Record] = {}
        self.summaries: dict[str, ContactSummary] = {}
        self._undecoded: list[tuple[RecordType, bytes]] = []
        self.index = SearchIndex()
        self.index_ready = False
        self._pause = pause
        self._cancelled = False

    def cancel(self) -> None:
        """Ask a long load or index build on another thread to stop at its next pause
        (locking should not wait for a search index nobody will use)."""
        self._cancelled = True

    def _breathe(self) -> None:
        if self._cancelled:
            raise LoadCancelled()
        if self._pause is not None:
            self._pause()

    # -- loading ------------------------------------------------------------------

    def load(self) -> None:
        """Decrypt everything into memory (never to disk) and fully decode all but the
        contacts, whose summaries are enough for the caseload; ``load_rest`` decodes
        the contacts (timelines, search and this week need them)."""
        self.records, self.summaries, self._undecoded = {}, {}, []
        for n, (rtype, plaintext) in enumerate(self.profile.records.decrypted()):
            if n % 500 == 499:
                self._breathe()
            if rtype in CONTACT_TYPES:
                summary = decode_contact_summary(rtype, plaintext)
                self.summaries[summary.id] = summary
                self._undecoded.append((rtype, plaintext))
            else:
                record = decode_record(rtype, plaintext)
                self.records[record.id] = record

    def load_rest(self) -> None:
        pending, self._undecoded = self._undecoded, []
        for n, (rtype, plaintext) in enumerate(pending):
            record = decode_record(rtype, plaintext)
            self.records[record.id] = record
            if n % 500 == 499:
                self._breathe()

    def cached_caseload(self) -> list[CaseloadEntry] | None:
        """The caseload as last computed, from its sealed snapshot: shown at once on
        unlock while the records themselves are decrypted."""
        data = self.profile.records.load_snapshot(CASELOAD_SNAPSHOT)
        return decode_caseload(data) if data is not None else None

    def remember_caseload(self, entries: list[CaseloadEntry]) -> None:
        self.profile.records.save_snapshot(CASELOAD_SNAPSHOT, encode_caseload(entries))

    @property
    def fully_loaded(self) -> bool:
        return not self._undecoded

    def build_index(self) -> int:
        self.load_rest()
        self.index = SearchIndex()
        self.index.build(self.records.values(), self._breathe)
        self.index_ready = True
        return len(self.index)

    # -- reading ---------------------------------------------------------------------

    def _amendments(self) -> dict[str, Amendment]:
        """The latest amendment of each amended contact (amendments are few)."""
        latest: dict[str, Amendment] = {}
        for r in self.records.values():
            if isinstance(r, Amendment):
                seen = latest.get(r.contact_id)
                if seen is None or r.id > seen.id:
                    latest[r.contact_id] = r
        return latest

    def _of(self, cls: type[Any]) -> list[Any]:
        records = [r for r in self.records.values() if isinstance(r, cls)]
        if cls is Contact or issubclass(cls, Contact):
            latest = self._amendments()
            if latest:
                records = [amended(latest[r.id]) if r.id in latest else r for r in records]
        return records

    def team_mentees(self) -> int:
        """How many mentees of other people (a supervisor's mentors) this laptop holds;
        they are not on this person's own caseload."""
        return self.profile.records.count_of(RecordType.MENTEE, "others")

    def mentees(self) -> list[Mentee]:
        return sorted(self._of(Mentee), key=lambda m: m.display_name.casefold())

    def mentee_choices(self, active_only: bool = False) -> list[tuple[str, str]]:
        return [
            (m.id, m.display_name)
            for m in self.mentees()
            if not active_only or m.status.value != "closed"
        ]

    def caseload(self, today: dt.date | None = None) -> list[CaseloadEntry]:
        return build_caseload(
            self.mentees(), self._of(Contact), self._of(SafeguardingConcern), today
        )

    def timeline(self, mentee_id: str) -> list[TimelineItem]:
        return timeline(mentee_id, self.records.values())

    def week(self, today: dt.date | None = None) -> list[WeekItem]:
        return week_ahead(self._of(Contact), today)

    def goals(self, mentee_id: str) -> list[Goal]:
        return [g for g in self._of(Goal) if g.mentee_id == mentee_id]

    def referrals(self, mentee_id: str) -> list[Referral]:
        return sorted(
            (r for r in self._of(Referral) if r.mentee_id == mentee_id),
            key=lambda r: r.date,
            reverse=True,
        )

    def check_ins(self, mentee_id: str) -> list[OutcomeCheckIn]:
        return sorted(
            (c for c in self._of(OutcomeCheckIn) if c.mentee_id == mentee_id), key=lambda c: c.date
        )

    def open_concerns(self) -> list[SafeguardingConcern]:
        return [c for c in self._of(SafeguardingConcern) if c.is_open]

    def search(self, query: str, limit: int = 200) -> list[SearchHit]:
        return self.index.search(query, limit) if self.index_ready else []

    def get(self, record_id: str) -> Record:
        """A record as it now stands (a contact amended after approval, as amended)."""
        if record_id not in self.records:
            self.load_rest()
        record = self.records[record_id]
        if isinstance(record, Contact):
            latest = self._amendments().get(record_id)
            if latest is not None:
                return amended(latest)
        return record

    # -- writing -----------------------------------------------------------------------

    def save(self, record: Record) -> Record:
        """Save a record (and anything it implies: an amendment instead of a change to
        an approved contact, a concern from a ticked box) and refresh memory and the
        index."""
        written = self.profile.record_all(record)
        self._refresh([r.id for r in written])
        return record

    def save_answers(
        self, form: FormDefinition, answers: dict[str, Any], record_id: str | None = None
    ) -> Record:
        """Validate a form's answers and save the record they describe."""
        result = validate(form, answers, {m.id for m in self.mentees()})
        if not result.ok:
            errors: dict[str, str] = {}
            for e in result.errors:
                errors.setdefault(e.key, e.message)
            raise FormRejected(errors)
        record = build_record(form, result.cleaned, record_id)
        existing = self.records.get(record.id) if record_id else None
        if isinstance(record, Contact) and isinstance(existing, Contact):
            record.mentor = existing.mentor
        return self.save(record)

    def _refresh(self, ids: Iterable[str]) -> None:
        for record_id in ids:
            record = self.profile.records.get(record_id)
            self.records[record_id] = record
            if isinstance(record, Contact):
                self.summaries[record_id] = summarise(record)
            if self.index_ready:
                self.index.add(record)

    def refresh_changed(self, ids: Iterable[str]) -> int:
        """Bring memory and the search index up to date after sync changed these
        records (new, newer, merged or gone). Returns how many changed here."""
        if not self.fully_loaded:
            self.load_rest()  # so an older copy decoded later cannot win
        changed = 0
        mine = self.profile.records.authoring.owner_ids()
        for record_id in set(ids):
            try:
                owner = self.profile.records.owner_of(record_id)
                record = self.profile.records.get(record_id) if owner in mine else None
            except RecordNotFound:
                record = None
            if record is None:
                if self.records.pop(record_id, None) is not None:
                    self.summaries.pop(record_id, None)
                    if self.index_ready:
                        self.index.remove(record_id)
                    changed += 1
                continue
            self.records[record_id] = record
            if isinstance(record, Contact):
                self.summaries[record_id] = summarise(record)
            if self.index_ready:
                self.index.add(record)
            changed += 1
        return changed

    def drafts(self) -> list[Any]:
        return self.profile.records.drafts()

    def save_draft(
        self, draft_id: str, form_id: str, answers: dict[str, Any], record_id: str | None = None
    ) -> None:
        self.profile.records.save_draft(draft_id, form_id, answers, record_id)

    def discard_draft(self, draft_id: str) -> None:
        self.profile.records.discard_draft(draft_id)

    def close(self) -> None:
        """Lock the profile and forget every decrypted record."""
        self.drop_keys()
        self.forget()

    def drop_keys(self) -> None:
        """Lock the profile: nothing can be decrypted or saved after this (fast)."""
        if hasattr(self.profile, "keys"):
            self.profile.lock()

    def forget(self) -> None:
        """Release the decrypted records and the search index (slow on a big caseload:
        a million objects are freed)."""
        self.records = {}
        self.summaries = {}
        self._undecoded = []
        self.index = SearchIndex()
        self.index_ready = False
