"""The YAML rule tests of the default rule set, collected and run by pytest, one case each."""

from __future__ import annotations

from pathlib import Path

import pytest

from samenwerking import RuleSetError, load_rules
from samenwerking.rules.testing import load_rule_tests, run_rule_test, run_rule_tests

from conftest import RULES_DIR, replace_in

CASES = load_rule_tests(RULES_DIR)


def test_there_are_at_least_twelve_cases_each_with_a_source() -> None:
    assert len(CASES) >= 12
    assert all(len(case.test.source) > 5 for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.test.id for c in CASES])
def test_rule_case_holds(case, rules) -> None:
    result = run_rule_test(case, rules)
    assert result.passed, "\n".join([*result.failures, result.error])


def test_a_wrong_expectation_fails_with_what_came_out(rules_copy: Path) -> None:
    replace_in(
        rules_copy / "tests" / "literature.yaml",
        "top_in: [merger, franchise]",
        "top_in: [social_network]",
    )
    report = run_rule_tests(load_rules(rules_copy))
    [failed] = [r for r in report.results if not r.passed]
    assert failed.case.test.id == "small_corporation_heavy_burden_shares_back_office"
    assert failed.failures == (
        f"top form is '{failed.advice.top}', expected one of ['social_network']",
    )
    assert report.failed == 1 and report.passed == len(CASES) - 1


def test_unknown_form_in_an_expectation_is_a_failure(rules_copy: Path) -> None:
    replace_in(
        rules_copy / "tests" / "literature.yaml",
        "knocked_out: [merger]\n",
        "knocked_out: [fusion]\n",
    )
    report = run_rule_tests(load_rules(rules_copy))
    assert ["unknown form 'fusion' in the expectation"] in [
        list(r.failures) for r in report.results
    ]


def test_bad_test_file_is_reported_at_its_line(rules_copy: Path) -> None:
    line = replace_in(
        rules_copy / "tests" / "literature.yaml",
        "    expect:\n      knocked_out: [network]\n      not_knocked",
        "    expext:\n      knocked_out: [network]\n      not_knocked",
    )
    with pytest.raises(RuleSetError) as caught:
        load_rule_tests(rules_copy)
    messages = [(p.location.line, p.message) for p in caught.value.problems]
    assert (line, "unknown key 'expext'") in messages
