"""What a person meets when a command cannot do its work: one sentence saying what
happened and what to do, a non-zero exit, no traceback, and the profile exactly as
it was. Each case runs the real mentorapp-cli on real files; a full or read-only
disk is a real tmpfs mount (so these need root, as the test machines run)."""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mentorapp.crypto import KdfParams
from mentorapp.resources import forms_dir
from mentorapp.store.profile import create_profile
from tests.support.cli import PASSPHRASE, run_cli

NEW_PASSPHRASE = "violet tractor sings under 47 lanterns"
ADD_MENTEE = (
    "add-mentee",
    "-f",
    "given_name=Ann",
    "-f",
    "family_name=Lee",
    "-f",
    "consent.given=no",
    "-f",
    "consent.confidentiality_limits_explained=yes",
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One profile holding one mentee, made once and copied for each test."""
    home = tmp_path_factory.mktemp("template") / "profile"
    zed = [a.replace("Ann", "Zed").replace("Lee", "Quinn") for a in ADD_MENTEE]
    for args in (("init",), zed):
        proc = run_cli(home, *args)
        assert proc.returncode == 0, proc.stderr
    return home


@pytest.fixture
def home(template: Path, tmp_path: Path) -> Path:
    copied = tmp_path / "profile"
    shutil.copytree(template, copied)
    return copied


def fingerprint(home: Path) -> dict[str, str]:
    """Every file of the profile by content. SQLite makes an empty -wal and an -shm
    index beside the database whenever it opens it; those hold nothing of the profile."""
    return {
        str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(home.rglob("*"))
        if p.is_file()
        and not p.name.endswith("-shm")
        and not (p.name.endswith("-wal") and p.stat().st_size == 0)
    }


def assert_sentence(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    """Refused: non-zero, no traceback, and a last line that is a sentence holding each
    of ``words`` (what happened and what to do)."""
    assert proc.returncode != 0, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    line = proc.stderr.strip().splitlines()[-1]
    assert line.startswith("mentorapp-cli: ") and line.endswith("."), proc.stderr
    for word in words:
        assert word.lower() in line.lower(), (word, proc.stderr)


def assert_intact(home: Path, before: dict[str, str], passphrase: str = PASSPHRASE) -> None:
    assert fingerprint(home) == before
    proc = run_cli(home, "verify", stdin=passphrase + "\n")
    assert proc.returncode == 0, proc.stderr
    assert "All 1 records decrypted" in proc.stdout


# --- a full or read-only disk -------------------------------------------------------


@contextlib.contextmanager
def tmpfs(where: Path, size_kib: int = 4096) -> Iterator[Path]:
    where.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(where)]
    if subprocess.run(mount, capture_output=True).returncode != 0:
        pytest.skip("a full or read-only disk is simulated with a tmpfs mount, which needs root")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def fill(disk: Path) -> Path:
    """Write until the disk refuses: completely full."""
    filler = disk / "filler"
    with open(filler, "wb") as fh:
        with contextlib.suppress(OSError):
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        with contextlib.suppress(OSError):
            fh.close()
    assert shutil.disk_usage(disk).free == 0
    return filler


def remount(disk: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(disk)], check=True)


def commands(elsewhere: Path) -> list[tuple[tuple[str, ...], str]]:
    """Everyday commands with what they read from standard input."""
    one = PASSPHRASE + "\n"
    return [
        (("verify",), one),
        (("list",), one),
        (("show", "Zed Quinn"), one),
        (("hours",), one),
        (("status",), one),
        (("backup", str(elsewhere / "profile.backup")), one),
        (("export", "one_to_one", "--out", str(elsewhere / "sessions.csv")), one),
        (ADD_MENTEE, one),
        (("change-passphrase",), f"{PASSPHRASE}\n{NEW_PASSPHRASE}\n"),
    ]


def test_a_completely_full_disk_is_a_sentence_for_every_command(home: Path, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        shutil.move(home, disk / "profile")
        home = disk / "profile"
        before = fingerprint(home)
        filler = fill(disk)
        for args, stdin in commands(disk):
            proc = run_cli(home, *args, stdin=stdin)
            assert_sentence(proc, "full", "free some space")
            assert fingerprint(home) == before, args
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "profile"]
        filler.unlink()
        assert_intact(home, before)


def test_change_passphrase_on_a_full_disk_while_the_window_is_open_keeps_the_old_one(
    home: Path, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        shutil.move(home, disk / "profile")
        home = disk / "profile"
        before = fingerprint(home)
        # The window holds the database open, so the command can read it; only the new
        # vault cannot be written.
        window = sqlite3.connect(home / "mentorapp.db")
        try:
            window.execute("SELECT count(*) FROM sqlite_master").fetchall()
            filler = fill(disk)
            proc = run_cli(home, "change-passphrase", stdin=f"{PASSPHRASE}\n{NEW_PASSPHRASE}\n")
            assert_sentence(proc, "full", "free some space")
            assert sorted(p.name for p in home.iterdir() if "-" not in p.name) == [
                "mentorapp.db",
                "profile.lock",  # empty: only ever locked
                "vault.json",
            ]
            filler.unlink()
        finally:
            window.close()
        assert_intact(home, before, PASSPHRASE)


def test_a_read_only_profile_folder_is_a_sentence_for_every_command(
    home: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "out"
    elsewhere.mkdir()
    with tmpfs(tmp_path / "disk") as disk:
        shutil.move(home, disk / "profile")
        home = disk / "profile"
        before = fingerprint(home)
        remount(disk, "ro")
        for args, stdin in commands(elsewhere):
            proc = run_cli(home, *args, stdin=stdin)
            assert_sentence(proc, "read-only", "make it writable")
        assert list(elsewhere.iterdir()) == []
        remount(disk, "rw")
        assert_intact(home, before)


@pytest.mark.parametrize("state", ["full", "read-only"])
def test_a_backup_or_export_onto_a_full_or_read_only_disk_writes_nothing(
    home: Path, tmp_path: Path, state: str
) -> None:
    before = fingerprint(home)
    with tmpfs(tmp_path / "stick") as stick:
        (stick / "sessions.csv").write_text("an earlier export\n")
        if state == "full":
            fill(stick)
        else:
            remount(stick, "ro")
        names = sorted(p.name for p in stick.iterdir())
        for args in (
            ("backup", str(stick / "profile.backup")),
            ("export", "one_to_one", "--out", str(stick / "sessions.csv")),
        ):
            assert_sentence(run_cli(home, *args), state)
        assert sorted(p.name for p in stick.iterdir()) == names
        assert (stick / "sessions.csv").read_text() == "an earlier export\n"
    assert_intact(home, before)


# --- passphrase files -----------------------------------------------------------------


def test_a_passphrase_file_that_is_not_utf8_is_named(home: Path, tmp_path: Path) -> None:
    before = fingerprint(home)
    secret = tmp_path / "passphrase.txt"
    secret.write_bytes(PASSPHRASE.encode("utf-16"))  # what some Windows editors save
    proc = run_cli(home, "--passphrase-file", str(secret), "verify", stdin="")
    assert_sentence(proc, str(secret), "not UTF-8", "save it as UTF-8")
    assert fingerprint(home) == before


def test_an_empty_passphrase_file_is_named_not_standard_input(home: Path, tmp_path: Path) -> None:
    before = fingerprint(home)
    secret = tmp_path / "passphrase.txt"
    secret.write_bytes(b"")
    proc = run_cli(home, "--passphrase-file", str(secret), "list", stdin="")
    assert_sentence(proc, str(secret), "empty", "first line")
    assert "standard input" not in proc.stderr
    assert fingerprint(home) == before


def test_a_byte_order_mark_is_not_part_of_the_passphrase(home: Path, tmp_path: Path) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_bytes(b"\xef\xbb\xbf" + PASSPHRASE.encode() + b"\r\n")  # Notepad's UTF-8
    proc = run_cli(home, "--passphrase-file", str(secret), "verify", stdin="")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    # A profile made from such a file gets the passphrase as typed.
    fresh = tmp_path / "fresh"
    assert run_cli(fresh, "--passphrase-file", str(secret), "init", stdin="").returncode == 0
    assert run_cli(fresh, "verify", stdin=PASSPHRASE + "\n").returncode == 0


def test_a_passphrase_that_kept_a_byte_order_mark_still_opens_and_is_named(
    tmp_path: Path,
) -> None:
    # What earlier versions made from a passphrase file starting with a byte-order mark.
    home = tmp_path / "profile"
    create_profile(home, "\ufeff" + PASSPHRASE, KdfParams(salt=os.urandom(16)))[0].lock()
    secret = tmp_path / "passphrase.txt"
    secret.write_bytes(b"\xef\xbb\xbf" + PASSPHRASE.encode() + b"\n")
    proc = run_cli(home, "--passphrase-file", str(secret), "list")
    assert proc.returncode == 0, proc.stderr
    assert "byte-order mark" in proc.stderr and "change-passphrase" in proc.stderr
    assert "Traceback" not in proc.stderr


# --- arguments ----------------------------------------------------------------------------


def test_answers_json_holding_a_list_saves_nothing(home: Path, tmp_path: Path) -> None:
    before = fingerprint(home)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps([{"given_name": "Ann", "family_name": "Lee"}]))
    proc = run_cli(home, "add-mentee", "--answers-json", str(answers))
    assert_sentence(proc, str(answers), "object", "nothing was saved")
    assert fingerprint(home) == before


def test_a_field_value_that_is_not_utf8_saves_nothing(home: Path) -> None:
    before = fingerprint(home)
    # Latin-1 "Zoë" from a script: the arguments arrive as bytes that are not UTF-8.
    latin1 = b"given_name=Zo\xeb".decode("utf-8", "surrogateescape")
    args = [a if a != "given_name=Ann" else latin1 for a in ADD_MENTEE]
    proc = run_cli(home, *args)
    assert_sentence(proc, "--field given_name", "not UTF-8", "nothing was changed")
    assert fingerprint(home) == before


def test_export_to_a_folder_names_the_folder_and_writes_nothing(home: Path, tmp_path: Path) -> None:
    before = fingerprint(home)
    folder = tmp_path / "exports"
    folder.mkdir()
    proc = run_cli(home, "export", "one_to_one", "--out", str(folder))
    assert_sentence(proc, f"--out {folder} is a folder", "name a file")
    assert list(folder.iterdir()) == []
    assert fingerprint(home) == before


@pytest.mark.parametrize("option", ["--from", "--to"])
def test_a_date_that_is_not_on_the_calendar_is_named(home: Path, option: str) -> None:
    proc = run_cli(home, "hours", option, "2026-02-30")
    assert_sentence(proc, f"{option} 2026-02-30 is not a date", "YYYY-MM-DD")


def test_something_unexpected_is_one_line_and_debug_shows_it(home: Path, tmp_path: Path) -> None:
    before = fingerprint(home)
    answers = tmp_path / "answers.json"
    answers.write_text("[" * 200_000)  # deeper than the JSON reader goes
    proc = run_cli(home, "add-mentee", "--answers-json", str(answers))
    assert_sentence(proc, "unexpected", "--debug")
    assert len(proc.stderr.strip().splitlines()) == 1
    debug = run_cli(home, "add-mentee", "--answers-json", str(answers), "--debug")
    assert debug.returncode != 0 and "Traceback" in debug.stderr
    assert fingerprint(home) == before


# --- an organisation's form files ----------------------------------------------------


def _shipped(form_id: str) -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(
        next(forms_dir().glob(f"{form_id}.v*.json")).read_text(encoding="utf-8")
    )
    return raw


def _field(form: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(f for f in form["fields"] if f["key"] == key)
    return found


def _show_if_as_text(form: dict[str, Any]) -> str:
    field = next(f for f in form["fields"] if "show_if" in f)
    field["show_if"] = field["show_if"]["field"]
    return str(field["key"])


def _min_as_text(form: dict[str, Any]) -> str:
    _field(form, "duration_minutes")["min"] = "1"
    return "duration_minutes"


def _max_length_as_text(form: dict[str, Any]) -> str:
    _field(form, "location")["max_length"] = "100"
    return "location"


def _record_type_without_its_fields(form: dict[str, Any]) -> str:
    form["record_type"] = "group"  # a group activity needs a title this form never asks
    return "title"


def _field_that_cannot_fill_the_record(form: dict[str, Any]) -> str:
    _field(form, "date")["type"] = "text"
    return "date"


@pytest.mark.parametrize(
    "spoil",
    [
        _show_if_as_text,
        _min_as_text,
        _max_length_as_text,
        _record_type_without_its_fields,
        _field_that_cannot_fill_the_record,
    ],
)
def test_a_broken_form_file_names_the_file_and_the_field(home: Path, spoil: Any) -> None:
    form = copy.deepcopy(_shipped("one_to_one"))
    form["version"] = 2
    key = spoil(form)
    path = home / "forms" / "one_to_one.v2.json"
    path.parent.mkdir()
    path.write_text(json.dumps(form), encoding="utf-8")
    before = fingerprint(home)
    proc = run_cli(
        home,
        "add-contact",
        "one_to_one",
        "-f",
        "mentee_id=Zed Quinn",
        "-f",
        "duration_minutes=30",
        "-f",
        "location=The library",
    )
    assert_sentence(proc, str(path), repr(key))
    assert fingerprint(home) == before


def test_reversed_dates_a_folder_as_backup_and_bad_answers_files_are_sentences(
    home: Path, tmp_path: Path
) -> None:
    before = fingerprint(home)
    proc = run_cli(home, "hours", "--from", "2027-01-01", "--to", "2026-01-01")
    assert_sentence(proc, "is before --from")
    folder = tmp_path / "backups"
    folder.mkdir()
    assert_sentence(run_cli(home, "backup", str(folder)), "is a folder", "laptop.mab")
    assert list(folder.iterdir()) == []
    missing = tmp_path / "nope.json"
    assert_sentence(
        run_cli(home, "add-mentee", "--answers-json", str(missing)), "there is no answers file"
    )
    broken = tmp_path / "broken.json"
    broken.write_text('{"given_name": "Sam",\n}')
    assert_sentence(
        run_cli(home, "add-mentee", "--answers-json", str(broken)), "is not valid JSON (line 2"
    )
    assert fingerprint(home) == before


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (lambda v: v.update(slots={}), "its passphrase part is missing"),
        (lambda v: v["header"]["kdf"].update(memory_kib="lots"), "not in the form mentorapp"),
    ],
)
def test_a_hand_edited_vault_says_what_is_wrong_and_what_to_do(
    home: Path, edit: Callable[[dict[str, Any]], None], said: str
) -> None:
    vault = json.loads((home / "vault.json").read_text())
    edit(vault)
    (home / "vault.json").write_text(json.dumps(vault))
    proc = run_cli(home, "list")
    assert_sentence(proc, said, "recovery key", "backup")
    assert "invalid literal" not in proc.stderr
