"""Batch results as people read them: Dutch labels, rounded numbers, cells that stay text.

An analyst's results go to colleagues who open them in Excel. Column names such as
``knocked_out_merger``, form ids, ``True``/``False`` and sixteen-digit numbers mean little
there, and a cell that starts with ``=`` would be run as a formula. These functions turn a
results or errors table into one for people, in the reader's language; the files for
programs (plain CSV, parquet) keep the ids and full precision.
"""

from __future__ import annotations

import pandas as pd

from samenwerking.rules.ruleset import RuleSet
from samenwerking.translations import say

#: Decimals kept in a table for people (scores and margins are shown to one decimal).
SHOWN_DECIMALS = 1
#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(text: object) -> object:
    """A text cell that no spreadsheet runs as a formula (``'`` before ``=``, ``+``, ...).

    Examples
    --------
    >>> inert("=HYPERLINK(1)"), inert("Wóónpunt"), inert(3.5)
    ("'=HYPERLINK(1)", 'Wóónpunt', 3.5)
    """
    if isinstance(text, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def results_for_people(table: pd.DataFrame, rules: RuleSet, lang: str) -> pd.DataFrame:
    """A results chunk with labels in ``lang``, forms by name, yes/no and rounded numbers."""
    yes, no = say("answer_yes", lang), say("answer_no", lang)
    shown = pd.DataFrame(index=table.index)
    for column in table.columns:
        values = table[column]
        name = _column_label(str(column), rules, lang)
        if values.dtype == bool:
            shown[name] = values.map({True: yes, False: no})
        elif column == "top":
            shown[name] = values.astype(str).map(lambda form: rules.label("form", form, lang))
        elif pd.api.types.is_float_dtype(values):
            shown[name] = values.round(SHOWN_DECIMALS)
        elif pd.api.types.is_numeric_dtype(values):
            shown[name] = values
        else:
            shown[name] = values.map(inert)
    return shown


def problems_for_people(table: pd.DataFrame, rules: RuleSet, lang: str) -> pd.DataFrame:
    """An errors chunk with Dutch (or English) headers and factors by their label."""
    shown = table.copy()
    if "factor" in shown.columns:
        labels = {f.id: f.label(lang) for f in rules.factors}
        shown["factor"] = shown["factor"].map(lambda f: labels.get(f, f))
    for column in shown.columns:
        if shown[column].dtype == object:
            shown[column] = shown[column].map(inert)
    return shown.rename(columns={c: _column_label(str(c), rules, lang) for c in shown.columns})


def _column_label(column: str, rules: RuleSet, lang: str) -> str:
    for prefix in ("score_", "rank_", "knocked_out_"):
        form = column.removeprefix(prefix)
        if column.startswith(prefix) and form in rules.forms_by_id:
            return say(f"batch_column_{prefix[:-1]}", lang, form=rules.label("form", form, lang))
    if column in rules.factors_by_id:
        return rules.label("factor", column, lang)
    key = f"batch_column_{column}"
    return say(key, lang) if column in _FIXED_COLUMNS else column


_FIXED_COLUMNS = frozenset({"row", "top", "margin", "clear", "factor", "value", "problem"})
