"""Score many situations at once: the rules evaluated on numpy arrays, chunk by chunk.

``score_many`` gives, row for row, exactly the scores and ranking that ``score`` gives (the
rules are applied in the same order with the same floating-point operations), at millions of
situations per second. ``check_rows`` finds every bad value of a table, so a batch reports
bad rows instead of crashing or silently dropping them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from samenwerking.errors import Location, Problem, SituationError, msg
from samenwerking.rules.loader import load_rules
from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.schema import Factor
from samenwerking.scoring import is_clear, normalise_weights, theme_multipliers, total_scores
from samenwerking.situation import Situation, value_message
from samenwerking.translations import say

# Rows scored at a time: 16,384 keeps each temporary array (128 KiB) in cache and below
# the allocator's mmap threshold; 65,536 was 25% slower (bench/throughput.py).
CHUNK_ROWS = 16_384
ROW_COLUMN = "row"


def situation_frame(
    situations: pd.DataFrame | Sequence[Situation] | Mapping[str, Any],
) -> pd.DataFrame:
    """A DataFrame with one column per factor, from any of the accepted input shapes."""
    if isinstance(situations, pd.DataFrame):
        return situations
    if isinstance(situations, Mapping):
        return pd.DataFrame(dict(situations))
    return pd.DataFrame([s.values() if isinstance(s, Situation) else dict(s) for s in situations])


def check_rows(
    frame: pd.DataFrame, rules: RuleSet, lang: str = "nl"
) -> tuple[np.ndarray, pd.DataFrame]:
    """Which rows are valid, and one problem line per bad value (row numbers from 1).

    Missing columns, empty cells, yes/no values, text in numeric columns, values out of range
    and fractions in whole-number factors are all reported, with the same messages as
    :func:`samenwerking.situation.situation_problems` gives one situation (in ``lang``), and
    nothing is dropped without a line here.
    """
    n = len(frame)
    valid = np.ones(n, dtype=bool)
    rows: list[int] = []
    factors: list[str] = []
    given: list[str] = []
    messages: list[str] = []

    def report(mask: np.ndarray, factor: Factor, shown: Any, key: str) -> None:
        for index in np.flatnonzero(mask):
            value = shown[index] if isinstance(shown, np.ndarray) else shown
            rows.append(int(index) + 1)
            factors.append(factor.id)
            given.append(
                "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
            )
            messages.append(value_message(key, lang, factor, value))
        valid[mask] = False

    for factor in rules.factors:
        if factor.id not in frame.columns:
            report(np.ones(n, dtype=bool), factor, None, "value_missing")
            continue
        column = frame[factor.id]
        raw = column.to_numpy()
        # Yes/no values are not answers: True would silently count as 1 (score() refuses it).
        yes_no = _yes_no(column)
        if yes_no.any():
            report(yes_no, factor, raw, "value_yes_no")
            column = column.where(~yes_no)
        numbers = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
        empty = pd.isna(column).to_numpy() & ~yes_no
        report(empty, factor, None, "value_missing")
        # Infinity is not a number here either, as in score(): it would never be a value.
        not_number = ~empty & ~yes_no & ~np.isfinite(numbers)
        report(not_number, factor, raw, "value_not_a_number")
        finite = np.isfinite(numbers)
        outside = finite & ((numbers < factor.minimum) | (numbers > factor.maximum))
        report(outside, factor, numbers, "value_outside")
        if factor.integer:
            fraction = finite & ~outside & (numbers != np.round(numbers))
            report(fraction, factor, numbers, "value_not_whole")
    problems = pd.DataFrame(
        {ROW_COLUMN: rows, "factor": factors, "value": given, "problem": messages}
    )
    return valid, problems.sort_values([ROW_COLUMN, "factor"], kind="stable", ignore_index=True)


def _yes_no(column: pd.Series) -> np.ndarray:
    """Which cells hold True/False (only mixed columns are looked at cell by cell)."""
    if column.dtype == bool:
        return np.ones(len(column), dtype=bool)
    if column.dtype != object or pd.api.types.infer_dtype(column, skipna=True) == "string":
        return np.zeros(len(column), dtype=bool)
    return np.array([isinstance(v, bool | np.bool_) for v in column.to_numpy()], dtype=bool)


def score_arrays(
    values: Mapping[str, Any], rules: RuleSet, multipliers: Mapping[str, Any], size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Scores (forms x ``size``) and knock-out flags, from the one scoring kernel.

    ``values`` and ``multipliers`` hold floats or arrays of length ``size``: many situations
    under one weighting (batch scoring) or one situation under many weightings (sampling).
    """
    return total_scores(values, rules, multipliers, size)


def score_many(
    situations: pd.DataFrame | Sequence[Situation] | Mapping[str, Any],
    rules: RuleSet | None = None,
    weights: Mapping[str, float] | None = None,
    *,
    chunk_rows: int = CHUNK_ROWS,
    progress: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """Score every row; one result row per input row, in order, with the input's index.

    Columns: ``score_<form>`` (0-100), ``rank_<form>`` (1 = best), ``knocked_out_<form>``,
    ``top`` (the best form), ``margin`` (points between first and second) and ``clear``
    (False when the margin is under the rule set's ``clear_margin``: no clear advice).
    Columns that are not factors (ids, names) are ignored. Raises
    :class:`~samenwerking.errors.SituationError` naming the bad rows if any row is invalid;
    use :func:`check_rows` first to separate them. ``progress`` is called with the number of
    rows done after each chunk.

    Examples
    --------
    >>> from samenwerking import Situation, load_rules, score
    >>> rules = load_rules()
    >>> result = score_many([Situation.example(), Situation.example().replace(trust=5)], rules)
    >>> result.loc[0, "top"] == score(Situation.example(), rules).top
    True
    """
    rules = rules or load_rules()
    frame = situation_frame(situations)
    valid, problems = check_rows(frame, rules)
    if not valid.all():
        shown = problems.head(10)
        raise SituationError(
            [
                Problem(Location(say("table_row", "nl", row=row)), str(problem), field=str(factor))
                for row, problem, factor in zip(
                    shown[ROW_COLUMN], shown["problem"], shown["factor"], strict=True
                )
            ]
            + (
                [Problem(Location(""), msg("and_more", count=len(problems) - 10))]
                if len(problems) > 10
                else []
            )
        )
    multipliers = theme_multipliers(rules, normalise_weights(rules, weights))
    columns = {  # a column can only be absent here when there are no rows at all
        f.id: pd.to_numeric(frame[f.id]).to_numpy(dtype=float)
        if f.id in frame.columns
        else np.zeros(len(frame))
        for f in rules.factors
    }
    n, forms = len(frame), len(rules.form_ids)
    scores = np.empty((forms, n))
    ranks = np.empty((forms, n), dtype=np.int8)
    knocked = np.empty((forms, n), dtype=bool)
    top = np.empty(n, dtype=np.int8)
    margin = np.empty(n)
    for start in range(0, n, chunk_rows):
        part = slice(start, min(start + chunk_rows, n))
        chunk = {name: array[part] for name, array in columns.items()}
        _score_chunk(
            chunk,
            rules,
            multipliers,
            scores[:, part],
            ranks[:, part],
            knocked[:, part],
            top[part],
            margin[part],
        )
        if progress is not None:
            progress(part.stop)
    data: dict[str, Any] = {}
    for i, form in enumerate(rules.form_ids):
        data[f"score_{form}"] = scores[i]
    for i, form in enumerate(rules.form_ids):
        data[f"rank_{form}"] = ranks[i]
    for i, form in enumerate(rules.form_ids):
        data[f"knocked_out_{form}"] = knocked[i]
    data["top"] = pd.Categorical.from_codes(top, categories=pd.Index(list(rules.form_ids)))
    data["margin"] = margin
    data["clear"] = is_clear(margin, rules.metadata.clear_margin)
    return pd.DataFrame(data, index=frame.index, copy=False)


def _score_chunk(
    values: Mapping[str, np.ndarray],
    rules: RuleSet,
    multipliers: Mapping[str, float],
    scores: np.ndarray,
    ranks: np.ndarray,
    knocked: np.ndarray,
    top: np.ndarray,
    margin: np.ndarray,
) -> None:
    """Score one chunk into the given slices of the result arrays."""
    size = len(next(iter(values.values())))
    scores[:], knocked[:] = score_arrays(values, rules, multipliers, size)
    rank_scores(scores, ranks, top, margin)


def rank_scores(scores: np.ndarray, ranks: np.ndarray, top: np.ndarray, margin: np.ndarray) -> None:
    """Fill ``ranks`` (1 = best), ``top`` (row of the best form) and ``margin`` from ``scores``.

    Ties go to the form listed first, as in ``score()``.
    """
    size = scores.shape[1]
    # Rank by counting who beats whom: with five forms, 20 vector comparisons beat sorting
    # along the short axis.
    ranks[:] = 1
    for i in range(len(scores)):
        for j in range(len(scores)):
            if j < i:
                ranks[i] += scores[j] >= scores[i]
            elif j > i:
                ranks[i] += scores[j] > scores[i]
    # Best and second-best in one pass; a strictly higher score takes the top, so of equal
    # maxima the form listed first stays on top, as in score().
    best, second = scores[0].copy(), np.full(size, -np.inf)
    top[:] = 0
    for i in range(1, len(scores)):
        candidate = scores[i]
        second = np.maximum(second, np.minimum(best, candidate))
        top[candidate > best] = i
        best = np.maximum(best, candidate)
    margin[:] = best - second if len(scores) > 1 else 0.0
