"""Where mentorapp keeps its data, overridable for tests, demos and portable use.

Precedence: an explicit folder (``--home``), then ``MENTORAPP_HOME``, then the
platform's per-user data folder from platformdirs.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

HOME_ENV = "MENTORAPP_HOME"
APP_NAME = "mentorapp"


def profile_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the profile folder to use.

    Args:
        explicit: a folder named on the command line, which wins over everything.
    """
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
