"""Questions saved by asking the most decisive question first (issue: honest answers).

Run: python bench/questions_saved.py [--situations 200] [--rules rules/] [--seed 3]

For each situation of the rule set's realistic population, a director's true answers are
made from its factor values (each item one answer step off with chance 0.4, as real items of
one factor disagree a little). The questionnaire is then answered in two orders, stopping as
soon as :func:`samenwerking.decisive.advice_settled` says the open questions can no longer
change the advice:

* most decisive first (:func:`samenwerking.decisive.decisive_questions`, recomputed after
  every answer);
* the questionnaire's own order (for comparison).

Prints how many questions each needed (median, quartiles), the share of situations settled
after at most half of the questions (the target: most), and how often the advice at the stop
equals the advice with every question answered (a settled advice must not be wrong).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import numpy as np

import samenwerking as sw
from samenwerking.decisive import advice_settled, current_values, decisive_questions
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


def asked_until_settled(rules: sw.RuleSet, truth: dict, decisive: bool) -> tuple[int, str]:
    asked: dict[str, Any] = {}
    order = [q.id for q in rules.questions if q.factor is not None]
    while not advice_settled(asked, rules):
        if decisive:
            question = decisive_questions(asked, rules)[0].question
        else:
            question = next(q for q in order if q not in asked)
        asked[question] = truth[question]
    return len(asked), top_of(rules, asked)


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
    results: dict[str, list[int]] = {"decisive": [], "questionnaire": []}
    agree = {"decisive": 0, "questionnaire": 0}
    started = time.perf_counter()
    for i in range(args.situations):
        values = {f: float(column[i]) for f, column in sample.items()}
        truth = true_answers(rules, values, rng)
        full = top_of(rules, truth)
        for name in results:
            count, top = asked_until_settled(rules, truth, decisive=name == "decisive")
            results[name].append(count)
            agree[name] += top == full
    elapsed = time.perf_counter() - started
    print(
        f"{args.situations} realistic situations, {total} questions that feed a factor "
        f"(conditions left out: they cannot change the advice) ({elapsed:.1f} s)"
    )
    for name, counts in results.items():
        array = np.array(counts)
        q1, median, q3 = np.percentile(array, [25, 50, 75])
        half = np.mean(array <= total / 2)
        print(
            f"{name:>13}: median {median:.0f} questions (quartiles {q1:.0f}-{q3:.0f}), "
            f"saved {1 - median / total:.0%}; settled within half: {half:.0%}; "
            f"advice at the stop = full advice: {agree[name] / args.situations:.0%}"
        )


if __name__ == "__main__":
    main()
