"""Run the YAML rule tests of a rule set: worked cases from the literature, as data.

Modelled on OpenFisca's YAML tests: an adviser writes a situation (as changes to the example
situation) and what the advice must show; pytest and ``samenwerking rules test`` both run them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from samenwerking.authoring.profile import advise_sample, population_mask, shares
from samenwerking.errors import (
    Location,
    Message,
    Number,
    Problem,
    RuleSetError,
    SamenwerkingError,
    did_you_mean,
    display_path,
    msg,
)
from samenwerking.paths import path as route_of
from samenwerking.rules.expressions import Expression, ExpressionSyntaxError
from samenwerking.rules.loader import RULE_FILE_PATTERNS, outside_links, validation_problems
from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.sampling import SampleKind, sample_situations
from samenwerking.rules.schema import (
    PathTest,
    PopulationTest,
    RuleTest,
    RuleTestFile,
    WorkedCase,
)
from samenwerking.rules.yaml_source import PathKey, YamlDocument, load_yaml
from samenwerking.scoring import Advice, rule_effects, score
from samenwerking.situation import Situation

TESTS_FOLDER = "tests"
#: Situations drawn for population tests; a population is the part of it its 'when' selects.
POPULATION_SAMPLE_SIZE = 400_000
#: Fewer situations than this in a population make its shares too noisy to test.
MIN_POPULATION = 200


@dataclass(frozen=True)
class RuleTestCase:
    """A rule test with the place it was written."""

    test: RuleTest
    location: Location
    #: The file it was read from and its place there, to point at a field or an item.
    document: YamlDocument | None = None
    path: PathKey = ()


@dataclass(frozen=True)
class PathCase:
    """A path test with the place it was written."""

    test: PathTest
    location: Location
    #: The file it was read from and its place there, to point at a field or an item.
    document: YamlDocument | None = None
    path: PathKey = ()


@dataclass(frozen=True)
class PathResult:
    """The outcome of one path test: the stages of the route and what failed."""

    case: PathCase
    failures: tuple[Message, ...]
    stages: tuple[str, ...] = ()
    error: Message | str = ""

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.failures and not self.error


@dataclass(frozen=True)
class PopulationCase:
    """A population test with the place it was written."""

    test: PopulationTest
    location: Location
    #: The file it was read from and its place there, to point at a field or an item.
    document: YamlDocument | None = None
    path: PathKey = ()


@dataclass(frozen=True)
class PopulationResult:
    """The outcome of one population test: its size, win shares and what failed."""

    case: PopulationCase
    size: int
    win_shares: dict[str, float]
    failures: tuple[Message, ...]
    error: Message | str = ""

    @property
    def share(self) -> float:
        """Share of the population whose best form is one of the expected ones."""
        return sum(self.win_shares.get(f, 0.0) for f in self.case.test.expect.top_in)

    @property
    def passed(self) -> bool:
        """True when the share lies within the expected bounds."""
        return not self.failures and not self.error


@dataclass(frozen=True)
class RuleTestResult:
    """The outcome of one rule test: what failed (empty when it passed) and the advice made."""

    case: RuleTestCase
    failures: tuple[Message, ...]
    advice: Advice | None = None
    error: Message | str = ""
    #: The advice after the test's ``change``, for a direction test (None for the others).
    changed: Advice | None = None

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.failures and not self.error


@dataclass
class RuleTestReport:
    """All results of a run, in file order: scenario tests, then population tests."""

    results: list[RuleTestResult] = field(default_factory=list)
    populations: list[PopulationResult] = field(default_factory=list)
    paths: list[PathResult] = field(default_factory=list)

    @property
    def passed(self) -> int:
        """How many tests passed."""
        return (
            sum(r.passed for r in self.results)
            + sum(p.passed for p in self.populations)
            + sum(p.passed for p in self.paths)
        )

    @property
    def failed(self) -> int:
        """How many tests failed."""
        return len(self.results) + len(self.populations) + len(self.paths) - self.passed


def load_rule_tests(rules_folder: Path) -> list[RuleTestCase]:
    """Read the scenario tests in ``<rules>/tests/``; raise :class:`RuleSetError` on bad files."""
    return load_test_suite(rules_folder)[0]


def load_population_tests(rules_folder: Path) -> list[PopulationCase]:
    """Read the population tests in ``<rules>/tests/`` (empty when there are none)."""
    return load_test_suite(rules_folder)[1]


def load_test_suite(rules_folder: Path) -> tuple[list[RuleTestCase], list[PopulationCase]]:
    """Read every YAML file in ``<rules>/tests/``: scenario tests and population tests."""
    cases, populations, _ = read_tests(rules_folder)
    return cases, populations


def load_path_tests(rules_folder: Path) -> list[PathCase]:
    """Read the path tests in ``<rules>/tests/`` (empty when there are none)."""
    return read_tests(rules_folder)[2]


def read_tests(
    rules_folder: Path,
) -> tuple[list[RuleTestCase], list[PopulationCase], list[PathCase]]:
    """Every test in ``<rules>/tests/``: scenario, population and path tests, in file order.

    Raises :class:`RuleSetError` with every problem found (a bad file, a duplicate id).
    """
    folder = Path(rules_folder) / TESTS_FOLDER
    files = sorted({p for pattern in RULE_FILE_PATTERNS for p in folder.glob(pattern)})
    if not files:
        raise RuleSetError([Problem(Location(display_path(folder)), msg("no_rule_tests"))])
    problems: list[Problem] = outside_links(files, Path(rules_folder))
    files = [f for f in files if not f.is_symlink() or f.resolve().is_relative_to(folder.resolve())]
    cases: list[RuleTestCase] = []
    populations: list[PopulationCase] = []
    paths: list[PathCase] = []
    seen: dict[str, Location] = {}

    def located(section: str, index: int, test_id: str, document: YamlDocument) -> Location:
        location = document.locate((section, index))
        if test_id in seen:
            problems.append(
                Problem(
                    location,
                    msg("duplicate_id", what=msg("thing_test"), name=test_id),
                    hint=msg("duplicate_id_hint", first=seen[test_id]),
                )
            )
        seen[test_id] = location
        return location

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
            where = located("tests", index, test.id, document)
            cases.append(RuleTestCase(test, where, document, ("tests", index)))
        for index, population in enumerate(parsed.populations):
            where = located("populations", index, population.id, document)
            populations.append(PopulationCase(population, where, document, ("populations", index)))
        for index, path_test in enumerate(parsed.paths):
            where = located("paths", index, path_test.id, document)
            paths.append(PathCase(path_test, where, document, ("paths", index)))
    if problems:
        raise RuleSetError(problems)
    return cases, populations, paths


def case_values(test: WorkedCase, rules: RuleSet) -> dict[str, float]:
    """A worked case's situation: the example situation with the test's own values."""
    return {**Situation.example(rules).values(), **test.situation}


def run_path_test(case: PathCase, rules: RuleSet) -> PathResult:
    """Work out the test's route and check each expectation against it."""
    test, expect = case.test, case.test.expect
    try:
        values = case_values(test, rules)
        route = route_of(values, rules, weights=test.weights)
    except (SamenwerkingError, ValueError) as e:
        return PathResult(case, (), error=e.message if isinstance(e, SamenwerkingError) else str(e))
    stages = tuple(step.stage for step in route.steps)
    shown = " → ".join(stages)
    failures = []
    if expect.first_step is not None and route.first.stage != expect.first_step:
        failures.append(msg("path_first_step", expected=expect.first_step, route=shown))
    if expect.end_form is not None and route.end.form != expect.end_form:
        failures.append(msg("path_end_form", expected=expect.end_form, found=route.end.form))
    if expect.steps is not None and list(stages) != expect.steps:
        failures.append(msg("path_steps", expected=" → ".join(expect.steps), route=shown))
    options = [step.form for step in route.steps if step.option]
    if expect.option_form is not None and expect.option_form not in options:
        failures.append(msg("path_option", expected=expect.option_form, route=shown))
    return PathResult(case, tuple(failures), stages)


def run_rule_test(case: RuleTestCase, rules: RuleSet) -> RuleTestResult:
    """Score the test's situation and check each expectation against the advice."""
    test = case.test
    try:
        values = case_values(test, rules)
        advice = score(values, rules, test.weights)
        changed = None
        if test.change:
            changed = score({**values, **test.change}, rules, test.weights)
    except (SamenwerkingError, ValueError) as e:
        return RuleTestResult(
            case, (), None, error=e.message if isinstance(e, SamenwerkingError) else str(e)
        )
    failures = expectation_failures(test, advice, rules)
    if changed is not None and not failures:
        failures += direction_failures(test, advice, changed)
    return RuleTestResult(case, tuple(failures), advice, changed=changed)


def direction_failures(test: RuleTest, before: Advice, after: Advice) -> list[Message]:
    """Which forms did not rise or fall as ``test`` expects when its ``change`` is applied."""
    failures = []
    change = ", ".join(f"{k} {v:g}" for k, v in (test.change or {}).items())
    expected = (
        (test.expect.rises, "test_expected_rise", 1.0),
        (test.expect.falls, "test_expected_fall", -1.0),
    )
    for forms, key, direction in expected:
        for form in forms:
            if not (after.scores[form] - before.scores[form]) * direction > 0:
                failures.append(
                    msg(
                        key,
                        form=form,
                        before=Number(before.scores[form]),
                        after=Number(after.scores[form]),
                        change=change,
                    )
                )
    return failures


def expectation_failures(test: RuleTest, advice: Advice, rules: RuleSet) -> list[Message]:
    """What the advice does not show of what ``test`` expects, one sentence each."""
    expect, failures = test.expect, list[Message]()
    known = set(rules.form_ids)
    failures += [msg("unknown_form", name=f) for f in sorted(expect.named_forms() - known)]
    if failures:
        return failures
    if expect.top_in is not None and advice.top not in expect.top_in:
        failures.append(msg("test_top_not_in", top=advice.top, expected=", ".join(expect.top_in)))
    if expect.top_not_in is not None and advice.top in expect.top_not_in:
        failures.append(msg("test_top_in", top=advice.top, expected=", ".join(expect.top_not_in)))
    if expect.advised_in is not None and advice.advised not in expect.advised_in:
        failures.append(
            msg("test_advised_not_in", form=advice.advised, expected=", ".join(expect.advised_in))
        )
    if expect.advised_not_in is not None and advice.advised in expect.advised_not_in:
        failures.append(
            msg("test_advised_in", form=advice.advised, expected=", ".join(expect.advised_not_in))
        )
    position = {form: i for i, form in enumerate(advice.ranking)}
    for above, below in expect.ranks_above:
        if position[above] > position[below]:
            failures.append(
                msg(
                    "test_ranks_below",
                    above=above,
                    below=below,
                    above_score=Number(advice.scores[above]),
                    below_score=Number(advice.scores[below]),
                )
            )
    for form in expect.knocked_out:
        if not advice.is_knocked_out(form):
            failures.append(msg("test_not_knocked_out", form=form))
    for form in expect.not_knocked_out:
        if advice.is_knocked_out(form):
            failures.append(msg("test_knocked_out", form=form))
    return failures


def run_population_test(
    case: PopulationCase, rules: RuleSet, samples: PopulationSamples | None = None
) -> PopulationResult:
    """Draw the test's sample, keep the population, and check the share of its best forms."""
    test = case.test
    samples = samples or PopulationSamples()
    unknown = sorted(set(test.expect.top_in) - set(rules.form_ids))
    if unknown:
        return PopulationResult(case, 0, {}, tuple(msg("unknown_form", name=f) for f in unknown))
    try:
        values = samples.situations(rules, test.sample)
        mask = population_mask(test, values, rules)
    except ExpressionSyntaxError as e:
        return PopulationResult(case, 0, {}, (), error=e.message)
    size = int(mask.sum())
    if size < MIN_POPULATION:
        return PopulationResult(
            case,
            size,
            {},
            (msg("population_too_small", size=size, least=MIN_POPULATION),),
        )
    population = {factor: array[mask] for factor, array in values.items()}
    result = shares(advise_sample(population, rules).top, rules.form_ids)
    share = sum(result[f] for f in test.expect.top_in)
    failures = []
    forms = ", ".join(test.expect.top_in)
    if test.expect.at_least is not None and share < test.expect.at_least:
        failures.append(
            msg(
                "population_below",
                share=f"{share:.1%}",
                forms=forms,
                bound=f"{test.expect.at_least:.0%}",
            )
        )
    if test.expect.at_most is not None and share > test.expect.at_most:
        failures.append(
            msg(
                "population_above",
                share=f"{share:.1%}",
                forms=forms,
                bound=f"{test.expect.at_most:.0%}",
            )
        )
    return PopulationResult(case, size, result, tuple(failures))


class PopulationSamples:
    """The samples population tests draw from, drawn once per rule set and kind."""

    def __init__(self, n: int = POPULATION_SAMPLE_SIZE, seed: int = 0) -> None:
        self.n, self.seed = n, seed
        self._drawn: dict[tuple[object, ...], dict[str, np.ndarray]] = {}

    def situations(self, rules: RuleSet, kind: SampleKind) -> dict[str, np.ndarray]:
        """The ``kind`` sample for ``rules`` (shared by every test that names it)."""
        # Keyed by what the sample depends on, so variants of one rule set share it.
        key = (repr(rules.factors), repr(rules.sample), kind)
        if key not in self._drawn:
            self._drawn[key] = sample_situations(rules, kind, self.n, self.seed)
        return self._drawn[key]


def run_rule_tests(rules: RuleSet, folder: Path | None = None) -> RuleTestReport:
    """Run every scenario, population and path test under ``folder`` (default: the rules')."""
    cases, populations, path_cases = read_tests(folder or rules.path)
    samples = PopulationSamples()
    return RuleTestReport(
        [run_rule_test(case, rules) for case in cases],
        [run_population_test(case, rules, samples) for case in populations],
        [run_path_test(case, rules) for case in path_cases],
    )


def uncovered_rules(
    rules: RuleSet, folder: Path | None = None, baseline: RuleTestReport | None = None
) -> list[str]:
    """The rules and knock-outs whose removal no scenario or population test would notice.

    Each is removed in turn and every test is run again; a rule whose removal leaves every
    test passing is not pinned down by any test (tests that already fail are left aside).
    ``baseline`` is the run of the tests on ``rules`` when the caller already has it.
    """
    baseline = baseline or run_rule_tests(rules, folder)
    samples = PopulationSamples()
    passing = [r.case for r in baseline.results if r.passed]
    passing_populations = [p.case for p in baseline.populations if p.passed]
    uncovered = []
    for item_id in [r.id for r in rules.rules] + [k.id for k in rules.knockouts]:
        variant = without(rules, (item_id,))
        noticed = any(not run_rule_test(case, variant).passed for case in passing) or any(
            not run_population_test(case, variant, samples).passed for case in passing_populations
        )
        if not noticed:
            uncovered.append(item_id)
    return uncovered


@dataclass(frozen=True)
class UnprovenTest:
    """A test that passes with its rules and without them: it proves nothing about them."""

    test_id: str
    location: Location
    factors: tuple[str, ...]
    removed: tuple[str, ...]


def subject_factors(case: RuleTestCase | PopulationCase) -> frozenset[str]:
    """The factors a test is about: those its situation or change sets, or its 'when' reads."""
    test = case.test
    if isinstance(test, PopulationTest):
        return frozenset(re.findall(r"[A-Za-z_]\w*", test.when)) - {
            "and",
            "or",
            "not",
            "min",
            "max",
        }
    return frozenset(test.situation) | frozenset(test.change or {})


def rules_about(rules: RuleSet, case: RuleTestCase | PopulationCase) -> tuple[str, ...]:
    """The rules and knock-outs a test is about.

    A scenario test changes a few answers of the example situation (and a direction test
    changes some once more): it is about the rules whose points or verdict those changes
    alter. A population test selects situations by its ``when``: it is about the rules that
    read the factors named there.
    """
    test = case.test
    if isinstance(test, PopulationTest):
        factors = subject_factors(case)
        found = [r.id for r in rules.rules if factors & (r.effect.names | _when_names(r.when))]
        return (*found, *(k.id for k in rules.knockouts if factors & k.when.names))
    example = Situation.example(rules).values()
    situation = {**example, **test.situation}
    states = [example, situation] + ([{**situation, **test.change}] if test.change else [])
    outcomes = [rule_effects(values, rules) for values in states]
    touched = [
        rule.id
        for i, rule in enumerate(rules.rules)
        if len({float(points[i]) for points, _ in outcomes}) > 1
    ]
    touched += [
        knockout.id
        for i, knockout in enumerate(rules.knockouts)
        if len({bool(verdicts[i]) for _, verdicts in outcomes}) > 1
    ]
    return tuple(touched)


def _when_names(when: Expression | None) -> frozenset[str]:
    return when.names if when is not None else frozenset()


def without(rules: RuleSet, ids: tuple[str, ...]) -> RuleSet:
    """``rules`` with the rules and knock-outs named in ``ids`` left out."""
    gone = set(ids)
    # Another content, so another hash: rule sets are equal (and cached) by their hash.
    marker = hashlib.sha256(f"{rules.content_hash} without {sorted(gone)}".encode()).hexdigest()
    return dataclasses.replace(
        rules,
        rules=tuple(r for r in rules.rules if r.id not in gone),
        knockouts=tuple(k for k in rules.knockouts if k.id not in gone),
        content_hash=marker,
    )


def unproven_tests(
    rules: RuleSet, folder: Path | None = None, baseline: RuleTestReport | None = None
) -> list[UnprovenTest]:
    """Tests that no removal of the rules they are about can make fail.

    A test is about the rules its answers switch (:func:`rules_about`). It proves something
    when it notices a rule: leaving out one of those rules, or all of them together, makes it
    fail. This is the same question ``--coverage`` asks from the rule's side (is there a test
    that notices this rule gone?), so the two never disagree: a test that proves something
    covers at least one rule. A test that passes without each of its rules and without all of
    them expected what was already true: the guide's first example test ("with eight partners
    franchise ranks above merger") passed without the rule it was written for. Tests that
    already fail, and tests that touch no rule, are left aside. ``baseline`` is the run of the
    tests on ``rules`` when the caller already has it.
    """
    baseline = baseline or run_rule_tests(rules, folder)
    samples = PopulationSamples()
    found = []
    passing: list[RuleTestCase | PopulationCase] = [r.case for r in baseline.results if r.passed]
    passing += [p.case for p in baseline.populations if p.passed]
    for case in passing:
        about = rules_about(rules, case)
        if not about:
            continue
        mutants = [(rule_id,) for rule_id in about] + ([about] if len(about) > 1 else [])
        if all(_passes(case, without(rules, removed), samples) for removed in mutants):
            factors = tuple(sorted(subject_factors(case)))
            found.append(UnprovenTest(case.test.id, case.location, factors, about))
    return found


def _passes(
    case: RuleTestCase | PopulationCase, rules: RuleSet, samples: PopulationSamples
) -> bool:
    if isinstance(case, PopulationCase):
        return run_population_test(case, rules, samples).passed
    return run_rule_test(case, rules).passed


def rule_test_problems(rules: RuleSet, folder: Path | None = None) -> list[Problem]:
    """Tests that name forms, factors or themes the rule set does not have (a check error).

    A typo in a test (``keten`` for ``chain``) would otherwise pass ``rules check`` and only
    fail, or worse pass vacuously, under ``rules test``. A rule set without tests has none.
    """
    folder = Path(folder or rules.path)
    names = {"form": set(rules.form_ids), "factor": set(rules.factor_ids)}
    names["theme"] = set(rules.theme_ids)
    return test_reference_problems(folder, names, rules.parse_condition)


def test_reference_problems(
    folder: Path,
    names: Mapping[str, set[str]],
    parse_condition: Callable[[str], object] | None = None,
) -> list[Problem]:
    """Every test's reference to a form, factor or theme not among ``names``, at the item.

    Runs without a loaded rule set too (``names`` then read from the rule files that can be
    read), so the tests are checked in the same run as the rules, not after they are fixed.
    A kind with no names known is not checked.
    """
    if not (folder / TESTS_FOLDER).is_dir():
        return []
    try:
        cases, populations = load_test_suite(folder)
    except RuleSetError as e:
        return list(e.problems)
    problems: list[Problem] = []

    def unknown(
        case: RuleTestCase | PopulationCase, kind: str, found: set[str], keys: tuple[str, ...]
    ) -> None:
        known = names.get(kind, set())
        for name in sorted(found - known) if known else ():
            problems.append(
                Problem(
                    _name_location(case, keys, name),
                    msg(f"unknown_{kind}", name=name),
                    hint=did_you_mean(name, known),
                )
            )

    for case in cases:
        test, expect = case.test, case.test.expect
        unknown(case, "form", expect.named_forms(), ("expect",))
        unknown(
            case, "factor", set(test.situation) | set(test.change or {}), ("situation", "change")
        )
        unknown(case, "theme", set(test.weights or {}), ("weights",))
    for population in populations:
        unknown(population, "form", set(population.test.expect.top_in), ("expect",))
        if parse_condition is None:
            continue
        try:
            parse_condition(population.test.when)
        except ExpressionSyntaxError as e:
            problems.append(
                Problem(
                    _name_location(population, ("when",), population.test.when),
                    e.message,
                    field="when",
                    hint=e.hint,
                )
            )
    return problems


def _name_location(
    case: RuleTestCase | PopulationCase, keys: tuple[str, ...], name: str
) -> Location:
    """Where ``name`` is written under ``keys`` of the case (as a value or a key), else its id."""
    document = case.document
    if document is None or not isinstance(document.data, dict):
        return case.location
    node: Any = document.data
    for part in case.path:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
    if not isinstance(node, dict):
        return case.location
    for key in keys:
        for path in _paths_to(node.get(key), (*case.path, key), name):
            return document.locate(path)
    return case.location


def _paths_to(value: Any, path: PathKey, name: str) -> Iterator[PathKey]:
    if value == name:
        yield path
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == name:
                yield (*path, key)
            yield from _paths_to(inner, (*path, key), name)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _paths_to(inner, (*path, index), name)
