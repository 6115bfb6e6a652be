"""Properties of the scoring over random valid situations and weights, on the real rules."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from samenwerking import Advice, Situation, SituationError, WeightsError, load_rules, score

from conftest import RULES_DIR
from strategies import RULES, situations, weights


@given(situations(), weights())
def test_every_score_is_between_0_and_100_before_any_clamp(
    situation: Situation, w: dict[str, float]
) -> None:
    # The scale, not a clamp, keeps scores in range: the unclamped sum of every form's
    # points (base, rules, knock-out) must lie within 0-100 by itself.
    advice = score(situation, RULES, w)
    for items in advice.contributions.values():
        unclamped = math.fsum(c.points for c in items)
        assert -1e-9 <= unclamped <= 100.0 + 1e-9


@given(situations(), weights())
def test_ranking_is_a_permutation_of_the_forms_ordered_by_score(situation, w) -> None:
    advice = score(situation, RULES, w)
    assert sorted(advice.ranking) == sorted(RULES.form_ids)
    ranked_scores = [advice.scores[f] for f in advice.ranking]
    assert ranked_scores == sorted(ranked_scores, reverse=True)


@given(situations(), weights())
def test_contributions_add_up_to_the_score(situation, w) -> None:
    advice = score(situation, RULES, w)
    for form, items in advice.contributions.items():
        assert math.isclose(math.fsum(c.points for c in items), advice.scores[form], abs_tol=1e-9)
        assert items[0].kind == "base"


@given(situations(), weights())
def test_knocked_out_forms_score_zero_and_say_why(situation, w) -> None:
    advice = score(situation, RULES, w)
    for knockout in advice.knockouts:
        assert advice.scores[knockout.form] == 0.0
        assert knockout.reason.nl and knockout.reason.en and knockout.source


@given(situations(), weights())
def test_scoring_is_deterministic(situation, w) -> None:
    assert score(situation, RULES, w) == score(situation, RULES, w)


@given(situations(), weights(), st.floats(0.1, 2))
def test_scaling_all_weights_together_changes_nothing(situation, w, factor) -> None:
    # Weights go to 5 here and the limit is 10, so a factor up to 2 keeps every one valid.
    base = score(situation, RULES, w)
    scaled = score(situation, RULES, {t: v * factor for t, v in w.items()})
    for form in RULES.form_ids:
        assert math.isclose(base.scores[form], scaled.scores[form], abs_tol=1e-9)


def _raised(situation: Situation, factor: str, data: st.DataObject) -> Situation:
    spec = RULES.factors_by_id[factor]
    current = getattr(situation, factor)
    higher = data.draw(st.floats(current, spec.maximum, allow_nan=False), label=f"raised {factor}")
    return situation.replace(**{factor: higher})


@given(situations(), weights(), st.data())
def test_raising_required_autonomy_never_raises_merger(situation, w, data) -> None:
    higher = _raised(situation, "required_autonomy", data)
    assert score(higher, RULES, w).scores["merger"] <= score(situation, RULES, w).scores["merger"]


@given(situations(), weights(), st.data())
def test_raising_social_complexity_never_lowers_network_relative_to_merger(situation, w, data):
    before = score(situation, RULES, w).scores
    after = score(_raised(situation, "social_complexity", data), RULES, w).scores
    assert after["network"] - after["merger"] >= before["network"] - before["merger"] - 1e-9


@given(situations(), weights(), st.data())
def test_raising_administrative_burden_never_lowers_back_office_forms_relative_to_social_network(
    situation, w, data
):
    before = score(situation, RULES, w).scores
    after = score(_raised(situation, "administrative_burden", data), RULES, w).scores
    for form in ("merger", "franchise"):
        gap_after = after[form] - after["social_network"]
        assert gap_after >= before[form] - before["social_network"] - 1e-9


@settings(max_examples=30)
@given(situations(), weights())
def test_advice_round_trips_through_json(situation, w) -> None:
    advice = score(situation, RULES, w)
    assert Advice.model_validate_json(advice.model_dump_json()) == advice
    assert Situation.model_validate_json(situation.model_dump_json()) == situation


def _reordered_copy(target: Path) -> Path:
    """The default rules with file names reversed in sort order and every list reversed."""
    yaml = YAML()
    files = sorted(RULES_DIR.glob("*.yaml"))
    for index, file in enumerate(files):
        data = yaml.load(file)
        for key in ("rules", "knockouts", "questions"):
            if key in data:
                data[key] = list(reversed(data[key]))
        yaml.dump(data, target / f"{len(files) - index:02d}_{file.name}")
    return target


def test_scores_do_not_depend_on_order_of_rules_or_files(tmp_path: Path) -> None:
    reordered = load_rules(_reordered_copy(tmp_path))
    assert [r.id for r in reordered.rules] == [r.id for r in RULES.rules]

    @settings(max_examples=50)
    @given(situations(), weights())
    def check(situation, w):
        original, shuffled = score(situation, RULES, w), score(situation, reordered, w)
        assert original.scores == shuffled.scores
        assert original.ranking == shuffled.ranking
        assert original.contributions == shuffled.contributions

    check()


def test_rule_set_identity_is_carried_by_the_advice(rules) -> None:
    advice = score(Situation.example(rules), rules)
    assert advice.rules.name == rules.metadata.name
    assert advice.rules.version == rules.metadata.version
    assert len(advice.rules.content_hash) == 64


def test_content_hash_changes_with_any_rule_edit(rules_copy: Path, rules) -> None:
    path = rules_copy / "merger.yaml"
    edited = path.read_text().replace(
        "effect: -1.5 * (urgency - 3)\n", "effect: -2 * (urgency - 3)\n"
    )
    path.write_text(edited)
    assert load_rules(rules_copy).content_hash != rules.content_hash


def test_content_hash_ignores_comments_and_layout(rules_copy: Path, rules) -> None:
    # Before: a comment-only edit changed the fingerprint printed on every board pack.
    path = rules_copy / "merger.yaml"
    text = path.read_text()
    text = "# een opmerking van de adviseur\n" + text.replace(
        "    effect: -1.5 * (urgency - 3)\n", "    effect: -1.5 * (urgency - 3)   # zie noot\n\n"
    )
    path.write_text(
        text.replace("sources: [kaats_opheij_2012]", "sources:\n      - kaats_opheij_2012", 1)
    )
    assert load_rules(rules_copy).content_hash == rules.content_hash


def test_weights_shift_the_advice_towards_the_weighted_theme(rules) -> None:
    situation = Situation.example(rules).replace(required_autonomy=4)
    neutral = score(situation, rules)
    autonomy_first = score(situation, rules, {"autonomy": 10, "efficiency": 0})
    assert autonomy_first.scores["merger"] < neutral.scores["merger"]
    assert autonomy_first.scores["social_network"] > neutral.scores["social_network"]


def test_zero_weights_leave_every_form_at_the_base_score(rules) -> None:
    advice = score(Situation.example(rules), rules, dict.fromkeys(rules.theme_ids, 0.0))
    assert {advice.scores[f] for f in rules.form_ids if not advice.is_knocked_out(f)} == {50.0}


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"efficiensy": 1.0}, "unknown theme 'efficiensy' (did you mean 'efficiency'?)"),
        ({"efficiency": -1.0}, "the weight of 'efficiency' is a number from 0 to 10, not -1"),
        (
            {"efficiency": float("nan")},
            "the weight of 'efficiency' is a number from 0 to 10, not nan",
        ),
        ({"efficiency": 50}, "the weight of 'efficiency' is a number from 0 to 10, not 50"),
        ({"efficiency": "veel"}, "weight of 'efficiency' must be a number, got 'veel'"),
    ],
)
def test_bad_weights_are_clear_errors(rules, weights, message) -> None:
    with pytest.raises(WeightsError) as caught:
        score(Situation.example(rules), rules, weights)
    assert caught.value.text("en") == message


def test_score_accepts_a_plain_mapping(rules) -> None:
    values = Situation.example(rules).values()
    assert score(values, rules) == score(Situation.example(rules), rules)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"trust": 7}, "trust", "7 valt buiten het bereik 1 tot en met 5"),
        ({"partner_count": -1}, "partner_count", "-1 valt buiten het bereik 0 tot en met 200"),
        ({"trust": "veel"}, "trust", "'veel' is geen getal"),
        ({"dwellings": 12.5}, "dwellings", "12,5 moet een heel getal zijn"),
        ({"trust": True}, "trust", "ja/nee (True) is geen getal"),
        ({"trustt": 3}, "trustt", "deze factor kent de regelset niet"),
    ],
)
def test_bad_situation_values_name_the_factor(rules, change, field, message) -> None:
    values = {**Situation.example(rules).values(), **change}
    with pytest.raises(SituationError) as caught:
        score(values, rules)
    assert any(p.field == field and str(p.message) == message for p in caught.value.problems)


def test_missing_factor_is_named(rules) -> None:
    values = Situation.example(rules).values()
    del values["goal_consensus"]
    with pytest.raises(SituationError) as caught:
        score(values, rules)
    assert [(p.field, str(p.message)) for p in caught.value.problems] == [
        ("goal_consensus", "ontbreekt (geef een waarde van 1 tot en met 5)")
    ]


def test_situation_model_rejects_out_of_range_values_in_the_users_words() -> None:
    # Failed before: pydantic's English ValidationError, not SituationError.
    with pytest.raises(SituationError) as caught:
        Situation.example().replace(trust=9)
    assert caught.value.text("nl") == "fout: trust: 9 valt buiten het bereik 1 tot en met 5"
    assert caught.value.text("en") == "error: trust: 9 is outside the range 1 to 5"


def test_weights_are_checked_once_with_one_limit_and_numpy_or_pandas_numbers(rules) -> None:
    import numpy as np
    import pandas as pd

    situation = Situation.example(rules)
    plain = score(situation, rules, {"tenant_value": 2.0})
    assert score(situation, rules, {"tenant_value": np.int64(2)}) == plain
    assert score(situation, rules, pd.Series({"tenant_value": 2.0})) == plain
    with pytest.raises(WeightsError):
        score(situation, rules, {"tenant_value": 50})


def test_a_custom_rule_set_checks_its_own_ranges(rules_copy: Path) -> None:
    # Failed before: a situation validated without context was checked against the
    # bundled rules, so 300 partners raised pydantic's error under a 0-500 rule set.
    factors = rules_copy / "factors.yaml"
    text = factors.read_text()
    start = text.index("id: partner_count")
    end = start + text[start:].index("maximum: 200")
    factors.write_text(text[:end] + "maximum: 500" + text[end + len("maximum: 200") :])
    custom = load_rules(rules_copy)
    situation = Situation.example(custom).replace(partner_count=300)
    advice = score(situation, custom)
    assert advice.situation.partner_count == 300
    assert Advice.model_validate_json(advice.model_dump_json()) == advice
    with pytest.raises(SituationError):
        Situation.example().replace(partner_count=300)  # the bundled rules stop at 200


def test_the_shared_rule_set_cannot_be_changed_by_a_caller(rules) -> None:
    for mapping in (
        rules.default_weights,
        rules.factors_by_id,
        rules.forms_by_id,
        rules.themes_by_id,
        rules.relations_by_id,
        rules.partner_kinds_by_id,
        rules.templates,
        rules.service_conditions,
        rules.locations,
        rules.bibliography,
    ):
        key = next(iter(mapping))
        with pytest.raises(TypeError):
            mapping[key] = None  # type: ignore[index]
        with pytest.raises((TypeError, AttributeError)):
            del mapping[key]  # type: ignore[attr-defined]
    for array in rules.point_bounds:
        with pytest.raises(ValueError, match="read-only"):
            array[0, 0] = 1.0
    with pytest.raises(AttributeError):
        rules.rules = ()  # type: ignore[misc]


def test_a_pickled_rule_set_scores_identically(rules) -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(rules))
    assert copy == rules and hash(copy) == hash(rules)
    situation = Situation.example(rules).replace(trust=4.5, urgency=2)
    assert score(situation, copy).model_dump() == score(situation, rules).model_dump()
    assert pickle.loads(pickle.dumps(situation)) == situation


def test_rules_with_an_extra_factor_extend_the_situation(rules_copy: Path) -> None:
    factors = rules_copy / "factors.yaml"
    factors.write_text(
        factors.read_text()
        + (
            "  - id: vacancy\n    label: {nl: Leegstand, en: Vacancy}\n"
            "    help: {nl: Leegstand, en: Vacancy}\n"
            "    minimum: 0\n    maximum: 1\n    example: 0.1\n"
        )
    )
    merger = rules_copy / "merger.yaml"
    merger.write_text(
        merger.read_text().replace(
            "rules:\n",
            (
                "rules:\n  - id: merger_vacancy\n    form: merger\n    theme: efficiency\n"
                "    when: vacancy > 0.5\n    effect: 4\n    reason: {nl: Leegstand, en: Vacancy}\n"
                "    sources: [expert_judgement]\n"
            ),
            1,
        )
    )
    extended = load_rules(rules_copy)
    situation = Situation.example(extended)
    assert situation.vacancy == 0.1
    low = score(situation, extended)
    high = score(situation.replace(vacancy=0.9), extended)
    assert high.scores["merger"] > low.scores["merger"]
    assert "merger_vacancy" in [c.rule_id for c in high.contributions["merger"]]
    with pytest.raises(SituationError, match="vacancy"):
        score(Situation.example(load_rules(RULES_DIR)).values() | {}, extended)


def test_installed_default_rules_are_those_of_the_repository() -> None:
    default = load_rules()
    assert default.content_hash == RULES.content_hash


def test_the_bundled_copy_is_copied_verbatim() -> None:
    default = load_rules()
    for name in default.files:
        assert (default.path / Path(name).name).read_bytes() == (
            RULES_DIR / Path(name).name
        ).read_bytes()
    # The command beside this interpreter: the one this environment installed, PATH or not.
    assert Path(sys.executable).with_name("samenwerking").is_file(), "console script installed"


def test_numpy_numbers_are_accepted_like_python_numbers(rules) -> None:
    import numpy as np

    values = Situation.example(rules).values()
    as_numpy = {k: np.int64(v) if isinstance(v, int) else np.float64(v) for k, v in values.items()}
    assert score(as_numpy, rules) == score(values, rules)


def test_the_all_neutral_situation_scores_50_for_every_form(rules) -> None:
    # Failed before (rule set 2.0.0): all answers at 3 gave merger +4,2 and network, chain and
    # social network +2,8 each ('Neutraal' was not neutral).
    from samenwerking.situation import neutral_situation

    advice = score(neutral_situation(rules), rules)
    assert advice.scores == dict.fromkeys(rules.form_ids, 50.0)
    for form in rules.form_ids:
        assert [c.rule_id for c in advice.contributions[form]] == ["base"]


def test_close_forms_put_the_lighter_form_first_and_say_so(rules) -> None:
    # Kaats & Opheij: as light as possible. Failed before: 'reversibility' was read by no code.
    from samenwerking.report import advice_headline

    reversibility = {f.id: f.properties.reversibility for f in rules.forms}
    situation = Situation.example(rules)
    advice = score(situation, rules)
    assert not advice.clear and advice.advised in advice.close_forms
    candidates = [f for f in advice.close_forms if advice.scores[f] > 50 or f == advice.top]
    assert reversibility[advice.advised] == max(reversibility[f] for f in candidates)
    assert reversibility[advice.advised] > reversibility[advice.top]
    label = rules.label("form", advice.advised, "nl")
    assert f"De lichtere vorm gaat voor: begin met {label}" in "\n".join(
        advice_headline(advice, rules, "nl")
    )
    clear = score(situation.replace(continuity_risk=5, required_autonomy=2), rules)
    assert clear.clear and clear.advised == clear.top
