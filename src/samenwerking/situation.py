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
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationInfo, model_validator

from samenwerking.errors import Location, Problem, SituationError, did_you_mean, display_path
from samenwerking.numbers import format_value
from samenwerking.rules.loader import load_rules
from samenwerking.rules.schema import Factor
from samenwerking.rules.yaml_source import load_user_file
from samenwerking.translations import say

if TYPE_CHECKING:
    from samenwerking.rules.ruleset import RuleSet


class Situation(BaseModel):
    """The factors of one corporation's situation, each within the range its rule set declares.

    Scales run from 1 (low) to 5 (high) in the default rules; counts (``partner_count``,
    ``dwellings``) are whole numbers. Which factors there are is up to the rule set given as
    validation context (``context={"rules": rules}``), or the default rule set.

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

    if TYPE_CHECKING:  # factors are attributes (s.trust) whatever the rule set names them

        def __getattr__(self, name: str) -> Any: ...

    @model_validator(mode="before")
    @classmethod
    def _as_numbers(cls, data: Any, info: ValidationInfo) -> Any:
        """Whole numbers for integer factors, floats for the rest.

        Other values are left as they are, to be reported after with a message.
        """
        if not isinstance(data, Mapping):
            return data
        rules = _context_rules(info) or load_rules()
        declared = rules.factors_by_id
        converted = dict(data)
        for name, value in data.items():
            factor = declared.get(name)
            if factor is None or isinstance(value, bool) or not isinstance(value, Real):
                continue
            number = float(value)
            if not math.isfinite(number):
                continue
            if factor.integer and number.is_integer():
                converted[name] = int(number)
            elif not factor.integer:
                converted[name] = number
        return converted

    @model_validator(mode="after")
    def _fits_rule_set(self, info: ValidationInfo) -> Situation:
        rules = _context_rules(info)
        # Without a rule set the situation may belong to any: check what the default rules
        # know of it (ranges), but not which factors are there.
        problems = situation_problems(
            self.values(), rules, strict=rules is not None, complete=rules is not None
        )
        if problems:
            raise ValueError("; ".join(f"{p.field}: {p.message}" for p in problems))
        return self

    def values(self) -> dict[str, Any]:
        """All factor values as a plain dict."""
        return dict(self.__pydantic_extra__ or {})

    def replace(self, **changes: float) -> Situation:
        """Return a copy with some factors changed, validated again."""
        return type(self).model_validate({**self.values(), **changes})

    @classmethod
    def example(cls, rules: RuleSet | None = None) -> Situation:
        """A plausible small corporation, from the ``example`` values of the rule set."""
        rules = rules or load_rules()
        values = {f.id: int(f.example) if f.integer else f.example for f in rules.factors}
        return cls.model_validate(values, context={"rules": rules})


def _context_rules(info: ValidationInfo) -> RuleSet | None:
    context = info.context if isinstance(info.context, Mapping) else {}
    rules: RuleSet | None = context.get("rules")
    return rules


def situation_problems(
    values: Mapping[str, Any],
    rules: RuleSet | None,
    *,
    strict: bool = True,
    complete: bool = True,
    lang: str = "nl",
) -> list[Problem]:
    """Check factor values against a rule set: missing, unknown, non-numeric, out of range.

    ``strict=False`` accepts factors the rule set does not know (they may belong to another
    rule set); ``complete=False`` accepts missing factors. The messages are the ones batch
    scoring gives row by row (:func:`value_problem`), in ``lang``.
    """
    rules = rules or load_rules()
    declared = rules.factors_by_id
    problems = []
    here = Location("")
    for factor in rules.factors:
        if factor.id not in values:
            if not complete:
                continue
            problems.append(
                Problem(here, value_message("value_missing", lang, factor), field=factor.id)
            )
            continue
        key = value_problem(values[factor.id], factor)
        if key is not None:
            problems.append(
                Problem(here, value_message(key, lang, factor, values[factor.id]), field=factor.id)
            )
    if strict:
        for name in values:
            if name not in declared:
                problems.append(
                    Problem(
                        here,
                        say("value_unknown_factor", lang),
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


def value_message(key: str, lang: str, factor: Factor, value: Any = None) -> str:
    """The message for ``key`` about ``factor``: numbers in the language's notation."""
    shown = (
        format_value(value, lang)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        else str(value)
    )
    return say(
        key,
        lang,
        value=shown,
        low=format_value(factor.minimum, lang),
        high=format_value(factor.maximum, lang),
    )


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


def load_situation(path: Path, rules: RuleSet) -> Situation:
    """Read a situation file (YAML or JSON: one value per factor), every bad factor at its line.

    The file goes through the library's one YAML reader: size-limited, no aliases.
    """
    shown = display_path(path)
    document = load_user_file(path)
    if isinstance(document, Problem):
        raise SituationError([document])
    data = document.data
    if not isinstance(data, dict):
        raise SituationError(
            [Problem(Location(shown, 1, 1), "a situation is a mapping of factor: value")]
        )
    problems = [
        Problem(document.locate((p.field,)), p.message, field=p.field, hint=p.hint)
        for p in situation_problems(data, rules, strict=True)
    ]
    if problems:
        raise SituationError(problems)
    return Situation.model_validate(data, context={"rules": rules})
