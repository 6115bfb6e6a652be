"""The advisers' workflow: warnings, diff, rule book, schema and a new rule set."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from samenwerking import RuleSetError, load_rules
from samenwerking.authoring.book import rule_book_markdown
from samenwerking.authoring.diff import _sample_for, diff_rule_sets, diff_text, scale_ratio
from samenwerking.authoring.new import new_rule_set, rule_file_schema
from samenwerking.authoring.warnings import rule_set_warnings
from samenwerking.batch import score_many
from samenwerking.cli import main
from samenwerking.errors import words
from samenwerking.rules.sampling import latin_hypercube

from conftest import RULES_DIR, replace_in


def warnings_of(folder: Path) -> list[tuple[str, int, str]]:
    return [
        (Path(w.location.file).name, w.location.line, words(w.message, "en"))
        for w in rule_set_warnings(load_rules(folder))
    ]


def test_default_rules_have_no_warnings(rules) -> None:
    assert rule_set_warnings(rules) == []


def test_a_rule_that_can_never_fire_is_named_at_its_line(rules_copy: Path) -> None:
    replace_in(
        rules_copy / "chain.yaml",
        "    when: network_competencies >= 4\n    effect: 1 * (network_competencies - 3)\n",
        "    when: network_competencies >= 4 and urgency < 1\n"
        "    effect: 1 * (network_competencies - 3)\n",
    )
    lines = (rules_copy / "chain.yaml").read_text().splitlines()
    start = lines.index("  - id: chain_bureau_for_coordination") + 1
    assert (
        "chain.yaml",
        start,
        "rule 'chain_bureau_for_coordination' holds in none of 20000 sampled situations",
    ) in warnings_of(rules_copy)


def test_unused_form_factor_theme_and_untranslated_reason_are_warned(rules_copy: Path) -> None:
    (rules_copy / "extra.yaml").write_text(
        "forms:\n  - id: alliance\n    label: {nl: Alliantie, en: Alliance}\n"
        "    description: {nl: x, en: y}\n"
        "    properties: {autonomy_retained: 0.7, reversibility: 0.6, integration: 0.4}\n"
        "factors:\n  - id: vacancy\n    label: {nl: Leegstand, en: Vacancy}\n"
        "    help: {nl: x, en: y}\n    minimum: 0\n    maximum: 1\n    example: 0.1\n"
        "themes:\n  - id: legitimacy\n    label: {nl: Legitimiteit, en: Legitimacy}\n"
        "    description: {nl: x, en: y}\n"
    )
    replace_in(
        rules_copy / "chain.yaml",
        "      en: Hand-offs only work if partners trust that the next step will be taken "
        "(relational steering).",
        "      en: Overdrachten werken alleen als partners erop vertrouwen dat de volgende "
        "stap wordt gezet (relationele sturing).",
    )
    messages = {m for _, _, m in warnings_of(rules_copy)}
    assert {
        "no rule is about form 'alliance'",
        "no rule reads factor 'vacancy'",
        "no question asks about factor 'vacancy'",
        "no rule falls under theme 'legitimacy'",
        "rule 'chain_hand_offs_need_trust' has the same Dutch and English reason",
        "form 'alliance' has no network template, so no network is drawn for it",
    } <= messages
    result = CliRunner().invoke(main, ["rules", "check", str(rules_copy), "--strict"])
    assert result.exit_code == 1 and "6 waarschuwingen." in result.stderr
    assert CliRunner().invoke(main, ["rules", "check", str(rules_copy)]).exit_code == 0


def test_five_different_errors_are_all_reported_with_fixes(rules_copy: Path) -> None:
    replace_in(
        rules_copy / "network.yaml",
        "when: social_complexity >= 3 and partner_diversity >= 3\n",
        "when: social_complexity >= 3 and partner_diversity >= 3 and trustt > 2\n",
    )
    replace_in(
        rules_copy / "chain.yaml",
        "form: chain\n    theme: autonomy",
        "form: chian\n    theme: autonomy",
    )
    replace_in(rules_copy / "merger.yaml", "when: urgency >= 4", "when: urgency >= 4 and")
    replace_in(
        rules_copy / "franchise.yaml",
        "- id: franchise_fast_to_adopt",
        "- id: franchise_shared_back_office",
    )
    replace_in(
        rules_copy / "social_network.yaml",
        "effect: 1 * (urgency - 3)\n",
        "effect: 15 / partner_count\n",
    )
    with pytest.raises(RuleSetError) as caught:
        load_rules(rules_copy)
    hints = [words(p.hint, "nl") for p in caught.value.problems]
    assert len(caught.value.problems) == 5
    assert "bedoelt u 'trust'?" in hints and "bedoelt u 'chain'?" in hints


def _doubled(rules_copy: Path) -> Path:
    replace_in(
        rules_copy / "franchise.yaml",
        "    effect: 2 * (administrative_burden - 3)",
        "    effect: 5 * (administrative_burden - 3)",
    )
    return rules_copy


def _scale_setter_doubled(rules_copy: Path) -> Path:
    """The merger's many-party rule doubled: the merger's loss sets the common scale."""
    replace_in(
        rules_copy / "merger.yaml",
        "    effect: -3 * (min(partner_corporations, 6) - 2)",
        "    effect: -6 * (min(partner_corporations, 6) - 2)",
    )
    return rules_copy


def test_diff_of_doubled_points_names_the_rule_and_counts_flips(rules, rules_copy) -> None:
    changed = load_rules(_doubled(rules_copy))
    result = diff_rule_sets(rules, changed, n=5000, seed=3, sample=None)
    assert [c.rule_id for c in result.changed] == ["franchise_shared_back_office"]
    assert result.changed[0].fields == {
        "effect": ("2 * (administrative_burden - 3)", "5 * (administrative_burden - 3)")
    }
    sample = latin_hypercube(changed, 5000, seed=3)
    before = score_many(_sample_for(rules, sample, 5000), rules)["top"].astype(str)
    after = score_many(_sample_for(changed, sample, 5000), changed)["top"].astype(str)
    direct = int(np.sum(before.to_numpy() != after.to_numpy()))
    assert result.flips == direct > 0
    assert result.flip_share == direct / 5000
    assert all(new == "franchise" for _, new in result.transitions)
    example = result.examples[0]
    assert example.responsible[0][0] == "franchise_shared_back_office"


def test_diff_of_identical_rule_sets_is_empty(rules) -> None:
    result = diff_rule_sets(rules, load_rules(RULES_DIR), n=3000)
    assert result.structurally_equal and result.flips == 0 and result.transitions == {}


def test_rules_diff_command_text_and_html(rules_copy: Path, tmp_path: Path) -> None:
    page = tmp_path / "diff.html"
    result = CliRunner().invoke(
        main,
        [
            "rules",
            "diff",
            str(RULES_DIR),
            str(_doubled(rules_copy)),
            "--sample",
            "2000",
            "--html",
            str(page),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "~ franchise_shared_back_office  (gewijzigd)" in result.output
    assert "franchise_shared_back_office: " in result.output
    assert "(gewijzigde regel)" in result.output
    html = page.read_text()
    assert "Waar de best passende vorm verandert" in html and "<html lang='nl'>" in html
    assert len(html.encode()) < 50_000  # before: 4.8 MB of plotly.js embedded
    assert "plotly" not in html


def test_diff_labels_a_new_rule_as_new_and_reports_the_mean_change(rules, rules_copy) -> None:
    # Before: a new rule was labelled "(changed rule)", and there was no mean change per form.
    (rules_copy / "extra.yaml").write_text(
        "rules:\n  - id: merger_complex_with_many_partners\n    form: merger\n"
        "    theme: feasibility\n    when: partner_count <= 2\n    effect: 2\n"
        "    reason: {nl: Complexe integratie., en: Complex integration.}\n"
        "    sources: [kaats_opheij_2012]\n"
    )
    result = diff_rule_sets(rules, load_rules(rules_copy), n=4000)
    assert result.added["rules"] == ["merger_complex_with_many_partners"]
    # A gain that stays under the merger's largest loss leaves the common scale alone.
    assert result.mean_change["merger"] > 0
    assert all(abs(result.mean_change[f]) < 1e-9 for f in rules.form_ids if f != "merger")
    text = diff_text(result, "nl")
    assert "+ regel merger_complex_with_many_partners  (nieuw)" in text
    assert "merger_complex_with_many_partners: +0,00 -> " in text and "(nieuwe regel)" in text
    assert "Gemiddelde verandering van de score per vorm" in text
    english = diff_text(result, "en")
    assert "(new rule)" in english and "Mean change of the score per form" in english


def test_diff_explains_points_that_move_only_through_the_common_scale(rules, rules_copy) -> None:
    # Doubling the rule that sets the common scale shrinks every other rule's points.
    result = diff_rule_sets(rules, load_rules(_scale_setter_doubled(rules_copy)), n=4000, seed=1)
    ratio = scale_ratio(result)
    assert ratio is not None and ratio < 1
    text = diff_text(result, "nl")
    assert "de gemeenschappelijke schaal is veranderd" in text
    if any(
        rule != "merger_of_many_parties_seldom_feasible"
        for example in result.examples
        for rule, _, _ in example.responsible[:5]
    ):
        assert "(ongewijzigd, alleen door de schaal)" in text


def test_diff_uses_the_realistic_sample_and_shows_rounded_answers(rules, rules_copy) -> None:
    result = diff_rule_sets(rules, load_rules(_doubled(rules_copy)), n=4000)
    assert result.sample_kind == "realistic" and result.examples
    for example in result.examples:
        assert example.situation["partner_count"] <= 60  # not spread uniformly over 0-200
    text = diff_text(result, "nl")
    shown = text.split("voorbeeld 1")[1]
    assert not re.search(r"\d,\d{3,}", shown)  # before: values with five decimals


def test_rule_book_lists_every_rule(rules) -> None:
    markdown = rule_book_markdown(rules, "en")
    assert rules.content_hash[:12] in markdown
    for rule in [*rules.rules, *rules.knockouts]:
        title = rule.named("en")  # a board reads titles, not ids
        assert f"| {title} | if " in markdown or f"| {title} | always |" in markdown
        assert f"· {rule.id} |" in markdown  # the id, for the adviser, in the source cell


def _as_editor_sees_it(file: Path) -> object:
    """A YAML file's data as JSON: an editor validates dates as text, like the other values."""
    return json.loads(json.dumps(YAML(typ="safe").load(file), default=str))


def test_the_rule_set_schema_validates_every_default_file_tests_included(rules) -> None:
    # Before: tests/*.yaml failed the schema and its tests part pointed to missing $defs.
    schema = rule_file_schema(rules)
    jsonschema.Draft202012Validator.check_schema(schema)
    files = sorted(RULES_DIR.glob("*.yaml")) + sorted((RULES_DIR / "tests").glob("*.yaml"))
    assert any(f.parent.name == "tests" for f in files)
    for file in files:
        jsonschema.validate(_as_editor_sees_it(file), schema)


RULE = {
    "id": "x",
    "form": "network",
    "theme": "efficiency",
    "when": "trust >= 3",
    "effect": 1,
    "reason": {"nl": "a", "en": "b"},
    "sources": ["expert_judgement"],
}


@pytest.mark.parametrize(
    "change",
    [
        {"form": "netwerk"},
        {"theme": "efficientie"},
        {"effect": "veel"},
        {"when": "trust > 7"},
        {"when": "trust >= 4 en urgency < 2"},
        {"when": "urgency >= 3,5"},
        {"sources": ["aef_2021"]},
        {"reasn": {"nl": "a", "en": "b"}},
    ],
)
def test_the_rule_set_schema_rejects_what_rules_check_rejects(rules, change) -> None:
    schema = rule_file_schema(rules)
    jsonschema.validate({"rules": [RULE]}, schema)  # the rule as it stands is fine
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"rules": [{**RULE, **change}]}, schema)


def test_the_schema_of_tests_names_the_rule_sets_forms_and_factors(rules) -> None:
    schema = rule_file_schema(rules)
    test = {
        "id": "t",
        "description": {"nl": "a", "en": "b"},
        "sources": ["mkw_2019"],
        "situation": {"trust": 2},
        "expect": {"top_in": ["chain"]},
    }
    jsonschema.validate({"tests": [test]}, schema)
    for wrong in ({"expect": {"top_in": ["keten"]}}, {"situation": {"vertrouwen": 2}}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"tests": [{**test, **wrong}]}, schema)


def test_rules_schema_command_writes_the_rule_sets_schema(tmp_path: Path) -> None:
    out = tmp_path / "rules.schema.json"
    result = CliRunner().invoke(main, ["rules", "schema", str(RULES_DIR), "--out", str(out)])
    assert result.exit_code == 0, result.output
    schema = json.loads(out.read_text())
    assert schema["$defs"]["Rule"]["properties"]["form"]["enum"] == list(load_rules().form_ids)


def test_new_rule_set_is_a_renamed_loadable_copy(tmp_path: Path) -> None:
    target = new_rule_set(tmp_path / "mine", "adviesbureau", "2.1.0")
    copy = load_rules(target)
    assert (copy.metadata.name, copy.metadata.version) == ("adviesbureau", "2.1.0")
    assert [r.id for r in copy.rules] == [r.id for r in load_rules(RULES_DIR).rules]
    assert (target / "tests" / "literature.yaml").is_file()
    assert "# De standaardregelset" in (target / "ruleset.yaml").read_text()
    result = CliRunner().invoke(main, ["rules", "new", str(target), "--name", "again"])
    assert result.exit_code == 1 and "fout: " in result.stderr and "is niet leeg" in result.stderr


def test_new_rule_set_points_every_file_at_its_schema_and_owns_its_judgement(
    tmp_path: Path,
) -> None:
    target = new_rule_set(tmp_path / "woonstede", "woonstede", authors=["J. Adviseur"])
    schema = json.loads((target / "rules.schema.json").read_text())
    for file in [*target.glob("*.yaml"), *(target / "tests").glob("*.yaml")]:
        first = file.read_text().splitlines()[0]
        relative = "../" if file.parent.name == "tests" else ""
        assert first == f"# yaml-language-server: $schema={relative}rules.schema.json", file
        jsonschema.validate(YAML(typ="safe").load(file), schema)  # dates as YAML reads them
    rules = load_rules(target)
    judgement = rules.bibliography["expert_judgement"]
    assert judgement.authors == ["J. Adviseur"] and "woonstede" in judgement.title


def test_the_schema_refuses_an_empty_when_as_rules_check_does(rules) -> None:
    schema = rule_file_schema(rules)
    rule = {**RULE, "when": None}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"rules": [rule]}, schema)


def test_new_rule_set_has_its_own_authors_and_description(tmp_path: Path) -> None:
    # Before: the copy kept the default's authors and description, and so passed for it.
    target = tmp_path / "mine"
    result = CliRunner().invoke(
        main,
        ["rules", "new", str(target), "--name", "adviesbureau-x", "--author", "A. Adviseur"],
    )
    assert result.exit_code == 0, result.output
    assert "regelset 'adviesbureau-x' 0.1.0 gemaakt" in result.output
    meta = load_rules(target).metadata
    original = load_rules(RULES_DIR).metadata
    assert meta.authors == ["A. Adviseur"] and meta.authors != original.authors
    assert meta.description is not None
    assert meta.description("nl") == "Eigen regelset, gebaseerd op samenwerking-standaard 3.2.0."


def test_a_test_naming_an_unknown_form_fails_rules_check(rules_copy: Path) -> None:
    # Before: 'keten' for 'chain' in a test passed rules check; only rules test noticed.
    tail = "\n      ranks_above: [[chain, merger], [chain, franchise], [chain, network]]"
    replace_in(
        rules_copy / "tests" / "literature.yaml", "top_in: [chain]" + tail, "top_in: [keten]" + tail
    )
    result = CliRunner().invoke(main, ["rules", "check", str(rules_copy)])
    assert result.exit_code == 1 and "is in orde" not in result.output
    assert "fout: onbekende vorm 'keten' (mogelijk: chain, franchise" in result.stderr


def test_an_empty_when_is_an_error_not_always(rules_copy: Path) -> None:
    # Before: 'when:' with nothing after it was accepted and the rule always fired.
    line = replace_in(rules_copy / "network.yaml", "    when: urgency >= 4\n", "    when:\n")
    with pytest.raises(RuleSetError) as caught:
        load_rules(rules_copy)
    [problem] = caught.value.problems
    assert "'when' is leeg" in problem.text("nl") and problem.location.line <= line


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        ("urgency >= 4 en trust < 3", "'en' is Nederlands; voorwaarden gebruiken", "'and'"),
        ("urgency >= 4 of trust < 3", "'of' is Nederlands; voorwaarden gebruiken", "'or'"),
        ("urgency >= 3,5", "een komma scheidt alleen waarden binnen min() en max()", "1.5"),
        ("urgency >= 4 trust < 3", "twee voorwaarden zonder 'and' of 'or'", "'and' (en)"),
    ],
)
def test_dutch_habits_in_conditions_get_a_hint(rules_copy: Path, written, message, hint) -> None:
    replace_in(rules_copy / "network.yaml", "    when: urgency >= 4\n", f"    when: {written}\n")
    with pytest.raises(RuleSetError) as caught:
        load_rules(rules_copy)
    [problem] = caught.value.problems
    assert message in words(problem.message, "nl") and hint in words(problem.hint, "nl")


def test_an_effect_that_dwarfs_the_rest_is_warned(rules_copy: Path) -> None:
    # Before: effect -3000 was accepted and flattened all five scores to 49.9-50.2.
    line = replace_in(
        rules_copy / "merger.yaml",
        "    effect: -1.5 * (urgency - 3)\n",
        "    effect: -40 * (urgency - 3)\n",
    )
    warnings = warnings_of(rules_copy)
    found = [w for w in warnings if "merger_takes_years" in w[2]]
    assert found and found[0][1] <= line
    assert "can give 80 points" in found[0][2] and "hardly count" in found[0][2]
    assert "of all points of 'merger'" in found[0][2]


def test_an_effect_beyond_a_forms_whole_range_is_an_error_at_effect(rules_copy: Path) -> None:
    # Before: 'effect: 3000' was only a warning, at the rule's id line, and the exit was 0.
    line = replace_in(
        rules_copy / "merger.yaml", "    effect: -1.5 * (urgency - 3)\n", "    effect: 3000\n"
    )
    with pytest.raises(RuleSetError) as raised:
        load_rules(rules_copy)
    [problem] = raised.value.problems
    assert (problem.location.line, problem.location.column) == (line, 13)
    assert problem.field == "merger_takes_years.effect"
    assert "3000 punten" in problem.text("nl") and "meer dan het hele bereik" in problem.text("nl")


def test_a_condition_that_always_holds_is_warned(rules_copy: Path) -> None:
    replace_in(rules_copy / "network.yaml", "    when: urgency >= 4\n", "    when: urgency >= 1\n")
    messages = [m for _, _, m in warnings_of(rules_copy)]
    assert any("the condition of rule 'network_takes_time' holds in all" in m for m in messages)


def test_a_rule_above_a_third_of_its_forms_points_is_warned(rules_copy: Path) -> None:
    # Rule set 2.0.0 let continuity risk alone give merger +20 points in a board pack.
    replace_in(
        rules_copy / "social_network.yaml",
        "    effect: 2 * (required_autonomy - 3)",
        "    effect: 6 * (required_autonomy - 3)",
    )
    found = [m for _, _, m in warnings_of(rules_copy) if "social_network_lightest_form" in m]
    assert found and "of all points of 'social_network'" in found[0] and "one answer" in found[0]
    assert not [m for _, _, m in warnings_of(RULES_DIR) if "one answer then decides" in m]


def test_the_schema_gives_editors_a_dutch_message_for_a_bad_effect_or_condition(rules) -> None:
    # Before: an editor said "Matches a schema that is not allowed" and nothing more.
    definitions = rule_file_schema(rules)["$defs"]
    effect = definitions["Rule"]["properties"]["effect"]
    assert "geen woord als 'veel'" in effect["errorMessage"]
    [text] = [a for a in definitions["Rule"]["properties"]["when"]["anyOf"] if "not" in a]
    assert "and, or en not" in text["errorMessage"]
