"""The keyed arithmetic of the record manifest: a tag per entry and a sealed total.

An entry is what the manifest promises about one record row: its id, type, owner,
version and whether it is deleted. Each entry carries a tag (HMAC-SHA256 under one
key), so an entry altered on its own is named. The whole set is summed into an
accumulator: the XOR of a second, independent HMAC of every entry (an incremental
XOR-MAC), which a write updates in O(1) by XOR-ing out the old entry and in the new
one. The accumulator and the count are kept sealed (AES-256-GCM under a third key):
nobody without the data key sees a term or a total, so nobody can compute which
older entries would add up to a total once sealed. A row removed, added or put back
from an older copy, with its entry, changes the total.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from cryptography.hazmat.primitives import constant_time, hashes, hmac

from mentorapp.crypto.errors import IntegrityError
from mentorapp.crypto.keys import aead_open, aead_seal, derive_subkey

TAG_BYTES = 32
_SUMMARY_AAD = b"mentorapp-manifest-v1|summary"
_EMPTY = bytes(TAG_BYTES)


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """What the manifest promises about one record row."""

    record_id: str
    record_type: str
    owner_id: str
    version: int
    deleted: bool

    def canonical(self) -> bytes:
        out = bytearray(b"mentorapp-manifest-entry-v1")
        for text in (self.record_id, self.record_type, self.owner_id):
            raw = text.encode("utf-8")
            out += struct.pack(">I", len(raw)) + raw
        out += struct.pack(">q?", self.version, self.deleted)
        return bytes(out)


@dataclass(frozen=True, slots=True)
class ManifestTotal:
    """How many entries, and the XOR of their terms."""

    count: int = 0
    accumulator: bytes = _EMPTY

    def with_entry(self, term: bytes, added: int) -> ManifestTotal:
        """This total with a term XOR-ed in or out; ``added`` is +1, 0 or -1."""
        acc = int.from_bytes(self.accumulator) ^ int.from_bytes(term)
        return ManifestTotal(count=self.count + added, accumulator=acc.to_bytes(TAG_BYTES))


class ManifestKeys:
    """The three manifest keys, derived from the profile's data key."""

    def __init__(self, data_key: bytes) -> None:
        self._tag = hmac.HMAC(derive_subkey(data_key, "manifest-entry"), hashes.SHA256())
        self._term = hmac.HMAC(derive_subkey(data_key, "manifest-term"), hashes.SHA256())
        self._seal_key = derive_subkey(data_key, "manifest-total")

    @staticmethod
    def _mac(base: hmac.HMAC, message: bytes) -> bytes:
        h = base.copy()
        h.update(message)
        return h.finalize()

    def tag(self, entry: ManifestEntry) -> bytes:
        """The tag stored beside an entry."""
        return self._mac(self._tag, entry.canonical())

    def tag_matches(self, entry: ManifestEntry, tag: bytes) -> bool:
        return constant_time.bytes_eq(self.tag(entry), tag)

    def check_entry(self, entry: ManifestEntry, tag: bytes) -> tuple[bool, bytes]:
        """Whether ``tag`` is the entry's, and the entry's term (one encoding, two MACs)."""
        message = entry.canonical()
        ok = constant_time.bytes_eq(self._mac(self._tag, message), tag)
        return ok, self._mac(self._term, message)

    def term(self, entry: ManifestEntry) -> bytes:
        """An entry's share of the total (never stored)."""
        return self._mac(self._term, entry.canonical())

    def seal_total(self, total: ManifestTotal) -> bytes:
        body = struct.pack(">q", total.count) + total.accumulator
        return aead_seal(self._seal_key, body, _SUMMARY_AAD)

    def open_total(self, sealed: bytes) -> ManifestTotal:
        """The total sealed here; IntegrityError if it was not sealed with this key."""
        body = aead_open(self._seal_key, sealed, _SUMMARY_AAD)
        if len(body) != 8 + TAG_BYTES:
            raise IntegrityError("the manifest total has the wrong length")
        (count,) = struct.unpack(">q", body[:8])
        return ManifestTotal(count=count, accumulator=body[8:])


__all__ = ["ManifestEntry", "ManifestKeys", "ManifestTotal"]
