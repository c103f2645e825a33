"""The server's deployment lock file covers what pyproject.toml asks for: every
dependency of the package and of its ``server`` extra is pinned there, at a version
its range admits, with hashes, so ``pip install --require-hashes`` installs exactly
what was tested; and the ranges themselves keep out releases with known advisories."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "packaging" / "server-requirements.lock"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
_HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}\b")


def _pins() -> dict[str, tuple[str, list[str]]]:
    """Package name to (version, hashes), as the lock file has them."""
    pins: dict[str, tuple[str, list[str]]] = {}
    current = ""
    for line in LOCK.read_text().splitlines():
        if match := _PIN.match(line):
            current = canonicalize_name(match.group(1))
            assert current not in pins, f"{current} is pinned twice"
            pins[current] = (match.group(2), [])
        elif line.strip().startswith("--hash="):
            assert current, f"a hash before any pin: {line}"
            assert _HASH.search(line), f"not a sha256 hash: {line}"
            pins[current][1].append(line.strip())
    return pins


def _server_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [
        Requirement(text)
        for text in [*project["dependencies"], *project["optional-dependencies"]["server"]]
    ]


def test_the_lock_pins_every_server_dependency_within_its_range() -> None:
    pins = _pins()
    for requirement in _server_requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in {LOCK.name}: regenerate it"
        version = pins[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{LOCK.name} pins {name}=={version}, outside {requirement.specifier}"
        )
    assert "psycopg-binary" in pins  # psycopg[binary]: the extra's package too


def test_every_pin_carries_hashes() -> None:
    pins = _pins()
    assert len(pins) > 20
    assert not [name for name, (_, hashes) in pins.items() if not hashes]


def test_the_ranges_admit_no_release_with_a_known_advisory() -> None:
    ranges = {canonicalize_name(r.name): r.specifier for r in _server_requirements()}
    vulnerable = {
        "h11": "0.15.0",  # CVE-2025-43859, request smuggling; fixed in 0.16.0
        "starlette": "0.49.0",  # CVE-2025-62727, Range header DoS; fixed in 0.49.1
    }
    for name, version in vulnerable.items():
        assert name in ranges, f"pyproject.toml does not bound {name}"
        assert not ranges[name].contains(version, prereleases=True), (name, ranges[name])
