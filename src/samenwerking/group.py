"""A board's members assess together: the group advice, the spread, and what divides them.

Each member answers the same questionnaire (or gives a :class:`Situation`), and optionally
weights. The group situation takes, per factor and per theme weight, the median (or mean)
of the members; the group advice is that situation scored. For a board meeting the useful
part is the disagreement: per factor every member's value, its spread and a consensus
index, and ``disputed``, the factors on which the members' range of values crosses a point
where the group's advice changes, the disagreement that matters, ordered by its effect.

The consensus index is Tastle & Wierman's (2007) measure for ordinal data,
``Cns = 1 + sum_i p_i log2(1 - |x_i - mu| / d)``, with every member weighing ``p_i = 1/n``,
``mu`` the members' mean and ``d`` the width of the factor's range: 1 when all agree, 0 when
they split between the two ends. (Tastle, W.J. & Wierman, M.J. (2007), Consensus and
dissention: A measure of ordinal dispersion, International Journal of Approximate Reasoning
45(3): 531-545.) For counts (dwellings, partners) the range is wide, so the index is near 1
unless members differ by a large share of it; the spread says more there.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from samenwerking.assessment import assess
from samenwerking.batch import score_many
from samenwerking.errors import GroupError as GroupError
from samenwerking.errors import msg
from samenwerking.rules.ruleset import RuleSet
from samenwerking.scoring import Advice, normalise_weights, score
from samenwerking.sensitivity import _thresholds, factor_candidates
from samenwerking.situation import Situation
from samenwerking.unknown import stand_in

Method = Literal["median", "mean"]


@dataclass(frozen=True)
class FactorSpread:
    """One factor across the members: each value, the range, the IQR and the consensus."""

    factor: str
    values: dict[str, float]
    group_value: float
    minimum: float
    maximum: float
    iqr: float
    consensus: float
    #: Members who answered "weet niet" on the factor: left out of the group value, not 3.
    not_known_by: tuple[str, ...] = ()

    @property
    def unknown(self) -> bool:
        """No member knew: the group value is the factor's neutral stand-in."""
        return not self.values


@dataclass(frozen=True)
class Dispute:
    """A factor whose member range crosses a point where the group advice changes."""

    factor: str
    #: The forms that become the best within the members' range, other than the group's.
    other_tops: tuple[str, ...]
    #: The largest loss of lead of the group's top form within the range (score points).
    effect: float


@dataclass(frozen=True)
class WeightDispute:
    """A theme whose members' weights range over a point where the group advice changes."""

    theme: str
    minimum: float
    maximum: float
    #: The forms that become the best within the members' range, other than the group's.
    other_tops: tuple[str, ...]


#: Weights tried within each theme's members' range (ends included).
WEIGHT_STEPS = 9


@dataclass(frozen=True)
class GroupAdvice:
    """The group's situation and advice, each member's advice, and where they differ."""

    method: Method
    situation: Situation
    weights: dict[str, float]
    advice: Advice
    members: dict[str, Advice]
    factors: dict[str, FactorSpread]
    consensus: float
    disputed: list[Dispute]
    #: Member name -> the organisation the member speaks for (absent: none given).
    organisations: dict[str, str] = field(default_factory=dict)
    #: Themes whose members' weights (set on the sliders or by choices) change the advice.
    weights_disputed: list[WeightDispute] = field(default_factory=list)
    #: Members whose own weights, on the group's answers, make another form the best.
    weights_changing: dict[str, str] = field(default_factory=dict)

    @property
    def disputed_factors(self) -> list[str]:
        """The disputed factors' ids, most consequential first."""
        return [d.factor for d in self.disputed]

    def summary(self) -> dict[str, Any]:
        """The group result as plain JSON data (for a session dossier or another program)."""
        return {
            "method": self.method,
            "situation": self.situation.values(),
            "weights": self.weights,
            "top": self.advice.top,
            "ranking": list(self.advice.ranking),
            "scores": self.advice.scores,
            "clear": self.advice.clear,
            "consensus": self.consensus,
            "weights_disputed": [
                {
                    "theme": d.theme,
                    "low": d.minimum,
                    "high": d.maximum,
                    "other_tops": list(d.other_tops),
                }
                for d in self.weights_disputed
            ],
            "weights_changing": self.weights_changing,
            "disputed": [
                {"factor": d.factor, "other_tops": list(d.other_tops), "effect": d.effect}
                for d in self.disputed
            ],
            "members": {name: advice.top for name, advice in self.members.items()},
            "organisations": self.organisations,
            "factors": {
                factor: {
                    "values": spread.values,
                    "group": spread.group_value,
                    "min": spread.minimum,
                    "max": spread.maximum,
                    "iqr": spread.iqr,
                    "consensus": spread.consensus,
                    "not_known_by": list(spread.not_known_by),
                }
                for factor, spread in self.factors.items()
            },
        }


@dataclass(frozen=True)
class MemberInput:
    """What one member gave: a situation, own weights, and the factors they did not know."""

    situation: Situation
    weights: dict[str, float] | None
    unknown: frozenset[str] = frozenset()


def member_input(value: Any, rules: RuleSet) -> MemberInput:
    """A member's situation, weights and "weet niet" factors from what was given.

    Accepted: a :class:`Situation`; answers keyed by question id; or a mapping with
    ``answers`` (or ``situation``) and optionally ``weights`` and ``organisation``.
    """
    weights = None
    if isinstance(value, Mapping) and ("answers" in value or "situation" in value):
        weights = value.get("weights")
        value = value.get("situation", value.get("answers"))
    own_weights = dict(weights) if weights else None
    if isinstance(value, Situation):
        return MemberInput(value, own_weights)
    if isinstance(value, Mapping):
        assessment = assess(dict(value), rules)
        if assessment.situation is None:
            raise GroupError(
                msg("group_member_incomplete", factors=", ".join(assessment.unanswered_factors))
            )
        return MemberInput(assessment.situation, own_weights, frozenset(assessment.unknown_factors))
    raise GroupError(msg("group_member_unreadable"))


def consensus(values: list[float], width: float) -> float:
    """Tastle & Wierman's consensus of ``values`` on a scale ``width`` wide (0 to 1).

    Examples
    --------
    >>> consensus([3, 3, 3], 4), consensus([1, 5], 4), round(consensus([2, 3, 4], 4), 3)
    (1.0, 0.0, 0.723)
    """
    if width <= 0 or len(values) < 2:
        return 1.0
    mean = sum(values) / len(values)
    total = 0.0
    for value in values:
        share = 1 - abs(value - mean) / width
        total += math.log2(share) if share > 0 else -math.inf
    return max(0.0, 1 + total / len(values))


def _combine(values: list[float], method: Method) -> float:
    return float(np.median(values)) if method == "median" else float(np.mean(values))


def aggregate(members: Mapping[str, Any], rules: RuleSet, method: Method = "median") -> GroupAdvice:
    """The group advice of ``members`` (name -> answers, Situation, or {answers, weights}).

    Per factor and per theme weight the members' median (or mean) makes the group's
    situation and weights; member order never matters.
    """
    if method not in ("median", "mean"):
        raise GroupError(msg("group_unknown_method", method=str(method)))
    if not members:
        raise GroupError(msg("group_no_members"))
    names = sorted(members)
    inputs = {name: member_input(members[name], rules) for name in names}
    organisations = {
        name: str(members[name]["organisation"])
        for name in names
        if isinstance(members[name], Mapping) and members[name].get("organisation")
    }
    values = {name: given.situation.values() for name, given in inputs.items()}
    weights = {name: normalise_weights(rules, given.weights) for name, given in inputs.items()}
    group_values: dict[str, float] = {}
    spreads = {}
    for factor in rules.factors:
        # A member's "weet niet" is missing, not the middle of the scale.
        knowing = [name for name in names if factor.id not in inputs[name].unknown]
        column = [float(values[name][factor.id]) for name in knowing]
        combined = _combine(column, method) if column else stand_in(factor)
        if factor.integer:
            combined = float(round(combined))
        group_values[factor.id] = combined
        q1, q3 = np.percentile(column, [25, 75]) if column else (combined, combined)
        spreads[factor.id] = FactorSpread(
            factor.id,
            {name: values[name][factor.id] for name in knowing},
            combined,
            min(column, default=combined),
            max(column, default=combined),
            float(q3 - q1),
            consensus(column, factor.maximum - factor.minimum),
            tuple(name for name in names if name not in knowing),
        )
    group_weights = {
        theme: _combine([weights[name][theme] for name in names], method)
        for theme in rules.theme_ids
    }
    situation = rules.situation_model.model_validate(group_values)
    advice = score(situation, rules, group_weights)
    member_advice = {name: score(inputs[name].situation, rules, weights[name]) for name in names}
    overall = float(np.mean([s.consensus for s in spreads.values()]))
    return GroupAdvice(
        method,
        situation,
        group_weights,
        advice,
        member_advice,
        spreads,
        overall,
        disputes(advice, spreads, rules),
        organisations,
        weight_disputes(advice, weights, rules),
        {
            name: top
            for name in names
            if (top := score(situation, rules, weights[name]).top) != advice.top
        },
    )


def weight_disputes(
    advice: Advice, weights: Mapping[str, Mapping[str, float]], rules: RuleSet
) -> list[WeightDispute]:
    """The themes whose members' weights range over a point where the group's top changes.

    Each theme's weight is tried at :data:`WEIGHT_STEPS` values from the lowest to the highest
    member's, the other weights and the answers at the group's.
    """
    found = []
    for theme in rules.theme_ids:
        column = [float(w[theme]) for w in weights.values()]
        low, high = min(column), max(column)
        if low == high:
            continue
        tops = {
            score(advice.situation, rules, {**advice.weights, theme: float(value)}).top
            for value in np.linspace(low, high, WEIGHT_STEPS)
        } - {advice.top}
        if tops:
            found.append(WeightDispute(theme, low, high, tuple(sorted(tops))))
    return found


def by_organisation(
    members: Mapping[str, Any], rules: RuleSet, method: Method = "median"
) -> dict[str, GroupAdvice]:
    """The group advice of each organisation's members on their own.

    A session across organisations (the corporation's board, the municipality, the care
    partner) asks whether each party, on its own, comes to the same advice. Members given
    without an ``organisation`` form the group ``""``.
    """
    split: dict[str, dict[str, Any]] = {}
    for name, value in members.items():
        organisation = ""
        if isinstance(value, Mapping) and value.get("organisation"):
            organisation = str(value["organisation"])
        split.setdefault(organisation, {})[name] = value
    return {org: aggregate(group, rules, method) for org, group in sorted(split.items())}


def disputes(advice: Advice, spreads: Mapping[str, FactorSpread], rules: RuleSet) -> list[Dispute]:
    """The factors whose member range holds a value that changes the group's top form.

    Every candidate value of the flip search (:func:`~samenwerking.sensitivity.flip_points`:
    each factor's grid plus the values on either side of each rule threshold) that lies
    within the members' range is scored at once, the other factors at the group's values.
    """
    thresholds = _thresholds(rules)
    base = advice.situation.values()
    rows, owners = [], []
    for factor in rules.factors:
        spread = spreads[factor.id]
        if spread.minimum == spread.maximum:
            continue
        candidates = factor_candidates(factor, thresholds[factor.id], spread.group_value)
        inside = [float(v) for v in candidates if spread.minimum <= v <= spread.maximum] + [
            spread.minimum,
            spread.maximum,
        ]
        for value in inside:
            rows.append({**base, factor.id: value})
            owners.append(factor.id)
    if not rows:
        return []
    scored = score_many(pd.DataFrame(rows), rules, advice.weights)
    top = advice.top
    lead = advice.scores[top] - max(s for f, s in advice.scores.items() if f != top)
    # Whole columns at once: reading the frame cell by cell costs seconds for a large board.
    new_tops = scored["top"].astype(str).to_numpy()
    others = np.max(
        np.column_stack(
            [scored[f"score_{f}"].to_numpy(dtype=float) for f in rules.form_ids if f != top]
        ),
        axis=1,
    )
    losses = lead - (scored[f"score_{top}"].to_numpy(dtype=float) - others)
    found: dict[str, tuple[set[str], float]] = {}
    for factor_id, new_top, loss in zip(owners, new_tops, losses, strict=True):
        tops, effect = found.get(factor_id, (set(), 0.0))
        if new_top != top:
            tops.add(str(new_top))
        found[factor_id] = (tops, max(effect, float(loss)))
    result = [
        Dispute(factor, tuple(sorted(tops)), round(effect, 6))
        for factor, (tops, effect) in found.items()
        if tops
    ]
    return sorted(result, key=lambda d: (-d.effect, d.factor))


def split_by_organisation(group: GroupAdvice, rules: RuleSet) -> dict[str, GroupAdvice]:
    """Each organisation's own group advice, from a result already computed.

    The same as :func:`by_organisation` on the members' inputs (each member's situation and
    weights are kept in their advice); members without an organisation form the group ``""``.
    """
    members = {
        name: {
            "situation": advice.situation,
            "weights": advice.weights,
            "organisation": group.organisations.get(name, ""),
        }
        for name, advice in group.members.items()
    }
    return by_organisation(members, rules, group.method)
