"""Group analysis: properties of samenwerking.group.aggregate (Hypothesis) and its errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samenwerking import Situation, load_rules, score
from samenwerking.group import (
    GroupError,
    aggregate,
    by_organisation,
    consensus,
    split_by_organisation,
)
from samenwerking.sensitivity import _thresholds, factor_candidates

RULES = load_rules()
EXAMPLE = Situation.example(RULES)
SCALE = [f.id for f in RULES.factors if (f.minimum, f.maximum) == (1, 5)]

member = st.dictionaries(st.sampled_from(SCALE), st.integers(1, 5), max_size=4).map(
    lambda changes: EXAMPLE.replace(**changes)
)
boards = st.lists(member, min_size=2, max_size=5)


def _named(situations: list[Situation]) -> dict[str, Situation]:
    return {f"lid {i + 1}": s for i, s in enumerate(situations)}


@settings(max_examples=40, deadline=None)
@given(member, st.integers(2, 6))
def test_identical_members_agree_fully_and_advise_as_one(situation, size) -> None:
    group = aggregate({f"lid {i}": situation for i in range(size)}, RULES)
    assert group.consensus == 1.0 and group.disputed == []
    alone = score(situation, RULES)
    assert group.advice.scores == alone.scores and group.advice.ranking == alone.ranking


@settings(max_examples=40, deadline=None)
@given(boards, st.randoms(use_true_random=False), st.sampled_from(["median", "mean"]))
def test_the_order_of_the_members_changes_nothing(situations, rng, method) -> None:
    named = _named(situations)
    shuffled_names = list(named)
    rng.shuffle(shuffled_names)
    a = aggregate(named, RULES, method)
    b = aggregate({n: named[n] for n in shuffled_names}, RULES, method)
    assert a.situation == b.situation and a.advice.scores == b.advice.scores
    assert a.disputed == b.disputed and a.consensus == b.consensus


@settings(max_examples=30, deadline=None)
@given(boards)
def test_disputed_are_exactly_the_factors_whose_range_spans_a_flip(situations) -> None:
    group = aggregate(_named(situations), RULES)
    thresholds = _thresholds(RULES)
    expected = set()
    for factor in RULES.factors:
        spread = group.factors[factor.id]
        if spread.minimum == spread.maximum:
            continue
        grid = [
            float(v)
            for v in factor_candidates(factor, thresholds[factor.id], spread.group_value)
            if spread.minimum <= v <= spread.maximum
        ]
        # An independent dense grid as well: a flip anywhere in the range must be caught.
        grid += list(np.linspace(spread.minimum, spread.maximum, 41))
        for value in grid:
            varied = group.situation.replace(**{factor.id: value})
            if score(varied, RULES, group.weights).top != group.advice.top:
                expected.add(factor.id)
                break
    assert set(group.disputed_factors) == expected
    effects = [d.effect for d in group.disputed]
    assert effects == sorted(effects, reverse=True)


def test_consensus_follows_tastle_and_wierman() -> None:
    assert consensus([3, 3, 3, 3], 4) == 1.0
    assert consensus([1, 5], 4) == 0.0  # split between the two ends
    assert consensus([1, 1, 5, 5], 4) == 0.0
    assert 0 < consensus([2, 3, 4], 4) < consensus([3, 3, 4], 4) < 1


def test_answers_and_weights_per_member_and_clear_errors() -> None:
    answers = {q.id: 3 for q in RULES.questions if q.kind == "scale"}
    answers |= {
        q.id: 1800 if q.factor == "dwellings" else 4 for q in RULES.questions if q.kind == "number"
    }
    group = aggregate(
        {
            "voorzitter": {"answers": answers, "weights": {"tenant_value": 3.0}},
            "lid": answers,
        },
        RULES,
        method="mean",
    )
    assert group.weights["tenant_value"] == pytest.approx((3.0 + 1.5) / 2)
    with pytest.raises(GroupError) as caught:
        aggregate({"lid": {"tr_rely": 3}}, RULES)
    assert "heeft nog geen antwoord" in caught.value.text("nl")
    with pytest.raises(GroupError):
        aggregate({}, RULES)
    with pytest.raises(GroupError):
        aggregate({"lid": EXAMPLE}, RULES, method="modus")  # type: ignore[arg-type]


def test_each_organisation_gets_its_own_group_advice() -> None:
    members = {
        "Anna": {"situation": EXAMPLE.replace(trust=1), "organisation": "Woonstede"},
        "Bert": {"situation": EXAMPLE.replace(trust=2), "organisation": "Woonstede"},
        "Carla": {"situation": EXAMPLE.replace(trust=5), "organisation": "Gemeente"},
        "Dirk": EXAMPLE,
    }
    split = by_organisation(members, RULES)
    assert sorted(split) == ["", "Gemeente", "Woonstede"]
    assert split["Woonstede"].situation.values()["trust"] == 1.5  # median of 1 and 2
    assert split["Gemeente"].advice.scores == score(EXAMPLE.replace(trust=5), RULES).scores
    whole = aggregate(members, RULES)
    assert whole.organisations == {"Anna": "Woonstede", "Bert": "Woonstede", "Carla": "Gemeente"}
    again = split_by_organisation(whole, RULES)
    assert {k: v.advice.scores for k, v in again.items()} == {
        k: v.advice.scores for k, v in split.items()
    }
