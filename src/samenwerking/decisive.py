"""The most decisive question first, and when the open questions can no longer change the advice.

A director's time is the scarce thing. From the answers so far, every question still open (or
answered "weet niet") is tried with each answer it can get; a question some of whose answers
change the best form is worth asking before one none of whose answers can. This is the value of
information over the answer range (Howard 1966), with every answer equally likely: the share of
a question's answers that change the advice, and how far its answers can put another form ahead.

When no answer to any open question, alone or together with the others (sampled), changes the
best form, the advice is settled: "Het advies ligt vast: de open vragen kunnen het niet meer
veranderen". Open factors stand at their neutral value meanwhile, where the rules are silent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from samenwerking.assessment import factor_values
from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.schema import Factor, Question
from samenwerking.scoring import (
    knock_out_and_clamp,
    normalise_weights,
    rank_arrays,
    theme_multipliers,
    theme_points,
    weighted_scores,
)
from samenwerking.uncertainty import answer_confidence, prior_sample, scale_of
from samenwerking.unknown import canonical_answer, is_dont_know, stand_in

#: Answers tried for a count question: quantiles of the factor's population.
_COUNT_QUANTILES = np.linspace(0.05, 0.95, 9)
#: Joint answers to all open questions drawn to check that the advice is settled.
SETTLE_SAMPLES = 2_000
#: Share of the open questions' possible answers that must keep the best form for the
#: advice to be called firm ("staat stevig"), short of settled.
FIRM_SHARE = 0.95


class QuestionValue(BaseModel):
    """How much answering one open question could change the advice."""

    model_config = ConfigDict(frozen=True)

    question: str
    factor: str
    changes: float
    """Share of the question's possible answers that make another form the best."""
    new_tops: list[str]
    """The forms those answers would make the best, in the rule set's order."""
    closest: float
    """The least lead, over its answers, of the current best form over the next (points)."""


def open_questions(answers: Mapping[str, Any], rules: RuleSet) -> list[tuple[Question, str]]:
    """Questions not answered yet or answered "weet niet", with their factor, in order.

    Conditions (``kind: context``) are left out: they feed no factor, so cannot move the advice.
    """
    return [
        (q, q.factor)
        for q in rules.questions
        if q.factor is not None and (q.id not in answers or is_dont_know(answers[q.id]))
    ]


def current_values(answers: Mapping[str, Any], rules: RuleSet) -> dict[str, float]:
    """The situation the answers so far give; factors without a known answer at neutral."""
    known = factor_values(answers, rules)
    values = {}
    for factor in rules.factors:
        value = known.get(factor.id, stand_in(factor))
        values[factor.id] = float(round(value)) if factor.integer else value
    return values


def decisive_questions(
    answers: Mapping[str, Any],
    rules: RuleSet,
    weights: Mapping[str, Any] | None = None,
) -> list[QuestionValue]:
    """The open and "weet niet" questions, the one most likely to change the advice first.

    Each is tried with every answer on the scale (a count with nine quantiles of its
    population), the other answers as they are. The questions some of whose answers change
    the best form come first, ordered by how far their answers can put another form ahead;
    then the others, by how close they can bring another form; ties in questionnaire order.

    Parameters
    ----------
    answers:
        Questionnaire answers by question id (a number or "weet niet"); open ones left out.
    rules:
        The rule set the questionnaire belongs to.
    weights:
        Theme weights; default the rule set's own.

    Returns
    -------
    list of QuestionValue
        The open questions, the one most likely to change the best form first.
    """
    answers = {k: canonical_answer(v) for k, v in answers.items()}
    questions = open_questions(answers, rules)
    if not questions:
        return []
    base = current_values(answers, rules)
    items = _known_items(answers, rules)
    rows: list[tuple[int, float]] = []
    for index, (question, factor_id) in enumerate(questions):
        factor = rules.factors_by_id[factor_id]
        for option in answer_options(question, factor, rules):
            rows.append((index, _value_with(factor, items[factor.id], option, question, rules)))
    columns = {f: np.full(len(rows), v) for f, v in base.items()}
    for row, (index, value) in enumerate(rows):
        columns[questions[index][1]][row] = value
    multipliers = _multipliers(rules, weights)
    scores = _scores(columns, rules, multipliers, len(rows))
    now = _scores({f: np.array([v]) for f, v in base.items()}, rules, multipliers, 1)
    top = int(rank_arrays(now)[1][0])
    tops = rank_arrays(scores)[1]
    others = np.delete(scores, top, axis=0).max(axis=0)
    lead = scores[top] - others
    owner = np.array([index for index, _ in rows])
    forms = rules.form_ids
    values = []
    for index, (question, factor_id) in enumerate(questions):
        mine = owner == index
        changed = tops[mine] != top
        values.append(
            QuestionValue(
                question=question.id,
                factor=factor_id,
                changes=float(changed.mean()),
                new_tops=[forms[i] for i in sorted(set(tops[mine][changed].tolist()))],
                closest=float(lead[mine].min()),
            )
        )
    order = {q.id: i for i, (q, _) in enumerate(questions)}
    # A question that can change the advice always goes before one that cannot; among them,
    # the one with an answer that puts another form furthest ahead goes first (on the
    # realistic sample this settles the advice sooner than ordering by the share of answers
    # that change it: bench/questions_saved.py).
    return sorted(values, key=lambda v: (v.changes == 0, v.closest, -v.changes, order[v.question]))


def advice_settled(
    answers: Mapping[str, Any],
    rules: RuleSet,
    weights: Mapping[str, Any] | None = None,
    *,
    n: int = SETTLE_SAMPLES,
    seed: int = 0,
) -> bool:
    """Whether no answers to the open questions can change the best form any more.

    Each open question alone is tried with every answer (:func:`decisive_questions`), and
    ``n`` sets of answers to all of them together are drawn (every answer on the scale
    equally likely, a count from its population): settled when none changes the best form.

    Parameters
    ----------
    answers:
        Questionnaire answers by question id (a number or "weet niet"); open ones left out.
    rules:
        The rule set the questionnaire belongs to.
    weights:
        Theme weights; default the rule set's own.
    n:
        Sets of answers to all open questions together that are tried.
    seed:
        Seed of the drawing (the same seed gives the same verdict).

    Returns
    -------
    bool
        True when no answer to the open questions changes the best form.
    """
    answers = {k: canonical_answer(v) for k, v in answers.items()}
    if not open_questions(answers, rules):
        return True
    if any(v.changes > 0 for v in decisive_questions(answers, rules, weights)):
        return False
    return open_answers_keeping(answers, rules, weights, n=n, seed=seed) == 1.0


def open_answers_keeping(
    answers: Mapping[str, Any],
    rules: RuleSet,
    weights: Mapping[str, Any] | None = None,
    *,
    n: int = SETTLE_SAMPLES,
    seed: int = 0,
) -> float:
    """The share of ``n`` sets of answers to every open question that keep the best form.

    Every answer on the scale is equally likely, a count comes from its population. 1.0 is
    necessary (not sufficient: see :func:`advice_settled`) for a settled advice; 0.95 or more
    makes it firm ("het advies staat stevig").
    """
    answers = {k: canonical_answer(v) for k, v in answers.items()}
    questions = open_questions(answers, rules)
    if not questions:
        return 1.0
    rng = np.random.default_rng(seed)
    base = current_values(answers, rules)
    items = _known_items(answers, rules)
    low, high = scale_of(rules)
    columns = {f: np.full(n, v) for f, v in base.items()}
    for factor_id in {f for _, f in questions}:
        factor = rules.factors_by_id[factor_id]
        asked = [q for q, f in questions if f == factor_id]
        if factor.integer:
            columns[factor_id] = prior_sample(factor, rules, n, rng)
            continue
        drawn = [rng.integers(int(low), int(high) + 1, n).astype(float) for _ in asked]
        known = [np.full(n, item) for item in items[factor_id]]
        mean = np.mean(np.stack(known + drawn), axis=0)
        columns[factor_id] = factor.minimum + (mean - low) / (high - low) * (
            factor.maximum - factor.minimum
        )
    multipliers = _multipliers(rules, weights)
    now = _scores({f: np.array([v]) for f, v in base.items()}, rules, multipliers, 1)
    top = int(rank_arrays(now)[1][0])
    return float(np.mean(rank_arrays(_scores(columns, rules, multipliers, n))[1] == top))


def _known_items(answers: Mapping[str, Any], rules: RuleSet) -> dict[str, tuple[float, ...]]:
    """Per factor its known answers (on the answer scale, reverse ones flipped; or counts)."""
    return {f: c.items for f, c in answer_confidence(answers, rules).items()}


def answer_options(question: Question, factor: Factor, rules: RuleSet) -> np.ndarray:
    """The answers a question is tried with."""
    if question.kind == "number":
        population = prior_sample(factor, rules, 4_001, np.random.default_rng(0))
        return np.unique(np.round(np.quantile(population, _COUNT_QUANTILES)))
    low, high = scale_of(rules)
    return np.arange(low, high + 1)


def _value_with(
    factor: Factor, items: tuple[float, ...], option: float, question: Question, rules: RuleSet
) -> float:
    """The factor's value once ``question`` is answered ``option`` (the others as they are)."""
    if question.kind == "number":
        return float(np.mean([*items, option]))
    low, high = scale_of(rules)
    answer = low + high - option if question.reverse else option
    mean = float(np.mean([*items, answer]))
    return factor.minimum + (mean - low) / (high - low) * (factor.maximum - factor.minimum)


def _multipliers(rules: RuleSet, weights: Mapping[str, Any] | None) -> list[float]:
    found = theme_multipliers(rules, normalise_weights(rules, weights))
    return [float(found[t]) for t in rules.theme_ids]


def _scores(
    columns: Mapping[str, np.ndarray], rules: RuleSet, multipliers: list[float], size: int
) -> np.ndarray:
    points, knocked = theme_points(columns, rules, size)
    return knock_out_and_clamp(weighted_scores(points, multipliers, rules), knocked)
