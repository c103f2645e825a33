"""The dependency direction in DESIGN.md, checked on the real source."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "mentorapp"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _layer_imports(layer: str) -> dict[Path, set[str]]:
    return {p: _imports(p) for p in (PACKAGE / layer).rglob("*.py")}


def test_core_crypto_store_cli_load_without_qt() -> None:
    code = (
        "import sys, mentorapp.core.forms, mentorapp.core.demo, mentorapp.crypto, "
        "mentorapp.store.profile, mentorapp.store.backup, mentorapp.cli; "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was loaded'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_only_crypto_imports_cryptography() -> None:
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if "crypto" not in p.relative_to(PACKAGE).parts[:1]
        and any(name.split(".")[0] == "cryptography" for name in _imports(p))
    ]
    assert offenders == []


def test_core_imports_nothing_of_ours_but_core() -> None:
    for path, names in _layer_imports("core").items():
        ours = {n for n in names if n.startswith("mentorapp")}
        assert all(n.startswith("mentorapp.core") for n in ours), (path, ours)
        assert not any(
            n.split(".")[0] in {"sqlalchemy", "PySide6", "cryptography"} for n in names
        ), path


def test_server_never_imports_store_sync_or_ui() -> None:
    for path, names in _layer_imports("server").items():
        bad = {
            n
            for n in names
            if n.startswith(("mentorapp.store", "mentorapp.ui", "mentorapp.sync", "PySide6"))
        }
        assert not bad, (path, bad)


def test_sync_does_not_import_ui_or_server() -> None:
    for path, names in _layer_imports("sync").items():
        bad = {n for n in names if n.startswith(("mentorapp.ui", "mentorapp.server", "PySide6"))}
        assert not bad, (path, bad)


def test_ui_has_no_sql_and_no_crypto() -> None:
    for path, names in _layer_imports("ui").items():
        bad = {
            n
            for n in names
            if n.split(".")[0] in {"sqlalchemy", "cryptography", "sqlite3"}
            or n.startswith(("mentorapp.crypto", "mentorapp.server"))
        }
        assert not bad, (path, bad)


def test_only_ui_imports_qt() -> None:
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if p.relative_to(PACKAGE).parts[0] != "ui"
        and any(name.split(".")[0] == "PySide6" for name in _imports(p))
    ]
    assert offenders == []


def test_crypto_depends_only_on_core() -> None:
    for path, names in _layer_imports("crypto").items():
        ours = {n for n in names if n.startswith("mentorapp")}
        assert all(n.startswith(("mentorapp.core", "mentorapp.crypto")) for n in ours), path
