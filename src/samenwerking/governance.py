"""Choose a Provan & Kenis (2008) governance mode for an organisation network.

Provan & Kenis (p. 237) name four conditions: trust (and how widely it is shared), the number
of participants, goal consensus, and the need for network-level competencies. The rule set
gives, per mode, the range of each factor in which the mode fits, and the conditions it cannot
do without (shared governance needs few participants). Among the modes whose required
conditions hold (or all, if none hold), the one that fits on most conditions wins; on a tie,
the one nearest to fitting (distance relative to each factor's range); then the rule set's
order. Every condition is reported, so a director sees why.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.schema import GovernanceMode, NetworkTemplate, Text


class ConditionFit(BaseModel):
    """One condition of one mode: the situation's value and the mode's range."""

    model_config = ConfigDict(frozen=True)

    factor: str
    value: float
    low: float
    high: float

    @property
    def fits(self) -> bool:
        """Whether the value lies within the mode's range."""
        return self.low <= self.value <= self.high

    def distance(self, span: float) -> float:
        """How far outside the range the value is, as a share of the factor's full range."""
        gap = max(self.low - self.value, self.value - self.high, 0.0)
        return gap / span if span > 0 else gap


class ModeAssessment(BaseModel):
    """How well one governance mode fits the situation."""

    model_config = ConfigDict(frozen=True)

    mode: str
    label: Text
    conditions: list[ConditionFit]
    required: list[str]
    distance: float

    @property
    def eligible(self) -> bool:
        """Whether every condition the mode cannot do without holds."""
        return all(c.fits for c in self.conditions if c.factor in self.required)

    @property
    def fitting(self) -> int:
        """Number of conditions on which the mode fits."""
        return sum(c.fits for c in self.conditions)


class GovernanceChoice(BaseModel):
    """The chosen mode, why, its tension, and how every mode scored."""

    model_config = ConfigDict(frozen=True)

    mode: str
    label: Text
    reason: Text
    tension: Text
    source: str
    assessments: list[ModeAssessment]


def choose_governance(
    values: Mapping[str, float], template: NetworkTemplate, rules: RuleSet
) -> GovernanceChoice:
    """The best-fitting governance mode for factor ``values`` (partner_count = the real list).

    Examples
    --------
    >>> from samenwerking import Situation, load_rules
    >>> rules = load_rules()
    >>> template = rules.templates["network"]
    >>> close_few = Situation.example().replace(
    ...     trust=5, goal_consensus=5, network_competencies=1, partner_count=4)
    >>> choose_governance(close_few.values(), template, rules).mode
    'shared_governance'
    """
    assessments = [_assess(mode, values, rules) for mode in template.governance_modes]
    order = {a.mode: i for i, a in enumerate(assessments)}
    eligible = [a for a in assessments if a.eligible] or assessments
    best = min(eligible, key=lambda a: (-a.fitting, a.distance, order[a.mode]))
    mode = next(m for m in template.governance_modes if m.id == best.mode)
    return GovernanceChoice(
        mode=mode.id,
        label=mode.label,
        reason=mode.reason,
        tension=mode.tension,
        source=mode.source,
        assessments=assessments,
    )


def _assess(mode: GovernanceMode, values: Mapping[str, float], rules: RuleSet) -> ModeAssessment:
    conditions = [
        ConditionFit(factor=factor, value=float(values[factor]), low=low, high=high)
        for factor, (low, high) in mode.fits.items()
    ]
    factors = rules.factors_by_id
    distance = sum(
        c.distance(factors[c.factor].maximum - factors[c.factor].minimum) for c in conditions
    )
    return ModeAssessment(
        mode=mode.id,
        label=mode.label,
        conditions=conditions,
        required=list(mode.required),
        distance=distance,
    )
