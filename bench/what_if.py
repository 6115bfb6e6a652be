"""The national what-if: 280 corporations x 100 policy scenarios x 10,000 weight samples.

Run: python bench/what_if.py [--corporations 280] [--scenarios 100] [--n 10000]

On one core (pinned), prints the time of ``sw.what_if`` for 2.8e8 evaluations and its ratio
to the analyst's own numpy (73 s on the reference machine; target <= 20 s), and checks a few
rows against ``rank_acceptability`` and ``score`` (they must be equal, not close).
"""

from __future__ import annotations

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

import argparse  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import samenwerking as sw  # noqa: E402
from samenwerking.portfolio import apply_scenarios, scenario_plan  # noqa: E402
from samenwerking.rules.sampling import realistic_sample  # noqa: E402

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"
ANALYSTS_OWN_NUMPY_S = 73.0


def portfolio(rules: sw.RuleSet, size: int) -> pd.DataFrame:
    """``size`` realistic corporations, named like a national register."""
    sample = realistic_sample(rules, size, seed=7)
    frame = pd.DataFrame(sample, index=[f"corporatie {i + 1:03d}" for i in range(size)])
    return frame[list(rules.factor_ids)]


def policy_scenarios(rules: sw.RuleSet, count: int) -> dict[str, dict[str, object]]:
    """``count`` scenarios: one or two scale factors shifted by -2..+2, or set to 1 or 5."""
    rng = np.random.default_rng(11)
    scales = [f.id for f in rules.factors if not f.integer]
    found: dict[str, dict[str, object]] = {}
    while len(found) < count:
        chosen = rng.choice(scales, size=rng.integers(1, 3), replace=False)
        changes: dict[str, object] = {}
        for factor in chosen:
            kind = rng.integers(0, 3)
            changes[str(factor)] = (
                {"set": float(rng.choice([1, 5]))}
                if kind == 0
                else float(rng.choice([-2, -1, 1, 2]))
            )
        found[f"scenario {len(found) + 1:03d}"] = changes
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corporations", type=int, default=280)
    parser.add_argument("--scenarios", type=int, default=100)
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    rules = sw.load_rules(RULES_DIR)
    frame = portfolio(rules, args.corporations)
    scenarios = policy_scenarios(rules, args.scenarios)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sw.ScenarioClippedWarning)
        sw.what_if(frame.head(2), scenarios, n=100, seed=0, rules=rules)  # warm-up
        start = time.perf_counter()
        result = sw.what_if(frame, scenarios, n=args.n, seed=42, rules=rules, baseline=None)
        elapsed = time.perf_counter() - start
    evaluations = args.corporations * args.scenarios * args.n
    print(
        f"what_if: {args.corporations} corporations x {args.scenarios} scenarios x "
        f"{args.n:,} weight samples = {evaluations:.2e} evaluations in {elapsed:.1f} s on one "
        f"core (target <= 20 s) -> {ANALYSTS_OWN_NUMPY_S / elapsed:.1f}x faster than the "
        f"analyst's own numpy ({ANALYSTS_OWN_NUMPY_S:.0f} s)"
    )

    # Equal, not close: a few rows against rank_acceptability and score.
    plan = scenario_plan(scenarios, rules, None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sw.ScenarioClippedWarning)
        stacked, _ = apply_scenarios(
            {f: frame[f].to_numpy(dtype=float) for f in rules.factor_ids}, plan, rules
        )
    names = list(plan)
    rng = np.random.default_rng(0)
    for row in rng.choice(len(frame) * len(names), size=5, replace=False):
        situation = {f: float(stacked[f][row]) for f in rules.factor_ids}
        corporation, scenario = frame.index[row // len(names)], names[row % len(names)]
        expected = sw.rank_acceptability(situation, rules, n=args.n, seed=42)
        top = sw.score(situation, rules).top
        got = result[(result.corporation == corporation) & (result.scenario == scenario)]
        for form, share, mean_rank, is_top in got[
            ["form", "share_first", "mean_rank", "top"]
        ].itertuples(index=False):
            assert share == expected.first[form], (corporation, scenario, form)
            assert mean_rank == expected.mean_rank[form], (corporation, scenario, form)
            assert is_top == (form == top), (corporation, scenario, form)
    print("5 sampled rows equal rank_acceptability and score exactly")


if __name__ == "__main__":
    main()
