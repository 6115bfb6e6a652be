"""Loading rule sets: the default one is valid, and each breakage is reported at its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from samenwerking import RuleSetError, load_rules
from samenwerking.errors import display_path, words

from conftest import RULES_DIR, replace_in


def problems_of(folder: Path) -> list[tuple[str, int, int, str, str]]:
    with pytest.raises(RuleSetError) as caught:
        load_rules(folder)
    return [
        (
            Path(p.location.file).name,
            p.location.line,
            p.location.column,
            p.field,
            words(p.message, "en"),
        )
        for p in caught.value.problems
    ]


def test_default_rules_cover_every_form_and_factor(rules) -> None:
    assert rules.form_ids == ("merger", "franchise", "network", "chain", "social_network")
    assert len(rules.rules) >= 30
    assert {r.form for r in rules.rules} == set(rules.form_ids)
    read = set().union(*(r.effect.names | (r.when.names if r.when else set()) for r in rules.rules))
    read |= set().union(*(k.when.names for k in rules.knockouts))
    assert read == set(rules.factor_ids)
    for rule in rules.rules:
        assert rule.reason.nl != rule.reason.en
        assert len(rule.source) > 10


def test_questionnaire_has_three_to_six_questions_per_scale_factor(rules) -> None:
    """Enough items for a stable mean, few enough for 20 minutes (six since version 3 split
    the double-barrelled social complexity items in two each)."""
    for factor in rules.factors:
        questions = [q for q in rules.questions if q.factor == factor.id]
        if factor.integer:
            assert [q.kind for q in questions] == ["number"]
        else:
            assert 3 <= len(questions) <= 6, factor.id


def test_malformed_yaml_names_file_and_line(rules_copy: Path) -> None:
    line = replace_in(
        rules_copy / "chain.yaml",
        "    form: chain\n    theme: autonomy",
        "    form: chain\n   theme: [autonomy",
    )
    [(file, at, _col, _field, message)] = problems_of(rules_copy)
    assert file == "chain.yaml" and line <= at <= line + 3
    assert message == "the indentation of this line does not match the lines above"


def test_duplicate_rule_id_points_at_the_second_and_names_the_first(rules_copy: Path) -> None:
    line = replace_in(
        rules_copy / "franchise.yaml",
        "- id: franchise_fast_to_adopt",
        "- id: franchise_shared_back_office",
    )
    with pytest.raises(RuleSetError) as caught:
        load_rules(rules_copy)
    [problem] = caught.value.problems
    assert (Path(problem.location.file).name, problem.location.line) == ("franchise.yaml", line)
    assert words(problem.message, "en") == "rule 'franchise_shared_back_office' already exists"
    assert "first defined at" in words(problem.hint, "en") and "franchise.yaml:8:" in words(
        problem.hint, "en"
    )


def test_rule_for_unknown_form_suggests_the_right_one(rules_copy: Path) -> None:
    line = replace_in(
        rules_copy / "chain.yaml",
        "form: chain\n    theme: autonomy",
        "form: chian\n    theme: autonomy",
    )
    with pytest.raises(RuleSetError) as caught:
        load_rules(rules_copy)
    [problem] = caught.value.problems
    assert (problem.location.line, problem.location.column) == (line, 11)
    assert (problem.field, words(problem.message, "en"), words(problem.hint, "en")) == (
        "form",
        "unknown form 'chian'",
        "did you mean 'chain'?",
    )


def test_unknown_factor_in_a_condition_points_at_the_column(rules_copy: Path) -> None:
    line = replace_in(
        rules_copy / "network.yaml",
        "when: social_complexity >= 3 and partner_diversity >= 3\n",
        "when: social_complexity >= 3 and partner_diversity >= 3 and trustt > 2\n",
    )
    assert problems_of(rules_copy) == [
        (
            "network.yaml",
            line,
            65,
            "network_solves_complex_problems.when",
            "unknown factor 'trustt'",
        )
    ]


def test_expression_syntax_error_is_located(rules_copy: Path) -> None:
    line = replace_in(rules_copy / "merger.yaml", "when: urgency >= 4", "when: urgency >= 4 and")
    assert problems_of(rules_copy) == [
        ("merger.yaml", line, 27, "merger_takes_years.when", "the expression ends too early")
    ]


def test_division_by_zero_in_an_effect_is_refused_at_load(rules_copy: Path) -> None:
    line = replace_in(
        rules_copy / "social_network.yaml",
        "effect: 1 * (urgency - 3)\n",
        "effect: 15 / partner_count\n",
    )
    [(file, at, column, field, message)] = problems_of(rules_copy)
    assert (file, at, column) == ("social_network.yaml", line, 18)
    assert field == "social_network_ready_quickly.effect"
    assert message == "division by zero: 'partner_count' can be 0 (its range is 0 to 200)"


def test_unknown_key_suggests_the_right_one(rules_copy: Path) -> None:
    line = replace_in(
        rules_copy / "chain.yaml",
        '    sources: [{key: nora_2013, at: "ketenregisseur, ketenbureau"}]',
        '    sourses: [{key: nora_2013, at: "ketenregisseur, ketenbureau"}]',
    )
    with pytest.raises(RuleSetError) as caught:
        load_rules(rules_copy)
    messages = {
        (p.location.line, p.field, words(p.message, "en"), words(p.hint, "en"))
        for p in caught.value.problems
    }
    assert (
        line,
        "chain_bureau_for_coordination.sourses",
        "unknown key 'sourses'",
        "did you mean 'sources'?",
    ) in messages
    assert any(
        words(p.message, "en") == "this key is required but missing"
        and p.field == "chain_bureau_for_coordination.sources"
        for p in caught.value.problems
    )


def test_missing_reason_language_is_reported(rules_copy: Path) -> None:
    replace_in(
        rules_copy / "chain.yaml",
        "      en: Where much coordination is needed, a chain director and a chain bureau can "
        "carry that task.\n",
        "",
    )
    [(file, _line, _col, field, message)] = problems_of(rules_copy)
    assert (file, field, message) == (
        "chain.yaml",
        "chain_bureau_for_coordination.reason.en",
        "the English text (en:) is missing",
    )


def test_out_of_range_constant_in_a_condition(rules_copy: Path) -> None:
    line = replace_in(
        rules_copy / "merger.yaml", "when: continuity_risk > 3", "when: continuity_risk > 0"
    )
    assert problems_of(rules_copy) == [
        (
            "merger.yaml",
            line,
            29,
            "merger_secures_continuity.when",
            "0 is outside the range of 'continuity_risk' (1 to 5)",
        )
    ]


def test_empty_rules_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError) as caught:
        load_rules(tmp_path)
    [problem] = caught.value.problems
    assert problem.location.file == display_path(tmp_path)
    assert words(problem.message, "en") == "the rules folder has no rule files (*.yaml)"


def test_missing_rules_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError, match="de map met regels bestaat niet"):
        load_rules(tmp_path / "nowhere")


def test_every_error_is_reported_in_one_run(rules_copy: Path) -> None:
    replace_in(rules_copy / "merger.yaml", "when: urgency >= 4", "when: urgency >= 4 and")
    replace_in(
        rules_copy / "chain.yaml",
        "form: chain\n    theme: autonomy",
        "form: chian\n    theme: autonomy",
    )
    replace_in(rules_copy / "network.yaml", "theme: tenant_value", "theme: tenant")
    replace_in(
        rules_copy / "social_network.yaml",
        "effect: 1 * (urgency - 3)\n",
        "effect: 15 / partner_count\n",
    )
    replace_in(rules_copy / "factors.yaml", "    example: 1800", "    example: 0")
    problems = problems_of(rules_copy)
    assert [p[0] for p in problems] == [
        "chain.yaml",
        "factors.yaml",
        "merger.yaml",
        "network.yaml",
        "social_network.yaml",
    ]


def test_two_ruleset_sections_conflict(rules_copy: Path) -> None:
    (rules_copy / "extra.yaml").write_text(
        "ruleset:\n  name: x\n  version: '2'\n  date: 2026-01-01\n  authors: [a]\n"
    )
    with pytest.raises(RuleSetError) as caught:
        load_rules(rules_copy)
    [problem] = caught.value.problems
    assert (Path(problem.location.file).name, problem.location.line) == ("ruleset.yaml", 3)
    assert "extra.yaml" in words(problem.hint, "en")
    message = words(problem.message, "en")
    assert message == "'ruleset' is defined in more than one file"


def test_question_for_unknown_factor(rules_copy: Path) -> None:
    line = replace_in(
        rules_copy / "questionnaire.yaml",
        "factor: urgency\n    reverse: true",
        "factor: urgent\n    reverse: true",
    )
    assert problems_of(rules_copy) == [
        ("questionnaire.yaml", line, 13, "factor", "unknown factor 'urgent'")
    ]


def test_repository_rules_folder_is_the_one_tested() -> None:
    assert (RULES_DIR / "ruleset.yaml").is_file()


def test_four_independent_mistakes_come_out_in_one_run_in_dutch(rules_copy: Path) -> None:
    """An unknown factor, a duplicate id, a missing 'en' and a text effect: all at once.

    The duplicate shares its id with the rule that lacks its English text, which used to hide
    it until that was fixed (the duplicate check ran on validated rules only).
    """
    replace_in(
        rules_copy / "merger.yaml", "when: continuity_risk > 3", "when: continuity_riskk > 3"
    )
    replace_in(
        rules_copy / "merger.yaml",
        "      en: A small corporation that is still small together with another carries its "
        "fixed costs over more dwellings afterwards and gains efficiency.\n",
        "",
    )
    replace_in(
        rules_copy / "merger.yaml",
        "id: merger_diseconomies_of_merged_scale",
        "id: merger_small_corporations_gain",
    )
    replace_in(rules_copy / "chain.yaml", "effect: 3 * (client_path - 3)", "effect: veel")
    with pytest.raises(RuleSetError) as caught:
        load_rules(rules_copy)
    shown = [p.text("nl") for p in caught.value.problems]
    expected = [
        "fout: chain_follows_client_path.effect: het effect 'veel' is tekst",
        "fout: merger_secures_continuity.when: onbekende factor 'continuity_riskk' "
        "(bedoelt u 'continuity_risk'?)",
        "de Engelse tekst (en:) ontbreekt",
        "regel 'merger_small_corporations_gain' bestaat al",
    ]
    assert len(shown) == 4, shown
    for line, part in zip(shown, expected, strict=True):
        assert part in line
        assert re.match(r".+\.yaml:\d+:\d+: fout: ", line), line


def test_a_missing_forms_file_is_named_once_without_a_cascade(rules_copy: Path) -> None:
    (rules_copy / "forms.yaml").unlink()
    with pytest.raises(RuleSetError) as caught:
        load_rules(rules_copy)
    [problem] = caught.value.problems
    assert Path(problem.location.file).name == "forms.yaml"
    assert problem.text("nl").endswith(
        "fout: forms.yaml ontbreekt: zonder dit bestand heeft de regelset geen forms "
        "(zet forms.yaml terug (bijvoorbeeld uit de standaardregels: 'samenwerking rules new'))"
    )


def test_a_missing_factors_file_is_named_once_without_a_cascade(rules_copy: Path) -> None:
    (rules_copy / "factors.yaml").unlink()
    with pytest.raises(RuleSetError) as caught:
        load_rules(rules_copy)
    [problem] = caught.value.problems
    assert "factors.yaml" in problem.text("en")
