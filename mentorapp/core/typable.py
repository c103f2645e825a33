"""Codes people type: Crockford base-32, grouped in fours, forgiving of look-alikes."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def encode(raw: bytes, group: int = 4) -> str:
    """``raw`` (a multiple of 5 bytes) as Crockford base-32 in dash-separated groups."""
    number = int.from_bytes(raw, "big")
    chars = []
    for _ in range(len(raw) * 8 // 5):
        chars.append(ALPHABET[number & 31])
        number >>= 5
    text = "".join(reversed(chars))
    return "-".join(text[i : i + group] for i in range(0, len(text), group))


def decode(text: str, length: int) -> bytes | None:
    """Read back ``length`` bytes; None if the text cannot be such a code.

    Case, spaces and dashes are ignored; I and L read as 1, O as 0, U as V.
    """
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.replace("I", "1").replace("L", "1").replace("O", "0").replace("U", "V")
    if len(cleaned) != length * 8 // 5 or any(ch not in ALPHABET for ch in cleaned):
        return None
    number = 0
    for ch in cleaned:
        number = (number << 5) | ALPHABET.index(ch)
    return number.to_bytes(length, "big")
