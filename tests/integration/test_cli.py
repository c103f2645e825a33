"""The mentorapp-cli entry point, run as a real process the way a person would."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mentorapp.resources import forms_dir
from tests.conftest import PASSPHRASE

# The entry point installed beside the interpreter running the tests (.venv/bin).
CLI = str(Path(sys.executable).with_name("mentorapp-cli"))


def run(
    home: Path, *args: str, stdin: str = PASSPHRASE + "\n", expect: int = 0
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [CLI, "--home", str(home), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={"MENTORAPP_KDF_SECONDS": "0", "PATH": str(Path(CLI).parent)},
    )
    assert proc.returncode == expect, (proc.stdout, proc.stderr)
    return proc


@pytest.fixture
def cli_home(tmp_path: Path) -> Path:
    home = tmp_path / "cli-profile"
    out = run(home, "init").stdout
    assert "recovery key" in out.lower()
    return home


def test_a_mentor_records_each_kind_of_contact_and_finds_it(cli_home: Path, tmp_path: Path) -> None:
    run(
        cli_home,
        "add-mentee",
        "-f",
        "given_name=Zed",
        "-f",
        "family_name=Quinn",
        "-f",
        "setting=prison",
        "-f",
        "establishment=HMP Ashgrove",
        "-f",
        "consent.given=yes",
        "-f",
        "consent.date=2026-11-01",
        "-f",
        "consent.confidentiality_limits_explained=yes",
    )
    run(
        cli_home,
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
    run(
        cli_home,
        "add-contact",
        "one_to_one",
        "-f",
        "mentee_id=Zed Quinn",
        "-f",
        "date=2026-11-20",
        "-f",
        "duration_minutes=1h",
        "-f",
        "notes=Housing bid talk",
        "-f",
        "safeguarding_concern=yes",
        "-f",
        "safeguarding_details=Mentioned threats",
        "-f",
        'actions=[{"text": "Call housing", "due": "2026-11-21"}]',
    )
    run(
        cli_home,
        "add-contact",
        "group",
        "-f",
        "title=Peer circle",
        "-f",
        "date=2026-11-21",
        "-f",
        "duration_minutes=90",
        "-f",
        "attendees=Zed Quinn, Ann Lee:left_early",
    )
    run(
        cli_home,
        "add-contact",
        "leisure",
        "-f",
        "mentees=Ann Lee",
        "-f",
        "date=2026-11-22",
        "-f",
        "duration_minutes=30",
        "-f",
        "leisure_type=gym_or_sport",
        "-f",
        'expenses=[{"amount": "3.50", "description": "Gym pass"}]',
    )

    listing = run(cli_home, "list").stdout
    assert "Zed Quinn" in listing and "Ann Lee" in listing
    zed_line = next(line for line in listing.splitlines() if line.startswith("Zed Quinn"))
    assert "2026-11-21 Group activity" in zed_line
    assert zed_line.split()[-2:] == ["1", "1"]  # one open concern, one overdue action

    shown = run(cli_home, "show", "Zed Quinn").stdout
    assert "Housing bid talk" in shown and "Peer circle" in shown
    assert "Safeguarding" in shown  # the ticked box raised a concern on the timeline

    assert "All 6 records" in run(cli_home, "verify").stdout
    assert "3 contacts: 3.0 h with mentees" in run(cli_home, "hours").stdout


def test_invalid_answers_save_nothing_and_say_why(cli_home: Path) -> None:
    proc = run(
        cli_home,
        "add-contact",
        "one_to_one",
        "-f",
        "mentee_id=Nobody",
        "-f",
        "duration_minutes=30",
        expect=2,
    )
    assert "no mentee called 'Nobody'" in proc.stderr
    run(
        cli_home,
        "add-mentee",
        "-f",
        "given_name=Zed",
        "-f",
        "family_name=Quinn",
        "-f",
        "consent.given=no",
        "-f",
        "consent.confidentiality_limits_explained=no",
    )
    proc = run(
        cli_home,
        "add-contact",
        "one_to_one",
        "-f",
        "mentee_id=Zed Quinn",
        "-f",
        "duration_minutes=forever",
        "-f",
        "safeguarding_concern=yes",
        expect=2,
    )
    assert "duration_minutes: is not a length of time" in proc.stderr
    assert "safeguarding_details: is required" in proc.stderr
    assert "All 1 records" in run(cli_home, "verify").stdout


def test_wrong_passphrase_is_refused_plainly(cli_home: Path) -> None:
    proc = run(cli_home, "list", stdin="wrong passphrase\n", expect=2)
    assert "passphrase is not right" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_passphrase_is_never_taken_from_an_argument(cli_home: Path) -> None:
    proc = run(cli_home, "--passphrase", PASSPHRASE, "list", expect=2)
    assert "unrecognized arguments" in proc.stderr or "usage" in proc.stderr


def test_a_weak_passphrase_gets_plain_advice(tmp_path: Path) -> None:
    proc = run(tmp_path / "weak", "init", stdin="short\n", expect=2)
    assert "Too short" in proc.stderr
    assert not (tmp_path / "weak" / "vault.json").exists()


def test_verify_exits_non_zero_and_names_a_tampered_record(cli_home: Path) -> None:
    run(cli_home, "demo", "--mentees", "3", "--contacts", "10")
    with sqlite3.connect(cli_home / "mentorapp.db") as db:
        record_id, blob = db.execute(
            "SELECT id, ciphertext FROM records WHERE record_type='one_to_one' LIMIT 1"
        ).fetchone()
        db.execute(
            "UPDATE records SET ciphertext=? WHERE id=?",
            (blob[:-1] + bytes([blob[-1] ^ 1]), record_id),
        )
    proc = run(cli_home, "verify", expect=1)
    assert f"FAILED one_to_one {record_id}" in proc.stdout
    assert "1 of" in proc.stdout


def test_backup_restore_and_change_passphrase(cli_home: Path, tmp_path: Path) -> None:
    run(cli_home, "demo", "--mentees", "4", "--contacts", "20")
    backup = tmp_path / "weekly.mab"
    run(cli_home, "backup", str(backup))
    run(cli_home, "change-passphrase", stdin=f"{PASSPHRASE}\nan entirely new passphrase\n")
    run(cli_home, "list", expect=2)
    assert (
        "records decrypted" in run(cli_home, "verify", stdin="an entirely new passphrase\n").stdout
    )
    other = tmp_path / "other-laptop"
    run(other, "restore", str(backup))  # the backup opens with the passphrase it was made under
    restored = run(other, "list").stdout
    original = run(cli_home, "list", stdin="an entirely new passphrase\n").stdout
    assert restored == original
    proc = run(other, "restore", str(backup), expect=2)
    assert "--replace" in proc.stderr


def test_recovery_key_resets_a_forgotten_passphrase(tmp_path: Path) -> None:
    home = tmp_path / "forgetful"
    out = run(home, "init").stdout
    recovery = next(line.strip() for line in out.splitlines() if line.count("-") == 7)
    key_file = tmp_path / "recovery.txt"
    key_file.write_text(recovery)
    run(
        home,
        "change-passphrase",
        "--recovery-key-file",
        str(key_file),
        stdin="my brand new passphrase\n",
    )
    assert "All 0 records" in run(home, "verify", stdin="my brand new passphrase\n").stdout


def test_an_organisation_adds_a_field_by_editing_a_form_file(
    cli_home: Path, tmp_path: Path
) -> None:
    """Stored, validated, shown and exported with no code change."""
    raw = json.loads((forms_dir() / "one_to_one.v1.json").read_text())
    raw["version"] = 2
    raw["fields"].append(
        {"key": "bus_pass_issued", "type": "yes_no", "label": "Bus pass issued", "required": True}
    )
    raw["fields"].append(
        {
            "key": "bus_pass_zone",
            "type": "choice",
            "label": "Zone",
            "options": ["1", "2", "3"],
            "show_if": {"field": "bus_pass_issued", "equals": True},
        }
    )
    (cli_home / "forms").mkdir()
    (cli_home / "forms" / "one_to_one.v2.json").write_text(json.dumps(raw))

    assert "bus_pass_issued" in run(cli_home, "forms").stdout
    run(
        cli_home,
        "add-mentee",
        "-f",
        "given_name=Zed",
        "-f",
        "family_name=Quinn",
        "-f",
        "consent.given=no",
        "-f",
        "consent.confidentiality_limits_explained=yes",
    )
    proc = run(
        cli_home,
        "add-contact",
        "one_to_one",
        "-f",
        "mentee_id=Zed Quinn",
        "-f",
        "duration_minutes=30",
        expect=2,
    )
    assert "bus_pass_issued: is required" in proc.stderr
    proc = run(
        cli_home,
        "add-contact",
        "one_to_one",
        "-f",
        "mentee_id=Zed Quinn",
        "-f",
        "duration_minutes=30",
        "-f",
        "bus_pass_issued=yes",
        "-f",
        "bus_pass_zone=4",
        expect=2,
    )
    assert "bus_pass_zone: must be one of: 1, 2, 3" in proc.stderr
    saved = run(
        cli_home,
        "add-contact",
        "one_to_one",
        "-f",
        "mentee_id=Zed Quinn",
        "-f",
        "duration_minutes=30",
        "-f",
        "bus_pass_issued=yes",
        "-f",
        "bus_pass_zone=2",
    ).stdout
    record_id = saved.split()[-1].rstrip(".")
    shown = json.loads(run(cli_home, "show", record_id).stdout)
    assert shown["extra"] == {"bus_pass_issued": True, "bus_pass_zone": "2"}
    assert shown["form_version"] == 2

    out = tmp_path / "sessions.csv"
    run(cli_home, "export", "one_to_one", "--out", str(out))
    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert rows[0]["bus_pass_issued"] == "yes" and rows[0]["bus_pass_zone"] == "2"

    # The organisation later removes the file: the record still opens and exports.
    (cli_home / "forms" / "one_to_one.v2.json").unlink()
    assert json.loads(run(cli_home, "show", record_id).stdout)["extra"]["bus_pass_zone"] == "2"
    run(cli_home, "export", "one_to_one", "--out", str(out))
    assert next(csv.DictReader(out.read_text().splitlines()))["bus_pass_zone"] == "2"


def test_missing_profile_says_how_to_start(tmp_path: Path) -> None:
    proc = run(tmp_path / "nothing-here", "list", expect=2)
    assert "no mentorapp profile" in proc.stderr and "init" in proc.stderr
