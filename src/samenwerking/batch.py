"""Score many situations at once: the rules evaluated on numpy arrays, chunk by chunk.

``score_many`` gives, row for row, exactly the scores and ranking that ``score`` gives (the
rules are applied in the same order with the same floating-point operations), at millions of
situations per second. ``check_rows`` finds every bad value of a table, so a batch reports
bad rows instead of crashing or silently dropping them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from samenwerking.dask_support import is_dask_frame, score_partitions
from samenwerking.errors import Location, Message, Problem, SituationError, display_path, msg
from samenwerking.languages import DEFAULT_LANGUAGE
from samenwerking.rules.loader import load_rules
from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.schema import Factor
from samenwerking.scoring import (
    is_clear,
    lightest_of_arrays,
    normalise_weights,
    rank_scores,
    score_arrays,
    theme_multipliers,
)
from samenwerking.situation import Situation, value_msg
from samenwerking.spreadsheets import problems_for_people, results_for_people
from samenwerking.tables import (
    THOUSANDS_DOTS,
    WINDOWS_1252,
    CarefulReadingNeededError,
    ResultFiles,
    TableError,
    check_output,
    read_table_chunks,
    sniff_csv,
)

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
    frame: pd.DataFrame, rules: RuleSet, lang: str = DEFAULT_LANGUAGE
) -> tuple[np.ndarray, pd.DataFrame]:
    """Which rows are valid, and one problem line per bad value (row numbers from 1).

    Missing columns, empty cells, yes/no values, text in numeric columns, values out of range
    and fractions in whole-number factors are all reported, with the same messages as
    :func:`samenwerking.situation.situation_problems` gives one situation (in ``lang``), and
    nothing is dropped without a line here.

    Parameters
    ----------
    frame:
        One row per situation, one column per factor (other columns are ignored).
    rules:
        The rule set the values must fit.
    lang:
        Language of the problem lines.

    Returns
    -------
    tuple of numpy.ndarray and pandas.DataFrame
        Per row whether it is valid, and one line per bad value: row, factor, value, problem.
    """
    valid, problems = _row_problems(frame, rules)
    problems["problem"] = [m.text(lang) for m in problems.pop("message")]
    return valid, problems


def _row_problems(frame: pd.DataFrame, rules: RuleSet) -> tuple[np.ndarray, pd.DataFrame]:
    """:func:`check_rows` with each problem a :class:`Message`, worded where it is shown."""
    n = len(frame)
    valid = np.ones(n, dtype=bool)
    rows: list[int] = []
    factors: list[str] = []
    given: list[str] = []
    messages: list[Message] = []

    def report(mask: np.ndarray, factor: Factor, shown: Any, key: str) -> None:
        for index in np.flatnonzero(mask):
            value = shown[index] if isinstance(shown, np.ndarray) else shown
            rows.append(int(index) + 1)
            factors.append(factor.id)
            given.append(
                "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
            )
            messages.append(value_msg(key, factor, value))
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
        # "12.000" as text in a count: twelve or twelve thousand, so refused by name (a
        # file's reader has already turned it into 12000 where the file says which).
        thousands = _thousands_text(column) if factor.integer else np.zeros(n, dtype=bool)
        report(thousands, factor, raw, "value_thousands_ambiguous")
        numbers = pd.to_numeric(column.where(~thousands), errors="coerce").to_numpy(dtype=float)
        empty = pd.isna(column).to_numpy() & ~yes_no
        report(empty, factor, None, "value_missing")
        # Infinity is not a number here either, as in score(): it would never be a value.
        not_number = ~empty & ~yes_no & ~thousands & ~np.isfinite(numbers)
        report(not_number, factor, raw, "value_not_a_number")
        finite = np.isfinite(numbers)
        outside = finite & ((numbers < factor.minimum) | (numbers > factor.maximum))
        report(outside, factor, numbers, "value_outside")
        if factor.integer:
            fraction = finite & ~outside & (numbers != np.round(numbers))
            report(fraction, factor, numbers, "value_not_whole")
    problems = pd.DataFrame(
        {ROW_COLUMN: rows, "factor": factors, "value": given, "message": messages}
    )
    return valid, problems.sort_values([ROW_COLUMN, "factor"], kind="stable", ignore_index=True)


def _thousands_text(column: pd.Series) -> np.ndarray:
    """Which cells are text like "12.000" (only text columns are looked at)."""
    if column.dtype != object:
        return np.zeros(len(column), dtype=bool)
    texts = column.map(lambda v: isinstance(v, str) and bool(THOUSANDS_DOTS.match(v)))
    return texts.to_numpy(dtype=bool)


def _yes_no(column: pd.Series) -> np.ndarray:
    """Which cells hold True/False (only mixed columns are looked at cell by cell)."""
    if column.dtype == bool:
        return np.ones(len(column), dtype=bool)
    if column.dtype != object or pd.api.types.infer_dtype(column, skipna=True) == "string":
        return np.zeros(len(column), dtype=bool)
    return np.array([isinstance(v, bool | np.bool_) for v in column.to_numpy()], dtype=bool)


def _refuse_bad_rows(valid: np.ndarray, problems: pd.DataFrame) -> None:
    """Raise :class:`SituationError` naming the first ten bad values, if there are any."""
    if valid.all():
        return
    shown = problems.head(10)
    raise SituationError(
        [
            Problem(Location("", place=msg("table_row", row=row)), problem, field=str(factor))
            for row, problem, factor in zip(
                shown[ROW_COLUMN], shown["message"], shown["factor"], strict=True
            )
        ]
        + (
            [Problem(Location(""), msg("and_more", count=len(problems) - 10))]
            if len(problems) > 10
            else []
        )
    )


def _floats(column: pd.Series) -> np.ndarray:
    """A column as float64, without a copy when it already is one."""
    if column.dtype == np.float64:
        return column.to_numpy()
    return pd.to_numeric(column).to_numpy(dtype=float)


def factor_columns(
    frame: pd.DataFrame, rules: RuleSet, *, validate: bool = True
) -> dict[str, np.ndarray]:
    """The factor columns of ``frame`` as float arrays, after checking every value.

    Raises :class:`~samenwerking.errors.SituationError` naming the first bad values. With
    ``validate=False`` only missing columns are refused (the values are taken as checked).
    """
    if validate:
        _refuse_bad_rows(*_row_problems(frame, rules))
    elif len(frame) and any(f.id not in frame.columns for f in rules.factors):
        _refuse_bad_rows(*_row_problems(frame.head(1), rules))
    return {  # a column can only be absent here when there are no rows at all
        f.id: _floats(frame[f.id]) if f.id in frame.columns else np.zeros(len(frame))
        for f in rules.factors
    }


def score_many(
    situations: pd.DataFrame | Sequence[Situation] | Mapping[str, Any],
    rules: RuleSet | None = None,
    weights: Mapping[str, float] | None = None,
    *,
    validate: bool = True,
    chunk_rows: int = CHUNK_ROWS,
    progress: Callable[[int], None] | None = None,
) -> Any:
    """Score every row; one result row per input row, in order, with the input's index.

    Columns: ``score_<form>`` (0-100), ``rank_<form>`` (1 = best), ``knocked_out_<form>``,
    ``top`` (the best form), ``margin`` (points between first and second) and ``clear``
    (False when the margin is under the rule set's ``clear_margin``: no clear advice).
    Columns that are not factors (ids, names) are ignored. Raises
    :class:`~samenwerking.errors.SituationError` naming the bad rows if any row is invalid;
    use :func:`check_rows` first to separate them. ``progress`` is called with the number of
    rows done after each chunk.

    ``validate=False`` skips the check of every value (a quarter of the time) for a
    frame that has already passed :func:`check_rows` or came from this library; a value out
    of range is then scored as it stands, so use it only on checked data.

    A Dask DataFrame (``pip install 'samenwerking[dask]'``) is scored partition by
    partition, lazily: the result is a Dask DataFrame equal to the pandas result.

    Parameters
    ----------
    situations:
        A DataFrame (one row per situation), a sequence of situations, or a mapping of columns.
    rules:
        The rule set; default the bundled one.
    weights:
        Theme weights; default the rule set's own.
    validate:
        Check every value first (``False`` for a frame that passed :func:`check_rows`).
    chunk_rows:
        Rows scored at a time (memory against speed).
    progress:
        Called with the number of rows done after each chunk.

    Returns
    -------
    pandas.DataFrame
        One row per input row, in order, with the columns above.

    Raises
    ------
    SituationError
        Naming the first bad rows.

    Examples
    --------
    >>> from samenwerking import Situation, load_rules, score
    >>> rules = load_rules()
    >>> result = score_many([Situation.example(), Situation.example().replace(trust=5)], rules)
    >>> result.loc[0, "top"] == score(Situation.example(), rules).top
    True
    """
    rules = rules or load_rules()
    if is_dask_frame(situations):
        return score_partitions(situations, score_many, rules, weights=weights, validate=validate)
    frame = situation_frame(situations)
    columns = factor_columns(frame, rules, validate=validate)
    multipliers = theme_multipliers(rules, normalise_weights(rules, weights))
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
    data["advised"] = pd.Categorical.from_codes(
        lightest_of_arrays(scores, rules, top), categories=pd.Index(list(rules.form_ids))
    )
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


@dataclass(frozen=True)
class BatchRun:
    """What :func:`score_file` did: rows read, scored and with problems, and notes to show."""

    rows: int
    scored: int
    bad_rows: int
    results: Path
    errors: Path
    notes: tuple[Message, ...] = ()


def score_file(
    source: Path,
    output: Path,
    errors: Path | None = None,
    rules: RuleSet | None = None,
    weights: Mapping[str, Any] | None = None,
    *,
    lang: str = DEFAULT_LANGUAGE,
    excel: bool = False,
    keep_factors: bool = False,
    progress: Callable[[int], None] | None = None,
) -> BatchRun:
    """Score every row of a CSV or parquet file into a results file and an errors file.

    Parameters
    ----------
    source:
        ``.csv`` (separator, decimal mark and encoding detected) or ``.parquet``; one
        column per factor, headed by its id or its label ("Vertrouwen").
    output:
        ``.csv``, ``.parquet`` or ``.xlsx`` (a workbook with labels in ``lang``).
    errors:
        One line per problem: row, the input's own columns (an id, a name) to join on,
        factor, value and problem. Default: ``output`` with ``.errors.csv`` (a workbook's:
        ``.errors.xlsx``) in place of its suffix.
    rules, weights:
        The rule set (default: the bundled one) and theme weights (default: its own).
    lang:
        The language of the labels of a table for people, and of the problems.
    excel:
        A ``.csv`` output as Dutch Excel opens it: semicolons, decimal commas, a byte-order
        mark, rounded numbers and labels in ``lang``.
    keep_factors:
        Copy the input's factor values into the results as well.
    progress:
        Called with the number of rows read so far after each chunk.

    Returns
    -------
    BatchRun
        Counts (rows = scored + rows with problems) and notes about how the file was read.

    Raises
    ------
    TableError
        The file cannot be read as it stands (nothing is written then), or an output is
        the input, the other output, or of an unknown kind.
    """
    rules = rules or load_rules()
    errors = errors or output.with_name(
        f"{output.stem}.errors{'.xlsx' if output.suffix.lower() == '.xlsx' else '.csv'}"
    )
    _check_paths(source, output, errors)
    notes = reading_notes(source)
    options = _RunOptions(rules, weights, lang, excel, keep_factors, progress)
    try:
        counts = _score_chunks(
            read_table_chunks(source, factors=rules.factors, fast=True),
            source,
            output,
            errors,
            options,
        )
    except CarefulReadingNeededError:
        # Something in the file needs naming (a typo, a short row): read it cell by cell.
        counts = _score_chunks(
            read_table_chunks(source, factors=rules.factors), source, output, errors, options
        )
    return BatchRun(*counts, output, errors, notes)


@dataclass(frozen=True)
class _RunOptions:
    rules: RuleSet
    weights: Mapping[str, Any] | None
    lang: str
    excel: bool
    keep_factors: bool
    progress: Callable[[int], None] | None


def _score_chunks(
    chunks: Iterator[pd.DataFrame], source: Path, output: Path, errors: Path, options: _RunOptions
) -> tuple[int, int, int]:
    """Score every chunk into a fresh pair of part files; publish them only when all is done.

    Returns the rows read, scored and with problems. Nothing is published on any failure,
    including the fast reader giving way to the careful one.
    """
    rules, lang = options.rules, options.lang
    people = options.excel or output.suffix.lower() == ".xlsx"
    files = ResultFiles(output, errors, excel=options.excel)
    total = scored = bad_rows = 0
    try:
        for chunk in chunks:
            missing = [f for f in rules.factor_ids if f not in chunk.columns]
            if missing:
                raise TableError(
                    "missing_columns",
                    file=display_path(source),
                    missing=", ".join(missing),
                    present=", ".join(map(str, chunk.columns)),
                )
            chunk = chunk.reset_index(drop=True)
            valid, problems = check_rows(chunk, rules, lang)
            own = [c for c in chunk.columns if c not in rules.factors_by_id]
            problems = _with_input_columns(problems, chunk[own])
            problems[ROW_COLUMN] += total
            scorable = chunk[valid] if not valid.all() else chunk
            numeric = scorable[list(rules.factor_ids)].apply(pd.to_numeric)
            results = score_many(numeric, rules, options.weights, validate=False)
            passthrough = scorable[own]
            passthrough = passthrough.rename(columns=input_names(passthrough, results))
            parts = [
                pd.DataFrame({ROW_COLUMN: np.flatnonzero(valid) + 1 + total}, index=scorable.index),
                passthrough,
                results,
            ]
            if options.keep_factors:
                parts.insert(2, numeric.add_prefix(FACTOR_PREFIX))
            table = pd.concat(parts, axis=1)
            if people:
                table = results_for_people(table, rules, lang)
                problems = problems_for_people(problems, rules, lang)
            files.append(0, table)
            files.append(1, problems)
            total += len(chunk)
            scored += len(table)
            bad_rows += problems.iloc[:, 0].nunique() if len(problems) else 0
            if options.progress is not None:
                options.progress(total)
        if scored + bad_rows != total:
            raise TableError("rows_unaccounted", file=display_path(source))
        files.publish()
    except BaseException:
        files.discard()
        raise
    return total, scored, bad_rows


#: Input factor columns copied into the results (``--keep-factors``) carry this prefix.
FACTOR_PREFIX = "input_"


def _check_paths(source: Path, output: Path, errors: Path) -> None:
    """No output may be the input or the other output: a run must never lose data."""
    resolved = {"input": source.resolve(), "out": output.resolve(), "errors": errors.resolve()}
    if resolved["out"] == resolved["errors"]:
        raise TableError("same_outputs", file=display_path(output))
    for name in ("out", "errors"):
        if resolved[name] == resolved["input"]:
            raise TableError("output_is_input", file=display_path(source))
    for target in (output, errors):
        check_output(target)
        if target.is_dir():
            raise TableError("output_is_folder", file=display_path(target))


def reading_notes(source: Path) -> tuple[Message, ...]:
    """How a CSV is read when it is not plain comma-separated UTF-8 (said once, up front).

    Raises :class:`~samenwerking.errors.TableError` for a CSV that cannot be read at all.
    """
    if source.suffix.lower() != ".csv" or not source.is_file():
        return ()
    layout = sniff_csv(source)
    notes = []
    if (layout.separator, layout.decimal) != (",", "."):
        notes.append(msg("table_read_with", file=display_path(source), layout=layout.message()))
    if layout.decimal == ",":
        notes.append(msg("table_thousands_dots", file=display_path(source)))
    if layout.encoding == WINDOWS_1252:
        notes.append(msg("table_windows_1252", file=display_path(source)))
    return tuple(notes)


def _with_input_columns(problems: pd.DataFrame, own: pd.DataFrame) -> pd.DataFrame:
    """Problems with the input's own columns (id, name) of their row, to join back on."""
    if own.empty or not len(own.columns):
        return problems
    found = own.iloc[problems[ROW_COLUMN].to_numpy() - 1].reset_index(drop=True)
    found = found.rename(columns={c: f"input_{c}" for c in found.columns if c in problems})
    return pd.concat([problems[[ROW_COLUMN]], found, problems.drop(columns=ROW_COLUMN)], axis=1)


def input_names(passthrough: pd.DataFrame, results: pd.DataFrame) -> dict[str, str]:
    """New names for input columns that would collide with an output column (``row``, ``top``).

    Examples
    --------
    >>> input_names(pd.DataFrame(columns=["row", "id"]), pd.DataFrame(columns=["top"]))
    {'row': 'input_row'}
    """
    taken = {ROW_COLUMN, *map(str, results.columns), *map(str, passthrough.columns)}
    renamed = {}
    for column in map(str, passthrough.columns):
        if column == ROW_COLUMN or column in results.columns:
            new = f"input_{column}"
            while new in taken:
                new = f"input_{new}"
            taken.add(new)
            renamed[column] = new
    return renamed
