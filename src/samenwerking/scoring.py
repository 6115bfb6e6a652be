"""Score one situation with one rule set: an :class:`Advice` whose every point is explained.

How a score is made
-------------------
Each form starts at the rule set's base score (50: no rule speaks for or against it). Every
rule whose condition holds adds its effect, multiplied by the weight of the rule's theme.
The sum of weighted points is then scaled by one factor, the same for all forms::

    score = base + weighted_points * (50 / reach)

where ``reach`` is the most weighted points any form could gain or lose in any situation,
computed from the rules' ranges at load time. So scores stay within 0-100 *without clipping*,
differences between forms keep their meaning, and multiplying every weight by the same number
changes nothing. Each contribution is a rule's scaled points, so they add up to the score.

A knock-out sets a form's score to 0 through one extra contribution that cancels the rest,
and shows why.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from samenwerking.rules.loader import load_rules
from samenwerking.rules.ruleset import RuleSet, RuleSetInfo
from samenwerking.rules.schema import Text
from samenwerking.situation import Situation, validate_situation
from samenwerking.translations import translate
from samenwerking.weights import check_weights

BASE_RULE_ID = "base"
SCORE_RANGE = 100.0


class Contribution(BaseModel):
    """Points one rule gives one form, with why and on what authority."""

    model_config = ConfigDict(frozen=True)

    rule_id: str
    points: float
    kind: Literal["base", "rule", "knockout"] = "rule"
    theme: str | None = None
    reason: Text
    source: str = ""
    evidence: list[str] = Field(
        default_factory=list,
        description="Kinds of evidence behind the rule: literature, law, seed, expert_judgement.",
    )


class Knockout(BaseModel):
    """A form ruled out for this situation, with the reason."""

    model_config = ConfigDict(frozen=True)

    form: str
    rule_id: str
    reason: Text
    source: str
    evidence: list[str] = Field(default_factory=list)


class Advice(BaseModel):
    """The result of scoring one situation: scores, ranking, explanations, knock-outs.

    Examples
    --------
    >>> from samenwerking import Situation, score
    >>> advice = score(Situation.example())
    >>> advice.ranking[0] == max(advice.scores, key=advice.scores.get)
    True
    >>> round(sum(c.points for c in advice.contributions["merger"]), 9) == round(
    ...     advice.scores["merger"], 9)
    True
    """

    model_config = ConfigDict(frozen=True)

    situation: Situation
    weights: dict[str, float]
    ranking: list[str] = Field(description="Form ids, best first.")
    scores: dict[str, float] = Field(description="Score 0-100 per form id.")
    contributions: dict[str, list[Contribution]]
    knockouts: list[Knockout]
    rules: RuleSetInfo
    clear: bool = Field(
        True,
        description="False when the best forms lie within the rule set's clear_margin of each "
        "other: 'geen duidelijk advies'.",
    )
    close_forms: list[str] = Field(
        default_factory=list,
        description="The forms within the margin of the best, best first (the best alone "
        "when the advice is clear).",
    )
    advised: str = Field(
        "",
        description="The form to start with: the best, or, when forms are close, the most "
        "reversible of them ('zo licht als mogelijk', Kaats & Opheij).",
    )

    @property
    def top(self) -> str:
        """The best-ranked form."""
        return self.ranking[0]

    @property
    def margin(self) -> float:
        """Score points between the first and second form: how clear-cut the advice is."""
        return self.scores[self.ranking[0]] - self.scores[self.ranking[1]]

    def is_knocked_out(self, form: str) -> bool:
        """Whether ``form`` is ruled out."""
        return any(k.form == form for k in self.knockouts)

    def reasons(self, form: str, n: int = 3) -> list[Contribution]:
        """The ``n`` rules that moved ``form``'s score most, largest effect first."""
        rules = [c for c in self.contributions[form] if c.kind != "base" and c.points != 0]
        return sorted(rules, key=lambda c: (-abs(c.points), c.rule_id))[:n]

    def __repr__(self) -> str:
        ranked = ", ".join(f"{f} {self.scores[f]:.1f}" for f in self.ranking)
        return f"<Advice {ranked} | rules {self.rules}>"

    __str__ = __repr__


def normalise_weights(rules: RuleSet, weights: Mapping[str, Any] | None) -> dict[str, float]:
    """Theme weights with the rule set's defaults filled in: :func:`check_weights`."""
    return check_weights(rules, weights)


def theme_multipliers(rules: RuleSet, weights: Mapping[str, Any]) -> dict[str, Any]:
    """Score points per rule point for each theme: its weight times the common scale.

    Weights are first divided by the largest, so extreme values (1e-308 or 1e308) cannot
    overflow; the scale then makes the reach of the most-affected form exactly the headroom
    between the base score and 0 or 100 (see the module docs).

    ``weights`` may hold floats (one weighting) or equally long arrays (one weighting per
    element, as in weight sampling); both take the same floating-point steps in the same
    order, so a sampled weighting equal to the given one reproduces ``score`` bit for bit.
    """
    if all(isinstance(w, float | int) for w in weights.values()):
        return dict(_scalar_multipliers(rules, tuple(float(weights[t]) for t in rules.theme_ids)))
    return _multipliers(rules, weights)


@lru_cache(maxsize=512)
def _scalar_multipliers(
    rules: RuleSet, weights: tuple[float, ...]
) -> tuple[tuple[str, float], ...]:
    """One weighting's multipliers, cached: directors move one slider among few weightings."""
    multipliers = _multipliers(rules, dict(zip(rules.theme_ids, weights, strict=True)))
    return tuple((t, float(m)) for t, m in multipliers.items())


def _multipliers(rules: RuleSet, weights: Mapping[str, Any]) -> dict[str, Any]:
    themes = rules.theme_ids
    top = weights[themes[0]]
    for theme in themes[1:]:
        top = np.maximum(top, weights[theme])
    gain, loss = rules.point_bounds
    headroom = min(rules.metadata.base_score, SCORE_RANGE - rules.metadata.base_score)
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = {t: np.where(top > 0, weights[t] / top, 0.0) for t in themes}
        reach = np.zeros_like(top, dtype=float)
        for bounds in (gain, loss):
            for form_row in bounds:
                total = 0.0
                for column, theme in enumerate(themes):
                    total = total + form_row[column] * relative[theme]
                reach = np.maximum(reach, total)
        divisor = np.where(reach > 0, reach, 1.0)
        multipliers = {
            t: headroom * np.where(reach > 0, relative[t] / divisor, 0.0) for t in themes
        }
    return multipliers


def score(
    situation: Situation | Mapping[str, Any],
    rules: RuleSet | None = None,
    weights: Mapping[str, Any] | None = None,
) -> Advice:
    """Score ``situation`` with ``rules`` (default: the bundled rules) and theme ``weights``.

    Raises :class:`~samenwerking.errors.SituationError` when the situation does not fit the
    rule set, and :class:`WeightsError` for unusable weights.
    """
    rules = rules or load_rules()
    checked = validate_situation(situation, rules)
    theme_weights = normalise_weights(rules, weights)
    multipliers = theme_multipliers(rules, theme_weights)
    values = checked.values()
    points, knocked = rule_points(values, rules, multipliers)
    base = rules.metadata.base_score
    contributions: dict[str, list[Contribution]] = {
        form: [
            Contribution(
                rule_id=BASE_RULE_ID,
                points=base,
                kind="base",
                reason=translate("base_reason"),
                source=f"{rules.metadata.name} {rules.metadata.version}: base_score",
            )
        ]
        for form in rules.form_ids
    }
    # The kernel's points summed rule by rule in rule-set order (base first), exactly as
    # total_scores does on arrays, so one situation scored either way gets identical scores.
    scores = dict.fromkeys(rules.form_ids, base)
    for rule, rule_score in zip(rules.rules, points, strict=True):
        if rule_score != 0.0:
            scores[rule.form] = scores[rule.form] + float(rule_score)
            contributions[rule.form].append(
                Contribution(
                    rule_id=rule.id,
                    points=float(rule_score),
                    theme=rule.theme,
                    reason=rule.reason,
                    source=rule.source,
                    evidence=list(rule.evidence),
                )
            )
    knockouts = [
        Knockout(
            form=k.form,
            rule_id=k.id,
            reason=k.reason,
            source=k.source,
            evidence=list(k.evidence),
        )
        for k, fired in zip(rules.knockouts, knocked, strict=True)
        if fired
    ]
    for knockout in knockouts:
        if scores[knockout.form] != 0.0:
            contributions[knockout.form].append(
                Contribution(
                    rule_id=knockout.rule_id,
                    points=-scores[knockout.form],
                    kind="knockout",
                    reason=knockout.reason,
                    source=knockout.source,
                    evidence=knockout.evidence,
                )
            )
            scores[knockout.form] = 0.0
    scores = {form: min(SCORE_RANGE, max(0.0, value)) for form, value in scores.items()}
    ranking = rank(scores, rules.form_ids)
    close = close_forms(scores, ranking, rules.metadata.clear_margin)
    return Advice(
        advised=lightest([f for f in close if f == ranking[0] or scores[f] > base], rules),
        situation=checked,
        weights=theme_weights,
        ranking=ranking,
        scores=scores,
        contributions=contributions,
        knockouts=knockouts,
        rules=rules.info,
        clear=len(close) == 1,
        close_forms=close,
    )


def is_clear(margin: Any, clear_margin: float) -> Any:
    """Whether a gap between the best two forms makes a clear advice (floats or arrays).

    The same test as :attr:`Advice.clear`: the runner-up lies at least ``clear_margin`` below
    the best, and is not tied with it.

    Examples
    --------
    >>> is_clear(3.0, 2.5), is_clear(1.0, 2.5), is_clear(0.0, 0.0)
    (True, False, False)
    """
    return (margin >= clear_margin) & (margin > 0)


def close_forms(scores: Mapping[str, float], ranking: list[str], margin: float) -> list[str]:
    """The forms that fit about as well as the best: less than ``margin`` below it, or tied.

    Examples
    --------
    >>> close_forms({"a": 60.0, "b": 58.5, "c": 40.0}, ["a", "b", "c"], 2.5)
    ['a', 'b']
    >>> close_forms({"a": 60.0, "b": 60.0}, ["a", "b"], 0.0)
    ['a', 'b']
    """
    best = scores[ranking[0]]
    return [f for f in ranking if f == ranking[0] or best - scores[f] < margin or scores[f] == best]


def lightest(close: list[str], rules: RuleSet) -> str:
    """Of forms that fit about as well, the most reversible (ties: the rule set's order).

    Kaats & Opheij: choose the organisational form "as light as possible"; a lighter form
    can still grow into a tighter one, the reverse is rare. :func:`score` passes the close
    forms that something speaks for (above the base score), and the best always.

    Examples
    --------
    >>> from samenwerking import load_rules
    >>> lightest(["merger", "franchise"], load_rules())
    'franchise'
    """
    position = {form: i for i, form in enumerate(rules.form_ids)}
    reversibility = {f.id: f.properties.reversibility for f in rules.forms}
    return max(close, key=lambda form: (reversibility[form], -position[form]))


def lightest_of_arrays(scores: np.ndarray, rules: RuleSet) -> np.ndarray:
    """:func:`lightest` for every column of a forms x situations score array: form indices.

    The same choice as :func:`score` makes: a form is a candidate when it is the best, or lies
    less than the clear margin below it with something speaking for it (above the base
    score); of those, the most reversible, then the first.
    """
    best = scores.max(axis=0)
    near = (best - scores) < rules.metadata.clear_margin
    top = np.argmax(scores, axis=0)  # the first of equal maxima, as the ranking has it
    is_top = np.arange(scores.shape[0])[:, None] == top[None, :]
    close = is_top | (near & (scores > rules.metadata.base_score))
    reversibility = [f.properties.reversibility for f in rules.forms]
    # Least preferred first, so each later (preferred) close form overwrites the choice.
    preference = sorted(range(len(reversibility)), key=lambda i: (reversibility[i], -i))
    chosen = np.full(scores.shape[1], -1, dtype=np.int8)
    for form in preference:
        chosen = np.where(close[form], form, chosen)
    return chosen


def rule_points(
    values: Mapping[str, Any], rules: RuleSet, multipliers: Mapping[str, Any]
) -> tuple[list[Any], list[Any]]:
    """The scoring kernel: each rule's score points and each knock-out's verdict.

    ``values`` and ``multipliers`` hold floats (one situation, one weighting) or equally long
    numpy arrays (many situations, or many weightings); the result has the same shape per
    rule. A rule that does not fire gives 0. Every way of scoring (``score``, ``score_many``,
    the sensitivity functions, ``rules profile``) goes through here, so they agree by
    construction; they differ only in how they add the points up and explain them.
    """
    points: list[Any] = []
    for rule in rules.rules:
        if rule.when is None:
            points.append(rule.effect.evaluate(values) * multipliers[rule.theme])
            continue
        fires = rule.when.evaluate(values)
        if isinstance(fires, np.ndarray):
            effect = rule.effect.evaluate(values) * multipliers[rule.theme]
            points.append(np.where(fires, effect, 0.0))
        else:  # one situation: an effect that does not apply is not even evaluated
            points.append(rule.effect.evaluate(values) * multipliers[rule.theme] if fires else 0.0)
    return points, [knockout.when.evaluate(values) for knockout in rules.knockouts]


def total_scores(
    values: Mapping[str, Any], rules: RuleSet, multipliers: Mapping[str, Any], size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Scores (forms x ``size``) and knock-out flags: the kernel's points added up per form."""
    form_index = {form: i for i, form in enumerate(rules.form_ids)}
    points, knocked_by = rule_points(values, rules, multipliers)
    scores = np.full((len(rules.form_ids), size), rules.metadata.base_score)
    for rule, rule_score in zip(rules.rules, points, strict=True):
        row = form_index[rule.form]
        scores[row] = scores[row] + rule_score
    knocked = np.zeros_like(scores, dtype=bool)
    for knockout, fired in zip(rules.knockouts, knocked_by, strict=True):
        knocked[form_index[knockout.form]] |= np.asarray(fired, bool)
    scores[knocked] = 0.0
    np.clip(scores, 0.0, SCORE_RANGE, out=scores)
    return scores, knocked


def rank(scores: Mapping[str, float], order: tuple[str, ...]) -> list[str]:
    """Form ids by score, highest first; ties keep the rule set's order of forms.

    Examples
    --------
    >>> rank({"a": 40.0, "b": 60.0, "c": 40.0}, ("a", "b", "c"))
    ['b', 'a', 'c']
    """
    position = {form: i for i, form in enumerate(order)}
    return sorted(scores, key=lambda form: (-scores[form], position[form]))
