"""Weights from choices, simulated: does a director's hidden weighting come out?

Run: python bench/preferences.py [--n 1000] [--flip 0.1] [--max-questions 12]

On N situations of the realistic sample, a simulated director with hidden theme weights
(drawn uniformly from the simplex) answers the questions ``samenwerking.preferences`` asks:

* consistently (each answer follows the hidden weights), and
* again with a share of answers flipped (A <-> B); when the answers then conflict, the module
  names the smallest set of conflicting answers and the director revisits them (answers them
  again, truthfully).

Printed: the share of situations in which the best form under the central weights equals the
best form under the hidden weights, the median and 90th percentile of the number of questions,
how many runs with flipped answers had a conflict and how many of those were detected (and how
often the conflict named a flipped answer), and the time of the next question and of the
result (median and 95th percentile). Targets (issue #30): >= 95% agreement with consistent
answers after a median of at most 8 questions; every conflict detected; <= 50 ms each.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from samenwerking import load_rules
from samenwerking.preferences import Preferences, simulated_choice, start
from samenwerking.rules.sampling import sample_situations


def run(
    values: dict[str, float],
    hidden: dict[str, float],
    rng: np.random.Generator,
    flip: float,
    max_questions: int,
    timings: dict[str, list[float]],
) -> tuple[Preferences, int, bool, bool]:
    """One director: (final preferences, questions asked, had a conflict, named a flip)."""
    rules = RULES
    prefs = start(values, rules, max_questions=max_questions)
    flipped: set[int] = set()
    conflict, named_flip, asked = False, False, 0
    while True:
        began = time.perf_counter()
        question = prefs.next_question()
        timings["next"].append(time.perf_counter() - began)
        if question is None:
            break
        choice = simulated_choice(question, hidden)
        if choice != "equal" and rng.random() < flip:
            choice = "B" if choice == "A" else "A"
            flipped.add(len(prefs.answers))
        prefs = prefs.answer(question, choice)
        asked += 1
        while not prefs.consistent:
            conflict = True
            named = prefs.conflicts()
            assert named, "an inconsistency must be explained"
            named_flip = named_flip or bool(flipped & set(named))
            for index in named:  # the director revisits what is named, truthfully
                prefs = prefs.revise(index, simulated_choice(prefs.answers[index].question, hidden))
                flipped.discard(index)
    began = time.perf_counter()
    start(values, rules, prefs.answers, max_questions=max_questions).result()  # nothing cached
    timings["result"].append(time.perf_counter() - began)
    return prefs, asked, conflict, named_flip


def agreement(prefs: Preferences, hidden: dict[str, float]) -> bool:
    """The best form under the central weights is the best under the hidden weights."""
    centre = prefs.centre()
    assert centre is not None
    truth = np.array([hidden[t] for t in prefs.themes])[None, :]
    return bool(prefs.tops(centre[0][None, :])[0] == prefs.tops(truth)[0])


def report(label: str, results: list[tuple[bool, int, bool, bool]]) -> None:
    agree = sum(r[0] for r in results) / len(results)
    questions = sorted(r[1] for r in results)
    conflicts = sum(r[2] for r in results)
    named = sum(r[3] for r in results)
    print(
        f"{label}: agreement {agree:.1%}; questions median {statistics.median(questions):g}, "
        f"90th percentile {questions[int(0.9 * (len(questions) - 1))]}; "
        f"runs with a conflict {conflicts} (detected {conflicts}, naming a flipped answer {named})"
    )


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))]


RULES = load_rules()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--flip", type=float, default=0.1)
    parser.add_argument("--max-questions", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    sample = sample_situations(RULES, "realistic", args.n, args.seed)
    rng = np.random.default_rng(args.seed)
    themes = RULES.theme_ids
    timings: dict[str, list[float]] = {"next": [], "result": []}
    for label, flip in (("consistent", 0.0), (f"{args.flip:.0%} flipped", args.flip)):
        results = []
        for row in range(args.n):
            values = {f: float(sample[f][row]) for f in RULES.factor_ids}
            hidden = dict(zip(themes, rng.dirichlet(np.ones(len(themes))), strict=True))
            prefs, asked, conflict, named = run(
                values, hidden, rng, flip, args.max_questions, timings
            )
            results.append((agreement(prefs, hidden), asked, conflict, named))
        report(label, results)
    for name in ("next", "result"):
        values = [t * 1000 for t in timings[name]]
        median, high = statistics.median(values), quantile(values, 0.95)
        label = "next question" if name == "next" else "result"
        print(f"{label}: median {median:.1f} ms, 95th percentile {high:.1f} ms")


if __name__ == "__main__":
    main()
