"""Records to bytes and back: the plaintext that crypto seals and opens."""

from __future__ import annotations

from typing import Any

import msgspec

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
