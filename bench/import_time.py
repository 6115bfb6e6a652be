"""How long `import samenwerking` takes, and the first advice after it, in fresh interpreters.

Each figure is the median of several new processes (nothing cached in memory between them).
`python -X importtime` gives the import's own total; the first advice includes loading the
default rules and the catalogues, which the library does on first use. Target: import <= 0.5 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

RUNS = 7
FIRST_ADVICE = (
    "import time; t = time.perf_counter(); import samenwerking as sw; "
    "sw.score(sw.Situation.example()); print(time.perf_counter() - t)"
)


def import_seconds() -> float:
    """`import samenwerking` as -X importtime counts it (the cumulative column), in seconds."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import samenwerking"],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in done.stderr.splitlines() if x.rstrip().endswith("| samenwerking"))
    return int(line.split("|")[1]) / 1e6


def first_advice_seconds() -> float:
    done = subprocess.run(
        [sys.executable, "-c", FIRST_ADVICE], capture_output=True, text=True, check=True
    )
    return float(done.stdout)


def main() -> None:
    imports = [import_seconds() for _ in range(RUNS)]
    advice = [first_advice_seconds() for _ in range(RUNS)]
    print(f"import samenwerking: median {statistics.median(imports):.3f} s (target <= 0.5 s)")
    print(f"import + first advice: median {statistics.median(advice):.3f} s")


if __name__ == "__main__":
    main()
