"""rules profile --since: what an edit did to the spread of the advice, on the same situations."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from samenwerking import load_rules
from samenwerking.authoring.profile import compare_profiles
from samenwerking.cli import main

from conftest import RULES_DIR, replace_in


def test_a_stronger_franchise_rule_is_flagged_old_beside_new(rules_copy: Path, tmp_path) -> None:
    # Before: franchise went from 10,0% to 17,8% and no report said so.
    replace_in(
        rules_copy / "franchise.yaml",
        "    effect: 2 * (administrative_burden - 3)\n",
        "    effect: 6 * (administrative_burden - 3)\n",
    )
    comparison = compare_profiles(load_rules(RULES_DIR), load_rules(rules_copy), n=4000)
    assert comparison.new.win_shares["franchise"] > comparison.old.win_shares["franchise"] + 0.05
    assert "franchise" in comparison.moved()
    out = tmp_path / "profiel.html"
    result = CliRunner().invoke(
        main,
        [
            "rules",
            "profile",
            str(rules_copy),
            "--since",
            str(RULES_DIR),
            "--n",
            "4000",
            "--threshold",
            "5",
            "--html",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    [line] = [row for row in lines if row.startswith("Franchise") and "<-" in row]
    assert "verschoven" in line
    page = out.read_text(encoding="utf-8")
    assert len(page) < 100_000 and "plotly" not in page.lower()  # before: 4,8 MB
    assert "Vergelijking" in page


def test_the_same_rule_set_compared_with_itself_moves_nothing() -> None:
    rules = load_rules(RULES_DIR)
    comparison = compare_profiles(rules, rules, n=3000, conditions=["trust <= 1.5"])
    assert comparison.moved() == []
    assert comparison.old.win_shares == comparison.new.win_shares
