"""Benchmark of the core library: rule-set load, one explained score, and 100,000 scores.

Run: python bench/core.py [--n 100000]. Prints measured figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

from samenwerking import Situation, load_rules, rank_acceptability, score
from samenwerking.assessment import assess

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"


def random_situations(rules, n: int, seed: int = 0) -> list[dict[str, float]]:
    """``n`` random valid situations as plain dicts (uniform over each factor's range)."""
    rng = np.random.default_rng(seed)
    columns = {}
    for factor in rules.factors:
        if factor.integer:
            high = min(factor.maximum, 50 if factor.id == "partner_count" else factor.maximum)
            columns[factor.id] = rng.integers(factor.minimum, high, n, endpoint=True).tolist()
        else:
            columns[factor.id] = rng.uniform(factor.minimum, factor.maximum, n).round(2).tolist()
    return [{k: v[i] for k, v in columns.items()} for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000, help="situations to score in bulk")
    args = parser.parse_args()

    loads = []
    for _ in range(10):
        start = time.perf_counter()
        rules = load_rules(RULES_DIR)
        loads.append(time.perf_counter() - start)
    print(
        f"rule-set load ({len(rules.rules)} rules, {len(rules.knockouts)} knock-outs): "
        f"median {statistics.median(loads) * 1000:.1f} ms over 10 loads"
    )

    situation = Situation.example(rules)
    for _ in range(200):
        score(situation, rules)
    timings = []
    for _ in range(2000):
        start = time.perf_counter()
        score(situation, rules)
        timings.append(time.perf_counter() - start)
    print(
        f"score() with full explanation, one Situation: median "
        f"{statistics.median(timings) * 1e3:.3f} ms, p95 "
        f"{np.percentile(timings, 95) * 1e3:.3f} ms (target < 0.5 ms)"
    )

    # Firmness: weights only (as before) and with the answers sampled too, 1,000 samples.
    answers = {q.id: 3 for q in rules.questions if q.kind != "number"}
    answers.update({q.id: 4 for q in rules.questions if q.factor == "trust"})
    answers.update(
        {q.id: rules.factors_by_id[q.factor].example for q in rules.questions if q.kind == "number"}
    )
    answers.update(
        dict.fromkeys([q.id for q in rules.questions if q.factor == "trust"], "weet niet")
    )
    assessment = assess(answers, rules)
    for label, option in (("weights only", False), ("answers and weights", assessment)):
        rank_acceptability(assessment.situation, rules, n=1000, answers=option)
        runs = []
        for seed in range(50):
            start = time.perf_counter()
            rank_acceptability(assessment.situation, rules, n=1000, seed=seed, answers=option)
            runs.append(time.perf_counter() - start)
        print(
            f"rank_acceptability, 1,000 samples, {label}: median "
            f"{statistics.median(runs) * 1e3:.1f} ms, p95 {np.percentile(runs, 95) * 1e3:.1f} ms"
            + (" (target <= 50 ms)" if option is not False else "")
        )

    values = random_situations(rules, args.n)
    start = time.perf_counter()
    for row in values:
        score(row, rules)
    elapsed = time.perf_counter() - start
    print(
        f"score() in a loop over {args.n:,} random situations (dicts, validated): "
        f"{elapsed:.2f} s = {args.n / elapsed:,.0f} situations/s"
    )


if __name__ == "__main__":
    main()
