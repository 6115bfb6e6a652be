"""The house rules of the code (#23): one place for language codes, no English-only message,
no project import hidden inside a function, a command line that loads only what it uses.

Each test reads the source as Python (``ast``), so a docstring's example may name ``"en"``
while code may not.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import samenwerking

PACKAGE = Path(samenwerking.__file__).parent
DASHBOARD = PACKAGE.parent.parent / "dashboard"
#: The one module that names language codes (and the Dutch word "en", "and", in conditions).
LANGUAGE_LIST = PACKAGE / "languages.py"
DUTCH_WORDS_IN_CONDITIONS = (PACKAGE / "rules" / "expressions.py", "_DUTCH_WORDS_ENGLISH")


def source_files() -> Iterator[Path]:
    """The library's and the dashboard's modules (the dashboard is reached through its link)."""
    for folder in (PACKAGE, DASHBOARD):
        for path in sorted(folder.rglob("*.py")):
            if "migrations" in path.parts or (folder == PACKAGE and "dashboard" in path.parts):
                continue
            yield path


def docstring_nodes(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        kinds = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
        if isinstance(node, kinds) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def exempt_nodes(tree: ast.AST, path: Path) -> set[int]:
    """The Dutch-words table: its "en" is the word 'and', not a language."""
    if path != DUTCH_WORDS_IN_CONDITIONS[0]:
        return set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == DUTCH_WORDS_IN_CONDITIONS[1] for t in node.targets
        ):
            return {id(n) for n in ast.walk(node.value)}
    return set()


def test_no_language_code_is_written_outside_the_language_list() -> None:
    """Before: 158 "nl"/"en" in code (defaults, Text(nl=..., en=...), notation tables)."""
    found = []
    for path in source_files():
        if path == LANGUAGE_LIST:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = docstring_nodes(tree) | exempt_nodes(tree, path)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and node.value in ("nl", "en")
                and id(node) not in skip
            ):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


def is_sentence(node: ast.AST) -> bool:
    """A text written in code: an f-string or a string with a space in it."""
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value


USER_FACING_ERRORS = {
    name
    for name, value in vars(samenwerking.errors).items()
    if isinstance(value, type) and issubclass(value, samenwerking.errors.SamenwerkingError)
} | {"UsageError", "BadParameter", "PydanticCustomError"}


def test_no_message_to_a_user_is_written_in_one_language() -> None:
    """A problem or an error a user sees is a catalogue key, worded in the reader's language.

    Before: partners, answers, the command line and the network export spoke English only.
    """
    found = []
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = ast.unparse(node.func).rsplit(".", 1)[-1]
            said = [
                *node.args[1:],
                *(k.value for k in node.keywords if k.arg in ("message", "hint")),
            ]
            if name == "Problem" and any(is_sentence(a) for a in said):
                found.append(f"{path.name}:{node.lineno}")
            # A PydanticCustomError's first argument is its key; the text after it is unused.
            keyed = name == "PydanticCustomError"
            if name in USER_FACING_ERRORS and not keyed and node.args and is_sentence(node.args[0]):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


#: Kept on purpose: Situation.example() without rules loads the bundled rules, and the loader
#: builds situation models, so it sits above the situation module.
DEFERRED_ON_PURPOSE = {("situation.py", "samenwerking.rules.loader")}


def test_no_project_module_is_imported_inside_a_function() -> None:
    """Before: 10 (the command line deferring Dash, errors deferring the catalogues, ...)."""
    found = set()
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "samenwerking"
                ):
                    found.add((path.name, node.module))
                if isinstance(node, ast.Import):
                    found |= {
                        (path.name, a.name) for a in node.names if a.name.startswith("samenwerking")
                    }
    assert found == DEFERRED_ON_PURPOSE


def test_a_command_loads_only_what_it_uses() -> None:
    """`samenwerking score` needs neither Dash nor SQLAlchemy (each adds to every start)."""
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from samenwerking.cli import main\n"
        "result = CliRunner().invoke(main, ['score', '--example'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in ('dash', 'sqlalchemy', 'watchfiles') if m in sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert run.stdout.strip() == "[]"


def test_every_command_is_listed_and_loads() -> None:
    """The lazy group names each command; each name leads to a real command (its --help)."""
    from click.testing import CliRunner

    from samenwerking.cli import COMMANDS, main

    listing = CliRunner().invoke(main, ["--help"])
    assert listing.exit_code == 0
    for name in COMMANDS:
        assert name in listing.output
        shown = CliRunner().invoke(main, [name, "--help"])
        assert shown.exit_code == 0, (name, shown.output)


def test_every_public_function_documents_its_parameters_and_result() -> None:
    """numpy-style sections on the library's public functions (as pandas has them)."""
    import inspect

    lacking = []
    for name in samenwerking.__all__:
        value = getattr(samenwerking, name)
        if not inspect.isfunction(value):
            continue
        doc = inspect.getdoc(value) or ""
        wanted = ["Returns\n-------"]
        if inspect.signature(value).parameters:
            wanted.append("Parameters\n----------")
        lacking += [
            f"{name}: {section.splitlines()[0]}" for section in wanted if section not in doc
        ]
    assert lacking == []
