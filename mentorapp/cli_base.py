"""What every mentorapp-cli command shares: the error a person reads, reading
passphrases, and opening the profile."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TextIO

from mentorapp.core import passphrase as strength
from mentorapp.crypto import KdfParams, WrongPassphrase, calibrate
from mentorapp.store.profile import (
    LockedProfile,
    Profile,
    default_kdf,
    open_profile,
)


class CliError(Exception):
    """A problem to report to the person in one clear line."""


# Notepad and PowerShell start UTF-8 text with a byte-order mark; it is never part of a
# passphrase someone typed.
_BOM = "\ufeff"


def _decoded(data: bytes, source: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CliError(
            f"{source} is not UTF-8 text. Save it as UTF-8 (plain text) and try again."
        ) from None
    return text


class Secrets:
    """Where passphrases come from, in order: a file, piped stdin, a hidden prompt."""

    def __init__(self, file: str | None, stdin: TextIO) -> None:
        self._lines: list[str] | None = None
        self._given = 0
        self._source = "standard input"
        self.had_bom = False  # the passphrase last given began with a byte-order mark
        if file:
            self._source = f"the passphrase file {file}"
            try:
                data = Path(file).read_bytes()
            except OSError as exc:
                raise CliError(
                    f"cannot read the passphrase file {file} ({exc.strerror}). Check its "
                    "name and that you may read it."
                ) from exc
            self._lines = _decoded(data, self._source).splitlines()
        elif not stdin.isatty():
            raw = getattr(stdin, "buffer", None)
            text = _decoded(raw.read(), "standard input") if raw is not None else stdin.read()
            self._lines = text.splitlines()

    @property
    def interactive(self) -> bool:
        return self._lines is None

    def next(self, prompt: str) -> str:
        if self._lines is None:
            return getpass.getpass(prompt)
        wanted = prompt.rstrip(": ").removeprefix("Choose a ").lower()
        if not self._lines:
            if self._given == 0 and self._source != "standard input":
                raise CliError(f"{self._source} is empty: put the {wanted} on its first line.")
            raise CliError(
                f"{self._source} has no line {self._given + 1} for the {wanted}: give one "
                "passphrase per line."
            )
        line = self._lines.pop(0)
        self._given += 1
        self.had_bom = line.startswith(_BOM)
        line = line.removeprefix(_BOM)
        if not line:
            raise CliError(
                f"line {self._given} of {self._source} is empty: put the {wanted} there."
            )
        return line

    def new_passphrase(self, prompt: str = "Choose a passphrase: ") -> str:
        value = self.next(prompt)
        verdict = strength.assess(value)
        if not verdict.acceptable:
            raise CliError(verdict.advice)
        if self.interactive:
            print(verdict.advice, file=sys.stderr)
            if getpass.getpass("Type it again: ") != value:
                raise CliError("the two passphrases were different; nothing was changed")
        return value


def _kdf(args: argparse.Namespace) -> KdfParams:
    return default_kdf() if args.kdf_seconds is None else calibrate(args.kdf_seconds)


def _unlock(
    args: argparse.Namespace, secrets: Secrets, *, write: bool = True, warn: bool = True
) -> Profile:
    """The profile, unlocked; ``write=False`` for a command that only reads (it may run
    while the window or another command has the profile open to change it). Says so
    on standard error when records were removed or altered outside mentorapp."""
    profile = _unlock_with_passphrase(
        open_profile(args.home), secrets, "Passphrase: ", write=write
    )[0]
    if warn and not profile.record_list.ok:
        # The profile still opens (what is left is still the person's), but they must know.
        print(f"mentorapp-cli: warning: {profile.record_list.summary()}", file=sys.stderr)
    return profile


def _unlock_with_passphrase(
    locked: LockedProfile, secrets: Secrets, prompt: str, *, write: bool = True
) -> tuple[Profile, str]:
    """Unlock with the next passphrase; returns the profile and the passphrase that opened it."""
    passphrase = secrets.next(prompt)
    try:
        return locked.unlock(passphrase, write=write), passphrase
    except WrongPassphrase:
        if not secrets.had_bom:
            raise
    # Earlier versions kept a passphrase file's byte-order mark as part of the passphrase.
    profile = locked.unlock(_BOM + passphrase, write=write)
    print(
        "mentorapp-cli: this profile's passphrase was set from a file that began with an "
        "invisible byte-order mark, which became part of it. Set it again with "
        "'mentorapp-cli change-passphrase' so that the words alone open it.",
        file=sys.stderr,
    )
    return profile, _BOM + passphrase


# --- commands ------------------------------------------------------------------


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"
