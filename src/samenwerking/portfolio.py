"""What if? Many corporations under many policy scenarios and many weightings at once.

An analyst asks: if the administrative burden rises by one step everywhere, or every
corporation faces budget pressure 4, which form fits each corporation, and how firmly? That
is corporations x scenarios x weight samples evaluations (280 x 100 x 10,000 = 2.8e8 for a
national study). The model allows a shortcut: scores are linear in the theme weights and
knock-outs do not depend on them, so the rules are evaluated once per corporation and
scenario (points per form and theme), and each weight sample is then a few multiplications
(:func:`~samenwerking.sensitivity.rank_counts`). The arithmetic is the same as that of
:func:`~samenwerking.score` and :func:`~samenwerking.rank_acceptability`, so every row of the
result is exactly what those give for that corporation's changed situation.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from samenwerking.batch import factor_columns, situation_frame
from samenwerking.dask_support import is_dask_frame, score_partitions
from samenwerking.errors import (
    ScenarioClippedWarning,
    ScenarioError,
    WeightsError,
    did_you_mean,
    msg,
)
from samenwerking.rules.loader import load_rules
from samenwerking.rules.ruleset import RuleSet
from samenwerking.scoring import (
    normalise_weights,
    rank_arrays,
    score_arrays,
    theme_multipliers,
    theme_points,
)
from samenwerking.sensitivity import rank_counts, sampled_multipliers
from samenwerking.situation import Situation

#: The scenario that changes nothing: every corporation as it is.
BASELINE = "huidig"
#: The columns of :func:`what_if`'s result, in order.
COLUMNS = ("corporation", "scenario", "form", "share_first", "mean_rank", "top", "clipped")


@dataclass(frozen=True)
class Change:
    """One factor's change in a scenario: a shift (clipped to the range) or a new value."""

    factor: str
    amount: float
    override: bool


def what_if(
    frame: pd.DataFrame | Sequence[Situation] | Mapping[str, Any] | Any,
    scenarios: Mapping[str, Mapping[str, Any]] | None = None,
    weights: Mapping[str, float] | pd.DataFrame | np.ndarray | None = None,
    *,
    n: int = 10_000,
    spread: float = 0.3,
    seed: int | None = None,
    rules: RuleSet | None = None,
    baseline: str | None = BASELINE,
    validate: bool = True,
) -> Any:
    """Firmness of the advice for every corporation under every scenario, as a long table.

    Parameters
    ----------
    frame:
        One row per corporation, one column per factor (ids or ``score_many``'s input
        shapes); the index names the corporations. A Dask DataFrame gives a lazy Dask
        result, partition by partition (``pip install 'samenwerking[dask]'``).
    scenarios:
        Scenario name -> changes per factor. A number is a shift, clipped to the factor's
        range (``{"lastendruk +1": {"administrative_burden": 1}}``); ``{"set": 4}`` sets the
        value for everyone. Clipping is said in a :class:`ScenarioClippedWarning` and in
        the ``clipped`` column.
    weights:
        Theme weights: a mapping (the centre of the sampling; default the rule set's own),
        or weight samples as a DataFrame or array (one row per sample, one column per
        theme, in the rule set's order), used as they are (``n`` and ``spread`` ignored).
    n, spread, seed:
        Weight samples drawn around the centre as :func:`rank_acceptability` draws them
        (log-normal, width ``spread``; ``spread=0``: the centre only). ``seed=None`` draws
        a fresh seed, kept in ``result.attrs["seed"]`` so the run can be repeated.
    rules:
        The rule set; default the bundled one.
    baseline:
        Name of the scenario that changes nothing (listed first); None leaves it out.
    validate:
        Check every value first (``False`` for a frame that already passed
        :func:`check_rows`).

    Returns
    -------
    pandas.DataFrame
        One row per corporation, scenario and form: ``share_first`` (share of weight samples
        in which the form ranks first), ``mean_rank``, ``top`` (the best form under the
        central weights) and ``clipped`` (factors the scenario's shift clipped, comma-separated).

    Raises
    ------
    ScenarioError
        A scenario names an unknown factor, or a change is not a usable number.
    SituationError
        A row of ``frame`` does not fit the rule set (with ``validate``).
    WeightsError
        Unusable weights or weight samples.

    Examples
    --------
    >>> import samenwerking as sw
    >>> frame = pd.DataFrame([sw.Situation.example().values()], index=["Woonstede"])
    >>> result = sw.what_if(frame, {"lastendruk +1": {"administrative_burden": 1}}, n=200, seed=1)
    >>> result[["corporation", "scenario"]].drop_duplicates().values.tolist()
    [['Woonstede', 'huidig'], ['Woonstede', 'lastendruk +1']]
    """
    rules = rules or load_rules()
    if n < 1:
        raise WeightsError(msg("what_if_samples", n=n))
    if not math.isfinite(spread) or spread < 0:
        raise WeightsError(msg("what_if_spread", spread=spread))
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1)[0])
    plan = scenario_plan(scenarios, rules, baseline)
    if is_dask_frame(frame):
        return score_partitions(
            frame,
            what_if,
            scenarios,
            weights,
            n=n,
            spread=spread,
            seed=seed,
            rules=rules,
            baseline=baseline,
            validate=validate,
        )
    table = situation_frame(frame)
    columns = factor_columns(table, rules, validate=validate)
    stacked, clipped = apply_scenarios(columns, plan, rules)
    size = len(table) * len(plan)
    central, samples = weight_samples(rules, weights, n, spread, seed)
    top = rank_arrays(score_arrays(stacked, rules, theme_multipliers(rules, central), size)[0])[1]
    points, knocked = theme_points(stacked, rules, size)
    first, rank_sum, _ = rank_counts(points, knocked, samples, rules)
    count = len(samples[0])
    result = long_table(table.index, list(plan), rules, (first, rank_sum, count), top, clipped)
    result.attrs.update(seed=seed, n=count, spread=spread, weights=central, rules=str(rules.info))
    return result


def scenario_plan(
    scenarios: Mapping[str, Mapping[str, Any]] | None, rules: RuleSet, baseline: str | None
) -> dict[str, tuple[Change, ...]]:
    """Scenario name -> its checked changes, the baseline (no changes) first."""
    plan: dict[str, tuple[Change, ...]] = {} if baseline is None else {baseline: ()}
    for name, changes in (scenarios or {}).items():
        if str(name) in plan:
            raise ScenarioError(msg("what_if_duplicate", scenario=name))
        if not isinstance(changes, Mapping):
            raise ScenarioError(msg("what_if_changes", scenario=name))
        plan[str(name)] = tuple(
            _change(str(name), str(factor), value, rules) for factor, value in changes.items()
        )
    if not plan:
        raise ScenarioError(msg("what_if_no_scenarios"))
    return plan


def _change(scenario: str, factor_id: str, value: Any, rules: RuleSet) -> Change:
    factor = rules.factors_by_id.get(factor_id)
    if factor is None:
        raise ScenarioError(
            msg(
                "what_if_unknown_factor",
                scenario=scenario,
                name=factor_id,
                hint=did_you_mean(factor_id, rules.factor_ids),
            )
        )
    override = isinstance(value, Mapping)
    if override:
        if set(value) != {"set"}:
            raise ScenarioError(msg("what_if_set_only", scenario=scenario, name=factor_id))
        value = value["set"]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScenarioError(
            msg("what_if_not_a_number", scenario=scenario, name=factor_id, value=repr(value))
        )
    amount = float(value)
    if factor.integer and amount != round(amount):
        raise ScenarioError(
            msg("what_if_not_whole", scenario=scenario, name=factor_id, value=amount)
        )
    if override and not factor.minimum <= amount <= factor.maximum:
        raise ScenarioError(
            msg(
                "what_if_set_outside",
                scenario=scenario,
                name=factor_id,
                value=amount,
                low=factor.minimum,
                high=factor.maximum,
            )
        )
    return Change(factor_id, amount, override)


def apply_scenarios(
    columns: Mapping[str, np.ndarray], plan: Mapping[str, tuple[Change, ...]], rules: RuleSet
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every corporation under every scenario (corporation-major), and what was clipped.

    Returns the factor columns of the stacked situations and, per stacked row, the
    comma-separated factors whose shift went past the range (empty when none).
    """
    count = len(plan)
    stacked = {name: np.repeat(column, count) for name, column in columns.items()}
    clipped = np.full(len(next(iter(stacked.values()), ())), "", dtype=object)
    found: list[str] = []
    for position, (scenario, changes) in enumerate(plan.items()):
        rows = slice(position, None, count)
        for change in changes:
            factor = rules.factors_by_id[change.factor]
            column = stacked[change.factor]
            if change.override:
                column[rows] = change.amount
                continue
            moved = column[rows] + change.amount
            outside = (moved < factor.minimum) | (moved > factor.maximum)
            column[rows] = np.clip(moved, factor.minimum, factor.maximum)
            if outside.any():
                marks = clipped[rows]
                marks[outside] = [
                    f"{m},{change.factor}" if m else change.factor for m in marks[outside]
                ]
                clipped[rows] = marks
                found.append(f"{scenario}: {change.factor} ({int(outside.sum())}x)")
    if found:
        shown = "; ".join(found[:CLIPPED_SHOWN])
        more = len(found) - CLIPPED_SHOWN
        warnings.warn(
            ScenarioClippedWarning(
                msg("what_if_clipped", changes=shown + (f" (+{more})" if more > 0 else "")).text()
            ),
            stacklevel=3,
        )
    return stacked, clipped


#: Clipped scenario changes named in the one warning (the ``clipped`` column has them all).
CLIPPED_SHOWN = 5


def weight_samples(
    rules: RuleSet,
    weights: Mapping[str, float] | pd.DataFrame | np.ndarray | None,
    n: int,
    spread: float,
    seed: int,
) -> tuple[dict[str, float], list[np.ndarray]]:
    """The central weights and the multipliers of every weight sample, per theme."""
    if weights is None or isinstance(weights, Mapping):
        central = normalise_weights(rules, weights)
        _, samples = sampled_multipliers(rules, central, 1 if spread == 0 else n, spread, seed)
        return central, samples
    given = np.asarray(weights.to_numpy() if isinstance(weights, pd.DataFrame) else weights)
    themes = rules.theme_ids
    if isinstance(weights, pd.DataFrame) and list(weights.columns) != list(themes):
        missing = [t for t in themes if t not in weights.columns]
        if missing:
            raise WeightsError(msg("what_if_sample_themes", themes=", ".join(missing)))
        given = weights[list(themes)].to_numpy()
    if given.ndim != 2 or given.shape[1] != len(themes) or len(given) == 0:
        raise WeightsError(msg("what_if_sample_shape", count=len(themes)))
    given = given.astype(float)
    if not np.isfinite(given).all() or (given < 0).any():
        raise WeightsError(msg("what_if_sample_values"))
    central = normalise_weights(rules, dict(zip(themes, given.mean(axis=0).tolist(), strict=True)))
    multipliers = theme_multipliers(rules, {t: given[:, i] for i, t in enumerate(themes)})
    return central, [np.asarray(multipliers[t], dtype=float) for t in themes]


def long_table(
    index: pd.Index,
    scenarios: list[str],
    rules: RuleSet,
    counts: tuple[np.ndarray, np.ndarray, int],
    top: np.ndarray,
    clipped: np.ndarray,
) -> pd.DataFrame:
    """The tidy result: corporation, scenario, form, share_first, mean_rank, top, clipped.

    ``counts`` holds how often each form came first and its rank sum (situations x forms, the
    situations corporation-major), and the number of weight samples.
    """
    forms = list(rules.form_ids)
    per_corporation = len(scenarios) * len(forms)
    first, rank_sum, samples = counts
    return pd.DataFrame(
        {
            "corporation": np.repeat(index.to_numpy(), per_corporation),
            "scenario": pd.Categorical.from_codes(
                np.tile(np.repeat(np.arange(len(scenarios)), len(forms)), len(index)),
                categories=pd.Index(scenarios),
            ),
            "form": pd.Categorical.from_codes(
                np.tile(np.arange(len(forms)), len(index) * len(scenarios)),
                categories=pd.Index(forms),
            ),
            "share_first": (first / samples).ravel(),
            "mean_rank": (rank_sum / samples).ravel(),
            "top": (top[:, None] == np.arange(len(forms))[None, :]).ravel(),
            "clipped": np.repeat(clipped, len(forms)),
        },
        columns=list(COLUMNS),
    )
