"""The admin guide, followed with the real commands: a server, an organisation, a
supervisor and two mentors whose laptops join through mentorapp-cli."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import PASSPHRASE
from tests.server.conftest import code_from, start_server

BIN = Path(sys.executable).parent


def _run(*args: str, stdin: str = "") -> str:
    proc = subprocess.run(
        [str(BIN / args[0]), *args[1:]],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"MENTORAPP_KDF_SECONDS": "0", "PATH": str(BIN)},
    )
    assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
    return proc.stdout


def test_an_admin_sets_up_an_org_and_three_laptops_join(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'server.db'}"
    with start_server(db) as server:
        admin = ("mentorapp-admin", "--database-url", db)
        sue_code = code_from(_run(*admin, "create-org", "Second Chance", "--supervisor", "Sue"))
        laptops = {}
        for who in ("sue", "mo", "meg"):
            home = tmp_path / who
            _run("mentorapp-cli", "--home", str(home), "init", stdin=PASSPHRASE + "\n")
            laptops[who] = home
        out = _run(
            "mentorapp-cli",
            "--home",
            str(laptops["sue"]),
            "join",
            "--server",
            server.url,
            "--code",
            sue_code,
            stdin=PASSPHRASE + "\n",
        )
        assert "Joined Second Chance as supervisor" in out and "first supervisor" in out
        fingerprint = out.split("fingerprint: ")[1].split()[0]
        _run(*admin, "add-team", "Second Chance", "North")
        for who in ("mo", "meg"):
            code = code_from(
                _run(
                    *admin,
                    "invite",
                    "Second Chance",
                    "--name",
                    who,
                    "--role",
                    "mentor",
                    "--team",
                    "North",
                )
            )
            assert code.split("/")[1] == fingerprint  # the code pins Sue's org key
            out = _run(
                "mentorapp-cli",
                "--home",
                str(laptops[who]),
                "join",
                "--server",
                server.url,
                "--code",
                code,
                stdin=PASSPHRASE + "\n",
            )
            assert "Joined Second Chance as mentor" in out
        users = _run(
            "mentorapp-admin", "--database-url", db, "--json", "list-users", "Second Chance"
        )
        listed = {u["name"]: u for u in json.loads(users)}
        assert all(
            listed[n]["enrolled"] and listed[n]["active_devices"] == 1 for n in ("Sue", "mo", "meg")
        )
        assert listed["Sue"]["certified"]
        devices = _run("mentorapp-admin", "--database-url", db, "list-devices", "Second Chance")
        assert devices.count("\n") == 4  # header and three laptops
        # Joining twice is refused plainly; the laptop's records still verify.
        proc = subprocess.run(
            [
                str(BIN / "mentorapp-cli"),
                "--home",
                str(laptops["mo"]),
                "join",
                "--server",
                server.url,
                "--code",
                "AAAA-AAAA-AAAA-AAAA",
            ],
            input=PASSPHRASE + "\n",
            capture_output=True,
            text=True,
            check=False,
            env={"MENTORAPP_KDF_SECONDS": "0"},
        )
        assert proc.returncode == 2 and "already joined" in proc.stderr
        assert "All 0 records" in _run(
            "mentorapp-cli", "--home", str(laptops["mo"]), "verify", stdin=PASSPHRASE + "\n"
        )
