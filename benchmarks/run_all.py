"""Run every benchmark (or those named) and rewrite docs/benchmarks.md.

    python benchmarks/run_all.py [sync server ...]

One script that fails does not stop the others; the exit status says whether any did.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

wanted = set(sys.argv[1:])
failed = []
for script in sorted(HERE.glob("bench_*.py")):
    if wanted and script.stem.removeprefix("bench_") not in wanted:
        continue
    print(f"== {script.name}", flush=True)
    if subprocess.run([sys.executable, str(script)], check=False).returncode != 0:
        failed.append(script.name)
if failed:
    print(f"failed: {', '.join(failed)}", file=sys.stderr)
    sys.exit(1)
