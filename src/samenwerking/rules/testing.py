"""Run the YAML rule tests of a rule set: worked cases from the literature, as data.

Modelled on OpenFisca's YAML tests: an adviser writes a situation (as changes to the example
situation) and what the advice must show; pytest and ``samenwerking rules test`` both run them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from samenwerking.errors import Location, Problem, RuleSetError, SamenwerkingError, display_path
from samenwerking.rules.loader import RULE_FILE_PATTERNS, validation_problems
from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.schema import RuleTest, RuleTestFile
from samenwerking.rules.yaml_source import load_yaml
from samenwerking.scoring import Advice, score
from samenwerking.situation import Situation

TESTS_FOLDER = "tests"


@dataclass(frozen=True)
class RuleTestCase:
    """A rule test with the place it was written."""

    test: RuleTest
    location: Location


@dataclass(frozen=True)
class RuleTestResult:
    """The outcome of one rule test: what failed (empty when it passed) and the advice made."""

    case: RuleTestCase
    failures: tuple[str, ...]
    advice: Advice | None = None
    error: str = ""

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.failures and not self.error


@dataclass
class RuleTestReport:
    """All results of a run, in file order."""

    results: list[RuleTestResult] = field(default_factory=list)

    @property
    def passed(self) -> int:
        """How many tests passed."""
        return sum(r.passed for r in self.results)

    @property
    def failed(self) -> int:
        """How many tests failed."""
        return len(self.results) - self.passed


def load_rule_tests(rules_folder: Path) -> list[RuleTestCase]:
    """Read every YAML file in ``<rules>/tests/``; raise :class:`RuleSetError` on bad files."""
    folder = Path(rules_folder) / TESTS_FOLDER
    files = sorted({p for pattern in RULE_FILE_PATTERNS for p in folder.glob(pattern)})
    if not files:
        raise RuleSetError(
            [Problem(Location(display_path(folder)), "no rule tests (*.yaml) found")]
        )
    problems: list[Problem] = []
    cases: list[RuleTestCase] = []
    seen: dict[str, Location] = {}
    for file in files:
        document = load_yaml(file, display_path(file))
        if isinstance(document, Problem):
            problems.append(document)
            continue
        try:
            parsed = RuleTestFile.model_validate(document.data or {})
        except ValidationError as e:
            problems.extend(validation_problems(e, document, RuleTestFile))
            continue
        for index, test in enumerate(parsed.tests):
            location = document.locate(("tests", index))
            if test.id in seen:
                problems.append(
                    Problem(
                        location, f"duplicate test id '{test.id}'", hint=f"first at {seen[test.id]}"
                    )
                )
            seen[test.id] = location
            cases.append(RuleTestCase(test, location))
    if problems:
        raise RuleSetError(problems)
    return cases


def run_rule_test(case: RuleTestCase, rules: RuleSet) -> RuleTestResult:
    """Score the test's situation and check each expectation against the advice."""
    test = case.test
    try:
        values = {**Situation.example(rules).values(), **test.situation}
        advice = score(values, rules, test.weights)
    except (SamenwerkingError, ValueError) as e:
        return RuleTestResult(case, (), None, error=str(e))
    return RuleTestResult(case, tuple(expectation_failures(test, advice, rules)), advice)


def expectation_failures(test: RuleTest, advice: Advice, rules: RuleSet) -> list[str]:
    """What the advice does not show of what ``test`` expects, one sentence each."""
    expect, failures = test.expect, []
    known = set(rules.form_ids)
    named = set(expect.top_in or ()) | set(expect.top_not_in or ()) | set(expect.knocked_out)
    named |= set(expect.not_knocked_out) | {f for pair in expect.ranks_above for f in pair}
    failures += [f"unknown form '{f}' in the expectation" for f in sorted(named - known)]
    if failures:
        return failures
    if expect.top_in is not None and advice.top not in expect.top_in:
        failures.append(f"top form is '{advice.top}', expected one of {expect.top_in}")
    if expect.top_not_in is not None and advice.top in expect.top_not_in:
        failures.append(f"top form is '{advice.top}', expected none of {expect.top_not_in}")
    position = {form: i for i, form in enumerate(advice.ranking)}
    for above, below in expect.ranks_above:
        if position[above] > position[below]:
            failures.append(
                f"'{above}' ({advice.scores[above]:.1f}) ranks below '{below}' "
                f"({advice.scores[below]:.1f}), expected above"
            )
    for form in expect.knocked_out:
        if not advice.is_knocked_out(form):
            failures.append(f"'{form}' is not knocked out, expected it to be")
    for form in expect.not_knocked_out:
        if advice.is_knocked_out(form):
            failures.append(f"'{form}' is knocked out, expected it not to be")
    return failures


def run_rule_tests(rules: RuleSet, folder: Path | None = None) -> RuleTestReport:
    """Run every rule test under ``folder`` (default: the rule set's own folder)."""
    cases = load_rule_tests(folder or rules.path)
    return RuleTestReport([run_rule_test(case, rules) for case in cases])
