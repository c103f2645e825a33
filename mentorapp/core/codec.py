"""Records to bytes and back: the plaintext that crypto seals and opens."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from mentorapp.core.caseload import CaseloadEntry, ContactSummary
from mentorapp.core.model import RECORD_CLASSES, Record, RecordType

_encoder = msgspec.json.Encoder(decimal_format="string")
_decoders: dict[RecordType, msgspec.json.Decoder[Any]] = {
    t: msgspec.json.Decoder(cls) for t, cls in RECORD_CLASSES.items()
}


class RecordDecodeError(ValueError):
    """Decrypted bytes that do not form a record of the expected type."""


def encode_record(record: Record) -> bytes:
    return _encoder.encode(record)


def decode_record(record_type: RecordType, data: bytes) -> Record:
    try:
        record: Record = _decoders[record_type].decode(data)
    except (msgspec.DecodeError, KeyError) as exc:
        raise RecordDecodeError(f"not a valid {record_type.value} record: {exc}") from exc
    return record


def to_plain(record: Record) -> dict[str, Any]:
    """JSON-ready dict of a record (dates as ISO strings, money as strings)."""
    plain: dict[str, Any] = msgspec.to_builtins(record)
    return plain


# --- contact summaries: only what the caseload needs, decoded without the notes ---


class _AttendeeHead(msgspec.Struct):
    mentee_id: str


class _ActionHead(msgspec.Struct):
    due: dt.date | None = None
    done: bool = False


class _ContactHead(msgspec.Struct):
    id: str
    date: dt.date
    mentee_id: str | None = None
    mentees: list[str] = []
    attendees: list[_AttendeeHead] = []
    next_meeting: dt.date | None = None
    actions: list[_ActionHead] = []
    duration_minutes: int = 0
    travel_minutes: int = 0


_head_decoder = msgspec.json.Decoder(_ContactHead)


def decode_contact_summary(record_type: RecordType, data: bytes) -> ContactSummary:
    """The caseload's view of a contact, skipping notes and other long text."""
    try:
        head = _head_decoder.decode(data)
    except msgspec.DecodeError as exc:
        raise RecordDecodeError(f"not a valid {record_type.value} record: {exc}") from exc
    if head.mentee_id is not None:
        mentee_ids = [head.mentee_id]
    elif head.attendees:
        mentee_ids = [a.mentee_id for a in head.attendees]
    else:
        mentee_ids = head.mentees
    return ContactSummary(
        id=head.id,
        kind=record_type,
        date=head.date,
        mentee_ids=mentee_ids,
        next_meeting=head.next_meeting,
        open_action_dues=[a.due for a in head.actions if not a.done and a.due is not None],
        duration_minutes=head.duration_minutes,
        travel_minutes=head.travel_minutes,
    )


_caseload_decoder = msgspec.json.Decoder(list[CaseloadEntry])


def encode_caseload(entries: list[CaseloadEntry]) -> bytes:
    return _encoder.encode(entries)


def decode_caseload(data: bytes) -> list[CaseloadEntry] | None:
    """A stored caseload, or None if it cannot be read (it is only a cache)."""
    try:
        return _caseload_decoder.decode(data)
    except msgspec.DecodeError:
        return None
