"""Errors the crypto layer raises, each with a message a person can act on."""

from __future__ import annotations


def wait_sentence(seconds: int) -> str:
    """How long to wait, as in "Wait 30 seconds before trying again" (minutes from 2 up)."""
    if seconds >= 120:
        minutes = -(-seconds // 60)
        return f"Wait {minutes} minutes before trying again."
    return f"Wait {seconds} second{'s' if seconds != 1 else ''} before trying again."


def _then_wait(message: str, wait_seconds: int) -> str:
    return f"{message} {wait_sentence(wait_seconds)}" if wait_seconds > 0 else message


class CryptoError(Exception):
    """Base for everything crypto refuses to do."""


class WrongPassphrase(CryptoError):
    """The passphrase does not open the keys. ``wait_seconds``: how long the profile
    now makes the next attempt wait (the store keeps that count)."""

    def __init__(self, wait_seconds: int = 0) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(
            _then_wait(
                "That passphrase is not right. Check Caps Lock and try again, "
                "or use your recovery key.",
                wait_seconds,
            )
        )


class WrongRecoveryKey(CryptoError):
    def __init__(self, wait_seconds: int = 0) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(
            _then_wait(
                "That recovery key does not unlock this profile. Check each group.", wait_seconds
            )
        )


class VaultDamaged(CryptoError):
    """The vault file is unreadable, altered or asks for weaker protection than allowed.
    The message ends with what to do."""

    def __init__(self, message: str) -> None:
        if not any(word in message for word in ("backup", "recovery key", "update")):
            message += " Unlock with your recovery key, or restore the profile from a backup."
        super().__init__(message)


class VaultAltered(VaultDamaged):
    """The vault file was changed by something other than mentorapp: its header
    signature fails, or it asks for key-derivation settings mentorapp never writes."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "The vault file has been altered since mentorapp last wrote it"
            + (f" ({detail})" if detail else "")
            + ", so it was not used. Unlock with your recovery key to set a new passphrase, "
            "or restore the profile from a backup."
        )


class IntegrityError(CryptoError):
    """A ciphertext failed to open: moved, rolled back, altered or not ours."""


class SignatureInvalid(CryptoError):
    """A signature does not match what it claims to sign."""
