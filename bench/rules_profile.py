"""How long `rules profile` takes on the default rules (target: n = 200,000 in at most 5 s).

Prints the median of a few runs of the whole report (sample, advice, populations, one shuffle
per factor) and of the command as a user runs it (including loading the rules).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from samenwerking.authoring.profile import profile_rules
from samenwerking.authoring.testing import load_population_tests
from samenwerking.rules.loader import load_rules

RULES = Path(__file__).resolve().parents[1] / "rules"


def main() -> None:
    rules = load_rules(RULES)
    populations = [case.test for case in load_population_tests(RULES)]
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        report = profile_rules(rules, n=200_000, populations=populations)
        timings.append(time.perf_counter() - start)
    print(
        f"profile_rules, n=200,000, {len(populations)} populations, "
        f"{len(rules.factors)} factor shuffles: median {statistics.median(timings):.2f} s "
        f"(min {min(timings):.2f}, max {max(timings):.2f}; target <= 5 s)"
    )
    print("win shares:", {f: f"{s:.1%}" for f, s in report.win_shares.items()})
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "samenwerking", "rules", "profile", str(RULES)],
        check=True,
        capture_output=True,
    )
    print(f"'samenwerking rules profile' end to end: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
