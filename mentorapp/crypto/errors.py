"""Errors the crypto layer raises, each with a message a person can act on."""

from __future__ import annotations


class CryptoError(Exception):
    """Base for everything crypto refuses to do."""


class WrongPassphrase(CryptoError):
    def __init__(self) -> None:
        super().__init__(
            "That passphrase is not right. Check Caps Lock and try again, or use your recovery key."
        )


class WrongRecoveryKey(CryptoError):
    def __init__(self) -> None:
        super().__init__("That recovery key does not unlock this profile. Check each group.")


class VaultDamaged(CryptoError):
    """The vault file is unreadable, altered or asks for weaker protection than allowed."""


class IntegrityError(CryptoError):
    """A ciphertext failed to open: moved, rolled back, altered or not ours."""


class SignatureInvalid(CryptoError):
    """A signature does not match what it claims to sign."""
