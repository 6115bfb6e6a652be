"""Throughput of the analysts' API against per-problem MCDA loops, on one core.

Run: python bench/throughput.py [--n 1000000]   (pip install -e ".[bench]" for pymcdm)

Prints, in one run: score_many situations/s on N random situations, a loop of score(), and a
loop of pymcdm TOPSIS on equally sized decision matrices (5 forms x 5 themes), with ratios;
the peak memory of score_many; and the times of rank_acceptability (10,000 samples) and
flip_points. Targets: >= 1,000,000 situations/s, >= 200x the pymcdm loop, < 1 GB peak,
rank_acceptability < 50 ms, flip_points < 20 ms.
"""

from __future__ import annotations

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

import argparse  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from samenwerking import Situation, load_rules, score  # noqa: E402
from samenwerking.batch import score_many  # noqa: E402
from samenwerking.sensitivity import flip_points, rank_acceptability  # noqa: E402

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"


def random_frame(rules, n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` random valid situations, uniform over each factor's range (counts as integers)."""
    rng = np.random.default_rng(seed)
    columns = {}
    for factor in rules.factors:
        if factor.integer:
            high = 50 if factor.id == "partner_count" else factor.maximum
            columns[factor.id] = rng.integers(factor.minimum, high, n, endpoint=True)
        else:
            columns[factor.id] = rng.uniform(factor.minimum, factor.maximum, n)
    return pd.DataFrame(columns)


def timed(action, repeat: int) -> float:
    """Median seconds of ``action`` over ``repeat`` runs, after one warm-up run."""
    action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pymcdm_rate(problems: int) -> float | None:
    """TOPSIS problems per second, one 5x5 decision matrix at a time (None: not installed)."""
    try:
        from pymcdm.methods import TOPSIS
    except ImportError:
        return None
    rng = np.random.default_rng(1)
    matrices = rng.uniform(1, 5, (problems, 5, 5))
    weights = np.full(5, 0.2)
    types = np.ones(5)
    topsis = TOPSIS()
    with warnings.catch_warnings():  # pymcdm warns about dominated alternatives; printing
        warnings.simplefilter("ignore")  # thousands of warnings would only slow it down
        topsis(matrices[0], weights, types)
        start = time.perf_counter()
        for matrix in matrices:
            topsis(matrix, weights, types)
        return problems / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000, help="situations for score_many")
    parser.add_argument("--loop", type=int, default=20_000, help="situations for the loops")
    args = parser.parse_args()
    rules = load_rules(RULES_DIR)
    frame = random_frame(rules, args.n)

    # Speed: median of warm runs without tracemalloc (which slows every allocation);
    # memory: one separate traced run.
    elapsed = timed(lambda: score_many(frame, rules), 5)
    tracemalloc.start()
    score_many(frame, rules)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    batch_rate = args.n / elapsed
    print(
        f"score_many: {args.n:,} situations in {elapsed:.2f} s = {batch_rate:,.0f} /s "
        f"(peak memory allocated during the call: {peak / 2**20:,.0f} MiB; input frame "
        f"{frame.memory_usage().sum() / 2**20:,.0f} MiB; whole process peak "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB; target < 1 GB)"
    )

    rows = frame.head(args.loop).to_dict("records")
    start = time.perf_counter()
    for row in rows:
        score(row, rules)
    loop_rate = len(rows) / (time.perf_counter() - start)
    print(
        f"loop of score() with explanations: {loop_rate:,.0f} /s "
        f"-> score_many is {batch_rate / loop_rate:,.0f}x faster"
    )

    topsis_rate = pymcdm_rate(args.loop)
    if topsis_rate is None:
        print("pymcdm not installed: pip install -e '.[bench]' for the TOPSIS comparison")
    else:
        print(
            f"loop of pymcdm TOPSIS (5x5 matrices): {topsis_rate:,.0f} problems/s "
            f"-> score_many is {batch_rate / topsis_rate:,.0f}x faster (target >= 200x)"
        )

    situation = Situation.example(rules)
    acceptability = timed(lambda: rank_acceptability(situation, rules, n=10_000), 20)
    flips = timed(lambda: flip_points(situation, rules), 50)
    print(
        f"rank_acceptability, 10,000 samples: median {acceptability * 1000:.1f} ms (target < 50 ms)"
    )
    print(
        f"flip_points, {len(rules.factors)} factors: median {flips * 1000:.1f} ms (target < 20 ms)"
    )


if __name__ == "__main__":
    main()
