"""mentorapp-cli run as a real process, the way a person (or a script) would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CLI = str(Path(sys.executable).with_name("mentorapp-cli"))
PASSPHRASE = "correct horse battery staple"


def run_cli(
    home: Path, *args: str, stdin: str = PASSPHRASE + "\n", timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CLI, "--home", str(home), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={"MENTORAPP_KDF_SECONDS": "0", "PATH": str(Path(CLI).parent)},
    )


def cli(home: Path, *args: str, expect: int | tuple[int, ...] = 0) -> str:
    """Run a command, check its exit code and that it printed no traceback; returns
    what it printed."""
    proc = run_cli(home, *args)
    wanted = expect if isinstance(expect, tuple) else (expect,)
    assert proc.returncode in wanted, (args, proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout + proc.stderr


def until_done(home: Path, *args: str, tries: int = 40, done: int = 0) -> str:
    """A command that exits 1 when the link was cut, run again until it finishes (with
    exit code ``done``: 3 when it finishes but something needs a person)."""
    for _ in range(tries):
        proc = run_cli(home, *args)
        assert proc.returncode in (done, 1), (args, proc.stdout, proc.stderr)
        if proc.returncode == done:
            return proc.stdout
    raise AssertionError(f"{' '.join(args)} never completed for {home}")
