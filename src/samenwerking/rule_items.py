"""The pytest items of ``pytest --rules my_rules/``: one per YAML test of a rule set.

An adviser's rule set keeps its scenario, population and path tests in ``tests/*.yaml``
beside the rules. With this plugin (registered for pytest on install) each of them is a
pytest item, named by its id, failing with what came out, as OpenFisca runs a country
package's YAML tests. :mod:`samenwerking.pytest_plugin` loads this module only when
``--rules`` is given, so no other pytest run waits for the rule workbench to import.

    pytest --rules my_rules/                 # only that rule set's tests
    pytest --rules a/ --rules b/ tests/      # two rule sets and your own tests
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from samenwerking.authoring.testing import (
    TESTS_FOLDER,
    PathCase,
    PopulationCase,
    PopulationSamples,
    RuleTestCase,
    read_tests,
    run_path_test,
    run_population_test,
    run_rule_test,
)
from samenwerking.errors import RuleSetError, words
from samenwerking.languages import DEFAULT_LANGUAGE
from samenwerking.rules.loader import load_rules
from samenwerking.rules.ruleset import RuleSet

Case = RuleTestCase | PopulationCase | PathCase


def pytest_configure(config: pytest.Config) -> None:
    """Add each rule set's tests folder to what pytest collects.

    Given only ``--rules``, only those tests run (not the current folder's test files).
    """
    folders = [Path(folder) for folder in config.getoption("rules")]
    if not folders:
        return
    tests = [str(folder / TESTS_FOLDER) for folder in folders]
    if config.args_source == pytest.Config.ArgsSource.ARGS:
        config.args.extend(tests)
    else:
        config.args[:] = tests


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """A YAML file in the tests folder of a ``--rules`` rule set is a file of rule tests."""
    if file_path.suffix not in (".yaml", ".yml") or file_path.parent.name != TESTS_FOLDER:
        return None
    wanted = {Path(f).resolve() for f in parent.config.getoption("rules")}
    if file_path.parent.parent.resolve() not in wanted:
        return None
    return RuleTestFile.from_parent(parent, path=file_path)


@cache
def _rule_set(folder: Path) -> RuleSet:
    return load_rules(folder)


@cache
def _suite(folder: Path) -> tuple[Case, ...]:
    cases, populations, paths = read_tests(folder)
    return (*cases, *populations, *paths)


@cache
def _samples() -> PopulationSamples:
    return PopulationSamples()


class RuleTestFile(pytest.File):
    """One ``tests/*.yaml`` file: an item per scenario, population and path test in it."""

    def collect(self) -> Iterator[pytest.Item]:
        folder = self.path.parent.parent.resolve()
        try:
            suite = _suite(folder)
        except RuleSetError as error:  # a broken test file: one failing item says why
            yield RuleSetProblem.from_parent(self, name="tests", error=error)
            return
        for case in suite:
            if case.document is not None and Path(case.location.file).name == self.path.name:
                yield RuleTestItem.from_parent(self, name=case.test.id, case=case, folder=folder)


class RuleTestItem(pytest.Item):
    """One rule test, run on its rule set; fails with every expectation that did not hold."""

    def __init__(self, *, case: Case, folder: Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.folder = folder

    def runtest(self) -> None:
        rules = _rule_set(self.folder)
        if isinstance(self.case, RuleTestCase):
            result: Any = run_rule_test(self.case, rules)
        elif isinstance(self.case, PopulationCase):
            result = run_population_test(self.case, rules, _samples())
        else:
            result = run_path_test(self.case, rules)
        if not result.passed:
            found = [*result.failures, *([result.error] if result.error else [])]
            raise _RuleTestFailedError("\n".join(words(f, DEFAULT_LANGUAGE) for f in found))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        """The test's place and what did not hold, without a Python traceback."""
        if isinstance(excinfo.value, _RuleTestFailedError | RuleSetError):
            return f"{self.case.location}: {self.case.test.id}\n{excinfo.value}"
        return str(super().repr_failure(excinfo, style))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, max(self.case.location.line - 1, 0), f"rule test: {self.name}"


class RuleSetProblem(pytest.Item):
    """A test file (or the rule set) that cannot be read: one item, failing with the problems."""

    def __init__(self, *, error: RuleSetError, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        raise self.error

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return "\n".join(p.text(DEFAULT_LANGUAGE) for p in self.error.problems)


class _RuleTestFailedError(AssertionError):
    """A rule test's expectations that did not hold (shown as such, no traceback)."""
