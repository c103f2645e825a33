"""What the service modules share: limits, roles, base64 and hashing."""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any, overload

ROLES = ("mentor", "supervisor", "admin")
CODE_BYTES = 10  # 80 bits, 16 typable characters
MAX_CIPHERTEXT = 1024 * 1024
MAX_PAGE_BYTES = 4 * 1024 * 1024
MAX_RECIPIENTS = 16


@overload
def b64e(data: bytes) -> str: ...
@overload
def b64e(data: None) -> None: ...
@overload
def b64e(data: bytes | None) -> str | None: ...
def b64e(data: bytes | None) -> str | None:
    """Base64 text of ``data``; None stays None."""
    return None if data is None else base64.b64encode(data).decode("ascii")


def b64d(value: Any, what: str) -> bytes:
    """Bytes from base64 text; ValueError names ``what`` if it is not."""
    if not isinstance(value, str):
        raise ValueError(f"{what} must be base64 text")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{what} is not valid base64") from None


def sha256_hex(secret: bytes | str) -> str:
    """What the database keeps of a secret: its SHA-256, in hex."""
    data = secret.encode() if isinstance(secret, str) else secret
    return hashlib.sha256(data).hexdigest()
