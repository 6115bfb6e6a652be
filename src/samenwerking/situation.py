"""A corporation's situation: the factors the rules read, validated against a rule set.

The rule set is the schema: it declares each factor's range, and may add factors of its own.
``Situation`` therefore names the factors of DESIGN §2 as typed fields (so ``s.trust`` reads
well and editors complete it) and accepts extra numeric factors; ranges and presence are
checked against the rule set passed as validation context, or the default rule set.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from samenwerking.errors import Location, Problem, SituationError, did_you_mean
from samenwerking.rules.loader import load_rules

if TYPE_CHECKING:
    from samenwerking.rules.ruleset import RuleSet


class Situation(BaseModel):
    """The factors of one corporation's situation, each within the range its rule set declares.

    Scales run from 1 (low) to 5 (high) in the default rules; ``partner_count`` and
    ``dwellings`` are counts. Extra factors declared by a rule set are accepted as extra fields.

    Examples
    --------
    >>> s = Situation.example()
    >>> s.trust, s.partner_count
    (3.0, 5)
    >>> Situation.model_validate_json(s.model_dump_json()) == s
    True
    >>> s.replace(trust=4).trust
    4.0
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    administrative_burden: float = Field(description="Administratieve lastendruk (1-5).")
    social_complexity: float = Field(description="Complexiteit van de maatschappelijke opgave.")
    required_autonomy: float = Field(description="Vereiste autonomie (1-5).")
    financial_pressure: float = Field(description="Financiële druk (1-5).")
    partner_diversity: float = Field(description="1 = alleen corporaties, 5 = veel sectoren.")
    trust: float = Field(description="Onderling vertrouwen (1-5).")
    goal_consensus: float = Field(description="Doelconsensus (1-5).")
    network_competencies: float = Field(description="Behoefte aan netwerkcompetenties (1-5).")
    partner_count: int = Field(description="Aantal partnerorganisaties, de eigen niet meegeteld.")
    tenant_value: float = Field(description="Hoe direct de samenwerking de huurder dient (1-5).")
    urgency: float = Field(description="Tijdsdruk (1-5).")
    dwellings: int = Field(description="Aantal verhuureenheden van de corporatie.")

    @model_validator(mode="after")
    def _fits_rule_set(self, info: ValidationInfo) -> Situation:
        context = info.context if isinstance(info.context, Mapping) else {}
        rules = context.get("rules")
        problems = situation_problems(self.values(), rules, strict=rules is not None)
        if problems:
            raise ValueError("; ".join(f"{p.field}: {p.message}" for p in problems))
        return self

    def values(self) -> dict[str, float]:
        """All factor values, declared and extra, as a plain dict."""
        values = dict(self.__dict__)
        values.update(self.__pydantic_extra__ or {})
        return values

    def replace(self, **changes: float) -> Situation:
        """Return a copy with some factors changed, validated again."""
        return type(self).model_validate({**self.values(), **changes})

    @classmethod
    def example(cls, rules: RuleSet | None = None) -> Situation:
        """A plausible small corporation, from the ``example`` values of the rule set."""
        rules = rules or load_rules()
        values = {f.id: int(f.example) if f.integer else f.example for f in rules.factors}
        return cls.model_validate(values, context={"rules": rules})


def situation_problems(
    values: Mapping[str, Any], rules: RuleSet | None, *, strict: bool = True
) -> list[Problem]:
    """Check factor values against a rule set: missing, unknown, non-numeric, out of range.

    ``strict=False`` accepts factors the rule set does not know (they may belong to another
    rule set); the default rule set is used when ``rules`` is ``None``.
    """
    rules = rules or load_rules()
    declared = rules.factors_by_id
    problems = []
    here = Location("")
    for factor in rules.factors:
        if factor.id not in values:
            problems.append(
                Problem(
                    here,
                    "missing",
                    field=factor.id,
                    hint=f"give a value from {factor.minimum:g} to {factor.maximum:g}",
                )
            )
            continue
        value = values[factor.id]
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            problems.append(Problem(here, f"{value!r} is not a number", field=factor.id))
        elif not factor.minimum <= value <= factor.maximum:
            problems.append(
                Problem(
                    here,
                    f"{value:g} is outside the range {factor.minimum:g} to {factor.maximum:g}",
                    field=factor.id,
                )
            )
        elif factor.integer and value != int(value):
            problems.append(Problem(here, f"{value:g} must be a whole number", field=factor.id))
    if strict:
        for name in values:
            if name not in declared:
                problems.append(
                    Problem(here, "unknown factor", field=name, hint=did_you_mean(name, declared))
                )
    return problems


def validate_situation(situation: Situation | Mapping[str, Any], rules: RuleSet) -> Situation:
    """Return ``situation`` as a :class:`Situation` checked against ``rules``.

    Raises :class:`~samenwerking.errors.SituationError` naming every factor that is wrong.
    """
    if isinstance(situation, Situation):
        values = situation.values()
    else:  # numpy and pandas numbers (np.int64, ...) become plain Python numbers
        values = {key: _plain_number(value) for key, value in situation.items()}
    problems = situation_problems(values, rules, strict=True)
    if problems:
        raise SituationError(problems)
    if isinstance(situation, Situation):
        return situation
    return Situation.model_validate(values, context={"rules": rules})


def _plain_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, Real):
        return value
    return int(value) if isinstance(value, Integral) else float(value)
