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
from pathlib import Path
from typing import Any

from samenwerking.errors import (
    Location,
    Message,
    Number,
    Problem,
    WeightsError,
    WeightsFileError,
    did_you_mean,
    display_path,
    msg,
)
from samenwerking.numbers import parse_decimal
from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.yaml_source import load_user_file

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


def load_weights_file(path: Path, rules: RuleSet) -> dict[str, float]:
    """Theme weights from a file (as ``samenwerking weights ask`` writes), problems at their line.

    The file holds ``weights:`` (theme: number); anything else in it (the answers that led to
    the weights) is kept for the reader, not used. Read through the library's one YAML reader:
    size-limited, no aliases.
    """
    document = load_user_file(path)
    if isinstance(document, Problem):
        raise WeightsFileError([document])
    data = document.data
    weights = data.get("weights") if isinstance(data, dict) else None
    if not isinstance(weights, dict):
        where = (
            document.locate(("weights",))
            if isinstance(data, dict) and "weights" in data
            else Location(display_path(path), 1, 1)
        )
        raise WeightsFileError([Problem(where, msg("weights_file_shape"))])
    problems = []
    for theme, value in weights.items():
        where = document.locate(("weights", theme))
        if theme not in rules.default_weights:
            hint = did_you_mean(str(theme), rules.default_weights)
            problems.append(Problem(where, msg("weight_unknown_theme", name=theme, hint=hint)))
            continue
        problem = weight_problem(str(theme), value)
        if problem is not None:
            problems.append(Problem(where, problem))
    if problems:
        raise WeightsFileError(problems)
    return check_weights(rules, weights)
