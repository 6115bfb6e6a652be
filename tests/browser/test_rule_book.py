"""The rule book of the default rules renders in Chromium with every rule present."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from playwright.sync_api import Browser

from samenwerking import load_rules
from samenwerking.cli import main


def test_rule_book_renders_with_every_rule_id(browser: Browser, tmp_path: Path) -> None:
    book = tmp_path / "regelboek.html"
    result = CliRunner().invoke(main, ["rules", "doc", "rules", "--out", str(book)])
    assert result.exit_code == 0, result.output
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(book.as_uri())
    shown = page.locator("body").inner_text()
    rules = load_rules()
    assert f"Regelboek: {rules.metadata.name}" in shown and rules.content_hash[:12] in shown
    for rule in [*rules.rules, *rules.knockouts]:
        assert rule.id in shown, rule.id
    # Nothing runs off an A4-wide page: the widest element fits the body.
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert errors == []
    page.close()
