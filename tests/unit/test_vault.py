"""The vault: passphrase and recovery unlock, re-wrapping, and refusing an altered header."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from mentorapp.crypto import (
    KdfParams,
    Vault,
    VaultAltered,
    VaultDamaged,
    WrongPassphrase,
    WrongRecoveryKey,
)
from mentorapp.crypto.vault import (
    FLOOR_ITERATIONS,
    FLOOR_LANES,
    FLOOR_MEMORY_KIB,
    MAX_WORK_KIB,
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
    changed = vault.with_new_passphrase(keys, "a different long phrase", calibrate(0))
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
    with pytest.raises(VaultAltered, match="weaker protection"):
        tampered.unlock(PASS)


def _edited(vault: Vault, edit: Callable[[dict[str, Any]], None]) -> Vault:
    raw = json.loads(vault.to_bytes())
    edit(raw)
    return Vault.from_bytes(json.dumps(raw).encode())


def test_header_lowered_to_the_floor_is_reported_as_altered_not_as_a_wrong_passphrase() -> None:
    strong = KdfParams(salt=os.urandom(16), memory_kib=FLOOR_MEMORY_KIB * 2)
    vault, _, _ = Vault.create(PASS, "p", "d", strong)
    lowered = _edited(vault, lambda raw: raw["header"]["kdf"].update(memory_kib=FLOOR_MEMORY_KIB))
    with pytest.raises(VaultAltered, match="has been altered"):
        lowered.unlock(PASS)


def test_header_rewritten_without_its_signature_still_does_not_open() -> None:
    # A vault from before signatures (or one stripped of it): the header is still
    # bound to the passphrase slot, so other parameters do not open it.
    strong = KdfParams(salt=os.urandom(16), memory_kib=FLOOR_MEMORY_KIB * 2)
    vault, _, _ = Vault.create(PASS, "p", "d", strong)

    def lower_and_strip(raw: dict[str, Any]) -> None:
        raw["header"]["kdf"]["memory_kib"] = FLOOR_MEMORY_KIB
        del raw["signature"]

    with pytest.raises(WrongPassphrase):
        _edited(vault, lower_and_strip).unlock(PASS)


def test_a_vault_from_before_signatures_still_opens(made: tuple[Vault, bytes, str]) -> None:
    vault, data_key, recovery = made
    unsigned = _edited(vault, lambda raw: raw.pop("signature"))
    assert unsigned.signature is None
    assert unsigned.unlock(PASS).data_key == data_key
    keys = unsigned.unlock_with_recovery(recovery)
    resigned = unsigned.with_new_passphrase(keys, PASS, calibrate(0))
    assert resigned.signature is not None and resigned.signature_problem() is None


def test_any_header_change_is_reported_as_altered(made: tuple[Vault, bytes, str]) -> None:
    vault, _, recovery = made
    tampered = _edited(vault, lambda raw: raw["header"].update(device_id="someone-else"))
    with pytest.raises(VaultAltered):
        tampered.unlock(PASS)
    with pytest.raises(VaultAltered):  # the recovery slot binds the ids too
        tampered.unlock_with_recovery(recovery)


def test_replaced_public_keys_are_reported_as_altered(made: tuple[Vault, bytes, str]) -> None:
    vault, _, _ = made
    other, _, _ = Vault.create(PASS, "p", "d", calibrate(0))
    swapped = _edited(vault, lambda raw: raw.update(public=other.public))
    with pytest.raises(VaultAltered):
        swapped.unlock(PASS)
    # Even with the signature removed, the public keys must match the private ones.
    unsigned = _edited(swapped, lambda raw: raw.pop("signature"))
    with pytest.raises(VaultAltered, match="public keys"):
        unsigned.unlock(PASS)


def test_recovery_opens_an_altered_passphrase_header_and_rewrapping_repairs_it(
    made: tuple[Vault, bytes, str],
) -> None:
    vault, data_key, recovery = made
    tampered = _edited(vault, lambda raw: raw["header"]["kdf"].update(iterations=5))
    keys = tampered.unlock_with_recovery(recovery)
    assert keys.data_key == data_key and tampered.altered_for(keys)
    repaired = tampered.with_new_passphrase(keys, "a new long passphrase", calibrate(0))
    assert not repaired.altered_for(keys)
    assert repaired.kdf.iterations == FLOOR_ITERATIONS
    assert repaired.unlock("a new long passphrase").data_key == data_key


@pytest.mark.parametrize(
    ("memory_kib", "iterations"),
    [(4 * 1024 * 1024, 4), (1024 * 1024, 16), (FLOOR_MEMORY_KIB, 10_000)],
)
@pytest.mark.parametrize("signed", [True, False])
def test_a_header_asking_for_too_much_is_refused_before_any_work(
    made: tuple[Vault, bytes, str], memory_kib: int, iterations: int, signed: bool
) -> None:
    vault, _, _ = made

    def inflate(raw: dict[str, Any]) -> None:
        raw["header"]["kdf"].update(memory_kib=memory_kib, iterations=iterations)
        if not signed:
            del raw["signature"]

    started = time.perf_counter()
    with pytest.raises(VaultAltered, match="more than mentorapp ever uses"):
        _edited(vault, inflate).unlock(PASS)
    assert time.perf_counter() - started < 0.5  # the 4 GiB x 4 header took 44 s


def test_the_cap_is_1_gib_times_8_passes() -> None:
    params = KdfParams(salt=os.urandom(16), memory_kib=1024 * 1024, iterations=8)
    assert params.memory_kib * params.iterations == MAX_WORK_KIB
    assert params.out_of_bounds() is None  # the cap itself is allowed
    assert replace(params, iterations=9).out_of_bounds() is not None


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
