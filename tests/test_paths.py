"""The route to a form (paths.yaml, ``sw.path``, ``samenwerking path``, the board pack page)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings

import samenwerking as sw
from samenwerking import RuleSetError, load_rules
from samenwerking.authoring.testing import load_path_tests, run_path_test, run_rule_tests
from samenwerking.board_pack import board_pack, group_pack
from samenwerking.cli import main
from samenwerking.documents import to_markdown
from samenwerking.errors import words
from samenwerking.group import aggregate

from conftest import RULES_DIR, replace_in
from strategies import situations

PATH_CASES = load_path_tests(RULES_DIR)


def test_there_are_at_least_eight_path_tests_each_citing_a_known_source(rules) -> None:
    assert len(PATH_CASES) >= 8
    for case in PATH_CASES:
        assert case.test.sources
        assert all(c.key in rules.bibliography for c in case.test.sources)
    ids = {case.test.id for case in PATH_CASES}
    # The three routes the literature asks for by name.
    assert "a_chain_grows_into_a_network_with_a_lead_and_then_a_network_organisation" in ids
    assert "a_thin_margin_between_franchise_and_merger_starts_with_shared_services" in ids
    assert "distrust_starts_with_a_chain_on_one_client_path" in ids


@pytest.mark.parametrize("case", PATH_CASES, ids=[c.test.id for c in PATH_CASES])
def test_path_case_holds(case, rules) -> None:
    result = run_path_test(case, rules)
    assert result.passed, "\n".join(words(f, "en") for f in [*result.failures, result.error])


def test_a_wrong_route_expectation_fails_with_the_route_found(rules_copy: Path) -> None:
    replace_in(
        rules_copy / "tests" / "paths.yaml",
        "first_step: chain_on_one_client_path",
        "first_step: merger",
    )
    report = run_rule_tests(load_rules(rules_copy))
    [failed] = [p for p in report.paths if not p.passed]
    assert failed.case.test.id == "distrust_starts_with_a_chain_on_one_client_path"
    assert [words(f, "en") for f in failed.failures] == [
        "the route does not start with 'merger'; the route: chain_on_one_client_path → chain"
    ]


def test_the_chain_grows_into_a_lead_organisation_and_then_a_network_organisation(rules) -> None:
    case = next(c for c in PATH_CASES if c.test.id.startswith("a_chain_grows"))
    values = {**sw.Situation.example(rules).values(), **case.test.situation}
    route = sw.path(values, rules)
    assert [s.governance for s in route.steps] == [
        None,
        "lead_organisation",
        "network_administrative_organisation",
    ]
    # Each step but the last says when to move on; the trust the NAO needs is still open.
    assert all(step.trigger is not None for step in route.steps[:-1])
    assert [c.condition for c in route.steps[-1].open] == ["trust >= 3"]


def test_a_thin_margin_keeps_the_heavier_form_as_an_option_with_its_trigger(rules) -> None:
    case = next(c for c in PATH_CASES if c.test.id.startswith("a_thin_margin"))
    route = sw.path({**sw.Situation.example(rules).values(), **case.test.situation}, rules)
    assert route.advice.top == "merger" and route.advice.advised == "franchise"
    assert [(s.stage, s.option) for s in route.steps] == [
        ("shared_services", False),
        ("merger", True),
    ]
    assert "continuïteitsprobleem" in route.first.trigger("nl")
    assert route.end.form == "franchise"
    assert route.steps[-1].months == 13 and route.steps[-1].reversibility == 0.05


def test_partners_decide_the_route_as_they_decide_the_advice(rules) -> None:
    situation = sw.Situation.example(rules)
    partners = [{"name": "Zuster", "kind": "corporation", "dwellings": 2000}]
    route = sw.path(situation, rules, partners)
    assert route.advice.situation.partner_corporations == 1
    assert route.advice == sw.score(
        situation.replace(partner_count=1, partner_corporations=1, partner_dwellings=2000), rules
    )


@settings(max_examples=40)
@given(situation=situations())
def test_every_route_starts_with_a_step_that_can_be_taken_or_is_the_only_one(
    situation, rules
) -> None:
    route = sw.path(situation, rules)
    assert route.steps and not route.steps[0].option
    if len([s for s in route.steps if not s.option]) > 1:
        assert route.first.open == []
    # Options come only after the steps to take, and the route ends at the advised form
    # or a lighter one.
    flags = [s.option for s in route.steps]
    assert flags == sorted(flags)
    assert route.end.form in {route.advice.top, route.advice.advised, *route.advice.ranking}
    reversibility = {f.id: f.properties.reversibility for f in rules.forms}
    assert reversibility[route.end.form] >= reversibility[route.advice.top]


def test_a_rule_set_without_routes_gives_the_advised_form_as_the_one_step(
    rules_copy: Path,
) -> None:
    (rules_copy / "paths.yaml").unlink()
    (rules_copy / "tests" / "paths.yaml").unlink()
    rules = load_rules(rules_copy)
    route = sw.path(sw.Situation.example(rules), rules)
    assert [s.form for s in route.steps] == [route.advice.advised]
    assert route.reason == "path.reason_no_routes"


def test_mistakes_in_paths_yaml_are_reported_at_their_lines(rules_copy: Path) -> None:
    paths = rules_copy / "paths.yaml"
    replace_in(paths, "to_stage: chain\n", "to_stage: keten\n")
    replace_in(paths, "when: [neighbourhood_focus >= 3]", "when: [neighbourhood_focus >= ]")
    replace_in(paths, "governance: lead_organisation", "governance: leader")
    with pytest.raises(RuleSetError) as raised:
        load_rules(rules_copy)
    lines = paths.read_text().splitlines()
    found = {(p.location.line, words(p.message, "en")) for p in raised.value.problems}
    messages = {message for _, message in found}
    assert "unknown stage 'keten'" in messages
    assert "unknown governance mode 'leader'" in messages
    for line, message in found:
        if message == "unknown stage 'keten'":
            assert "keten" in lines[line - 1]
        if message == "unknown governance mode 'leader'":
            assert "leader" in lines[line - 1]
    assert any("neighbourhood_focus >=" in lines[line - 1] for line, _ in found)


def test_path_command_prints_the_route_in_dutch_english_and_json(tmp_path: Path) -> None:
    runner = CliRunner()
    dutch = runner.invoke(main, ["path", "--example"])
    assert dutch.exit_code == 0, dutch.output
    assert dutch.output.startswith("De route\n") and "Stap 1:" in dutch.output
    assert "Wat terugdraaien kost:" in dutch.output and "Omkeerbaarheid" in dutch.output
    english = runner.invoke(main, ["path", "--example", "--lang", "en"])
    assert english.output.startswith("The route\n") and "Step 1:" in english.output
    as_json = json.loads(runner.invoke(main, ["path", "--example", "--json"]).output)
    assert as_json["steps"][0]["stage"] and "advice" in as_json
    partners = tmp_path / "partners.yaml"
    partners.write_text(
        "partners:\n  - {name: Zuster, kind: corporation, dwellings: 2000}\n", encoding="utf-8"
    )
    with_partners = runner.invoke(main, ["path", "--example", "--partners", str(partners)])
    assert with_partners.exit_code == 0, with_partners.output
    missing = runner.invoke(main, ["path", "nergens.yaml"])
    assert missing.exit_code == 1 and "Traceback" not in missing.output


def test_the_board_pack_and_the_group_report_carry_the_route(rules) -> None:
    pack = to_markdown(board_pack(sw.Situation.example(rules), rules))
    assert "# De route" in pack and "Stap 1:" in pack
    english = to_markdown(board_pack(sw.Situation.example(rules), rules, lang="en"))
    assert "# The route" in english and "Who must agree, with typical duration" in english
    example = sw.Situation.example(rules)
    group = aggregate({"Anna": example, "Bram": example.replace(trust=1.5)}, rules)
    report = to_markdown(group_pack(group, rules, title="Bestuur"))
    assert "# De route" in report and "Stap 1:" in report


def test_the_rule_book_shows_the_path_tests_as_worked_routes(rules) -> None:
    from samenwerking.authoring.book import rule_book_markdown

    book = rule_book_markdown(rules)
    assert "### Routes" in book
    assert "Uitkomst: Een keten op één cliëntpad → Keten met ketenregie (klopt)." in book


def test_a_hostile_number_of_stages_is_refused_with_a_message(rules_copy: Path) -> None:
    # Routes are found by walking the moves; thousands of stages must not be walked.
    stages = "".join(
        f"  - {{id: s{i}, form: chain, label: {{nl: S, en: S}}, description: {{nl: S, en: S}},"
        f" prepare: {{nl: S, en: S}}, sources: [nora_2013]}}\n"
        for i in range(400)
    )
    (rules_copy / "many.yaml").write_text("stages:\n" + stages, encoding="utf-8")
    with pytest.raises(RuleSetError) as raised:
        load_rules(rules_copy)
    [problem] = raised.value.problems
    assert problem.location.file.endswith("many.yaml") and problem.location.line == 62
    assert words(problem.message, "nl") == (
        "meer dan 60 stappen; zoveel stappen zijn niet meer te overzien"
    )


def test_rules_diff_names_a_changed_route(rules_copy: Path) -> None:
    from samenwerking.authoring.diff import diff_rule_sets, diff_text

    replace_in(rules_copy / "paths.yaml", "when: [partner_count > 8]", "when: [partner_count > 12]")
    text = diff_text(diff_rule_sets(load_rules(RULES_DIR), load_rules(rules_copy), n=500))
    assert "~ move:shared_governance_moves_to_a_network_organisation  (gewijzigd)" in text
    assert "partner_count > 12" in text


def test_the_route_type_is_public_but_a_star_import_keeps_pathlib_path() -> None:
    # "from samenwerking import *" imports the names in __all__: Path must not be one of them.
    assert "Path" not in sw.__all__ and "path" in sw.__all__
    assert sw.Path is sw.path(sw.Situation.example(), sw.load_rules()).__class__
