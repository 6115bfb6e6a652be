"""``pytest --rules my_rules/``: the YAML tests of any rule set, one pytest item per test.

Registered for pytest on install, so it is loaded by every pytest run in the environment;
it therefore only adds the option, and loads the items (:mod:`samenwerking.rule_items`,
which imports the rule workbench) when ``--rules`` is given.

    pytest --rules my_rules/                 # only that rule set's tests
    pytest --rules a/ --rules b/ tests/      # two rule sets and your own tests
"""

from __future__ import annotations

import pytest

ITEMS_PLUGIN = "samenwerking.rule_items"


def pytest_addoption(parser: pytest.Parser) -> None:
    """The ``--rules FOLDER`` option (repeatable)."""
    parser.addoption(
        "--rules",
        action="append",
        default=[],
        metavar="FOLDER",
        help="Collect the YAML tests (tests/*.yaml) of the rule set in FOLDER (samenwerking).",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Load the rule-test items when a rule set is named (they configure themselves)."""
    if config.getoption("rules"):
        config.pluginmanager.import_plugin(ITEMS_PLUGIN)
