"""The YAML rule tests of the default rule set, collected and run by pytest, one case each."""

from __future__ import annotations

from pathlib import Path

import pytest

from samenwerking import RuleSetError, load_rules
from samenwerking.authoring.testing import (
    PopulationSamples,
    load_population_tests,
    load_rule_tests,
    run_population_test,
    run_rule_test,
    run_rule_tests,
    uncovered_rules,
    unproven_tests,
)
from samenwerking.errors import words

from conftest import RULES_DIR, replace_in

CASES = load_rule_tests(RULES_DIR)
SAMPLES = PopulationSamples()


def test_there_are_at_least_25_scenarios_and_8_populations_each_citing_a_source(rules) -> None:
    populations = load_population_tests(RULES_DIR)
    assert len(CASES) >= 25 and len(populations) >= 8
    for case in [*CASES, *populations]:
        assert case.test.sources
        assert all(c.key in rules.bibliography for c in case.test.sources)


def test_every_form_is_tested_as_winner_and_as_loser(rules) -> None:
    winners, losers = set(), set()
    for case in CASES:
        expect = case.test.expect
        if expect.top_in is not None and len(expect.top_in) == 1:
            winners |= set(expect.top_in)
        losers |= set(expect.top_not_in or ()) | {below for _, below in expect.ranks_above}
        losers |= set(expect.knocked_out)
    for population in load_population_tests(RULES_DIR):
        expect = population.test.expect
        if expect.at_least is not None and len(expect.top_in) == 1:
            winners |= set(expect.top_in)
        if expect.at_most is not None:
            losers |= set(expect.top_in)
    assert winners == losers == set(rules.form_ids)


@pytest.mark.parametrize("case", load_population_tests(RULES_DIR), ids=lambda c: c.test.id)
def test_population_expectation_holds(case, rules) -> None:
    result = run_population_test(case, rules, SAMPLES)
    assert result.passed, "\n".join(words(f, "en") for f in [*result.failures, result.error])


def test_removing_any_default_rule_makes_a_test_fail(rules) -> None:
    # Each rule and knock-out is removed in turn; some scenario, direction or population
    # test must notice. A rule no test pins down could change without anyone knowing.
    assert uncovered_rules(rules) == []


def test_every_default_test_proves_something(rules) -> None:
    # The same question as above, asked from the test's side: each test fails without one of
    # the rules it is about (or without all of them). A bundled test that proves nothing
    # would drown an adviser's own --prove warnings.
    assert [t.test_id for t in unproven_tests(rules)] == []


def test_the_advice_expectation_is_stricter_than_the_top_form(rules_copy: Path) -> None:
    # The struggling small corporation with a willing sister: without the continuity rule
    # merger still leads by a hair, but the advice then starts with the lighter form, so
    # only 'advised_in' notices the rule gone (Kaats & Opheij: as light as possible).
    path = rules_copy / "merger.yaml"
    text = path.read_text()
    start = text.index("  - id: merger_secures_continuity")
    end = text.index("\n  - id:", start + 10) + 1
    path.write_text(text[:start] + text[end:])
    report = run_rule_tests(load_rules(rules_copy))
    [sister] = [
        r
        for r in report.results
        if r.case.test.id == "small_corporation_in_trouble_with_one_willing_sister_merges"
    ]
    assert sister.advice is not None and sister.advice.top == "merger"
    assert [words(f, "en") for f in sister.failures] == [
        f"the advice starts with '{sister.advice.advised}'; expected one of: merger"
    ]


def test_a_population_expectation_that_does_not_hold_fails(rules_copy: Path) -> None:
    replace_in(
        rules_copy / "tests" / "populations.yaml",
        "expect: {top_in: [merger], at_least: 0.7}",
        "expect: {top_in: [merger], at_least: 0.99}",
    )
    report = run_rule_tests(load_rules(rules_copy))
    [failed] = [p for p in report.populations if not p.passed]
    assert failed.case.test.id == "small_struggling_corporations_with_a_willing_sister_merge"
    assert "expected at least 99%" in words(failed.failures[0], "en")


def test_a_direction_test_fails_without_its_rule(rules_copy: Path) -> None:
    path = rules_copy / "network.yaml"
    text = path.read_text()
    start = text.index("  - id: network_sought_under_budget_cuts")
    end = text.index("  - id: network_needs_different_kinds")
    path.write_text(text[:start] + text[end:])
    report = run_rule_tests(load_rules(rules_copy))
    failed = {r.case.test.id for r in report.results if not r.passed}
    assert failed == {"budget_cuts_bring_organisations_together"}


@pytest.mark.parametrize("case", CASES, ids=[c.test.id for c in CASES])
def test_rule_case_holds(case, rules) -> None:
    result = run_rule_test(case, rules)
    assert result.passed, "\n".join(words(f, "en") for f in [*result.failures, result.error])


def test_a_wrong_expectation_fails_with_what_came_out(rules_copy: Path) -> None:
    replace_in(
        rules_copy / "tests" / "literature.yaml",
        "top_in: [merger, franchise]",
        "top_in: [social_network]",
    )
    report = run_rule_tests(load_rules(rules_copy))
    [failed] = [r for r in report.results if not r.passed]
    assert failed.case.test.id == "small_corporation_heavy_burden_shares_back_office"
    assert [words(f, "en") for f in failed.failures] == [
        f"the top form is '{failed.advice.top}'; expected one of: social_network",
    ]
    total = len(CASES) + len(report.populations) + len(report.paths)
    assert report.failed == 1 and report.passed == total - 1


def test_unknown_form_in_an_expectation_is_a_failure(rules_copy: Path) -> None:
    replace_in(
        rules_copy / "tests" / "literature.yaml",
        "knocked_out: [merger]\n",
        "knocked_out: [fusion]\n",
    )
    report = run_rule_tests(load_rules(rules_copy))
    assert ["unknown form 'fusion'"] in [
        [words(f, "en") for f in r.failures] for r in report.results
    ]


def test_bad_test_file_is_reported_at_its_line(rules_copy: Path) -> None:
    line = replace_in(
        rules_copy / "tests" / "literature.yaml",
        "    expect:\n      knocked_out: [network]\n      not_knocked",
        "    expext:\n      knocked_out: [network]\n      not_knocked",
    )
    with pytest.raises(RuleSetError) as caught:
        load_rule_tests(rules_copy)
    messages = [(p.location.line, words(p.message, "en")) for p in caught.value.problems]
    assert (line, "unknown key 'expext'") in messages


def test_pytest_rules_collects_any_rule_sets_yaml_tests_as_items(rules_copy: Path) -> None:
    # #23: rule tests ran as pytest items only for the default rules; `pytest --rules DIR`
    # (the plugin samenwerking.pytest_plugin) collects any rule set's, as OpenFisca does.
    import subprocess
    import sys

    from samenwerking.authoring.testing import read_tests

    cases, populations, paths = read_tests(rules_copy)
    literature = rules_copy / "tests" / "literature.yaml"
    text = literature.read_text(encoding="utf-8")
    start = text.index("id: small_corporation_that_cannot_carry_its_task_merges")
    at = text.index("top_in: [merger]", start)
    literature.write_text(text[:at] + "top_in: [chain]" + text[at + 16 :], encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--rules",
            str(rules_copy),
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=rules_copy.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    total = len(cases) + len(populations) + len(paths)
    assert f"1 failed, {total - 1} passed" in done.stdout, done.stdout[-2000:]
    assert "small_corporation_that_cannot_carry_its_task_merges" in done.stdout
    assert "verwacht was een van: chain" in done.stdout
    assert "Traceback" not in done.stdout
