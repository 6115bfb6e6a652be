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

    Parameters
    ----------
    situation:
        A :class:`Situation` or a mapping of factor ids to values.
    rules:
        The rule set; default the bundled one.
    weights:
        Theme weights; themes left out keep the rule set's default.

    Returns
    -------
    Advice
        Scores, ranking and every rule's contribution.

    Raises
    ------
    SituationError
        The situation does not fit the rule set.
    WeightsError
        Unusable weights.
    """
    rules = rules or load_rules()
    checked = validate_situation(situation, rules)
    theme_weights = normalise_weights(rules, weights)
    multipliers = theme_multipliers(rules, theme_weights)
    values = checked.values()
    effects, verdicts = rule_effects(values, rules)
    points, knocked_rows = theme_points_of(effects, verdicts, rules, 1)
    unbounded = weighted_scores(points, [multipliers[t] for t in rules.theme_ids], rules)
    final = knock_out_and_clamp(unbounded.copy(), knocked_rows)
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
    for rule, effect in zip(rules.rules, effects, strict=True):
        if effect != 0.0:
            contributions[rule.form].append(
                Contribution(
                    rule_id=rule.id,
                    points=float(effect) * multipliers[rule.theme],
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
        for k, fired in zip(rules.knockouts, verdicts, strict=True)
        if fired
    ]
    form_row = {form: i for i, form in enumerate(rules.form_ids)}
    for knockout in knockouts:
        before = float(unbounded[form_row[knockout.form], 0])
        if before != 0.0:
            contributions[knockout.form].append(
                Contribution(
                    rule_id=knockout.rule_id,
                    points=-before,
                    kind="knockout",
                    reason=knockout.reason,
                    source=knockout.source,
                    evidence=knockout.evidence,
                )
            )
            unbounded[form_row[knockout.form], 0] = 0.0
    scores = {form: float(final[i, 0]) for i, form in enumerate(rules.form_ids)}
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


def lightest_of_arrays(
    scores: np.ndarray, rules: RuleSet, top: np.ndarray | None = None
) -> np.ndarray:
    """:func:`lightest` for every column of a forms x situations score array: form indices.

    The same choice as :func:`score` makes: a form is a candidate when it is the best, or lies
    less than the clear margin below it with something speaking for it (above the base
    score); of those, the most reversible, then the first.
    """
    best = scores.max(axis=0)
    near = (best - scores) < rules.metadata.clear_margin
    if top is None:
        top = rank_arrays(scores)[1]  # the first of equal maxima, as the ranking has it
    is_top = np.arange(scores.shape[0])[:, None] == top[None, :]
    close = is_top | (near & (scores > rules.metadata.base_score))
    reversibility = [f.properties.reversibility for f in rules.forms]
    # Least preferred first, so each later (preferred) close form overwrites the choice.
    preference = sorted(range(len(reversibility)), key=lambda i: (reversibility[i], -i))
    chosen = np.full(scores.shape[1], -1, dtype=np.int8)
    for form in preference:
        chosen = np.where(close[form], form, chosen)
    return chosen


def rule_effects(values: Mapping[str, Any], rules: RuleSet) -> tuple[list[Any], list[Any]]:
    """The scoring kernel: each rule's points at weight 1 and each knock-out's verdict.

    ``values`` holds floats (one situation) or equally long numpy arrays (many); the result
    has the same shape per rule. A rule whose condition does not hold gives 0. Every way of
    scoring (``score``, ``score_many``, the sensitivity functions, ``what_if``, ``rules
    profile``) goes through here and then :func:`weighted_scores`, so they agree by
    construction, bit for bit; they differ only in how they explain the points.
    """
    effects: list[Any] = []
    for rule in rules.rules:
        if rule.when is None:
            effects.append(rule.effect.evaluate(values))
            continue
        fires = rule.when.evaluate(values)
        if isinstance(fires, np.ndarray):
            effects.append(np.where(fires, rule.effect.evaluate(values), 0.0))
        else:  # one situation: an effect that does not apply is not even evaluated
            effects.append(rule.effect.evaluate(values) if fires else 0.0)
    return effects, [knockout.when.evaluate(values) for knockout in rules.knockouts]


def theme_points(
    values: Mapping[str, Any], rules: RuleSet, size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Points at weight 1 per form and theme (forms x themes x ``size``) and knock-out flags.

    Scores are linear in the theme weights, so these points are all that a weighting needs:
    many weightings of one situation (firmness, what-if) cost one evaluation of the rules.
    """
    effects, verdicts = rule_effects(values, rules)
    return theme_points_of(effects, verdicts, rules, size)


def theme_points_of(
    effects: list[Any], verdicts: list[Any], rules: RuleSet, size: int
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`theme_points` from the kernel's output, summed in the rule set's order."""
    rows, columns, knockout_rows = _point_cells(rules)
    points = np.zeros((len(rules.form_ids), len(rules.theme_ids), size))
    knocked = np.zeros((len(rules.form_ids), size), dtype=bool)
    if size == 1 and not any(isinstance(e, np.ndarray) for e in effects):
        # One situation: one call adds the rules' points in order (0 + e1 + e2 ..., as the
        # loop below does), instead of one small-array operation per rule.
        np.add.at(points[:, :, 0], (rows, columns), np.array(effects, dtype=float))
        if verdicts:
            knocked[knockout_rows[np.array(verdicts, dtype=bool)], 0] = True
        return points, knocked
    for row, column, effect in zip(rows, columns, effects, strict=True):
        points[row, column] += effect
    for row, fired in zip(knockout_rows, verdicts, strict=True):
        knocked[row] |= np.asarray(fired, dtype=bool)
    return points, knocked


@lru_cache(maxsize=64)
def _point_cells(rules: RuleSet) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per rule its form's row and theme's column, and per knock-out its form's row."""
    form_row = {form: i for i, form in enumerate(rules.form_ids)}
    theme_column = {theme: j for j, theme in enumerate(rules.theme_ids)}
    rows = np.array([form_row[r.form] for r in rules.rules], dtype=np.intp)
    columns = np.array([theme_column[str(r.theme)] for r in rules.rules], dtype=np.intp)
    knockout_rows = np.array([form_row[k.form] for k in rules.knockouts], dtype=np.intp)
    return rows, columns, knockout_rows


def weighted_scores(points: np.ndarray, multipliers: list[Any], rules: RuleSet) -> np.ndarray:
    """Scores before knock-outs: the base plus each theme's points times its multiplier.

    ``points`` is forms x themes x situations (optionally with a trailing axis of length 1);
    each multiplier is a float or an array that broadcasts against ``points[:, theme]``
    (one weighting, or one weighting per sample). The themes are added in the rule set's
    order with the same floating-point steps whatever the shapes, so a score computed for one
    situation, for a table or for a weight sample is the same number.
    """
    shape = np.broadcast_shapes(points[:, 0].shape, *(np.shape(m) for m in multipliers))
    scores = np.full(shape, rules.metadata.base_score)
    for theme, multiplier in enumerate(multipliers):
        column = points[:, theme]
        if column.any():  # a theme without points adds exactly 0: skipping it is exact
            scores += column * multiplier
    return scores


def knock_out_and_clamp(scores: np.ndarray, knocked: np.ndarray) -> np.ndarray:
    """Knocked-out forms to 0 and every score within 0-100, in place (and returned).

    ``knocked`` is forms x situations; ``scores`` may carry a trailing axis of samples.
    """
    flags = knocked.reshape(knocked.shape + (1,) * (scores.ndim - knocked.ndim))
    np.copyto(scores, 0.0, where=flags)
    np.clip(scores, 0.0, SCORE_RANGE, out=scores)
    return scores


def score_arrays(
    values: Mapping[str, Any], rules: RuleSet, multipliers: Mapping[str, Any], size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Scores (forms x ``size``) and knock-out flags for many situations or weightings.

    ``values`` and ``multipliers`` hold floats or arrays of length ``size``: many situations
    under one weighting (batch scoring) or one situation under many weightings (sampling).
    """
    points, knocked = theme_points(values, rules, size)
    scores = weighted_scores(points, [multipliers[t] for t in rules.theme_ids], rules)
    if scores.shape[-1] != size:
        scores = np.broadcast_to(scores, (len(rules.form_ids), size)).copy()
    knocked = np.broadcast_to(knocked, scores.shape) if knocked.shape != scores.shape else knocked
    return knock_out_and_clamp(scores, knocked), knocked


def rank_scores(scores: np.ndarray, ranks: np.ndarray, top: np.ndarray, margin: np.ndarray) -> None:
    """The one ranking: fill ``ranks`` (1 = best), ``top`` and ``margin`` from ``scores``.

    ``scores`` has the forms on its first axis and any shape after it; ties go to the form
    listed first, as everywhere. With five forms, counting who beats whom (20 vector
    comparisons) is faster than sorting along the short axis.
    """
    ranks[...] = 1
    for i in range(len(scores)):
        for j in range(len(scores)):
            if j < i:
                ranks[i] += scores[j] >= scores[i]
            elif j > i:
                ranks[i] += scores[j] > scores[i]
    # Best and second-best in one pass; a strictly higher score takes the top, so of equal
    # maxima the form listed first stays on top.
    best, second = scores[0].copy(), np.full(scores.shape[1:], -np.inf)
    top[...] = 0
    for i in range(1, len(scores)):
        candidate = scores[i]
        second = np.maximum(second, np.minimum(best, candidate))
        top[candidate > best] = i
        best = np.maximum(best, candidate)
    margin[...] = best - second if len(scores) > 1 else 0.0


def rank_arrays(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`rank_scores` into new arrays: ranks (int8), top (int8) and margin."""
    ranks = np.empty(scores.shape, dtype=np.int8)
    top = np.empty(scores.shape[1:], dtype=np.int8)
    margin = np.empty(scores.shape[1:])
    rank_scores(scores, ranks, top, margin)
    return ranks, top, margin


def rank(scores: Mapping[str, float], order: tuple[str, ...]) -> list[str]:
    """Form ids by score, highest first; ties keep the rule set's order of forms.

    Examples
    --------
    >>> rank({"a": 40.0, "b": 60.0, "c": 40.0}, ("a", "b", "c"))
    ['b', 'a', 'c']
    """
    values = np.array([[scores[form]] for form in order])
    ranks = np.empty(values.shape, dtype=np.int16)
    rank_scores(values, ranks, np.empty(1, dtype=np.int16), np.empty(1))
    return [form for _, form in sorted(zip(ranks[:, 0].tolist(), order, strict=True))]
