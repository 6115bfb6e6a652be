"""Questions saved by asking the most decisive question first (issue: honest answers).

Run: python bench/questions_saved.py [--situations 200] [--rules rules/] [--seed 3]

For each situation of the rule set's realistic population, a director's true answers are
made from its factor values (each item one answer step off with chance 0.4, as real items of
one factor disagree a little). The questionnaire is then answered in two orders:

* most decisive first (:func:`samenwerking.decisive.decisive_questions`, recomputed after
  every answer);
* the questionnaire's own order (for comparison).

Two stops are counted in each order: *firm*, when no single open question can change the
advice and at least 95% of the possible answers to all open questions together keep it
(:func:`samenwerking.decisive.open_answers_keeping`); and *settled*, when none can
(:func:`samenwerking.decisive.advice_settled`, "Het advies ligt vast").

Prints how many questions each stop needed (median, quartiles), the share of situations
that stopped after at most half of the questions (the target: most, for a firm advice), and
how often the advice at the stop equals the advice with every question answered.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import numpy as np

import samenwerking as sw
from samenwerking.decisive import (
    FIRM_SHARE,
    advice_settled,
    current_values,
    decisive_questions,
    open_answers_keeping,
)
from samenwerking.rules.sampling import realistic_sample
from samenwerking.scoring import score
from samenwerking.uncertainty import scale_of, to_answer_scale

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"


def true_answers(rules: sw.RuleSet, values: dict[str, float], rng: np.random.Generator) -> dict:
    """The answers a director with this situation gives, item by item."""
    low, high = scale_of(rules)
    answers: dict[str, float] = {}
    for question in rules.questions:
        if question.factor is None:  # a condition: it cannot change the advice
            continue
        factor = rules.factors_by_id[question.factor]
        value = values[factor.id]
        if question.kind == "number":
            answers[question.id] = value
            continue
        answer = round(to_answer_scale(factor, value, rules))
        answer = int(np.clip(answer + rng.choice([-1, 0, 1], p=[0.2, 0.6, 0.2]), low, high))
        answers[question.id] = low + high - answer if question.reverse else answer
    return answers


def top_of(rules: sw.RuleSet, answers: dict[str, Any]) -> str:
    return score(current_values(answers, rules), rules).top


def firm(rules: sw.RuleSet, asked: dict[str, Any]) -> bool:
    """No single open question changes the advice, and 95% of their joint answers keep it."""
    if any(v.changes > 0 for v in decisive_questions(asked, rules)):
        return False
    return open_answers_keeping(asked, rules) >= FIRM_SHARE


def asked_until(rules: sw.RuleSet, truth: dict, decisive: bool) -> dict[str, tuple[int, str]]:
    """Questions asked, and the advice then, at the firm stop and the settled stop."""
    asked: dict[str, Any] = {}
    order = [q.id for q in rules.questions if q.factor is not None]
    stops: dict[str, tuple[int, str]] = {}
    while True:
        if "firm" not in stops and firm(rules, asked):
            stops["firm"] = (len(asked), top_of(rules, asked))
        if advice_settled(asked, rules):
            stops["settled"] = (len(asked), top_of(rules, asked))
            stops.setdefault("firm", stops["settled"])
            return stops
        if decisive:
            question = decisive_questions(asked, rules)[0].question
        else:
            question = next(q for q in order if q not in asked)
        asked[question] = truth[question]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--situations", type=int, default=200)
    parser.add_argument("--rules", type=Path, default=RULES_DIR)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    rules = sw.load_rules(args.rules)
    total = sum(q.factor is not None for q in rules.questions)
    sample = realistic_sample(rules, args.situations, seed=args.seed)
    rng = np.random.default_rng(args.seed)
    runs = [
        (order, stop) for order in ("decisive", "questionnaire") for stop in ("firm", "settled")
    ]
    results: dict[tuple[str, str], list[int]] = {run: [] for run in runs}
    agree = dict.fromkeys(runs, 0)
    started = time.perf_counter()
    for i in range(args.situations):
        values = {f: float(column[i]) for f, column in sample.items()}
        truth = true_answers(rules, values, rng)
        full = top_of(rules, truth)
        for order in ("decisive", "questionnaire"):
            stops = asked_until(rules, truth, decisive=order == "decisive")
            for stop, (count, top) in stops.items():
                results[order, stop].append(count)
                agree[order, stop] += top == full
    elapsed = time.perf_counter() - started
    print(
        f"{args.situations} realistic situations, {total} questions that feed a factor "
        f"(conditions left out: they cannot change the advice) ({elapsed:.1f} s)"
    )
    for (order, stop), counts in results.items():
        array = np.array(counts)
        q1, median, q3 = np.percentile(array, [25, 50, 75])
        half = np.mean(array <= total / 2)
        print(
            f"{order:>13}, {stop:>7}: median {median:.0f} questions (quartiles "
            f"{q1:.0f}-{q3:.0f}), saved {1 - median / total:.0%}; within half: {half:.0%}; "
            f"advice at the stop = full advice: {agree[order, stop] / args.situations:.0%}"
        )


if __name__ == "__main__":
    main()
