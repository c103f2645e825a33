"""Encrypting a whole file (a profile backup) in authenticated chunks.

Each chunk is AES-256-GCM under a per-file key with associated data holding the
file header's hash, the chunk's index and whether it is the last one, so chunks
cannot be reordered, dropped, or the file cut short without detection.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterator
from typing import BinaryIO

from mentorapp.crypto.errors import IntegrityError
from mentorapp.crypto.keys import NONCE_BYTES, aead_open, aead_seal

CHUNK = 1024 * 1024
_TAG = 16


def _aad(header_hash: bytes, index: int, last: bool) -> bytes:
    return b"mentorapp-stream-v1" + header_hash + struct.pack(">Q?", index, last)


def encrypt_stream(key: bytes, header: bytes, data: bytes, out: BinaryIO) -> None:
    """Write ``data`` as length-prefixed sealed chunks bound to ``header``."""
    header_hash = hashlib.sha256(header).digest()
    chunks = [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)] or [b""]
    for index, chunk in enumerate(chunks):
        sealed = aead_seal(key, chunk, _aad(header_hash, index, index == len(chunks) - 1))
        out.write(struct.pack(">I", len(sealed)))
        out.write(sealed)


def _frames(src: BinaryIO) -> Iterator[bytes]:
    while True:
        prefix = src.read(4)
        if not prefix:
            return
        if len(prefix) != 4:
            raise IntegrityError("the file is cut short")
        (length,) = struct.unpack(">I", prefix)
        if length > CHUNK + NONCE_BYTES + _TAG:
            raise IntegrityError("the file is damaged (a chunk is too large)")
        frame = src.read(length)
        if len(frame) != length:
            raise IntegrityError("the file is cut short")
        yield frame


def decrypt_stream(key: bytes, header: bytes, src: BinaryIO) -> bytes:
    """Read back what :func:`encrypt_stream` wrote; IntegrityError if anything is off."""
    header_hash = hashlib.sha256(header).digest()
    parts: list[bytes] = []
    frames = _frames(src)
    current = next(frames, None)
    if current is None:
        raise IntegrityError("the file is cut short")
    index = 0
    while current is not None:
        following = next(frames, None)
        last = following is None
        parts.append(aead_open(key, current, _aad(header_hash, index, last)))
        current = following
        index += 1
    return b"".join(parts)
