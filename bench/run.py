"""`make bench`: run every benchmark in this folder (each writes its own section of docs/benchmarks.md).

Extra arguments are passed to each benchmark (``--postgres`` measures PostgreSQL instead of SQLite).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        status |= subprocess.call([sys.executable, str(script), *sys.argv[1:]])
    return status


if __name__ == "__main__":
    sys.exit(main())
