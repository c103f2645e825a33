"""Plain-language feedback on a chosen passphrase."""

from __future__ import annotations

from dataclasses import dataclass

MIN_LENGTH = 10
_COMMON = {
    "password",
    "passw0rd",
    "qwerty",
    "letmein",
    "welcome",
    "iloveyou",
    "monkey",
    "dragon",
    "football",
    "mentor",
    "mentorapp",
    "prison",
    "probation",
    "123456",
    "abc123",
}


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (unusable) to 4 (strong)
    acceptable: bool
    advice: str


def assess(passphrase: str) -> Strength:
    """Judge a passphrase the way a person would understand: length first, then variety."""
    text = passphrase.strip()
    if len(text) < MIN_LENGTH:
        return Strength(
            0,
            False,
            f"Too short: use at least {MIN_LENGTH} characters. "
            "Three or four unrelated words work well.",
        )
    lowered = text.lower()
    if any(word in lowered for word in _COMMON) and len(text) < 16:
        return Strength(
            1,
            False,
            "Too easy to guess: avoid common words like 'password'. "
            "Try three or four unrelated words.",
        )
    if len(set(text)) < 5:
        return Strength(1, False, "Too repetitive: use more different letters or words.")
    words = len(text.split())
    variety = sum(
        (
            any(c.islower() for c in text),
            any(c.isupper() for c in text),
            any(c.isdigit() for c in text),
            any(not c.isalnum() and not c.isspace() for c in text),
        )
    )
    if len(text) >= 20 or words >= 4:
        return Strength(4, True, "Strong. Make sure you can remember it.")
    if len(text) >= 14 or (words >= 3) or variety >= 3:
        return Strength(3, True, "Good. A longer phrase would be even stronger.")
    return Strength(2, True, "OK, but a longer phrase of a few words would be stronger.")
