"""The vault: passphrase and recovery unlock, re-wrapping, and refusing a weakened header."""

from __future__ import annotations

import json
import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from mentorapp.crypto import KdfParams, Vault, VaultDamaged, WrongPassphrase, WrongRecoveryKey
from mentorapp.crypto.vault import (
    FLOOR_ITERATIONS,
    FLOOR_LANES,
    FLOOR_MEMORY_KIB,
    calibrate,
    format_recovery_key,
    parse_recovery_key,
)

PASS = "a long enough passphrase"


@pytest.fixture
def made(floor_kdf: KdfParams) -> tuple[Vault, bytes, str]:
    vault, keys, recovery = Vault.create(PASS, "profile-1", "device-1", floor_kdf)
    return vault, keys.data_key, recovery


def test_right_passphrase_gives_back_the_same_keys(made: tuple[Vault, bytes, str]) -> None:
    vault, data_key, _ = made
    again = Vault.from_bytes(vault.to_bytes())
    keys = again.unlock(PASS)
    assert keys.data_key == data_key
    assert keys.profile_id == "profile-1"


def test_wrong_passphrase_is_a_clear_error(made: tuple[Vault, bytes, str]) -> None:
    vault, _, _ = made
    with pytest.raises(WrongPassphrase, match="not right"):
        vault.unlock("a long enough passphrasE")


def test_no_key_is_stored_unwrapped(made: tuple[Vault, bytes, str]) -> None:
    vault, data_key, recovery = made
    raw = vault.to_bytes()
    assert data_key.hex().encode() not in raw and data_key not in raw
    assert recovery.encode() not in raw
    assert parse_recovery_key(recovery) not in raw


def test_recovery_key_unlocks_and_forgives_typing(made: tuple[Vault, bytes, str]) -> None:
    vault, data_key, recovery = made
    typed = recovery.lower().replace("-", " ").replace("1", "l").replace("0", "o")
    assert vault.unlock_with_recovery(typed).data_key == data_key
    with pytest.raises(WrongRecoveryKey):
        vault.unlock_with_recovery(format_recovery_key(os.urandom(20)))
    with pytest.raises(WrongRecoveryKey):
        vault.unlock_with_recovery("too short")


def test_changing_passphrase_rewraps_only(made: tuple[Vault, bytes, str]) -> None:
    vault, data_key, recovery = made
    keys = vault.unlock(PASS)
    changed = vault.with_new_passphrase(keys, "a different long phrase")
    assert changed.unlock("a different long phrase").data_key == data_key
    with pytest.raises(WrongPassphrase):
        changed.unlock(PASS)
    assert changed.unlock_with_recovery(recovery).data_key == data_key
    assert changed.header["kdf"]["salt"] != vault.header["kdf"]["salt"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("memory_kib", FLOOR_MEMORY_KIB // 2), ("iterations", 1), ("lanes", 1)],
)
def test_header_weakened_below_the_floor_is_refused(
    made: tuple[Vault, bytes, str], field: str, value: int
) -> None:
    vault, _, _ = made
    raw = json.loads(vault.to_bytes())
    raw["header"]["kdf"][field] = value
    tampered = Vault.from_bytes(json.dumps(raw).encode())
    with pytest.raises(VaultDamaged, match="weaker protection"):
        tampered.unlock(PASS)


def test_header_rewritten_with_other_parameters_does_not_open(tmp_path: Path) -> None:
    strong = KdfParams(salt=os.urandom(16), memory_kib=FLOOR_MEMORY_KIB * 2)
    vault, _, _ = Vault.create(PASS, "p", "d", strong)
    raw = json.loads(vault.to_bytes())
    raw["header"]["kdf"]["memory_kib"] = FLOOR_MEMORY_KIB  # weaker, but still at the floor
    with pytest.raises(WrongPassphrase):
        Vault.from_bytes(json.dumps(raw).encode()).unlock(PASS)


def test_any_header_change_breaks_the_binding(made: tuple[Vault, bytes, str]) -> None:
    vault, _, recovery = made
    raw = json.loads(vault.to_bytes())
    raw["header"]["device_id"] = "someone-else"
    tampered = Vault.from_bytes(json.dumps(raw).encode())
    with pytest.raises(WrongPassphrase):
        tampered.unlock(PASS)
    with pytest.raises(WrongRecoveryKey):
        tampered.unlock_with_recovery(recovery)


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"header": {}}', b"\x00" * 40])
def test_a_damaged_vault_file_says_so(content: bytes) -> None:
    with pytest.raises(VaultDamaged, match="damaged|cannot be read"):
        Vault.from_bytes(content)


def test_a_newer_vault_format_asks_for_an_update(made: tuple[Vault, bytes, str]) -> None:
    vault, _, _ = made
    raw = json.loads(vault.to_bytes())
    raw["header"]["format"] = 99
    with pytest.raises(VaultDamaged, match="newer mentorapp"):
        Vault.from_bytes(json.dumps(raw).encode())


def test_save_is_atomic_and_leaves_no_temp_file(
    made: tuple[Vault, bytes, str], tmp_path: Path
) -> None:
    vault, _, _ = made
    target = tmp_path / "vault.json"
    vault.save(target)
    assert Vault.load(target).unlock(PASS)
    assert [p.name for p in tmp_path.iterdir()] == ["vault.json"]


def test_floor_parameters_are_the_rfc_9106_second_choice() -> None:
    params = calibrate(0)
    assert (params.memory_kib, params.iterations, params.lanes) == (
        FLOOR_MEMORY_KIB,
        FLOOR_ITERATIONS,
        FLOOR_LANES,
    )
    assert len(params.salt) == 16
    assert calibrate(0).salt != params.salt


@pytest.mark.slow
def test_calibration_aims_for_half_a_second_or_more() -> None:
    params = calibrate(0.65)
    assert params.memory_kib >= FLOOR_MEMORY_KIB and params.iterations >= FLOOR_ITERATIONS
    started = time.perf_counter()
    params.derive("timing")
    elapsed = time.perf_counter() - started
    assert 0.35 <= elapsed <= 1.3, elapsed  # generous: CI machines are noisy
    assert replace(params, salt=params.salt).to_json()["alg"] == "argon2id"
