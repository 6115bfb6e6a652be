"""The documentation's examples work as written: README API lines, the adviser's walk-through."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from samenwerking import load_rules
from samenwerking.authoring.book import rule_book_markdown
from samenwerking.cli import main

from conftest import REPO, RULES_DIR


def code_blocks(markdown: Path, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", markdown.read_text(encoding="utf-8"), re.S)


def test_readme_api_example_runs() -> None:
    api = next(b for b in code_blocks(REPO / "README.md", "python") if "import samenwerking" in b)
    checks = (
        "\nassert advice.ranking[0] == 'network'\nassert 0 <= advice.scores['network'] <= 100\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", api + checks], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_readme_what_if_example_runs() -> None:
    [block] = [b for b in code_blocks(REPO / "README.md", "python") if "sw.what_if(portfolio" in b]
    read = 'pd.read_parquet("corporaties.parquet")'
    assert read in block
    portfolio = 'pd.DataFrame([sw.Situation.example().values()] * 3, index=["a", "b", "c"])'
    code = (
        "import pandas as pd\n"
        + block.replace(read, portfolio)
        + (
            "\nassert set(result.columns) >= {'corporation', 'scenario', 'form', 'share_first',"
            " 'mean_rank', 'top', 'clipped'}\nassert len(result) == 3 * 3 * 5\n"
        )
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_readme_weet_niet_example_runs_and_says_what_it_shows() -> None:
    [block] = [b for b in code_blocks(REPO / "README.md", "python") if "sw.assess(" in b]
    checks = (
        "\nassert assessment.unknown_factors == ['trust']"
        "\nassert (firm.dominant, list(firm.uncertain_factors)[:1]) == ('answers', ['trust'])"
        "\nassert not sw.advice_settled(answers, rules)"
        "\nassert sw.decisive_questions({}, rules)[0].changes > 0\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", block + checks], capture_output=True, text=True, check=False
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
    assert "47 regels" in checked.output
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


GUIDE_RULE = """  - id: merger_complex_with_many_partners
    form: merger
    theme: feasibility
    when: partner_count >= 6
    effect: -2
    reason:
      nl: Met veel partners wordt een fusie een complexe integratie van culturen en systemen.
      en: With many partners a merger becomes a complex integration of cultures and systems.
    sources: [kaats_opheij_2012]
"""

#: A test in the shape of the guide's first example that proves nothing: with eight partners
#: franchise ranks above the social network, which it already does in the example situation
#: whatever the new merger rule does.
ORIGINAL_GUIDE_TEST = """tests:
  - id: many_partners_chain_above_merger
    description:
      nl: Met acht partners staat de franchise boven het sociale netwerk.
      en: With eight partners franchise ranks above the social network.
    sources: [kaats_opheij_2012]
    situation: {partner_count: 8}
    expect:
      ranks_above: [[franchise, social_network]]
"""


def add_guide_rule(rules_copy: Path) -> None:
    merger = rules_copy / "merger.yaml"
    merger.write_text(merger.read_text().replace("\nknockouts:", f"\n{GUIDE_RULE}\nknockouts:"))


def test_prove_reports_the_guides_original_test_as_proving_nothing(rules_copy: Path) -> None:
    merger = rules_copy / "merger.yaml"
    merger.write_text(
        merger.read_text().replace("\nknockouts:", "\n" + GUIDE_RULE + "\nknockouts:")
    )
    (rules_copy / "tests" / "guide.yaml").write_text(ORIGINAL_GUIDE_TEST)
    runner = CliRunner()
    plain = runner.invoke(main, ["rules", "test", str(rules_copy)])
    assert plain.exit_code == 0 and "GESLAAGD many_partners_chain_above_merger" in plain.output
    proved = runner.invoke(main, ["rules", "test", str(rules_copy), "--prove"])
    assert proved.exit_code == 0  # a warning by default
    warned = [line for line in proved.stderr.splitlines() if "many_partners_chain_above" in line]
    assert len(warned) == 1 and "guide.yaml:2:5: waarschuwing: test" in warned[0]
    assert "bewijst niets" in warned[0] and "merger_complex_with_many_partners" in warned[0]
    strict = runner.invoke(main, ["rules", "test", str(rules_copy), "--prove", "--strict"])
    assert strict.exit_code == 1
    # With --strict the line says what it is: an error, not a warning.
    [line] = [x for x in strict.stderr.splitlines() if "many_partners_chain_above" in x]
    assert "guide.yaml:2:5: fout: test" in line


def test_prove_accepts_the_guides_current_test(rules_copy: Path) -> None:
    blocks = code_blocks(RULES_DIR / "README.md", "yaml")
    [case] = [b for b in blocks if "many_partners_make_merger_less_attractive" in b]
    merger = rules_copy / "merger.yaml"
    merger.write_text(
        merger.read_text().replace("\nknockouts:", "\n" + GUIDE_RULE + "\nknockouts:")
    )
    (rules_copy / "tests" / "guide.yaml").write_text("tests:\n" + case)
    proved = CliRunner().invoke(main, ["rules", "test", str(rules_copy), "--prove"])
    assert proved.exit_code == 0, proved.output
    assert "many_partners_make_merger_less_attractive" not in proved.stderr


def test_every_command_in_the_guide_runs_as_written(
    rules_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    """Walk the adviser's guide: its rule and test added, then each command in its order."""
    workdir = rules_copy.parent  # holds rules/, as a checkout does
    monkeypatch.chdir(workdir)
    guide = RULES_DIR / "README.md"
    blocks = code_blocks(guide, "yaml")
    [rule] = [b for b in blocks if "merger_complex_with_many_partners" in b]
    [case] = [b for b in blocks if "many_partners_make_merger_less_attractive" in b]
    merger = rules_copy / "merger.yaml"
    merger.write_text(merger.read_text().replace("\nknockouts:", rule + "\nknockouts:"))
    tests = rules_copy / "tests" / "literature.yaml"
    tests.write_text(tests.read_text() + "\n" + case)
    commands = [
        line.strip()
        for block in code_blocks(guide, "bash")
        for line in block.splitlines()
        if line.strip().startswith("samenwerking ")
    ]
    assert len(commands) >= 12
    runner = CliRunner()
    for command in commands:
        arguments = shlex.split(command)[1:]
        if arguments[:2] == ["rules", "watch"]:
            _watch_shows_first_report(arguments, workdir)
            continue
        result = runner.invoke(main, arguments)
        assert result.exit_code == 0, f"{command}\n{result.output}"
        assert "Traceback" not in result.output
    assert (workdir / "regelboek.pdf").stat().st_size > 10_000
    assert (workdir / "verschil.html").is_file()
    assert load_rules(workdir / "mijn_regels").metadata.authors == ["A. Adviseur"]


def _watch_shows_first_report(arguments: list[str], workdir: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "samenwerking", *arguments],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        seen = []
        assert process.stdout is not None
        for line in process.stdout:
            seen.append(line)
            if "geslaagd" in line:
                break
        assert any(line.startswith("Advies:") for line in seen), seen
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_rule_book_marks_a_test_that_proves_nothing(rules_copy: Path) -> None:
    # Before: the book printed it as GESLAAGD, support it does not give.
    add_guide_rule(rules_copy)
    (rules_copy / "tests" / "guide.yaml").write_text(ORIGINAL_GUIDE_TEST)
    book = rule_book_markdown(load_rules(rules_copy), "nl")
    example = book.split("Met acht partners staat de franchise boven het sociale netwerk.")[1]
    example = example.split("\n#")[0]
    assert "bewijst niets over de regels waar het over gaat" in example
    assert book.count("bewijst niets over de regels") == 1  # the bundled tests all prove


def test_the_guides_factor_example_runs_from_rules_new_to_rules_doc(
    tmp_path: Path, monkeypatch
) -> None:
    guide = (RULES_DIR / "README.md").read_text()
    section = guide.split("## Uitgewerkt voorbeeld: een factor toevoegen")[1].split("\n## ")[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    factor, question, rule, test = blocks
    commands = re.findall(r"```bash\n(.*?)```", section, re.S)
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    shutil.copytree(RULES_DIR, tmp_path / "rules")
    for line in commands[0].strip().splitlines():
        assert runner.invoke(main, shlex.split(line)[1:]).exit_code == 0
    folder = tmp_path / "woonstede"

    def insert(file: str, anchor: str, text: str) -> None:
        path = folder / file
        path.write_text(path.read_text().replace(anchor, anchor + text, 1))

    insert("factors.yaml", "factors:\n", factor)
    insert("questionnaire.yaml", "questions:\n", question)
    franchise = folder / "franchise.yaml"
    assert "knockouts:" not in franchise.read_text()  # as the guide says: at the end
    franchise.write_text(franchise.read_text().rstrip("\n") + "\n\n" + rule)
    (folder / "tests" / "woonstede.yaml").write_text(test)
    for line in commands[1].strip().splitlines():
        result = runner.invoke(main, shlex.split(line)[1:])
        assert result.exit_code == 0, (line, result.output)
        assert "waarschuwing" not in result.output, (line, result.output)
    book = (tmp_path / "regelboek.pdf").read_bytes()
    assert book.startswith(b"%PDF")
    markdown = rule_book_markdown(load_rules(folder), "nl", since=load_rules(RULES_DIR))
    assert "nieuw: factor housing_stock_age (Ouderdom van het woningbezit)" in markdown
    assert "Gedeeld onderhoudsprogramma (nieuw)" in markdown


def test_the_readmes_numbers_are_the_codes() -> None:
    # #23: the README said chunks of 65.536 rows where the code used 16.384. Each number the
    # README states about a limit is read from it here and compared with the constant.
    from samenwerking import batch, documents
    from samenwerking.dashboard import app
    from samenwerking.sessions import store

    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())

    def stated(pattern: str) -> str:
        found = re.search(pattern, readme)
        assert found, pattern
        return found.group(1)

    assert int(stated(r"chunks of ([\d,]+) rows").replace(",", "")) == batch.CHUNK_ROWS
    assert int(stated(r"past (\d+) wrong ones a minute")) == store.MAX_WRONG_ATTEMPTS
    assert float(stated(r"answered later \((\d+,\d+) s,").replace(",", ".")) == store.FIRST_DELAY
    assert float(stated(r"doubling up to (\d+) s")) == store.MOST_DELAY
    assert int(stated(r"the app refuses bodies over (\d+) MB")) * 1024**2 == app.MAX_REQUEST_BYTES
    assert int(stated(r"at most (\d+) PDFs are rendered at once")) == documents.MAX_RENDERS
