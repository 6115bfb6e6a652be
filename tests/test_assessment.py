"""The self-assessment: answers become factor values, reverse items flip, gaps stay visible."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samenwerking import SituationError, score
from samenwerking.assessment import assess, factor_values
from samenwerking.errors import words

from strategies import RULES


def full_answers(value: int = 3) -> dict[str, float]:
    return {
        q.id: (
            value
            if q.kind != "number"
            else {"partner_count": 4, "dwellings": 900, "partner_dwellings": 1500}.get(q.factor, 1)
        )
        for q in RULES.questions
    }


def test_complete_answers_make_a_situation_that_can_be_scored() -> None:
    assessment = assess(full_answers(), RULES)
    assert assessment.complete and assessment.unanswered_questions == []
    assert assessment.situation.trust == 3.0 and assessment.situation.dwellings == 900
    assert score(assessment.situation, RULES).ranking


def test_reverse_scored_question_counts_the_other_way() -> None:
    agree_with_reverse = factor_values({"ra_own_identity": 5, "ra_share_decisions": 5}, RULES)
    assert agree_with_reverse == {"required_autonomy": 3.0}
    both_autonomous = factor_values({"ra_own_identity": 5, "ra_share_decisions": 1}, RULES)
    assert both_autonomous == {"required_autonomy": 5.0}


def test_unanswered_factors_are_listed_not_defaulted() -> None:
    answers = full_answers()
    for question in RULES.questions:
        if question.factor == "trust":
            del answers[question.id]
    assessment = assess(answers, RULES)
    assert assessment.situation is None
    assert assessment.unanswered_factors == ["trust"]
    assert all(q.startswith("tr_") for q in assessment.unanswered_questions)


@pytest.mark.parametrize(
    ("answers", "field", "dutch", "english"),
    [
        (
            {"tr_rely": 6},
            "tr_rely",
            "antwoord 6 ligt buiten 1 tot en met 5",
            "answer 6 is outside 1 to 5",
        ),
        ({"nonsense": 3}, "nonsense", "onbekende vraag", "unknown question"),
    ],
)
def test_bad_answers_are_named_in_the_readers_language(answers, field, dutch, english) -> None:
    """Before: English only ("answer 6 is outside 1 to 5") for every reader."""
    with pytest.raises(SituationError) as caught:
        factor_values(answers, RULES)
    problems = caught.value.problems
    assert [(p.field, words(p.message, "nl")) for p in problems] == [(field, dutch)]
    assert [(p.field, words(p.message, "en")) for p in problems] == [(field, english)]


@given(
    st.dictionaries(
        st.sampled_from([q.id for q in RULES.questions if q.kind == "scale"]), st.integers(1, 5)
    )
)
def test_factor_values_stay_within_their_ranges(answers) -> None:
    for factor, value in factor_values(answers, RULES).items():
        spec = RULES.factors_by_id[factor]
        assert spec.minimum <= value <= spec.maximum
