"""Weights from choices (samenwerking.preferences): the polytope, its centre, the next question."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import samenwerking as sw
from samenwerking.preferences import (
    EQUAL_BAND,
    Answer,
    TradeOff,
    answer_rows,
    question_texts,
    simulated_choice,
    slider_weights,
    start,
)

from conftest import RULES_DIR
from strategies import situations

RULES = sw.load_rules(RULES_DIR)
THEMES = RULES.theme_ids

trade_offs = st.builds(
    TradeOff,
    gain=st.sampled_from(THEMES),
    loss=st.sampled_from(THEMES),
    ratio=st.floats(0.1, 10),
).filter(lambda q: q.gain != q.loss)
answers = st.lists(
    st.builds(Answer, question=trade_offs, choice=st.sampled_from(["A", "B", "equal"])),
    max_size=6,
)


def satisfies(weights: np.ndarray, answer: Answer) -> bool:
    return all(row @ weights <= 1e-7 for row in answer_rows(answer, THEMES))


@settings(max_examples=60)
@given(situation=situations(RULES), given_answers=answers)
def test_every_compatible_weighting_satisfies_every_answer(situation, given_answers) -> None:
    prefs = start(situation, RULES, given_answers)
    assume(prefs.consistent)
    centre, radius = prefs.centre()
    assert radius > 0 and centre.sum() == pytest.approx(1.0) and (centre >= -1e-9).all()
    # The central weights are compatible, and so is every sampled weighting.
    assert all(satisfies(centre, a) for a in given_answers)
    for weights in prefs.samples(100):
        assert weights.sum() == pytest.approx(1.0) and (weights >= 0).all()
        assert all(satisfies(weights, a) for a in given_answers)


@settings(max_examples=60)
@given(
    situation=situations(RULES),
    given_answers=answers,
    extra=st.builds(Answer, question=trade_offs, choice=st.sampled_from(["A", "B", "equal"])),
)
def test_answers_only_ever_shrink_the_polytope(situation, given_answers, extra) -> None:
    before = start(situation, RULES, given_answers)
    after = before.answer(extra.question, extra.choice)
    # Whatever satisfies the longer list satisfies the shorter one.
    if after.consistent:
        assert before.consistent
        for weights in after.samples(100):
            assert all(satisfies(weights, a) for a in given_answers)
    # An empty polytope stays empty.
    if not before.consistent:
        assert not after.consistent
    # The largest ball cannot grow.
    if after.consistent:
        assert after.centre()[1] <= before.centre()[1] + 1e-9


@settings(max_examples=30)
@given(situation=situations(RULES), hidden=st.lists(st.floats(0.01, 1), min_size=5, max_size=5))
def test_a_consistent_director_is_never_told_of_a_conflict(situation, hidden) -> None:
    weights = dict(zip(THEMES, np.array(hidden) / sum(hidden), strict=True))
    prefs = start(situation, RULES, max_questions=8)
    while (question := prefs.next_question()) is not None:
        prefs = prefs.answer(question, simulated_choice(question, weights))
        assert prefs.consistent and prefs.conflicts() == []
    assert len(prefs.answers) <= 8


def test_conflicting_answers_name_the_smallest_set_that_conflicts() -> None:
    prefs = start(sw.Situation.example(RULES), RULES)
    efficiency_first = TradeOff(gain="efficiency", loss="autonomy", ratio=2.0)
    autonomy_first = TradeOff(gain="autonomy", loss="efficiency", ratio=1.0)
    unrelated = TradeOff(gain="tenant_value", loss="feasibility", ratio=1.0)
    prefs = prefs.answer(unrelated, "A").answer(efficiency_first, "A")
    assert prefs.consistent
    prefs = prefs.answer(autonomy_first, "A")  # efficiency >= 2 autonomy and autonomy >= efficiency
    assert not prefs.consistent
    assert prefs.conflicts() == [1, 2]  # the unrelated answer is not named
    assert prefs.next_question() is None  # first revisit one of them
    revised = prefs.revise(2, "B")
    assert revised.consistent and revised.conflicts() == []
    assert prefs.undo().consistent


def test_the_result_is_data_and_the_sliders_keep_the_proportions() -> None:
    prefs = start(sw.Situation.example(RULES), RULES)
    question = prefs.next_question()
    assert question is not None
    result = prefs.answer(question, "A").result()
    again = sw.preferences.PreferenceResult.model_validate_json(result.model_dump_json())
    assert again == result
    assert max(result.weights.values()) <= 3.0 and sum(result.firmness.values()) == pytest.approx(1)
    sliders = slider_weights(np.array([0.7, 0.1, 0.1, 0.05, 0.05]), THEMES)
    assert sliders["efficiency"] == 3.0 and sliders["social_impact"] == pytest.approx(
        0.43, abs=0.01
    )


def test_the_central_weights_give_the_advice_the_firmness_names() -> None:
    example = sw.Situation.example(RULES)
    prefs = start(example, RULES)
    hidden = {
        "efficiency": 0.05,
        "social_impact": 0.1,
        "autonomy": 0.05,
        "tenant_value": 0.7,
        "feasibility": 0.1,
    }
    while (question := prefs.next_question()) is not None:
        prefs = prefs.answer(question, simulated_choice(question, hidden))
    result = prefs.result()
    assert sw.score(example, RULES, result.weights).top == result.top
    assert result.firmness[result.top] >= 0.95 or len(result.answers) == prefs.max_questions


def test_questions_are_worded_for_a_director_in_dutch_and_english() -> None:
    question = TradeOff(gain="efficiency", loss="autonomy", ratio=0.3)
    assert question_texts(question, RULES, "nl") == (
        "Doelmatigheid: veel beter; Autonomie: iets slechter",
        "Doelmatigheid en Autonomie blijven zoals ze zijn",
    )
    assert (
        question_texts(question, RULES, "en")[0]
        == "Efficiency: much better; Autonomy: a little worse"
    )


def test_even_important_is_a_band_not_a_point() -> None:
    question = TradeOff(gain="efficiency", loss="autonomy", ratio=1.0)
    weights = dict.fromkeys(THEMES, 0.2)
    assert simulated_choice(question, weights) == "equal"
    near = {**weights, "efficiency": 0.2 * (1 + EQUAL_BAND / 4)}
    assert simulated_choice(question, near) == "equal"
    far = {**weights, "efficiency": 0.4}
    assert simulated_choice(question, far) == "A"


def test_weights_ask_in_the_terminal_writes_a_file_score_and_report_read(tmp_path) -> None:
    from click.testing import CliRunner

    from samenwerking.cli import main

    out = tmp_path / "gewichten.yaml"
    runner = CliRunner()
    asked = runner.invoke(
        main, ["weights", "ask", "--example", "--out", str(out)], input="a\n" * 20
    )
    assert asked.exit_code == 0, asked.output
    assert (
        "1. Wat vindt u belangrijker?" in asked.output and "   =: Even belangrijk" in asked.output
    )
    assert "Gewichten geschreven naar" in asked.output
    written = out.read_text(encoding="utf-8")
    assert written.startswith("# Gewichten uit keuzes") and "answers:" in written
    scored = runner.invoke(main, ["score", "--example", "--weights", str(out), "--json"])
    assert scored.exit_code == 0, scored.output
    weights = sw.preferences.start(sw.Situation.example(RULES), RULES)  # same questions
    import json

    used = json.loads(scored.output)["weights"]
    assert used["efficiency"] > used["tenant_value"]  # "a" chose the first theme each time
    assert weights.consistent
    report = runner.invoke(
        main,
        [
            "report",
            str(_example_file(tmp_path)),
            "--weights",
            str(out),
            "--out",
            str(tmp_path / "p.md"),
        ],
    )
    assert report.exit_code == 0, report.output
    # A bad weights file is refused at its line, in Dutch, without a traceback.
    out.write_text("weights:\n  efficiency: 1\n  doelmatigheid: 2\n", encoding="utf-8")
    refused = runner.invoke(main, ["score", "--example", "--weights", str(out)])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "gewichten.yaml:3:" in refused.output
    assert "fout: onbekend thema 'doelmatigheid'" in refused.output


def _example_file(folder):
    path = folder / "situatie.yaml"
    path.write_text(
        "\n".join(f"{k}: {v}" for k, v in sw.Situation.example(RULES).values().items()),
        encoding="utf-8",
    )
    return path


def test_a_board_sees_where_members_weights_from_choices_change_the_group_advice() -> None:
    # Issue #30, sessions: members answer the choices on their own pages; the group result
    # says which theme weights differ in a way that changes the group's advice.
    from samenwerking.board_pack import group_pack
    from samenwerking.documents import to_markdown
    from samenwerking.group import aggregate

    example = sw.Situation.example(RULES)
    efficiency = {
        "efficiency": 0.7,
        "social_impact": 0.1,
        "autonomy": 0.05,
        "tenant_value": 0.1,
        "feasibility": 0.05,
    }
    tenants = {
        "efficiency": 0.05,
        "social_impact": 0.2,
        "autonomy": 0.05,
        "tenant_value": 0.65,
        "feasibility": 0.05,
    }
    members = {}
    for name, hidden in (("Anna", efficiency), ("Bram", tenants), ("Cor", tenants)):
        prefs = start(example, RULES)
        while (question := prefs.next_question()) is not None:
            prefs = prefs.answer(question, simulated_choice(question, hidden))
        members[name] = {"situation": example, "weights": prefs.result().weights}
    group = aggregate(members, RULES)
    tops = {name: sw.score(example, RULES, m["weights"]).top for name, m in members.items()}
    assert tops["Anna"] != tops["Bram"]  # the choices led them apart
    assert group.weights_changing == {"Anna": tops["Anna"]}
    assert group.weights_disputed and all(
        d.minimum < d.maximum and group.advice.top not in d.other_tops
        for d in group.weights_disputed
    )
    report = to_markdown(group_pack(group, RULES, title="Bestuur"))
    assert "## Waar de gewichten verschillen" in report
    assert "Met de gewichten van Anna zou" in report
    assert group.summary()["weights_changing"] == {"Anna": tops["Anna"]}


def test_rank_acceptability_on_the_polytope_agrees_with_the_firmness() -> None:
    prefs = start(sw.Situation.example(RULES), RULES).answer(
        TradeOff(gain="tenant_value", loss="efficiency", ratio=1.0), "A"
    )
    table = prefs.acceptability()
    firmness = prefs.firmness()
    for form, shares in table.items():
        assert sum(shares) == pytest.approx(1.0)
        assert shares[0] == pytest.approx(firmness[form])
    for rank in range(len(RULES.form_ids)):
        assert sum(table[f][rank] for f in RULES.form_ids) == pytest.approx(1.0)


def test_bad_answers_and_situations_get_clear_errors_not_tracebacks() -> None:
    example = sw.Situation.example(RULES)
    with pytest.raises(sw.WeightsError) as unknown:
        start(
            example,
            RULES,
            [{"question": {"gain": "geluk", "loss": "efficiency", "ratio": 1}, "choice": "A"}],
        )
    assert "onbekend thema 'geluk'" in unknown.value.text("nl")
    with pytest.raises(sw.WeightsError) as shapeless:
        start(example, RULES, [{"question": "A"}])
    assert "geen bruikbare keuze" in shapeless.value.text("nl")
    with pytest.raises(sw.SituationError):
        start({"trust": 99}, RULES)
    with pytest.raises(sw.SituationError):
        sw.path({"trust": 99}, RULES)


def test_weights_ask_stopped_early_writes_nothing_and_says_so_in_dutch(tmp_path) -> None:
    from click.testing import CliRunner

    from samenwerking.cli import main

    out = tmp_path / "gewichten.yaml"
    stopped = CliRunner().invoke(main, ["weights", "ask", "--example", "--out", str(out)], input="")
    assert stopped.exit_code == 1 and not out.exists()
    assert "fout: gestopt voordat de keuzes af waren; er is niets geschreven" in stopped.output
    assert "Aborted" not in stopped.output and "Traceback" not in stopped.output
