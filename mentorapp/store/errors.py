"""What the store refuses, in words a person can act on."""

from __future__ import annotations

# Re-exported so the window can tell "wrong passphrase" from other failures
# without importing the crypto layer.
from mentorapp.crypto.errors import (
    CryptoError,
    VaultAltered,
    WrongPassphrase,
    WrongRecoveryKey,
    wait_sentence,
)

__all__ = ["CryptoError", "VaultAltered", "WrongPassphrase", "WrongRecoveryKey"]


class StoreError(Exception):
    pass


class ProfileMissing(StoreError):
    def __init__(self, home: object) -> None:
        super().__init__(f"There is no mentorapp profile in {home}. Create one with 'init'.")


class ProfileExists(StoreError):
    def __init__(self, home: object) -> None:
        super().__init__(f"There is already a mentorapp profile in {home}.")


class UnlockDelayed(StoreError):
    """An unlock attempt refused, untried, because earlier ones failed too recently."""

    def __init__(self, seconds: int, way: str = "passphrase") -> None:
        self.seconds = seconds
        self.way = way
        what = "recovery keys" if way == "recovery" else "passphrases"
        super().__init__(f"Too many wrong {what} were tried. {wait_sentence(seconds)}")


class ProfileInUse(StoreError):
    def __init__(self, home: object) -> None:
        super().__init__(
            f"The profile in {home} is open in another mentorapp window or command that may "
            "change it, so nothing was done. Finish or close it there (or lock the window), "
            "then try again."
        )


class OrphanedDatabase(StoreError):
    def __init__(self, home: object) -> None:
        super().__init__(
            f"{home} holds a mentorapp database but not its vault file (vault.json), so its "
            "records cannot be opened, and a new profile must not be made over them. Put "
            "vault.json back, or restore a backup with 'restore --replace' (the folder is "
            "kept aside), or use another folder with --home."
        )


class RecordNotFound(StoreError):
    pass


class StaleVersion(StoreError):
    """Someone (another window, or sync) saved this record since it was opened."""


class DiskFull(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "The disk is full (or failing), so nothing was saved. Free some space and save "
            "again; your earlier records are safe."
        )


class NotYours(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "This record belongs to another person; only they can change it. "
            "Add a note or comment of your own instead."
        )


class InConflict(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "This record was also changed on another device, and the two changes touch the "
            "same answers. Choose which to keep in the Sync panel first; nothing is lost."
        )
