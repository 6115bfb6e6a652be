"""Time of `rules diff` on 20,000 sampled situations (target: under 2 s).

Run: python bench/rules_diff.py. Compares the default rules with a copy in which one rule's
points are doubled, and prints the median time of five runs and the flip share found.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from samenwerking import load_rules
from samenwerking.authoring.diff import diff_rule_sets

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"


def main() -> None:
    old = load_rules(RULES_DIR)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "rules"
        shutil.copytree(RULES_DIR, copy)
        merger = copy / "merger.yaml"
        merger.write_text(
            merger.read_text().replace(
                "effect: 3 * (administrative_burden - 2)", "effect: 6 * (administrative_burden - 2)"
            )
        )
        new = load_rules(copy)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            result = diff_rule_sets(old, new, n=20_000)
            times.append(time.perf_counter() - start)
    print(
        f"rules diff on {result.sample_size:,} situations: median "
        f"{statistics.median(times):.2f} s over 5 runs (target < 2 s); "
        f"top form changes in {result.flip_share:.2%}"
    )


if __name__ == "__main__":
    main()
