"""The documentation's examples work as written: README API lines, the adviser's walk-through."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from samenwerking.cli import main

from conftest import REPO, RULES_DIR


def code_blocks(markdown: Path, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", markdown.read_text(encoding="utf-8"), re.S)


def test_readme_api_example_runs() -> None:
    [api] = [b for b in code_blocks(REPO / "README.md", "python") if "import samenwerking" in b]
    checks = (
        "\nassert advice.ranking[0] == 'network'\nassert 0 <= advice.scores['network'] <= 100\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", api + checks], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_readme_quick_start_has_exactly_two_commands() -> None:
    quick_start = (REPO / "README.md").read_text().split("## Quick start")[1].split("##")[0]
    [block] = re.findall(r"```bash\n(.*?)```", quick_start, re.S)
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["pip install . && samenwerking dashboard", "bash scripts/test.sh"]
    assert "bash scripts/test.sh" in (REPO / ".ci" / "run").read_text()


def test_adviser_walkthrough_in_rules_readme(rules_copy: Path) -> None:
    blocks = code_blocks(RULES_DIR / "README.md", "yaml")
    [rule] = [b for b in blocks if "merger_complex_with_many_partners" in b]
    [case] = [b for b in blocks if "many_partners_make_merger_less_attractive" in b]
    merger = rules_copy / "merger.yaml"
    merger.write_text(merger.read_text().replace("\nknockouts:", rule + "\nknockouts:"))
    tests = rules_copy / "tests" / "literature.yaml"
    tests.write_text(tests.read_text() + "\n" + case)
    runner = CliRunner()
    checked = runner.invoke(main, ["rules", "check", str(rules_copy)])
    assert checked.exit_code == 0, checked.output
    assert "45 regels" in checked.output
    tested = runner.invoke(main, ["rules", "test", str(rules_copy)])
    assert tested.exit_code == 0, tested.output
    assert "GESLAAGD many_partners_make_merger_less_attractive" in tested.output

    merger.write_text(
        merger.read_text().replace("when: partner_count >= 6", "when: partner_cuont >= 6")
    )
    broken = runner.invoke(main, ["rules", "check", str(rules_copy)])
    documented = re.search(
        r"rules/(merger.yaml:\d+:\d+: fout: .*)", (RULES_DIR / "README.md").read_text()
    ).group(1)
    assert broken.exit_code == 1
    assert documented in broken.stderr  # the same line, column and words as the guide shows


def test_the_guides_example_test_fails_without_its_rule(rules_copy: Path) -> None:
    # Before: the guide's example test passed without the rule it introduced.
    blocks = code_blocks(RULES_DIR / "README.md", "yaml")
    [case] = [b for b in blocks if "many_partners_make_merger_less_attractive" in b]
    tests = rules_copy / "tests" / "literature.yaml"
    tests.write_text(tests.read_text() + "\n" + case)
    tested = CliRunner().invoke(main, ["rules", "test", str(rules_copy)])
    assert tested.exit_code == 1
    assert "MISLUKT  many_partners_make_merger_less_attractive" in tested.output
