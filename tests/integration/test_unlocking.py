"""Passphrases and unlocking through the real command line: the strength rule,
slowing after failures that outlives the process, and an altered vault file."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mentorapp.crypto import Vault
from mentorapp.crypto.vault import FLOOR_ITERATIONS, format_recovery_key
from mentorapp.store.attempts import ATTEMPTS_FILE
from tests.support.cli import PASSPHRASE, run_cli

NEW = "my brand new passphrase"


def run(home: Path, *args: str, stdin: str = PASSPHRASE + "\n", expect: int = 0) -> str:
    proc = run_cli(home, *args, stdin=stdin)
    assert proc.returncode == expect, (args, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout + proc.stderr


def init(home: Path, tmp_path: Path) -> Path:
    """A new profile; returns a file holding its recovery key."""
    out = run(home, "init")
    key_file = tmp_path / "recovery.txt"
    key_file.write_text(next(line.strip() for line in out.splitlines() if line.count("-") == 7))
    return key_file


def edit_vault(home: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    path = home / "vault.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    edit(raw)
    path.write_text(json.dumps(raw), encoding="utf-8")


def let_time_pass(home: Path, seconds: float) -> None:
    """As if the wait had run out, without the test sleeping through it."""
    path = home / ATTEMPTS_FILE
    raw = json.loads(path.read_text(encoding="utf-8"))
    for entry in raw.values():
        entry["last"] -= seconds
    path.write_text(json.dumps(raw), encoding="utf-8")


def test_init_refuses_a_guessable_passphrase_and_says_why(tmp_path: Path) -> None:
    # tests/unit/test_passphrase.py holds the other guessable ones.
    home = tmp_path / "weak"
    out = run(home, "init", stdin="Summer2024!\n", expect=2)
    assert "Too easy to guess." in out and "Three or four unrelated words" in out
    assert "commonly used password" in out
    assert not (home / "vault.json").exists()


def test_change_passphrase_applies_the_same_rule(tmp_path: Path) -> None:
    home = tmp_path / "p"
    init(home, tmp_path)
    out = run(home, "change-passphrase", stdin=f"{PASSPHRASE}\nSummer2024!\n", expect=2)
    assert "Too easy to guess." in out
    run(home, "list")  # the old passphrase still opens it: nothing was changed


def fail(home: Path, times: int, *args: str, stdin: str) -> list[str]:
    """Fail ``times`` times in a row, each after the wait the previous one imposed."""
    outs = []
    for _ in range(times):
        if (home / ATTEMPTS_FILE).exists():
            let_time_pass(home, 300)
        outs.append(run(home, *args, stdin=stdin, expect=2))
    return outs


def test_wrong_passphrases_slow_the_next_attempt_even_in_a_new_process(tmp_path: Path) -> None:
    home = tmp_path / "p"
    init(home, tmp_path)
    messages = fail(home, 5, "list", stdin="not it\n")
    assert all("passphrase is not right" in m for m in messages)
    assert "Wait" not in messages[0] + messages[1]  # two slips are free
    assert "Wait 2 seconds before trying again." in messages[2]
    assert "Wait 8 seconds before trying again." in messages[4]
    # Even the right passphrase waits: the next process refuses before trying it.
    out = run(home, "list", expect=2)
    assert "Too many wrong passphrases were tried. Wait" in out
    let_time_pass(home, 8)
    run(home, "list")
    assert not (home / ATTEMPTS_FILE).exists()  # a success starts the count again
    assert "Wait" not in run(home, "list", stdin="not it\n", expect=2)


def test_recovery_keys_are_slowed_too_but_not_the_passphrase(tmp_path: Path) -> None:
    home = tmp_path / "p"
    key_file = init(home, tmp_path)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(format_recovery_key(os.urandom(20)))
    args = ("change-passphrase", "--recovery-key-file")
    outs = fail(home, 5, *args, str(wrong), stdin=NEW + "\n")
    assert all("does not unlock this profile" in out for out in outs)
    assert "Wait 2 seconds" in outs[2] and "Wait 8 seconds" in outs[4]
    out = run(home, *args, str(key_file), stdin=NEW + "\n", expect=2)
    assert "Too many wrong recovery keys were tried. Wait" in out
    run(home, "list")  # someone who forgot a recovery key can still use the passphrase


def test_deleting_the_count_loses_only_the_slowing(tmp_path: Path) -> None:
    home = tmp_path / "p"
    init(home, tmp_path)
    for n in range(3):
        run(home, "list", stdin=f"not it {n}\n", expect=2)
    (home / ATTEMPTS_FILE).unlink()
    run(home, "list")


def test_an_altered_header_is_reported_as_altered_and_recovery_repairs_it(
    tmp_path: Path,
) -> None:
    home = tmp_path / "p"
    key_file = init(home, tmp_path)
    edit_vault(home, lambda raw: raw["header"]["kdf"].update(iterations=FLOOR_ITERATIONS + 1))
    out = run(home, "list", expect=2)
    assert "vault file has been altered" in out and "not right" not in out
    assert not (home / ATTEMPTS_FILE).exists()  # nothing was tried, nothing counted
    out = run(home, "change-passphrase", "--recovery-key-file", str(key_file), stdin=NEW + "\n")
    assert "had been changed by something other than mentorapp" in out
    repaired = Vault.load(home / "vault.json")
    assert repaired.kdf.iterations == FLOOR_ITERATIONS  # calibrated afresh, not the header's
    assert repaired.signature_problem() is None
    run(home, "list", stdin=NEW + "\n")


def test_a_header_asking_for_4_gib_is_refused_before_any_work(tmp_path: Path) -> None:
    home = tmp_path / "p"
    init(home, tmp_path)

    def inflate(raw: dict[str, Any]) -> None:
        raw["header"]["kdf"].update(memory_kib=4 * 1024 * 1024, iterations=4)
        raw.pop("signature")  # the cap holds even where no signature can be checked

    edit_vault(home, inflate)
    started = time.monotonic()
    out = run(home, "list", expect=2)
    assert "4096 MiB of memory and 4 passes, more than mentorapp ever uses" in out
    assert time.monotonic() - started < 20  # it took 44 s to fail before (CLI start-up is slow)
