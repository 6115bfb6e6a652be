"""Honest answers: "weet niet" is not "Neutraal", firmness includes the answers, decisive first."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import samenwerking as sw
from samenwerking.assessment import assess
from samenwerking.board_pack import board_pack, group_pack
from samenwerking.cli import main
from samenwerking.decisive import (
    advice_settled,
    answer_options,
    current_values,
    decisive_questions,
    open_answers_keeping,
)
from samenwerking.documents import to_markdown
from samenwerking.entries import entry_problems, repair_entries
from samenwerking.group import aggregate
from samenwerking.path_report import step_sections
from samenwerking.report import firmness_line
from samenwerking.sensitivity import rank_acceptability
from samenwerking.situation import read_situation
from samenwerking.uncertainty import answer_confidence, sample_factor_values
from samenwerking.unknown import DONT_KNOW

from strategies import RULES

TRUST_QUESTIONS = [q.id for q in RULES.questions if q.factor == "trust"]


def answers_with(trust: object, value: int = 4) -> dict[str, object]:
    """A full questionnaire (the same answer everywhere) with trust answered ``trust``."""
    answers: dict[str, object] = {
        q.id: value if q.kind != "number" else RULES.factors_by_id[q.factor].example
        for q in RULES.questions
    }
    answers.update(dict.fromkeys(TRUST_QUESTIONS, trust))
    return answers


def test_trust_answered_only_weet_niet_varies_over_its_whole_range_unlike_neutraal() -> None:
    unknown = assess(answers_with("weet niet", 3), RULES)
    neutral = assess(answers_with(3, 3), RULES)
    assert unknown.unknown_factors == ["trust"] and neutral.unknown_factors == []
    assert unknown.confidence["trust"].level == "onbekend"
    assert neutral.confidence["trust"].level == "zeker"

    values = unknown.situation.values()
    drawn = sample_factor_values(unknown.confidence, values, RULES, 2000, np.random.default_rng(1))
    assert drawn["trust"].min() < 1.1 and drawn["trust"].max() > 4.9  # the whole range
    drawn_neutral = sample_factor_values(
        neutral.confidence, neutral.situation.values(), RULES, 2000, np.random.default_rng(1)
    )
    assert drawn_neutral["trust"].min() > 2.4 and drawn_neutral["trust"].max() < 3.6

    firm_unknown = rank_acceptability(unknown.situation, RULES, answers=unknown, n=2000)
    firm_neutral = rank_acceptability(neutral.situation, RULES, answers=neutral, n=2000)
    assert firm_unknown.first != firm_neutral.first
    assert next(iter(firm_unknown.uncertain_factors)) == "trust"
    assert firm_unknown.uncertain_factors["trust"] > firm_neutral.uncertain_factors.get("trust", 0)
    assert firm_unknown.stays_first < firm_neutral.stays_first
    assert firm_unknown.dominant == "answers"


def test_weet_niet_is_neither_a_skip_nor_neutraal() -> None:
    skipped = answers_with(3)
    for question in TRUST_QUESTIONS:
        del skipped[question]
    assert assess(skipped, RULES).situation is None  # a skip leaves the factor open
    unknown = assess(answers_with("weet niet"), RULES)
    assert unknown.situation is not None and unknown.unanswered_factors == []
    # In the single score an unknown factor stands where every rule is silent.
    assert unknown.situation.trust == RULES.factors_by_id["trust"].neutral_value
    assert all(unknown.answers[q] == DONT_KNOW for q in TRUST_QUESTIONS)


def test_weights_only_firmness_is_kept_and_unchanged_by_the_new_option() -> None:
    situation = sw.Situation.example()
    plain = rank_acceptability(situation, RULES, n=500)
    assert not plain.answers and plain.dominant is None and plain.by_source == {}
    with_answers = rank_acceptability(situation, RULES, n=500, answers=True)
    assert with_answers.answers and set(with_answers.by_source) == {"weights", "answers"}
    assert with_answers.by_source["weights"] == pytest.approx(plain.first[plain.forms[0]], abs=1)


def test_firmness_with_answers_on_1000_samples_is_fast_enough_to_use() -> None:
    """A smoke bound (the figure itself is in the benchmark): 1,000 samples well under 1 s."""
    unknown = assess(answers_with("weet niet"), RULES)
    rank_acceptability(unknown.situation, RULES, answers=unknown, n=1000)
    started = time.perf_counter()
    rank_acceptability(unknown.situation, RULES, answers=unknown, n=1000)
    assert time.perf_counter() - started < 1.0


def test_stated_confidence_widens_a_factor_and_the_less_sure_level_counts() -> None:
    answers = answers_with(4)
    answers.update({q.id: 2 for q in RULES.questions if q.factor == "trust" and q.reverse})
    sure = answer_confidence(answers, RULES)["trust"]
    unsure = answer_confidence(answers, RULES, {"trust": "onzeker"})["trust"]
    assert sure.level == "zeker" and unsure.level == "onzeker" and unsure.derived == "zeker"
    split = dict(answers, **{TRUST_QUESTIONS[0]: 1, TRUST_QUESTIONS[1]: 5})
    assert answer_confidence(split, RULES, {"trust": "zeker"})["trust"].level != "zeker"


def test_dossier_entries_keep_weet_niet_and_refuse_other_words() -> None:
    data = {"answers": {"tr_rely": "Weet niet", "tr_open": 4}, "confidence": {"trust": "onzeker"}}
    entries, problems = repair_entries(data, RULES)
    assert problems == [] and entries.answers == {"tr_rely": DONT_KNOW, "tr_open": 4.0}
    assert entries.confidence == {"trust": "onzeker"}
    bad = entry_problems(
        {"answers": {"tr_rely": "misschien"}, "confidence": {"trust": "wel"}}, RULES
    )
    assert [p.field for p in bad] == ["answers.tr_rely", "confidence.trust"]
    assert "weet niet" in bad[0].message.nl


def test_a_board_member_who_does_not_know_is_left_out_not_counted_as_three() -> None:
    members = {"Anna": answers_with(5), "Bram": answers_with("weet niet")}
    group = aggregate(members, RULES)
    anna = assess(members["Anna"], RULES).situation.trust
    assert anna > 3.5 and group.situation.trust == anna  # not the median of Anna's and 3
    assert group.factors["trust"].not_known_by == ("Bram",)
    nobody = aggregate({"Anna": answers_with("weet niet"), "Bram": answers_with("?")}, RULES)
    assert nobody.factors["trust"].unknown
    assert nobody.situation.trust == RULES.factors_by_id["trust"].neutral_value
    assert nobody.summary()["factors"]["trust"]["not_known_by"] == ["Anna", "Bram"]


@settings(max_examples=25, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([q.id for q in RULES.questions if q.kind == "scale"]),
        st.one_of(st.integers(1, 5), st.just("weet niet")),
        max_size=30,
    )
)
def test_a_question_that_can_change_the_advice_comes_before_one_that_cannot(answers) -> None:
    ranked = decisive_questions(answers, RULES)
    changing = [v.changes > 0 for v in ranked]
    assert changing == sorted(changing, reverse=True)
    open_ids = {v.question for v in ranked}
    assert open_ids == {  # conditions feed no factor, so they can never change the advice
        q.id
        for q in RULES.questions
        if q.factor is not None and (q.id not in answers or answers[q.id] == "weet niet")
    }
    # What a changing question claims is true: one of its answers makes another form the best.
    if ranked and ranked[0].changes > 0:
        question = next(q for q in RULES.questions if q.id == ranked[0].question)
        factor = RULES.factors_by_id[ranked[0].factor]
        tops = set()
        # The answers the question is tried with: the scale, or a count's population quantiles.
        for option in answer_options(question, factor, RULES):
            filled = dict(answers, **{ranked[0].question: float(option)})
            tops.add(sw.score(current_values(filled, RULES), RULES).top)
        assert len(tops) > 1


def test_a_complete_questionnaire_is_settled_and_an_empty_one_is_not() -> None:
    full = answers_with(4)
    assert advice_settled(full, RULES) and decisive_questions(full, RULES) == []
    assert not advice_settled({}, RULES)
    # The last open question: settled exactly when none of its answers changes the advice.
    last = TRUST_QUESTIONS[-1]
    partial = {k: v for k, v in full.items() if k != last}
    can_change = decisive_questions(partial, RULES)[0].changes > 0
    assert advice_settled(partial, RULES) is not can_change


def test_a_situation_file_may_say_weet_niet_and_the_cli_names_it(tmp_path) -> None:
    values = {f.id: f.example for f in RULES.factors}
    lines = [f"{k}: weet niet" if k == "trust" else f"{k}: {v:g}" for k, v in values.items()]
    situation_file = tmp_path / "situatie.yaml"
    situation_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", str(situation_file)])
    assert result.exit_code == 0, result.output
    assert "Niet bekend (weet niet): Onderling vertrouwen" in result.output
    assert "van de gevallen" in result.output  # the firmness over answers and weights
    english = CliRunner().invoke(main, ["score", str(situation_file), "--lang", "en"])
    assert "Not known (don't know): Mutual trust" in english.output
    situation, unknown = read_situation(situation_file, RULES)
    assert unknown == {"trust"} and situation.trust == RULES.factors_by_id["trust"].neutral_value
    # 'misschien' is no answer: refused at its line, as any other bad value.
    situation_file.write_text("\n".join(lines).replace("weet niet", "misschien") + "\n")
    refused = CliRunner().invoke(main, ["score", str(situation_file)])
    assert (
        refused.exit_code != 0 and "trust" in refused.output and "Traceback" not in refused.output
    )


def test_the_board_pack_says_how_sure_each_factor_is_and_lists_the_conditions() -> None:
    answers = answers_with("weet niet", 3)
    answers["cx_convenor"] = 4
    answers["cx_board_mandate"] = "weet niet"
    assessment = assess(answers, RULES, {"goal_consensus": "onzeker"})
    pack = to_markdown(board_pack(assessment.situation, RULES, assessment=assessment))
    assert "niet bekend (weet niet)" in pack and "Niet bekend was: Onderling vertrouwen" in pack
    assert "Onzeker" in pack  # goal consensus, as stated
    assert "Voorwaarden en proces" in pack
    convenor = next(q for q in RULES.questions if q.id == "cx_convenor").text("nl")
    assert convenor in pack and "Mee eens" in pack.split(convenor, 1)[1].split("\n", 1)[0]
    # Without answers (a situation file) there is no conditions table to show.
    plain = to_markdown(board_pack(assessment.situation, RULES))
    assert "Voorwaarden en proces" not in plain and "Hoe zeker" not in plain


def test_the_group_pack_shows_who_did_not_know() -> None:
    members = {"Anna": answers_with(4), "Bram": answers_with("weet niet")}
    pack = to_markdown(group_pack(aggregate(members, RULES), RULES, title="Bestuur"))
    trust_row = next(
        line for line in pack.splitlines() if line.startswith("| Onderling vertrouwen")
    )
    assert "Bram" in trust_row and "Anna" not in trust_row
    assert "niet als 3" in pack


def test_the_route_lists_a_condition_on_an_unknown_factor_as_not_known() -> None:
    situation = assess(answers_with("weet niet", 3), RULES).situation
    route = sw.path(situation, RULES)
    reads_trust = [c for step in route.steps for c in step.conditions if "trust" in c.factors]
    assert reads_trust  # the default routes read trust
    step = next(s for s in route.steps if any("trust" in c.factors for c in s.conditions))
    sections = {s.title: s.lines for s in step_sections(step, RULES, "nl", frozenset({"trust"}))}
    unknown = sections["Nog niet bekend (u antwoordde 'weet niet')"]
    assert {c.words("nl") for c in step.conditions if "trust" in c.factors} == set(unknown)
    shown = [
        line for title, lines in sections.items() if "weet niet" not in title for line in lines
    ]
    assert not set(unknown) & set(shown)


def test_the_share_of_open_answers_that_keep_the_advice() -> None:
    full = answers_with(4)
    assert open_answers_keeping(full, RULES) == 1.0
    keeping = open_answers_keeping({}, RULES)
    assert 0.0 < keeping < 1.0  # with nothing known, some answers keep it and some do not
    # Settled implies every joint answer keeps it; the converse need not hold.
    partial = {k: v for k, v in full.items() if k not in TRUST_QUESTIONS}
    if advice_settled(partial, RULES):
        assert open_answers_keeping(partial, RULES) == 1.0


def test_the_firmness_line_never_contradicts_an_unclear_headline_and_names_open_questions() -> None:
    # Before (#27, one voice): "Geen duidelijk advies" above "Fusie blijft de beste vorm in 100%".
    situation = assess(answers_with(3, 3), RULES).situation
    advice = sw.score(situation, RULES)
    found = rank_acceptability(situation, RULES, n=500, answers=True)
    line = firmness_line(advice, found, RULES, "nl", open_questions=3)
    if advice.clear:
        assert "blijft de beste vorm" in line
    else:
        assert "Geen vorm is duidelijk de beste" in line and "blijft de beste" not in line
    assert line.endswith("De 3 open vragen tellen hierin nog niet mee.")
    unclear = advice.model_copy(update={"clear": False})
    assert "blijft de beste" not in firmness_line(unclear, found, RULES, "nl")
    assert "ranks first" in firmness_line(unclear, found, RULES, "en")


def test_a_condition_is_checked_like_any_answer_but_moves_nothing() -> None:
    with pytest.raises(sw.SituationError, match="cx_convenor"):
        assess({"cx_convenor": 9}, RULES)
    with_condition = assess({**answers_with(4), "cx_convenor": 1}, RULES)
    without = assess(answers_with(4), RULES)
    assert with_condition.situation == without.situation
    assert "cx_convenor" not in {v.question for v in decisive_questions({}, RULES)}


def test_the_group_pack_says_its_weights_and_has_no_empty_columns() -> None:
    # Before (#27): the group report never printed the theme weights, and its member table
    # kept an empty "Organisatie" column (and the spread table an empty "weet niet" one).
    members = {"Anna": answers_with(4), "Bram": answers_with(2)}
    pack = to_markdown(group_pack(aggregate(members, RULES), RULES, title="Bestuur"))
    assert "Gewichten van de thema's: Doelmatigheid" in pack
    tables = [line for line in pack.splitlines() if line.startswith("| ")]
    empty_column = re.compile(r"\|\s*\|")
    assert not [line for line in tables if empty_column.search(line)], tables
