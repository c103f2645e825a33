"""What the service modules share: limits, roles, base64 and hashing."""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

ROLES = ("mentor", "supervisor", "admin")
CODE_BYTES = 10  # 80 bits, 16 typable characters
MAX_CIPHERTEXT = 1024 * 1024
MAX_PAGE_BYTES = 4 * 1024 * 1024
REVIEW_PREFIX = "review"


def b64e(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


def b64d(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be base64 text")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{what} is not valid base64") from None


def sha256_hex(secret: bytes | str) -> str:
    data = secret.encode() if isinstance(secret, str) else secret
    return hashlib.sha256(data).hexdigest()
