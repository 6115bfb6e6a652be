"""Rule authors: every error in one run, each at the line of the mistake (issue: six rounds).

An adviser made the usual mistakes in three files; the tool used to report them in six
rounds, some at the wrong line. Now one ``rules check`` names all of them, each where it is.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samenwerking import RuleSetError, load_rules
from samenwerking.cli import main

from conftest import RULES_DIR

RULE_FILES = ("merger.yaml", "franchise.yaml", "network.yaml", "chain.yaml", "social_network.yaml")


def edit(folder: Path, name: str, old: str, new: str) -> int:
    """Replace ``old`` once in ``folder/name``; the 1-based line where ``new`` begins."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def line_of(folder: Path, name: str, needle: str) -> int:
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    [number] = [i + 1 for i, line in enumerate(lines) if needle in line]
    return number


def test_the_advisers_six_round_folder_gives_every_error_in_one_run(tmp_path: Path) -> None:
    folder = tmp_path / "woonstede"
    shutil.copytree(RULES_DIR, folder)
    # chain.yaml: a missing colon, a Dutch 'en' beside a misspelt factor, an empty when
    edit(
        folder,
        "chain.yaml",
        "    theme: feasibility\n    when: network_competencies >= 4\n",
        "    theme feasibility\n    when: network_competencies >= 4\n",
    )
    edit(folder, "chain.yaml", "when: tenant_value >= 4 and client_path >= 3", "when:")
    edit(
        folder,
        "chain.yaml",
        "when: client_path <= 2",
        "when: client_path <= 2 en partner_diversty >= 2",
    )
    # merger.yaml: effect 3000, a duplicate id and a later bad effect, a decimal comma,
    # a rule pasted under knockouts
    edit(folder, "merger.yaml", "    effect: -1.5 * (urgency - 3)\n", "    effect: 3000\n")
    edit(
        folder, "merger.yaml", "  - id: merger_needs_trust\n", "  - id: merger_needs_shared_goals\n"
    )
    edit(folder, "merger.yaml", "    effect: -4 * (failed_talks - 3)\n", "    effect: veel\n")
    edit(
        folder,
        "merger.yaml",
        "    effect: -1.5 * (social_complexity - 3)\n",
        "    effect: 1,5 * (urgency - 3)\n",
    )
    edit(
        folder,
        "merger.yaml",
        "knockouts:\n",
        "knockouts:\n  - id: merger_pasted_rule\n    form: merger\n    theme: efficiency\n"
        "    when: administrative_burden >= 4\n    effect: 1\n"
        "    reason: {nl: Geplakt., en: Pasted.}\n    sources: [expert_judgement]\n",
    )
    # tests/literature.yaml: a Dutch form name
    edit(
        folder,
        "tests/literature.yaml",
        "      top_in: [merger]\n      ranks_above: [[merger, franchise]]",
        "      top_in: [keten]\n      ranks_above: [[merger, franchise]]",
    )

    result = CliRunner().invoke(main, ["rules", "check", str(folder)])
    assert result.exit_code == 1
    reported = [
        (Path(m.group(1)).name, int(m.group(2)), int(m.group(3)), m.group(4))
        for m in re.finditer(r"^(\S+?):(\d+):(\d+): fout: (.*)$", result.stderr, re.MULTILINE)
    ]
    expected = [
        ("chain.yaml", "when: client_path <= 2 en", "'en' is Nederlands"),
        ("chain.yaml", "when: client_path <= 2 en", "onbekende factor 'partner_diversty'"),
        ("chain.yaml", "    when:", "chain_centres_on_the_client.when: 'when' is leeg"),
        ("chain.yaml", "theme feasibility", "mist de dubbele punt"),
        ("merger.yaml", "  - id: merger_needs_shared_goals", "bestaat al"),
        ("merger.yaml", "effect: veel", "merger_after_failed_talks.effect: het effect 'veel'"),
        ("merger.yaml", "effect: 1,5 *", "'1,5 * (urgency - 3)' is niet toegestaan"),
        ("merger.yaml", "effect: 3000", "merger_takes_years.effect: dit effect kan 3000 punten"),
        ("merger.yaml", "theme: efficiency\n", "staat onder knockouts"),
        ("merger.yaml", "effect: 1\n", "staat onder knockouts"),
        ("literature.yaml", "top_in: [keten]", "onbekende vorm 'keten'"),
    ]
    assert f"{len(expected)} fouten gevonden." in result.stderr, result.stderr
    assert len(reported) == len(expected), result.stderr
    for file, needle, words in expected:
        name = f"tests/{file}" if file == "literature.yaml" else file
        text = (folder / name).read_text(encoding="utf-8")
        if needle.endswith("\n"):  # the pasted rule's own lines, not the ones above it
            start = text.index("merger_pasted_rule")
            line = text[: text.index(needle, start)].count("\n") + 1
        elif needle == "  - id: merger_needs_shared_goals":  # the second, duplicate one
            line = text[: text.rindex(needle)].count("\n") + 1
        elif needle == "    when:":
            line = text[: text.index("    when:\n")].count("\n") + 1
        else:
            line = line_of(folder, name, needle)
        assert any(f == file and at == line and words in said for f, at, _, said in reported), (
            file,
            line,
            words,
            result.stderr,
        )


def rule_items(text: str) -> list[tuple[int, str]]:
    """(line, id) of every item under ``rules:`` (not ``knockouts:``)."""
    found, section = [], ""
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(r"^[a-z_]+:", line):
            section = line.split(":")[0]
        match = re.match(r"^  - id: (\w+)", line)
        if match and section == "rules":
            found.append((number, match.group(1)))
    return found


#: Single mistakes: (what the line of ``key`` becomes, the key it is written at).
MISTAKES = (
    ("when", lambda text: text + " and trustt > 2"),
    ("when", lambda text: text.replace(">=", "=>", 1) if ">=" in text else text + " && trust > 2"),
    ("when", lambda text: text + " en urgency > 2"),
    ("effect", lambda text: "veel"),
    ("effect", lambda text: "3000"),
    ("effect", lambda text: "1,5 * (urgency - 3)"),
    ("form", lambda text: "keten"),
    ("theme", lambda text: "doelmatigheid"),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    file=st.sampled_from(RULE_FILES),
    pick=st.integers(0, 100),
    mistake=st.sampled_from(range(len(MISTAKES))),
)
def test_a_single_mistake_anywhere_is_reported_at_its_line(
    tmp_path_factory, file, pick, mistake
) -> None:
    folder = tmp_path_factory.mktemp("rules")
    shutil.copytree(RULES_DIR, folder, dirs_exist_ok=True)
    path = folder / file
    lines = path.read_text(encoding="utf-8").split("\n")
    items = rule_items("\n".join(lines))
    start, _ = items[pick % len(items)]
    key, change = MISTAKES[mistake]
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("    ")), len(lines))
    target = [i for i in range(start - 1, end) if re.match(rf"^ {{2,4}}(- )?{key}: ", lines[i])]
    if not target:  # a rule that always applies has no 'when': write one
        lines.insert(start, "    when: urgency >= 1")
        target = [start]
    index = target[0]
    prefix, _, value = lines[index].partition(f"{key}: ")
    lines[index] = f"{prefix}{key}: {change(value)}"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        load_rules(folder)
    except RuleSetError as e:
        problems = [p for p in e.problems if Path(p.location.file).name == file]
        assert problems, e.problems
        assert {p.location.line for p in problems} == {index + 1}, [p.text("en") for p in problems]
        return
    raise AssertionError(f"the mistake at {file}:{index + 1} ({lines[index]!r}) was not reported")
