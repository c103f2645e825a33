"""Child for the restore kill test: the real CLI's ``restore``, killed with SIGKILL right
after its k-th change to the file system (k = 0: never; it prints how many there were).

Usage: restore_killer.py K CLI-ARGUMENTS... (the passphrase on standard input)
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import Any

from mentorapp import cli

# Every call that changes what is on disk (shutil.rmtree, tempfile and pathlib go
# through these too), each a moment at which a person's laptop might lose power.
CHANGES = ("rename", "replace", "mkdir", "unlink", "rmdir", "fsync", "chmod")


def main() -> int:
    kill_at = int(sys.argv[1])
    done = 0

    def after(fn: Callable[..., Any]) -> Callable[..., Any]:
        def changed(*args: Any, **kwargs: Any) -> Any:
            nonlocal done
            result = fn(*args, **kwargs)
            done += 1
            if done == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return result

        return changed

    for name in CHANGES:
        setattr(os, name, after(getattr(os, name)))
    code = cli.main(sys.argv[2:])
    print(f"changes: {done}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
