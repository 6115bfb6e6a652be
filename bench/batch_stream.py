"""Memory of `samenwerking score-batch` on a large CSV (target: a 2 GB file with a peak < 1 GB).

Writes a CSV of about --size-gb gigabytes (default 2) of valid situations into a temporary
folder, runs the real command on it in a child process, and prints wall time, rows per second
and the child's peak resident memory (ru_maxrss). The file is removed afterwards.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from samenwerking import load_rules
from samenwerking.rules.sampling import realistic_sample

BLOCK_ROWS = 500_000


def write_csv(path: Path, target_bytes: int) -> int:
    """Append blocks of realistic situations (with an id column) until the file is big enough."""
    rules = load_rules()
    rows, block = 0, 0
    with path.open("w", newline="") as handle:
        while handle.tell() < target_bytes:
            sample = realistic_sample(rules, BLOCK_ROWS, seed=block)
            frame = pd.DataFrame({"id": np.arange(rows, rows + BLOCK_ROWS)})
            for factor in rules.factors:
                values = sample[factor.id]
                frame[factor.id] = values.astype(int) if factor.integer else values
            frame.to_csv(handle, header=block == 0, index=False)
            rows += BLOCK_ROWS
            block += 1
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-gb", type=float, default=2.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "big.csv", Path(folder) / "out.csv"
        start = time.perf_counter()
        rows = write_csv(source, int(args.size_gb * 1024**3))
        size = source.stat().st_size / 1024**3
        print(f"wrote {rows:,} rows, {size:.2f} GB in {time.perf_counter() - start:.0f} s")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "samenwerking", "score-batch", str(source), "-o", str(out)],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB -> MiB
        scored = sum(1 for _ in out.open()) - 1
        print(
            f"score-batch: {elapsed:.0f} s (target <= 90 s), {rows / elapsed:,.0f} rows/s, "
            f"peak memory {peak:,.0f} MiB (target < 1024 MiB); {scored:,} rows scored"
        )
        assert scored == rows, "every row is scored"


if __name__ == "__main__":
    main()
