"""What the answers do not settle: "weet niet", how sure each factor is, and answers sampled.

A director who does not know how far the partners trust each other must be able to say so.
"Weet niet" (:data:`DONT_KNOW`) is an answer of its own, distinct from skipping a question
(no answer yet) and from "Neutraal" (the middle of the scale, a statement about the
partners). A factor answered only with "weet niet" has no value: in the firmness of the
advice it varies over its whole range (or over the population the rule set declares in
``sample.yaml``), and in the single score it stands at the factor's neutral value, where the
rules say nothing either way, so it adds no points to any form.

How sure a factor is follows from its answers (how many "weet niet", how far its items
disagree) and, optionally, from what the director states ("zeker", "redelijk zeker",
"onzeker"); the less sure of the two counts. The widths below are the makers' judgement:
an answer on a five-point scale is known to half a step (its rounding), "redelijk zeker"
to a step, "onzeker" to two steps; disagreeing items widen a factor by half their standard
deviation. A count (dwellings, partners) is a fact unless the director says otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.sampling import draw_values
from samenwerking.rules.schema import Factor
from samenwerking.unknown import is_dont_know

Confidence = Literal["zeker", "redelijk_zeker", "onzeker", "onbekend"]
#: What a director may state about a factor, surest first.
STATED_LEVELS: tuple[Confidence, ...] = ("zeker", "redelijk_zeker", "onzeker")
_ORDER: dict[str, int] = {"zeker": 0, "redelijk_zeker": 1, "onzeker": 2, "onbekend": 3}
#: Half-width, in answer steps, of the range within which an answer may lie.
_ITEM_HALF_WIDTH = {"zeker": 0.5, "redelijk_zeker": 1.0, "onzeker": 2.0}
#: Relative width (on a log scale) of a count the director is not sure of.
_COUNT_WIDTH = {"zeker": 0.0, "redelijk_zeker": 0.1, "onzeker": 0.3}
#: Item disagreement (standard deviation in answer steps) that makes a factor less sure.
_DISAGREEMENT_SOMEWHAT, _DISAGREEMENT_UNSURE = 0.75, 1.5


class FactorConfidence(BaseModel):
    """How sure one factor is, and the answers it rests on (the input to sampling).

    ``items`` are the known answers on the answer scale with reverse-scored ones flipped (for
    a count: the count itself); ``dont_know`` the "weet niet" answers among its questions.
    """

    model_config = ConfigDict(frozen=True)

    factor: str
    level: Confidence
    derived: Confidence
    stated: Confidence | None = None
    items: tuple[float, ...] = ()
    dont_know: int = 0
    disagreement: float = 0.0

    @property
    def known(self) -> bool:
        """Whether any answer gives the factor a value."""
        return bool(self.items)


def derived_level(known: int, dont_know: int, disagreement: float) -> Confidence:
    """How sure a factor is from its answers alone.

    Examples
    --------
    >>> derived_level(3, 0, 0.0), derived_level(2, 1, 0.0), derived_level(1, 1, 0.0)
    ('zeker', 'redelijk_zeker', 'onzeker')
    >>> derived_level(0, 2, 0.0), derived_level(3, 0, 1.6)
    ('onbekend', 'onzeker')
    """
    if known == 0:
        return "onbekend"
    if dont_know >= known or disagreement >= _DISAGREEMENT_UNSURE:
        return "onzeker"
    if dont_know or disagreement >= _DISAGREEMENT_SOMEWHAT:
        return "redelijk_zeker"
    return "zeker"


def less_sure(first: Confidence, second: Confidence | None) -> Confidence:
    """The less sure of two levels (``second`` may be absent)."""
    if second is None:
        return first
    return first if _ORDER[first] >= _ORDER[second] else second


def scale_of(rules: RuleSet) -> tuple[float, float]:
    """The answer scale's ends (1 to 5 when a rule set has no questionnaire)."""
    scale = rules.answer_scale
    return (1.0, 5.0) if scale is None else (float(scale.minimum), float(scale.maximum))


def to_answer_scale(factor: Factor, value: float, rules: RuleSet) -> float:
    """A factor value as the answer that gives it (the inverse of the questionnaire's map)."""
    low, high = scale_of(rules)
    return low + (value - factor.minimum) / (factor.maximum - factor.minimum) * (high - low)


def answer_confidence(
    answers: Mapping[str, Any],
    rules: RuleSet,
    stated: Mapping[str, str] | None = None,
) -> dict[str, FactorConfidence]:
    """How sure every factor is, from questionnaire ``answers`` (checked ones) and ``stated``.

    A factor none of whose questions has an answer yet is ``onbekend`` as well: until it is
    answered nothing is known of it.
    """
    low, high = scale_of(rules)
    known: dict[str, list[float]] = {f.id: [] for f in rules.factors}
    unknown = dict.fromkeys(known, 0)
    for question in rules.questions:
        if question.factor is None or question.id not in answers:
            continue
        answer = answers[question.id]
        if is_dont_know(answer):
            unknown[question.factor] += 1
            continue
        value = float(answer)
        if question.kind == "scale" and question.reverse:
            value = low + high - value
        known[question.factor].append(value)
    stated = stated or {}
    result = {}
    for factor in rules.factors:
        items = known[factor.id]
        spread = float(np.std(items)) if len(items) > 1 and not factor.integer else 0.0
        derived = derived_level(len(items), unknown[factor.id], spread)
        said = _stated(stated.get(factor.id))
        result[factor.id] = FactorConfidence(
            factor=factor.id,
            level=derived if derived == "onbekend" else less_sure(derived, said),
            derived=derived,
            stated=said,
            items=tuple(items),
            dont_know=unknown[factor.id],
            disagreement=round(spread, 9),
        )
    return result


def situation_confidence(
    values: Mapping[str, float],
    rules: RuleSet,
    unknown: frozenset[str] | set[str] = frozenset(),
    stated: Mapping[str, str] | None = None,
) -> dict[str, FactorConfidence]:
    """How sure every factor of a situation given as values is: each as one answer.

    A value on a scale is read as the answer that gives it, known to half an answer step (its
    rounding); a count as a fact; a factor in ``unknown`` as not known at all.
    """
    stated = stated or {}
    result = {}
    for factor in rules.factors:
        said = _stated(stated.get(factor.id))
        if factor.id in unknown:
            result[factor.id] = FactorConfidence(
                factor=factor.id, level="onbekend", derived="onbekend", stated=said
            )
            continue
        value = float(values[factor.id])
        item = value if factor.integer else to_answer_scale(factor, value, rules)
        result[factor.id] = FactorConfidence(
            factor=factor.id,
            level=less_sure("zeker", said),
            derived="zeker",
            stated=said,
            items=(item,),
        )
    return result


def _stated(value: object) -> Confidence | None:
    if isinstance(value, str):
        key = value.strip().casefold().replace(" ", "_")
        if key in STATED_LEVELS:
            return key
    return None


def stated_problem(value: object) -> str | None:
    """Why ``value`` is not a confidence a director can state (a text key), or None."""
    return None if _stated(value) is not None else "entry_confidence_unknown"


def sample_factor_values(
    confidence: Mapping[str, FactorConfidence],
    values: Mapping[str, float],
    rules: RuleSet,
    n: int,
    rng: np.random.Generator,
    only: frozenset[str] | None = None,
) -> dict[str, np.ndarray]:
    """``n`` situations drawn within what the answers leave open (every factor, or ``only``).

    A factor outside ``only``, or one that is a sure fact (a count nobody doubts), keeps its
    value in ``values``. One with answers varies each known answer within its level's width and
    each "weet niet" answer over the whole scale; one with no known answer varies over its
    whole range (its declared realistic population, for a count).
    """
    sampled: dict[str, np.ndarray] = {}
    for factor in rules.factors:
        current = float(values[factor.id])
        facts = confidence.get(factor.id)
        if facts is None or (only is not None and factor.id not in only):
            sampled[factor.id] = np.full(n, current)
            continue
        sampled[factor.id] = _factor_sample(factor, facts, current, rules, n, rng)
    return sampled


def varies(facts: FactorConfidence, factor: Factor) -> bool:
    """Whether sampling can move the factor at all (a sure count cannot)."""
    return not (factor.integer and facts.known and _COUNT_WIDTH[facts.level] == 0.0)


def _factor_sample(
    factor: Factor,
    facts: FactorConfidence,
    current: float,
    rules: RuleSet,
    n: int,
    rng: np.random.Generator,
) -> np.ndarray:
    if not facts.known:
        return prior_sample(factor, rules, n, rng)
    if factor.integer:
        width = _COUNT_WIDTH[facts.level]
        if width == 0.0:
            return np.full(n, current)
        spread = current * np.exp(rng.uniform(-width, width, n))
        return np.clip(np.round(spread), factor.minimum, factor.maximum)
    low, high = scale_of(rules)
    half = max(_ITEM_HALF_WIDTH[facts.level], 0.5 + facts.disagreement / 2)
    items = np.array(facts.items)
    known = np.clip(items + rng.uniform(-half, half, (n, len(items))), low, high)
    open_items = rng.uniform(low, high, (n, facts.dont_know))
    answers: np.ndarray = np.concatenate([known, open_items], axis=1).mean(axis=1)
    return factor.minimum + (answers - low) / (high - low) * (factor.maximum - factor.minimum)


def prior_sample(factor: Factor, rules: RuleSet, n: int, rng: np.random.Generator) -> np.ndarray:
    """A factor nothing is known of: its declared population, or its whole range."""
    declared = rules.sample.factors.get(factor.id) if rules.sample is not None else None
    kind: str
    if declared is not None:
        low = factor.minimum if declared.low is None else declared.low
        high = factor.maximum if declared.high is None else declared.high
        kind = declared.distribution
    elif factor.integer:
        low, high = factor.meaningful_range
        kind = "log"
    else:
        low, high, kind = factor.minimum, factor.maximum, "uniform"
    if kind == "whole_numbers" and not factor.integer:
        kind = "uniform"  # a scale nothing is known of varies over its whole range
    return draw_values(kind, low, high, factor.integer, n, rng)
