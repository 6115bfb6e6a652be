"""Large files at disk speed: Arrow's reader and writer, and the careful reader when needed.

The fast reader must read a clean file exactly as the careful one does, and give way to it
for anything that needs naming (a typo, a thousands dot, a short row), so the user still
gets the cell or line; the published result is the same either way.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samenwerking.batch import score_file
from samenwerking.tables import CarefulReadingNeededError, read_table_chunks

from strategies import RULES, situation_values


def write(
    path: Path,
    rows: list[dict[str, object]],
    *,
    sep: str = ",",
    decimal: str = ".",
    encoding: str = "utf-8",
) -> Path:
    frame = pd.DataFrame(rows)
    frame.insert(0, "Naam", [f"Woonstede {i:03d}" for i in range(len(rows))])
    frame.to_csv(path, index=False, sep=sep, decimal=decimal, encoding=encoding)
    return path


def both_ways(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    fast = pd.concat(read_table_chunks(path, factors=RULES.factors, fast=True))
    careful = pd.concat(read_table_chunks(path, factors=RULES.factors))
    return fast, careful


@settings(max_examples=20, deadline=None)
@given(
    rows=st.lists(situation_values(), min_size=1, max_size=20),
    layout=st.sampled_from([(",", ".", "utf-8"), (";", ",", "utf-8-sig"), ("\t", ".", "cp1252")]),
)
def test_a_clean_file_reads_the_same_fast_and_careful(tmp_path_factory, rows, layout) -> None:
    sep, decimal, encoding = layout
    path = write(
        tmp_path_factory.mktemp("in") / "in.csv", rows, sep=sep, decimal=decimal, encoding=encoding
    )
    fast, careful = both_ways(path)
    assert list(fast.columns) == list(careful.columns)
    for factor in RULES.factor_ids:
        assert np.array_equal(
            fast[factor].to_numpy(dtype=float), careful[factor].to_numpy(dtype=float)
        )
    assert fast["Naam"].tolist() == careful["Naam"].tolist()


@pytest.mark.parametrize(
    ("cell", "factor"),
    [("veel", "trust"), ("12.000", "dwellings"), (" 3,5", "urgency"), ("ja", "trust")],
)
def test_anything_that_needs_naming_goes_to_the_careful_reader(tmp_path, cell, factor) -> None:
    rows = [dict.fromkeys(RULES.factor_ids, 1) for _ in range(3)]
    path = write(tmp_path / "in.csv", rows)
    text = path.read_text().splitlines()
    header = text[0].split(",")
    fields = text[2].split(",")
    fields[header.index(factor)] = f'"{cell}"'
    text[2] = ",".join(fields)
    path.write_text("\n".join(text) + "\n")
    with pytest.raises(CarefulReadingNeededError):
        list(read_table_chunks(path, factors=RULES.factors, fast=True))
    run = score_file(path, tmp_path / "out.csv", rules=RULES)
    problems = pd.read_csv(run.errors)
    assert problems["row"].tolist() == [2] and problems["factor"].tolist() == [factor]
    assert run.scored == 2 and run.rows == 3


def test_a_short_row_is_named_by_the_careful_reader(tmp_path) -> None:
    rows = [dict.fromkeys(RULES.factor_ids, 1) for _ in range(3)]
    path = write(tmp_path / "in.csv", rows)
    lines = path.read_text().splitlines()
    lines[2] = lines[2].rsplit(",", 1)[0]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(CarefulReadingNeededError):
        list(read_table_chunks(path, factors=RULES.factors, fast=True))
    run = score_file(path, tmp_path / "out.csv", rules=RULES)
    assert run.bad_rows == 1 and run.scored == 2


def test_the_fast_path_publishes_what_the_careful_path_would(tmp_path) -> None:
    rows = [dict.fromkeys(RULES.factor_ids, v) for v in (1, 2, 3, 4, 5)]
    clean = write(tmp_path / "clean.csv", rows)
    fast = pd.read_csv(score_file(clean, tmp_path / "fast.csv", rules=RULES).results)
    # One typo sends the whole file through the careful reader; the other rows are the same.
    dirty = tmp_path / "dirty.csv"
    lines = clean.read_text().splitlines()
    lines.append(lines[-1].replace("Woonstede 004", "Woonstede 005").replace(",5,", ",vijf,", 1))
    dirty.write_text("\n".join(lines) + "\n")
    careful = pd.read_csv(score_file(dirty, tmp_path / "careful.csv", rules=RULES).results)
    pd.testing.assert_frame_equal(fast, careful)
    assert not list(tmp_path.glob(".*.part"))
