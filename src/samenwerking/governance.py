"""Choose a Provan & Kenis (2008) governance mode for an organisation network.

Provan & Kenis (p. 237) name four conditions: trust (and how widely it is shared), the number
of participants, goal consensus, and the need for network-level competencies. The rule set
gives, per mode, the range of each factor in which the mode fits, the conditions it cannot do
without (``required``: shared governance needs high trust density, few participants and little
need for network-level competencies), and when it goes first (``preferred_when``: an NAO when
those competencies are much needed). These are necessary conditions, not votes: a mode whose
required conditions fail is never chosen while another mode is eligible. Among the eligible
modes the preferred ones go first; then the one that fits on most conditions; on a tie, the one
nearest to fitting (distance relative to each factor's range); then the rule set's order. The
reason names every condition that held and every one that did not.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from samenwerking.languages import each_language
from samenwerking.numbers import format_value
from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.schema import Factor, GovernanceMode, NetworkTemplate, Text
from samenwerking.rules.templates import governance_condition_key
from samenwerking.translations import translate


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

    def distance(self, factor: Factor) -> float:
        """How far outside the range the value is, as a share of the factor's full range.

        Counts are compared on a log scale: 2 partners against a mode for 6 or more is a long
        way off, though it is only 2% of a 0-200 range (it once matched 2 partners to an NAO).
        """
        low, high, value = self.low, self.high, self.value
        span = factor.maximum - factor.minimum
        if factor.integer and factor.minimum >= 0:
            low, high, value = math.log1p(low), math.log1p(high), math.log1p(value)
            span = math.log1p(factor.maximum) - math.log1p(factor.minimum)
        gap = max(low - value, value - high, 0.0)
        return gap / span if span > 0 else gap


class ModeAssessment(BaseModel):
    """How well one governance mode fits the situation."""

    model_config = ConfigDict(frozen=True)

    mode: str
    label: Text
    conditions: list[ConditionFit]
    required: list[str]
    distance: float
    preferred: bool = False

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
    conditions: Text = Field(
        default_factory=lambda: Text(nl="-", en="-"),
        description="Which conditions of the chosen mode held and which did not, in words.",
    )


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
    best = min(eligible, key=lambda a: (not a.preferred, -a.fitting, a.distance, order[a.mode]))
    mode = next(m for m in template.governance_modes if m.id == best.mode)
    return GovernanceChoice(
        mode=mode.id,
        label=mode.label,
        reason=mode.reason,
        tension=mode.tension,
        source=rules.cite(mode.sources),
        assessments=assessments,
        conditions=condition_text(best, rules),
    )


def condition_text(assessment: ModeAssessment, rules: RuleSet) -> Text:
    """'Voldaan: vertrouwen 4 (4-5); niet voldaan: aantal partners 12 (2-8)' in both languages."""

    def write(lang: str) -> str:
        parts: dict[bool, list[str]] = {True: [], False: []}
        for condition in assessment.conditions:
            need = "*" if condition.factor in assessment.required else ""
            parts[condition.fits].append(
                f"{rules.label('factor', condition.factor, lang).lower()}{need} "
                f"{format_value(condition.value, lang)} "
                f"({format_value(condition.low, lang)}-{format_value(condition.high, lang)})"
            )
        held = "; ".join(parts[True]) or "-"
        failed = "; ".join(parts[False]) or "-"
        return translate("governance_conditions")(lang).format(held=held, failed=failed)

    return each_language(write)


def _assess(mode: GovernanceMode, values: Mapping[str, float], rules: RuleSet) -> ModeAssessment:
    conditions = [
        ConditionFit(factor=factor, value=float(values[factor]), low=low, high=high)
        for factor, (low, high) in mode.fits.items()
    ]
    factors = rules.factors_by_id
    distance = sum(c.distance(factors[c.factor]) for c in conditions)
    preference = rules.service_conditions.get(governance_condition_key(mode.id))
    return ModeAssessment(
        mode=mode.id,
        label=mode.label,
        conditions=conditions,
        required=list(mode.required),
        distance=distance,
        preferred=bool(preference is not None and preference.evaluate(dict(values))),
    )
