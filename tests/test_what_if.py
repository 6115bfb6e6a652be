"""The analysts' what-if and portfolio firmness: exactly what score and rank_acceptability say.

Every row of ``sw.what_if`` is one corporation under one scenario; it must equal, not come
close to, ``rank_acceptability`` and ``score`` on that corporation's changed situation.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import samenwerking as sw
from samenwerking.batch import score_many

from strategies import RULES, situation_values, weights

SCALES = [f.id for f in RULES.factors if not f.integer]
COUNTS = [f.id for f in RULES.factors if f.integer]


def changes() -> st.SearchStrategy[dict[str, object]]:
    """A scenario: shifts (past the range too) and overrides of scales, whole shifts of counts."""
    shift = st.sampled_from([-4.0, -2.0, -1.0, -0.5, 0.5, 1.0, 2.5, 4.0])
    override = st.sampled_from([1.0, 2.0, 3.5, 5.0]).map(lambda v: {"set": v})
    scale_change = st.dictionaries(st.sampled_from(SCALES), st.one_of(shift, override), max_size=3)
    count_change = st.dictionaries(st.sampled_from(COUNTS), st.sampled_from([-3, 1, 2]), max_size=1)
    return st.tuples(scale_change, count_change).map(lambda pair: {**pair[0], **pair[1]})


def changed(values: dict[str, float], scenario: dict[str, object]) -> dict[str, float]:
    """The situation a scenario makes of ``values``, clipped by hand."""
    result = dict(values)
    for name, change in scenario.items():
        factor = RULES.factors_by_id[name]
        if isinstance(change, dict):
            result[name] = float(change["set"])
        else:
            result[name] = min(factor.maximum, max(factor.minimum, values[name] + float(change)))
    return result


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(situation_values(), min_size=1, max_size=4),
    scenarios=st.dictionaries(st.sampled_from(["a", "b", "c"]), changes(), max_size=3),
    w=weights(),
    spread=st.sampled_from([0.0, 0.3, 1.0]),
    seed=st.integers(0, 2**32 - 1),
)
def test_every_row_equals_rank_acceptability_and_score(rows, scenarios, w, spread, seed) -> None:
    frame = pd.DataFrame(rows, index=[f"corporatie {i}" for i in range(len(rows))])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sw.ScenarioClippedWarning)
        result = sw.what_if(frame, scenarios, w, n=60, spread=spread, seed=seed, rules=RULES)
    assert len(result) == len(rows) * (len(scenarios) + 1) * len(RULES.form_ids)
    for (corporation, scenario), group in result.groupby(
        ["corporation", "scenario"], observed=True
    ):
        situation = changed(frame.loc[corporation].to_dict(), {**scenarios}.get(scenario, {}))
        expected = sw.rank_acceptability(situation, RULES, w, n=60, spread=spread, seed=seed)
        top = sw.score(situation, RULES, w).top
        for form, share, mean_rank, is_top in group[
            ["form", "share_first", "mean_rank", "top"]
        ].itertuples(index=False):
            assert share == expected.first[form]
            assert mean_rank == expected.mean_rank[form]
            assert is_top == (form == top)


def test_a_shift_past_the_range_is_clipped_and_said() -> None:
    example = sw.Situation.example(RULES).values()
    frame = pd.DataFrame([{**example, "trust": 4.5}, {**example, "trust": 2.0}], index=["a", "b"])
    with pytest.warns(sw.ScenarioClippedWarning, match="afgekapt.*trust"):
        result = sw.what_if(frame, {"vertrouwen +2": {"trust": 2}}, n=20, seed=0, rules=RULES)
    clipped = result[result.scenario == "vertrouwen +2"].groupby("corporation").clipped.first()
    assert clipped.to_dict() == {"a": "trust", "b": ""}
    shifted = result[(result.corporation == "a") & (result.scenario == "vertrouwen +2")]
    expected = sw.score({**example, "trust": 5.0}, RULES).top
    assert shifted.loc[shifted.top, "form"].tolist() == [expected]


@pytest.mark.parametrize(
    ("scenarios", "message"),
    [
        ({"x": {"trustt": 1}}, "onbekende factor 'trustt'.*trust"),
        ({"x": {"trust": True}}, "True is geen getal"),
        ({"x": {"trust": "1"}}, "'1' is geen getal"),
        ({"x": {"trust": float("nan")}}, "nan is geen getal"),
        ({"x": {"trust": {"set": 9}}}, "9.0 valt buiten het bereik"),
        ({"x": {"trust": {"to": 4}}}, "een vaste waarde schrijft u als"),
        ({"x": {"dwellings": 0.5}}, "moet een heel getal zijn"),
        ({"huidig": {"trust": 1}}, "staat er twee keer in"),
        ({"x": [1, 2]}, "geef de wijzigingen per factor"),
    ],
)
def test_a_scenario_that_cannot_be_applied_is_refused_in_dutch(scenarios, message) -> None:
    frame = pd.DataFrame([sw.Situation.example(RULES).values()])
    with pytest.raises(sw.ScenarioError, match=message):
        sw.what_if(frame, scenarios, n=10, seed=0, rules=RULES)


def test_a_bad_row_is_named_before_anything_is_computed() -> None:
    frame = pd.DataFrame([{**sw.Situation.example(RULES).values(), "trust": 9}])
    with pytest.raises(sw.SituationError, match="trust"):
        sw.what_if(frame, n=10, seed=0, rules=RULES)


def test_weight_samples_are_used_as_given() -> None:
    situation = sw.Situation.example(RULES)
    frame = pd.DataFrame([situation.values()])
    chosen = {
        "efficiency": 0.5,
        "social_impact": 3.0,
        "autonomy": 1.0,
        "tenant_value": 1.0,
        "feasibility": 2.0,
    }
    samples = pd.DataFrame([chosen] * 7)[list(reversed(RULES.theme_ids))]  # any column order
    result = sw.what_if(frame, weights=samples, rules=RULES)
    winner = sw.score(situation, RULES, chosen).top
    assert result.set_index("form").share_first.to_dict() == {
        f: float(f == winner) for f in RULES.form_ids
    }
    assert result.attrs["n"] == 7
    with pytest.raises(sw.WeightsError, match="missen de thema's"):
        sw.what_if(frame, weights=samples.drop(columns="autonomy"), rules=RULES)
    with pytest.raises(sw.WeightsError, match="0 of meer"):
        sw.what_if(frame, weights=-samples, rules=RULES)


def test_without_a_seed_the_seed_used_is_kept_and_repeats_the_run() -> None:
    frame = pd.DataFrame([sw.Situation.example(RULES).values()] * 2, index=["a", "b"])
    first = sw.what_if(frame, {"x": {"urgency": 1}}, n=300, rules=RULES)
    again = sw.what_if(frame, {"x": {"urgency": 1}}, n=300, seed=first.attrs["seed"], rules=RULES)
    pd.testing.assert_frame_equal(first, again)


@settings(max_examples=15, deadline=None)
@given(rows=st.lists(situation_values(), min_size=1, max_size=5), seed=st.integers(0, 1000))
def test_portfolio_firmness_equals_one_corporation_at_a_time(rows, seed) -> None:
    frame = pd.DataFrame(rows, index=[f"c{i}" for i in range(len(rows))])
    long = sw.rank_acceptability(frame, RULES, n=80, seed=seed)
    for corporation, group in long.groupby("corporation"):
        one = sw.rank_acceptability(frame.loc[corporation].to_dict(), RULES, n=80, seed=seed)
        table = group.pivot(index="form", columns="rank", values="share")
        for form in RULES.form_ids:
            assert table.loc[form].tolist() == one.shares[form]
    flips = sw.flip_points(frame, RULES)
    for corporation, group in flips.groupby("corporation"):
        one = sw.flip_points(frame.loc[corporation].to_dict(), RULES)
        assert [None if pd.isna(top) else top for top in group.new_top] == [f.new_top for f in one]
        assert np.allclose(
            group.value.to_numpy(),
            [np.nan if f.value is None else f.value for f in one],
            equal_nan=True,
        )


@settings(max_examples=25, deadline=None)
@given(rows=st.lists(situation_values(), min_size=0, max_size=30))
def test_score_many_without_checks_gives_the_checked_result(rows) -> None:
    frame = pd.DataFrame(rows, columns=list(RULES.factor_ids))
    pd.testing.assert_frame_equal(
        score_many(frame, RULES, validate=False), score_many(frame, RULES)
    )


def test_score_many_without_checks_still_names_a_missing_column() -> None:
    frame = pd.DataFrame([sw.Situation.example(RULES).values()]).drop(columns="trust")
    with pytest.raises(sw.SituationError, match="trust"):
        score_many(frame, RULES, validate=False)
