"""Reviews and amendments: a contact a supervisor approved is locked, and later edits
become amendments linked to it, so what was approved stays on record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import msgspec

from mentorapp.core.model import (
    RECORD_CLASSES,
    Amendment,
    Contact,
    ContactReview,
    Record,
    ReviewState,
)


def latest_reviews(records: Iterable[Record]) -> dict[str, ContactReview]:
    """The most recent review of each contact (by date, then id: ids are time-ordered)."""
    latest: dict[str, ContactReview] = {}
    for r in records:
        if isinstance(r, ContactReview):
            seen = latest.get(r.contact_id)
            if seen is None or (r.reviewed_on, r.id) > (seen.reviewed_on, seen.id):
                latest[r.contact_id] = r
    return latest


def is_approved(contact_id: str, records: Iterable[Record]) -> bool:
    review = latest_reviews(records).get(contact_id)
    return review is not None and review.state is ReviewState.APPROVED


def amendment_for(contact: Contact, reason: str = "") -> Amendment:
    """The edit of an approved contact, as an amendment linked to it."""
    content = msgspec.to_builtins(contact)
    return Amendment(
        contact_id=contact.id,
        contact_type=contact.record_type,
        amended_on=dt.date.today(),
        content=content,
        reason=reason,
    )


def amended(amendment: Amendment) -> Contact:
    """The contact as an amendment says it now is."""
    cls = RECORD_CLASSES[amendment.contact_type]
    contact = msgspec.convert(amendment.content, cls, strict=False)
    assert isinstance(contact, Contact)
    return contact


def with_amendments(records: Iterable[Record]) -> list[Record]:
    """Records with each amended contact replaced by its latest amendment (in id order:
    amendments are made in time order), for showing and counting."""
    items = list(records)
    latest: dict[str, Amendment] = {}
    for r in items:
        if isinstance(r, Amendment):
            seen = latest.get(r.contact_id)
            if seen is None or r.id > seen.id:
                latest[r.contact_id] = r
    if not latest:
        return items
    return [amended(latest[r.id]) if r.id in latest else r for r in items]


def amended_ids(records: Iterable[Record]) -> set[str]:
    return {r.contact_id for r in records if isinstance(r, Amendment)}
