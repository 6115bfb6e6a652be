"""`pip install .` must give a library with the default rules inside it, identical to rules/."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, RULES_DIR


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("samenwerking-*.whl")
    return built


def test_wheel_ships_every_rule_file_verbatim(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        shipped = {
            n.removeprefix("samenwerking/_rules/"): n
            for n in archive.namelist()
            if n.startswith("samenwerking/_rules/")
        }
        expected = {
            p.relative_to(RULES_DIR).as_posix() for p in RULES_DIR.rglob("*") if p.is_file()
        }
        assert expected <= set(shipped)
        for name in expected:
            assert archive.read(shipped[name]) == (RULES_DIR / name).read_bytes()


def test_installed_wheel_loads_its_bundled_rules(wheel: Path, tmp_path: Path, rules) -> None:
    code = (
        "import samenwerking as s; r = s.load_rules(); "
        "print(r.path); print(r.content_hash); print(s.score(s.Situation.example()).top)"
    )
    path, content_hash, top = _run_installed(wheel, tmp_path, code)
    assert Path(path).is_relative_to(tmp_path / "site")
    assert content_hash == rules.content_hash
    assert top in rules.form_ids


def test_analysts_functions_are_at_the_top_of_the_package() -> None:
    import samenwerking as sw
    from samenwerking import batch, network, sensitivity

    assert sw.score_many is batch.score_many and sw.check_rows is batch.check_rows
    assert sw.flip_points is sensitivity.flip_points
    assert sw.rank_acceptability is sensitivity.rank_acceptability
    assert sw.propose_network is network.propose_network


def test_wheel_marks_the_library_as_typed(wheel: Path) -> None:
    # PEP 561: without py.typed, users' type checkers ignore our annotations.
    with zipfile.ZipFile(wheel) as archive:
        assert "samenwerking/py.typed" in archive.namelist()


def test_the_dashboard_installs_inside_samenwerking_and_nothing_generic(wheel: Path) -> None:
    # Before: the wheel installed a top-level package named 'dashboard'.
    with zipfile.ZipFile(wheel) as archive:
        tops = {name.split("/")[0] for name in archive.namelist()}
        names = set(archive.namelist())
    assert {t for t in tops if not t.endswith(".dist-info")} == {"samenwerking"}
    assert {"samenwerking/dashboard/app.py", "samenwerking/dashboard/wsgi.py"} <= names
    assert any(n.startswith("samenwerking/dashboard/assets/") for n in names)


def test_the_installed_wheel_serves_the_dashboard_from_inside_the_package(
    wheel: Path, tmp_path: Path
) -> None:
    code = (
        "import samenwerking.dashboard.wsgi as w; print(w.__file__); "
        "c = w.server.test_client(); print(c.get('/').status_code)"
    )
    path, status = _run_installed(wheel, tmp_path, code)
    assert Path(path).is_relative_to(tmp_path / "site") and status == "200"


def test_wheel_ships_the_translation_catalogues(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {"samenwerking/locales/nl.yaml", "samenwerking/locales/en.yaml"} <= names


def _run_installed(wheel: Path, tmp_path: Path, code: str) -> list[str]:
    """Unpack the wheel as a site folder and run ``code`` against it; its output's words."""
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path / "site")
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "site")},
    )
    return result.stdout.split()


def test_the_installed_wheel_writes_a_pdf_with_its_own_template(
    wheel: Path, tmp_path: Path
) -> None:
    """The board pack's Typst template is a file in the package; the wheel must carry it."""
    code = (
        "from samenwerking.documents import Document, to_pdf; "
        "import samenwerking.documents as d; "
        "pdf = to_pdf(Document(title='Proef', subtitle='', footer='', lang='nl')); "
        "print(d.TEMPLATE.parent.parent.name, pdf[:5].decode())"
    )
    where, magic = _run_installed(wheel, tmp_path, code)
    assert where == "site" and magic == "%PDF-"


def test_every_exception_lives_in_errors_and_is_exported() -> None:
    """One place for every error a user can catch (#23): samenwerking.errors, and the package.

    Modules that used to define one keep its name importable (scripts rely on it), as the
    same class.
    """
    import ast
    import importlib

    import samenwerking as sw

    source = Path(sw.__file__).parent
    defined: dict[str, str] = {}
    for path in sorted(source.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                if any(b.endswith(("Error", "Exception", "Warning")) for b in bases):
                    defined[node.name] = path.relative_to(source).as_posix()
    assert defined and set(defined.values()) == {"errors.py"}, defined
    assert set(defined) <= set(sw.__all__), set(defined) - set(sw.__all__)
    for module, name in [
        ("samenwerking.partners", "PartnerError"),
        ("samenwerking.tables", "TableError"),
        ("samenwerking.sessions", "SessionError"),
        ("samenwerking.dossier", "DossierError"),
        ("samenwerking.rules.expressions", "ExpressionSyntaxError"),
    ]:
        assert getattr(importlib.import_module(module), name) is getattr(sw, name)


def test_no_assert_is_a_runtime_check_in_the_library() -> None:
    """`python -O` drops asserts: a check the code relies on must be an if and a raise (#23)."""
    import ast

    import samenwerking as sw

    source = Path(sw.__file__).parent
    # The dashboard is linked into the package; rglob does not follow the link by itself.
    files = sorted({*source.rglob("*.py"), *(source / "dashboard").rglob("*.py")})
    found = [
        f"{path.relative_to(source)}:{node.lineno}"
        for path in files
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Assert)
    ]
    assert found == []
