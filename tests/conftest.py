"""Shared fixtures. Qt runs offscreen; key derivation uses the floor parameters so
the suite stays fast (calibration itself is tested separately)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MENTORAPP_KDF_SECONDS", "0")

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from mentorapp.crypto import KdfParams
from mentorapp.store.profile import Profile, create_profile

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def floor_kdf() -> KdfParams:
    return KdfParams(salt=os.urandom(16))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "profile"


@pytest.fixture
def new_profile(home: Path, floor_kdf: KdfParams) -> Iterator[tuple[Profile, str]]:
    profile, recovery = create_profile(home, PASSPHRASE, floor_kdf)
    yield profile, recovery
    if hasattr(profile, "keys"):
        profile.lock()


@pytest.fixture
def profile(new_profile: tuple[Profile, str]) -> Profile:
    return new_profile[0]


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def today() -> dt.date:
    return dt.date.today()
