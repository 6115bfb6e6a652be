"""Hostile files are normal input: a clear message, little work done, never a crash.

The work a refusal costs is bounded by what it allocates (tracemalloc's peak), not by the
clock: a refused alias bomb or oversized file must never be expanded or read whole, and that
holds on a slow machine as on a fast one. Times belong in ``bench/``.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from samenwerking import RuleSetError, load_rules
from samenwerking.cli import main

from conftest import replace_in

# The classic "billion laughs": 9 levels of 9 aliases, about 350 bytes of text.
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


def _problems(folder: Path) -> list:
    try:
        load_rules(folder)
    except RuleSetError as e:
        return list(e.problems)
    raise AssertionError("the rule set loaded")


def _traced(action):
    """The action's result and the most memory (MB) it held at once while running."""
    tracemalloc.start()
    try:
        result = action()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak / 2**20


def test_the_bomb_is_small() -> None:
    assert len(BOMB) < 400 and BOMB.count("*") == 72


@pytest.mark.parametrize("command", ["score", "network"])
def test_alias_bomb_as_situation_or_partner_file_is_refused_quickly(
    tmp_path: Path, command: str
) -> None:
    bomb = tmp_path / "bom.yaml"
    bomb.write_text(BOMB)
    args = ["score", str(bomb)] if command == "score" else ["network", "--example-situation"]
    if command == "network":
        situation = tmp_path / "situatie.yaml"
        CliRunner().invoke(main, ["example", "--out", str(situation)])
        args = ["network", str(situation), "--partners", str(bomb)]
    result, peak = _traced(lambda: CliRunner().invoke(main, args))
    assert (
        result.exit_code == 1 and "verwijzingen (*naam) zijn hier niet toegestaan" in result.output
    )
    assert peak < 50, "the bomb was refused before it was expanded"


def test_alias_bomb_as_rule_file_is_refused_quickly(rules_copy: Path) -> None:
    (rules_copy / "bom.yaml").write_text(BOMB.replace("a: &a", "themes: []\nz: &a"))
    problems, peak = _traced(lambda: _problems(rules_copy))
    messages = [p.text("nl") for p in problems]
    assert any(
        "meer dan 100 verwijzingen (*naam)" in m or "groeit uit tot meer dan" in m for m in messages
    ), messages
    assert peak < 50, "the bomb was refused before it was expanded"


def test_a_huge_rule_file_is_refused_by_the_documented_limit(rules_copy: Path, monkeypatch) -> None:
    huge = rules_copy / "groot.yaml"
    with huge.open("w") as handle:
        handle.write("# " + "x" * 1023 + "\n")
        handle.truncate(50 * 1024 * 1024)
    problems, peak = _traced(lambda: _problems(rules_copy))
    [problem] = problems
    assert "meer dan de grens van 5 MB" in problem.text("nl")
    assert peak < 20, "the 50 MB file was refused without being read"
    assert "SAMENWERKING_MAX_FILE_MB" in problem.text("nl")
    monkeypatch.setenv("SAMENWERKING_MAX_FILE_MB", "100")
    with pytest.raises(RuleSetError) as again:
        load_rules(rules_copy)
    assert not any("limit" in p.text("en") for p in again.value.problems)


def test_a_rule_file_linking_outside_the_folder_is_not_read(
    rules_copy: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "geheim.yaml"
    secret.write_text("wachtwoord: hunter2\n")
    (rules_copy / "link.yaml").symlink_to(secret)
    with pytest.raises(RuleSetError) as caught:
        load_rules(rules_copy)
    [problem] = caught.value.problems
    assert "koppeling naar een bestand buiten de regelmap" in problem.text("nl")
    assert "hunter2" not in str(caught.value) and "wachtwoord" not in str(caught.value)


def test_a_rule_file_that_is_not_utf8_names_its_line(rules_copy: Path) -> None:
    path = rules_copy / "forms.yaml"
    path.write_bytes(path.read_bytes().replace("één".encode(), "\xe9\xe9n".encode("latin-1"), 1))
    with pytest.raises(RuleSetError) as caught:
        load_rules(rules_copy)
    [problem] = caught.value.problems
    assert problem.location.line > 1 and "geen UTF-8-tekst" in problem.text("nl")


def test_an_unreadable_rule_file_gives_its_own_error_not_a_cascade(rules_copy: Path) -> None:
    # Before: one broken file gave 55 "unknown form" errors in the files that refer to it.
    path = rules_copy / "forms.yaml"
    path.write_text(path.read_text().replace("  - id: chain\n", "  - id: chain\n  bad: [\n", 1))
    with pytest.raises(RuleSetError) as caught:
        load_rules(rules_copy)
    assert [Path(p.location.file).name for p in caught.value.problems] == ["forms.yaml"]


def test_a_yes_no_effect_is_refused_not_scored_as_one_point(rules_copy: Path) -> None:
    # Before: 'effect: true' loaded and counted as +1 point.
    line = replace_in(
        rules_copy / "merger.yaml", "    effect: -1.5 * (urgency - 3)\n", "    effect: true\n"
    )
    [problem] = _problems(rules_copy)
    assert problem.location.line == line and problem.field == "merger_takes_years.effect"
    assert "geen ja/nee" in problem.text("nl")


def test_a_python_object_tag_is_refused_with_a_message_not_a_traceback(rules_copy: Path) -> None:
    # Before: TypeError traceback ('cannot unpack non-iterable NoneType object').
    line = replace_in(
        rules_copy / "merger.yaml",
        "    effect: -1.5 * (urgency - 3)\n",
        '    effect: !!python/object/apply:os.system ["echo gehackt"]\n',
    )
    result = CliRunner().invoke(main, ["rules", "check", str(rules_copy)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"merger.yaml:{line}:" in result.stderr
    assert "YAML-label '!!python/object/apply:os.system' is hier niet toegestaan" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["report", "{situation}", "--out", "{folder}"],
        ["example", "--out", "{folder}"],
        ["rules", "doc", "{rules}", "--out", "{folder}"],
    ],
)
def test_a_folder_as_out_is_refused_and_no_part_file_is_left(
    tmp_path: Path, command: list[str]
) -> None:
    # Before (#26): a traceback, and a hidden '.<name>.part' left in the parent folder.
    from samenwerking import Situation

    situation = tmp_path / "situatie.yaml"
    values = Situation.example(load_rules()).values()
    situation.write_text("".join(f"{k}: {v:g}\n" for k, v in values.items()))
    folder = tmp_path / "uitvoer"
    folder.mkdir()
    rules = Path(__file__).resolve().parents[1] / "rules"
    args = [a.format(situation=situation, folder=folder, rules=rules) for a in command]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "dit is een map; geef een bestandsnaam" in result.output
    assert "Traceback" not in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)
    assert not list(tmp_path.rglob(".*.part"))


def _run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_a_200_kb_file_of_brackets_is_refused_by_its_depth(tmp_path: Path) -> None:
    # Before (#26): a RecursionError traceback after 4,6 s.
    deep = tmp_path / "diep.yaml"
    deep.write_text("[" * 200_000)
    code, output = _run(["score", str(deep)])
    assert code == 1 and "diep.yaml:1:" in output
    assert "meer dan 64 keer in elkaar" in output


def test_a_situation_of_200_000_keys_is_refused_at_once(tmp_path: Path) -> None:
    # Before (#26): 23 s and 490 MB, then a message about aliases the file did not have.
    many = tmp_path / "sleutels.yaml"
    many.write_text("".join(f"k{i}: 1\n" for i in range(200_000)))
    code, output = _run(["score", str(many)])
    assert code == 1 and "200001 regels" in output and "hooguit 20000" in output


def test_a_table_of_100_000_columns_is_refused_before_it_is_read(tmp_path: Path) -> None:
    # Before (#26): 0,9 MB of CSV took 1 GB of memory and 37 s.
    wide = tmp_path / "breed.csv"
    wide.write_text(",".join(f"c{i}" for i in range(100_000)) + "\n" + "1," * 99_999 + "1\n")
    tracemalloc.start()
    code, output = _run(["score-batch", str(wide), "-o", str(tmp_path / "uit.csv")])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert code == 1 and "meer dan 1000 kolommen" in output
    assert peak < 50_000_000
    assert not (tmp_path / "uit.csv").exists()


@pytest.mark.parametrize("size", ["1000000000", "0"])
def test_a_profile_sample_outside_its_bounds_is_refused(size: str) -> None:
    # Before (#26): --n 1000000000 used 23,5 GB and was killed by the OOM killer.
    rules = Path(__file__).resolve().parents[1] / "rules"
    code, output = _run(["rules", "profile", str(rules), "--n", size])
    assert code == 1 and "een profiel trekt 1 tot 1.000.000 situaties" in output
