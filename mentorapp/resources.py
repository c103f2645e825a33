"""Where the shipped resources (forms, instruments, translations) are.

In the source tree and an editable install they sit in ``resources/`` beside the
package; a frozen build puts them in the bundle folder.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def forms_dir() -> Path:
    return resources_root() / "forms"


def instruments_dir() -> Path:
    return resources_root() / "instruments"
