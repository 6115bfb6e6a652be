"""Batch scoring: equal to score() row by row, every bad row reported, nothing dropped."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from samenwerking import Situation, SituationError, score
from samenwerking.batch import check_rows, score_many

from strategies import RULES, situation_values, weights


@settings(max_examples=40, deadline=None)
@given(st.lists(situation_values(), min_size=1, max_size=30), weights())
def test_score_many_equals_score_row_by_row(rows, w) -> None:
    result = score_many(pd.DataFrame(rows), RULES, w, chunk_rows=7)
    for i, row in enumerate(rows):
        advice = score(row, RULES, w)
        assert result.loc[i, "top"] == advice.top
        assert result.loc[i, "advised"] == advice.advised
        for form in RULES.form_ids:
            assert result.loc[i, f"score_{form}"] == advice.scores[form]
            assert result.loc[i, f"rank_{form}"] == advice.ranking.index(form) + 1
            assert result.loc[i, f"knocked_out_{form}"] == advice.is_knocked_out(form)
        assert result.loc[i, "margin"] == pytest.approx(advice.margin, abs=1e-12)


def test_accepts_situations_dicts_of_arrays_and_keeps_the_index() -> None:
    situations = [Situation.example(RULES), Situation.example(RULES).replace(trust=5)]
    from_models = score_many(situations, RULES)
    columns = {k: np.array([s.values()[k] for s in situations]) for k in RULES.factor_ids}
    from_arrays = score_many(columns, RULES)
    pd.testing.assert_frame_equal(from_models, from_arrays)
    frame = pd.DataFrame([s.values() for s in situations], index=["a", "b"])
    frame["corporation_id"] = ["K1", "K2"]
    assert list(score_many(frame, RULES).index) == ["a", "b"]


def test_empty_input_gives_an_empty_result() -> None:
    result = score_many(pd.DataFrame(columns=list(RULES.factor_ids)), RULES)
    assert len(result) == 0 and "top" in result.columns


def test_progress_is_reported_per_chunk() -> None:
    rows = pd.DataFrame([Situation.example(RULES).values()] * 10)
    seen: list[int] = []
    score_many(rows, RULES, chunk_rows=4, progress=seen.append)
    assert seen == [4, 8, 10]


def test_check_rows_reports_every_kind_of_bad_value() -> None:
    good = Situation.example(RULES).values()
    frame = pd.DataFrame([good] * 6)
    frame = frame.astype(object)
    frame.loc[1, "trust"] = np.nan
    frame.loc[2, "trust"] = "veel"
    frame.loc[3, "urgency"] = 9
    frame.loc[4, "partner_count"] = 2.5
    frame.loc[5, "trust"] = "4"  # numeric text is fine
    valid, problems = check_rows(frame, RULES)
    assert valid.tolist() == [True, False, False, False, False, True]
    assert problems.to_dict("records") == [
        {
            "row": 2,
            "factor": "trust",
            "value": "",
            "problem": "ontbreekt (geef een waarde van 1 tot en met 5)",
        },
        {"row": 3, "factor": "trust", "value": "veel", "problem": "'veel' is geen getal"},
        {
            "row": 4,
            "factor": "urgency",
            "value": "9",
            "problem": "9 valt buiten het bereik 1 tot en met 5",
        },
        {
            "row": 5,
            "factor": "partner_count",
            "value": "2.5",
            "problem": "2,5 moet een heel getal zijn",
        },
    ]


def test_missing_column_is_reported_for_every_row() -> None:
    frame = pd.DataFrame([Situation.example(RULES).values()] * 3).drop(columns="trust")
    valid, problems = check_rows(frame, RULES)
    assert not valid.any()
    # the same message as a situation without that factor gets from score()
    assert problems["problem"].tolist() == ["ontbreekt (geef een waarde van 1 tot en met 5)"] * 3


def test_score_many_refuses_bad_rows_naming_them() -> None:
    frame = pd.DataFrame([Situation.example(RULES).values()] * 3)
    frame.loc[2, "trust"] = 7
    with pytest.raises(SituationError) as caught:
        score_many(frame, RULES)
    assert str(caught.value.problems[0]) == (
        "rij 3: fout: trust: 7 valt buiten het bereik 1 tot en met 5"
    )


def test_yes_no_values_are_refused_not_scored_as_one() -> None:
    # Before: True was scored as 1 (and False as 0), although score() refuses booleans.
    frame = pd.DataFrame([Situation.example(RULES).values()] * 2).astype(object)
    frame.loc[0, "trust"] = True
    valid, problems = check_rows(frame, RULES)
    assert valid.tolist() == [False, True]
    assert problems["problem"].tolist() == ["ja/nee (True) is geen getal"]
    english = check_rows(frame, RULES, "en")[1]
    assert english["problem"].tolist() == ["a yes/no value (True) is not a number"]
    with pytest.raises(SituationError):
        score_many(frame, RULES)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(list(RULES.factor_ids)),
        st.none()
        | st.booleans()
        | st.floats(allow_nan=False)
        | st.integers(-10, 300)
        | st.just("veel"),
        max_size=5,
    )
)
@example(changes={"administrative_burden": 0.005})  # numpy rounded it to 0, Python to 0,01
def test_batch_and_score_give_the_same_message_for_the_same_bad_value(changes) -> None:
    from samenwerking.situation import situation_problems

    values = {**Situation.example(RULES).values(), **changes}
    single = {
        (p.field, str(p.message))
        for p in situation_problems({k: v for k, v in values.items() if v is not None}, RULES)
    }
    frame = pd.DataFrame([values]).astype(object)
    _, problems = check_rows(frame, RULES)
    batch = set(zip(problems["factor"], problems["problem"], strict=True))
    assert batch == single
