"""Search across names, notes and free text, held in memory only.

Built after unlock from decrypted records and kept current as records change;
never written to disk. Every word typed must match the start of a word in the
record, so results narrow as you type.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from mentorapp.core.model import (
    Contact,
    Goal,
    Mentee,
    OutcomeCheckIn,
    Record,
    Referral,
    SafeguardingConcern,
)

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchHit:
    record_id: str
    kind: str
    title: str
    snippet: str
    date: dt.date | None
    mentee_ids: tuple[str, ...]


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


# One return per record type.
def _describe(  # noqa: PLR0911
    record: Record, names: dict[str, str]
) -> tuple[str, str, dt.date | None, tuple[str, ...], list[str]]:
    """Title, main text, date, mentee ids and every searchable string of a record."""
    texts: list[str] = list(_strings(record.extra))
    if isinstance(record, Mentee):
        texts += [
            record.given_name,
            record.family_name,
            record.preferred_name,
            record.establishment,
            record.prison_number,
            record.pnc_id,
            record.closed_reason,
        ]
        return record.display_name, record.establishment, record.start_date, (record.id,), texts
    if isinstance(record, Contact):
        ids = tuple(record.mentee_ids())
        who = ", ".join(names.get(i, "?") for i in ids)
        texts += [record.notes, record.location, who]
        texts += list(
            _strings(
                [
                    getattr(record, k, "")
                    for k in ("title", "topics", "safeguarding_details", "how_they_are_doing")
                ]
            )
        )
        texts += [a.text for a in getattr(record, "actions", [])]
        texts += [e.description for e in record.expenses]
        kind = record.record_type.value.replace("_", " ")
        title = getattr(record, "title", "") or f"{kind.capitalize()} with {who}"
        return title, record.notes, record.date, ids, texts
    if isinstance(record, SafeguardingConcern):
        texts += [record.description, record.action_taken, record.category.value]
        return (
            f"Safeguarding concern about {names.get(record.mentee_id, '?')}",
            record.description,
            record.raised_on,
            (record.mentee_id,),
            texts,
        )
    if isinstance(record, Referral):
        texts += [record.organisation, record.reason, record.outcome]
        return (
            f"Referral to {record.organisation}",
            record.reason,
            record.date,
            (record.mentee_id,),
            texts,
        )
    if isinstance(record, Goal):
        texts += [record.description]
        return "Goal", record.description, record.target_date, (record.mentee_id,), texts
    if isinstance(record, OutcomeCheckIn):
        texts += [record.comment]
        return "Check-in", record.comment, record.date, (record.mentee_id,), texts
    return record.record_type.value, "", None, (), texts


class SearchIndex:
    """An inverted index of word -> record ids, with prefix matching."""

    def __init__(self) -> None:
        self._postings: dict[str, set[str]] = {}
        self._words_of: dict[str, set[str]] = {}
        self._hits: dict[str, SearchHit] = {}
        self._sorted: list[str] | None = None
        self._names: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._hits)

    def build(self, records: Iterable[Record], pause: Callable[[], None] | None = None) -> None:
        """Index every record; ``pause`` is called every few hundred records so a
        background build can let the window breathe."""
        all_records = list(records)
        self._names = {r.id: r.display_name for r in all_records if isinstance(r, Mentee)}
        for n, record in enumerate(all_records):
            self.add(record)
            if pause is not None and n % 200 == 199:
                pause()

    def add(self, record: Record) -> None:
        """Index a record, replacing what was indexed for it before."""
        self.remove(record.id)
        if isinstance(record, Mentee):
            self._names[record.id] = record.display_name
        title, text, date, mentee_ids, texts = _describe(record, self._names)
        words = {w.casefold() for t in texts if t for w in _WORD.findall(t)}
        for word in words:
            self._postings.setdefault(word, set()).add(record.id)
        self._words_of[record.id] = words
        snippet = " ".join(text.split())[:160]
        self._hits[record.id] = SearchHit(
            record_id=record.id,
            kind=record.record_type.value,
            title=title,
            snippet=snippet,
            date=date,
            mentee_ids=mentee_ids,
        )
        self._sorted = None

    def remove(self, record_id: str) -> None:
        for word in self._words_of.pop(record_id, ()):
            ids = self._postings.get(word)
            if ids is not None:
                ids.discard(record_id)
                if not ids:
                    del self._postings[word]
        if self._hits.pop(record_id, None) is not None:
            self._sorted = None

    def _prefix(self, prefix: str) -> set[str]:
        if self._sorted is None:
            self._sorted = sorted(self._postings)
        words = self._sorted
        start = bisect.bisect_left(words, prefix)
        found: set[str] = set()
        for word in words[start:]:
            if not word.startswith(prefix):
                break
            found |= self._postings[word]
        return found

    def search(self, query: str, limit: int = 200) -> list[SearchHit]:
        """Records matching every word of ``query`` (as word prefixes), newest first."""
        terms = sorted({w.casefold() for w in _WORD.findall(query)}, key=len, reverse=True)
        if not terms:
            return []
        matches: set[str] | None = None
        for term in terms:
            ids = self._prefix(term)
            matches = ids if matches is None else matches & ids
            if not matches:
                return []
        assert matches is not None
        return heapq.nlargest(
            limit,
            (self._hits[i] for i in matches),
            key=lambda h: (h.date or dt.date.min, h.record_id),
        )
