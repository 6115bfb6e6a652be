"""Theme weights: the one check, used by scoring, batches, the CLI, the dashboard and sessions.

A weight says how heavily a theme counts: 0 leaves it out, 1 is the rule set's standard,
:data:`MAX_WEIGHT` the most. One limit everywhere means a weighting accepted in one place is
accepted in every other (a session refused 50 while ``score`` took it). Numbers may come from
numpy or pandas, and a pandas ``Series`` indexed by theme is a weighting like a dict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Real
from typing import Any

from samenwerking.errors import Message, Number, WeightsError, did_you_mean, msg
from samenwerking.numbers import parse_decimal
from samenwerking.rules.ruleset import RuleSet

#: The largest theme weight accepted anywhere (the dashboard's sliders go to 3).
MAX_WEIGHT = 10.0


def weight_problem(theme: str, value: Any) -> Message | None:
    """What is wrong with one weight, or ``None`` when it can be used.

    Examples
    --------
    >>> import numpy as np
    >>> weight_problem("trust", np.int64(2)) is None
    True
    >>> weight_problem("trust", 50).text("en")
    "the weight of 'trust' is a number from 0 to 10, not 50"
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        return msg("weight_not_a_number", name=theme, value=repr(value))
    number = float(value)
    if not math.isfinite(number) or not 0 <= number <= MAX_WEIGHT:
        shown = Number(number, None) if math.isfinite(number) else str(number)
        return msg("weight_outside", name=theme, value=shown, most=Number(MAX_WEIGHT, None))
    return None


def check_weights(rules: RuleSet, weights: Mapping[str, Any] | Any | None) -> dict[str, float]:
    """Theme weights with the rule set's defaults filled in, as plain floats.

    Parameters
    ----------
    rules:
        The rule set whose themes the weights are for.
    weights:
        A mapping (or pandas ``Series``) of theme id to weight; missing themes keep their
        default, ``None`` means all defaults.

    Raises
    ------
    WeightsError
        For an unknown theme or a weight that is not a number from 0 to ``MAX_WEIGHT``.
    """
    result = dict(rules.default_weights)
    if weights is None:
        return result
    if not hasattr(weights, "items"):
        raise WeightsError(msg("weights_not_a_mapping", value=type(weights).__name__))
    for theme, weight in weights.items():
        if theme not in result:
            raise WeightsError(
                msg("weight_unknown_theme", name=theme, hint=did_you_mean(str(theme), result))
            )
        problem = weight_problem(theme, weight)
        if problem is not None:
            raise WeightsError(problem)
        result[theme] = float(weight)
    return result


def parse_weight_option(text: str) -> tuple[str, float]:
    """One ``THEMA=WAARDE`` option: ``tenant_value=1,5`` and ``tenant_value=1.5`` alike.

    Examples
    --------
    >>> parse_weight_option("tenant_value=1,5")
    ('tenant_value', 1.5)
    """
    theme, sep, value = text.partition("=")
    number = parse_decimal(value.strip()) if sep else None
    if number is None:
        raise WeightsError(msg("weight_option", text=text))
    return theme.strip(), number
