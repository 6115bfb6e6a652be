"""Throughput of the analysts' API against per-problem MCDA loops, on one core.

Run: python bench/throughput.py [--n 1000000]   (pip install -e ".[bench]" for pymcdm)

Prints, in one run: score_many situations/s on N random situations (checked, and with
validate=False for frames that already passed check_rows); the *floor* for this model, a
hand-written numpy evaluation of the bundled rules (each condition a boolean mask times its
effect, summed per form, then ranked), checked equal to score_many; the ratio of the two; a
loop of score(), and a loop of pymcdm TOPSIS on equally sized decision matrices (5 forms x 5
themes), with ratios; the peak memory of score_many; and the times of rank_acceptability
(10,000 samples) and flip_points. Targets: score_many >= 0.8 of the floor, >= 200x the pymcdm
loop, < 1 GB peak, rank_acceptability < 50 ms, flip_points < 20 ms.
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
from samenwerking.scoring import normalise_weights, theme_multipliers  # noqa: E402
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


def floor(frame: pd.DataFrame, m: dict[str, float]) -> dict[str, np.ndarray]:
    """The bundled rules written out by hand in plain numpy: the floor for this model.

    Each rule is its condition as a boolean mask times its effect times its theme's
    multiplier, added to its form; knock-outs set a form to 0; then top, ranks and margin.
    No checks, no chunks, no DataFrame: the least work that gives score_many's numbers.
    Kept in step with rules/*.yaml by the equality check in main().
    """
    c = {name: frame[name].to_numpy(dtype=float) for name in frame.columns}
    burden, continuity = c["administrative_burden"], c["continuity_risk"]
    social, diversity = c["social_complexity"], c["partner_diversity"]
    autonomy, goals, trust = c["required_autonomy"], c["goal_consensus"], c["trust"]
    urgency, budget, tenant = c["urgency"], c["financial_pressure"], c["tenant_value"]
    path, hood, skills = c["client_path"], c["neighbourhood_focus"], c["network_competencies"]
    dwellings, partner_dwellings = c["dwellings"], c["partner_dwellings"]
    corporations, partners, failed = (
        c["partner_corporations"],
        c["partner_count"],
        c["failed_talks"],
    )
    eff, soc, aut, ten, fea = (
        m["efficiency"],
        m["social_impact"],
        m["autonomy"],
        m["tenant_value"],
        m["feasibility"],
    )
    together = dwellings + partner_dwellings
    merger = (
        50.0
        + np.where(continuity > 3, 4 * (continuity - 3), 0.0) * eff
        + np.where(
            (dwellings < 2500) & (together <= 5000) & (corporations >= 1),
            np.minimum(3, np.maximum(0, 2500 - dwellings) / 600),
            0.0,
        )
        * eff
        + np.where(together > 5000, -np.minimum(8, (together - 5000) / 1250), 0.0) * eff
        + np.where((burden >= 4) & (corporations >= 1), 1.5 * (burden - 3), 0.0) * eff
        + np.where(corporations >= 3, -3 * (np.minimum(corporations, 6) - 2), 0.0) * fea
        + -2.5 * (np.minimum(autonomy, 4) - 3) * aut
        + 2 * np.minimum(goals - 3, 0) * fea
        + 3 * np.minimum(trust - 3, 0) * fea
        + np.where(failed >= 4, -4 * (failed - 3), 0.0) * fea
        + np.where(social >= 4, -1.5 * (social - 3), 0.0) * soc
        + np.where(diversity >= 4, -1.5 * (diversity - 3), 0.0) * soc
        + np.where(urgency >= 4, -1.5 * (urgency - 3), 0.0) * fea
    )
    merger[(autonomy >= 4.5) | (corporations < 1) | (trust <= 1.5)] = 0.0
    franchise = (
        50.0
        + np.where(burden >= 4, 2 * (burden - 3), 0.0) * eff
        + np.where(continuity >= 4, continuity - 3, 0.0) * eff
        + np.where(budget >= 4, budget - 3, 0.0) * eff
        + 0.5 * (autonomy - 3) * aut
        + 1.5 * np.minimum(trust - 3, 0) * fea
        + np.minimum(goals - 3, 0) * fea
        + np.where(diversity >= 4, -1.5 * (diversity - 3), 0.0) * soc
        + np.where(social >= 4, -1.5 * (social - 3), 0.0) * soc
        + np.where(urgency >= 4, urgency - 3, 0.0) * fea
        + np.where(
            (corporations >= 3) & (diversity <= 2), 1.5 * (np.minimum(corporations, 6) - 2), 0.0
        )
        * eff
    )
    network = (
        50.0
        + np.where((social >= 3) & (diversity >= 3), 3 * (social - 3), 0.0) * soc
        + np.where(diversity >= 3, 1.5 * (diversity - 3), 0.0) * soc
        + -1 * (autonomy - 3) * aut
        + 3 * np.minimum(goals - 3, 0) * fea
        + 2 * np.minimum(trust - 3, 0) * fea
        + np.where((tenant >= 4) & (social >= 4) & (diversity >= 3), 1.5 * (tenant - 3), 0.0) * ten
        + np.where(urgency >= 4, -1.5 * (urgency - 3), 0.0) * fea
        + np.where((budget >= 4) & (social >= 3), budget - 3, 0.0) * soc
        + np.where(diversity <= 2, -3 * (3 - diversity), 0.0) * soc
        + np.where(goals >= 4, goals - 3, 0.0) * fea
    )
    network[(partners < 2) | (diversity < 1.5)] = 0.0
    chain = (
        50.0
        + np.where((path >= 3) & (diversity >= 2) & (social >= 3), 3 * (path - 3), 0.0) * soc
        + np.where(path <= 2, -2 * (3 - path), 0.0) * soc
        + np.where((social >= 4) & (path >= 3), social - 3, 0.0) * soc
        + np.where((tenant >= 4) & (path >= 3), 1.5 * (tenant - 3), 0.0) * ten
        + (autonomy - 3) * aut
        + (goals - 3) * fea
        + (trust - 3) * fea
        + np.where(skills >= 4, skills - 3, 0.0) * fea
    )
    chain[partners < 1] = 0.0
    social_network = (
        50.0
        + np.where((hood >= 3) & (diversity >= 3), 3 * (hood - 3), 0.0) * soc
        + np.where(hood <= 2, -2 * (3 - hood), 0.0) * soc
        + np.where(diversity <= 2, -2 * (3 - diversity), 0.0) * soc
        + 2 * (autonomy - 3) * aut
        + np.where(skills >= 4, -1.5 * (skills - 3), 0.0) * fea
        + np.where(urgency >= 4, urgency - 3, 0.0) * fea
    )
    scores = np.clip(np.stack([merger, franchise, network, chain, social_network]), 0, 100)
    order = np.argsort(-scores, axis=0, kind="stable")
    ranks = np.argsort(order, axis=0) + 1
    top = order[0]
    ordered = np.take_along_axis(scores, order[:2], axis=0)
    return {"scores": scores, "ranks": ranks, "top": top, "margin": ordered[0] - ordered[1]}


def check_floor(found: dict[str, np.ndarray], result: pd.DataFrame, forms: tuple[str, ...]) -> None:
    """The floor gives score_many's numbers (to rounding; tops equal wherever not tied)."""
    scores = result[[f"score_{f}" for f in forms]].to_numpy().T
    if not np.allclose(found["scores"], scores, rtol=0, atol=1e-9):
        raise SystemExit("the floor and score_many disagree: update floor() to rules/*.yaml")
    untied = found["margin"] > 1e-9
    tops = result["top"].cat.codes.to_numpy()
    if not (found["top"][untied] == tops[untied]).all():
        raise SystemExit("the floor and score_many rank differently")


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
    unchecked = args.n / timed(lambda: score_many(frame, rules, validate=False), 5)
    multipliers = theme_multipliers(rules, normalise_weights(rules, None))
    check_floor(floor(frame, multipliers), score_many(frame, rules), rules.form_ids)
    floor_rate = args.n / timed(lambda: floor(frame, multipliers), 5)
    print(
        f"score_many(validate=False): {unchecked:,.0f} /s; the floor (the rules by hand in "
        f"numpy, equal results): {floor_rate:,.0f} /s -> ratio {unchecked / floor_rate:.2f} "
        f"(checked: {batch_rate / floor_rate:.2f}; target >= 0.8)"
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
