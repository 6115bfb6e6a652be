"""A corporation's situation: the factors the rules read, validated against a rule set.

The rule set is the schema: a situation holds exactly the factors its rule set declares,
each within its range, whole numbers where the rule set says so. Nothing about the default
factors is written into this class, so a rule set without ``dwellings`` or with a factor of
its own needs no code change. Factors are read as attributes (``s.trust``) or with
:meth:`Situation.values`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Integral, Real
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    create_model,
    model_validator,
)

from samenwerking.errors import (
    Location,
    Message,
    Number,
    Problem,
    SituationError,
    did_you_mean,
    display_path,
    msg,
)
from samenwerking.languages import DUTCH, ENGLISH
from samenwerking.rules.schema import Factor
from samenwerking.rules.yaml_source import load_user_file
from samenwerking.unknown import is_dont_know, stand_in

if TYPE_CHECKING:
    from samenwerking.rules.ruleset import RuleSet


class Situation(BaseModel):
    """The factors of one corporation's situation, each within the range its rule set declares.

    Every rule set has its own situation model, ``rules.situation_model``: a subclass of this
    one with one typed, range-checked field per factor of that rule set, so a situation is
    always checked against *its* rules and never against the bundled ones. This base class
    holds factor values whose rule set is not known (an advice read back from JSON): it
    checks only that they are numbers. Two situations with the same values are equal.

    Scales run from 1 (low) to 5 (high) in the default rules; counts (``partner_count``,
    ``dwellings``) are whole numbers. A value that does not fit raises
    :class:`~samenwerking.errors.SituationError` naming the factor, in Dutch or English.

    Examples
    --------
    >>> s = Situation.example()
    >>> s.trust, s.partner_count
    (3.0, 5)
    >>> Situation.model_validate_json(s.model_dump_json()) == s
    True
    >>> s.replace(trust=4).trust
    4.0
    >>> s.replace(trust=6)
    Traceback (most recent call last):
    ...
    samenwerking.errors.SituationError: fout: trust: 6 valt buiten het bereik 1 tot en met 5
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    #: The rule set this model checks against; ``None`` for the base class.
    rule_set: ClassVar[RuleSet | None] = None

    if TYPE_CHECKING:  # factors are attributes (s.trust) whatever the rule set names them

        def __getattr__(self, name: str) -> Any: ...

    @model_validator(mode="wrap")
    @classmethod
    def _checked(cls, data: Any, handler: ModelWrapValidatorHandler[Situation]) -> Situation:
        """Check every value with the library's own messages before pydantic sees it.

        ``SituationError`` is not a ``ValueError``, so pydantic lets it through unwrapped:
        the caller gets every bad factor named in the user's words, not pydantic's English.
        """
        if isinstance(data, Situation):
            data = data.values()
        if isinstance(data, Mapping):
            values = {str(key): _plain_number(value) for key, value in data.items()}
            problems = (
                situation_problems(values, cls.rule_set)
                if cls.rule_set is not None
                else _number_problems(values)
            )
            if problems:
                raise SituationError(problems)
            data = _as_numbers(values, cls.rule_set)
        return handler(data)

    def values(self) -> dict[str, Any]:
        """All factor values as a plain dict, in the rule set's order of factors."""
        return {**self.__dict__, **(self.__pydantic_extra__ or {})}

    def replace(self, **changes: float) -> Situation:
        """Return a copy with some factors changed, checked again against the same rules."""
        return type(self).model_validate({**self.values(), **changes})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Situation) and self.values() == other.values()

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.values().items())))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle with the rule set: a rule set's model is a class made at run time."""
        return (_situation_of, (self.rule_set, self.values()))

    @classmethod
    def example(cls, rules: RuleSet | None = None) -> Situation:
        """A plausible small corporation, from the ``example`` values of the rule set.

        Without ``rules``: this model's own rule set, or else the bundled default rules.
        """
        chosen = rules or cls.rule_set
        if chosen is None:
            # The loader builds situation models, so it sits above this module.
            from samenwerking.rules.loader import load_rules

            chosen = load_rules()
        values = {f.id: int(f.example) if f.integer else f.example for f in chosen.factors}
        return chosen.situation_model.model_validate(values)


def neutral_situation(rules: RuleSet) -> Situation:
    """Every factor at its neutral value: the situation that says nothing either way.

    Every default rule gives 0 here, so every form scores the base ("neutraal is neutraal").
    """
    values = {f.id: f.neutral_value for f in rules.factors}
    return rules.situation_model.model_validate(values)


def _situation_of(rules: RuleSet | None, values: dict[str, Any]) -> Situation:
    """A situation again from its rule set and values (how a situation is unpickled)."""
    model = rules.situation_model if rules is not None else Situation
    return model.model_validate(values)


def situation_model(rules: RuleSet) -> type[Situation]:
    """The situation model of ``rules``: one typed field per factor, ranges as constraints.

    Built once per rule set (``rules.situation_model``); its JSON Schema documents every
    factor's range for other tools (``rules.situation_model.model_json_schema()``).
    """
    fields: dict[str, Any] = {
        factor.id: (
            int if factor.integer else float,
            Field(
                ge=factor.minimum,
                le=factor.maximum,
                description=factor.label(ENGLISH),
                title=factor.label(DUTCH),
            ),
        )
        for factor in rules.factors
    }
    model: type[Situation] = create_model(
        "Situation",
        __base__=Situation,
        __module__=__name__,
        __config__=None,
        **fields,
    )
    # Unknown factors are refused by the check before pydantic (with a did-you-mean hint).
    model.rule_set = rules
    return model


def _number_problems(values: Mapping[str, Any]) -> list[Problem]:
    """Values that are not numbers at all (what can be checked without a rule set)."""
    here = Location("")
    return [
        Problem(here, _not_a_number(v), k)
        for k, v in values.items()
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v)
    ]


def _not_a_number(value: object) -> Message:
    return msg("value_yes_no" if isinstance(value, bool) else "value_not_a_number", value=value)


def _as_numbers(values: dict[str, Any], rules: RuleSet | None) -> dict[str, Any]:
    """Whole numbers for integer factors, floats for the rest (checked values only)."""
    if rules is None:
        return {k: v if isinstance(v, int) else float(v) for k, v in values.items()}
    declared = rules.factors_by_id
    return {
        name: int(value) if declared[name].integer else float(value)
        for name, value in values.items()
    }


def situation_problems(
    values: Mapping[str, Any],
    rules: RuleSet,
    *,
    strict: bool = True,
    complete: bool = True,
) -> list[Problem]:
    """Check factor values against a rule set: missing, unknown, non-numeric, out of range.

    ``strict=False`` accepts factors the rule set does not know (they may belong to another
    rule set); ``complete=False`` accepts missing factors. The messages are the ones batch
    scoring gives row by row (:func:`value_problem`), worded in the reader's language.
    """
    declared = rules.factors_by_id
    problems = []
    here = Location("")
    for factor in rules.factors:
        if factor.id not in values:
            if not complete:
                continue
            problems.append(Problem(here, value_msg("value_missing", factor), field=factor.id))
            continue
        key = value_problem(values[factor.id], factor)
        if key is not None:
            problems.append(
                Problem(here, value_msg(key, factor, values[factor.id]), field=factor.id)
            )
    if strict:
        for name in values:
            if name not in declared:
                problems.append(
                    Problem(
                        here,
                        msg("value_unknown_factor"),
                        field=name,
                        hint=did_you_mean(name, declared),
                    )
                )
    return problems


def value_problem(value: Any, factor: Factor) -> str | None:
    """What is wrong with one factor value, as a catalogue key; None when it is fine.

    The one check of a factor value: :func:`situation_problems` applies it to a situation,
    :func:`samenwerking.batch.check_rows` the same rules to whole columns at once.
    """
    if isinstance(value, bool | np.bool_):
        return "value_yes_no"
    if not isinstance(value, int | float) or not math.isfinite(value):
        return "value_not_a_number"
    if not factor.minimum <= value <= factor.maximum:
        return "value_outside"
    if factor.integer and value != int(value):
        return "value_not_whole"
    return None


def value_msg(key: str, factor: Factor, value: Any = None) -> Message:
    """The message for ``key`` about ``factor``, worded when shown (numbers in its notation)."""
    shown: object = (
        Number(value, None)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        else str(value)
    )
    return msg(
        key, value=shown, low=Number(factor.minimum, None), high=Number(factor.maximum, None)
    )


def value_message(key: str, lang: str, factor: Factor, value: Any = None) -> str:
    """:func:`value_msg` in ``lang``: for tables, whose cells hold text."""
    return value_msg(key, factor, value).text(lang)


def validate_situation(situation: Situation | Mapping[str, Any], rules: RuleSet) -> Situation:
    """Return ``situation`` as an instance of ``rules.situation_model``.

    Raises :class:`~samenwerking.errors.SituationError` naming every factor that is wrong.
    A situation already of this rule set's model is returned as it is (checked when made).
    """
    model = rules.situation_model
    if type(situation) is model:
        return situation
    return model.model_validate(situation)


def _plain_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, Real):
        return value
    return int(value) if isinstance(value, Integral) else float(value)


def load_situation(path: Path, rules: RuleSet) -> Situation:
    """Read a situation file (YAML or JSON: one value per factor), every bad factor at its line.

    The file goes through the library's one YAML reader: size-limited, no aliases. A factor
    given as "weet niet" stands at its neutral value (:func:`read_situation` says which).
    """
    return read_situation(path, rules)[0]


def read_situation(path: Path, rules: RuleSet) -> tuple[Situation, frozenset[str]]:
    """A situation file's situation, and the factors it gives as "weet niet" (not known).

    Such a factor stands at its neutral value, where every rule is silent; the firmness of
    the advice then varies it over its whole range
    (:func:`samenwerking.uncertainty.situation_confidence`).
    """
    shown = display_path(path)
    document = load_user_file(path)
    if isinstance(document, Problem):
        raise SituationError([document])
    data = document.data
    if not isinstance(data, dict):
        raise SituationError([Problem(Location(shown, 1, 1), msg("situation_not_a_mapping"))])
    unknown = frozenset(
        key for key, value in data.items() if key in rules.factors_by_id and is_dont_know(value)
    )
    data = {k: stand_in(rules.factors_by_id[k]) if k in unknown else v for k, v in data.items()}
    problems = [
        Problem(document.locate((p.field,)), p.message, field=p.field, hint=p.hint)
        for p in situation_problems(data, rules, strict=True)
    ]
    if problems:
        raise SituationError(problems)
    return rules.situation_model.model_validate(data), unknown
