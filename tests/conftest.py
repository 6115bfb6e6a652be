"""Shared fixtures: the real rule files of this repository, and editable copies of them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from samenwerking import RuleSet, load_rules

# No deadline: the first example of a run also loads catalogues and builds caches, and time
# is measured in bench/, not asserted in tests.
settings.register_profile("samenwerking", deadline=None)
settings.load_profile("samenwerking")

REPO = Path(__file__).resolve().parents[1]
RULES_DIR = REPO / "rules"


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    """The default rule set, loaded from rules/ in this checkout."""
    return load_rules(RULES_DIR)


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A writable copy of rules/ to break on purpose."""
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


def replace_in(file: Path, old: str, new: str) -> int:
    """Replace the one occurrence of ``old`` in ``file``; return its 1-based line number."""
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file}"
    file.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for this test run (see tests/postgres.py)."""
    from tests.postgres import postgres_server

    with postgres_server() as server:
        yield server.url
