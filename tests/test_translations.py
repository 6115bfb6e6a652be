"""Translations are data: one catalogue per language, one lookup, a third language is one file."""

from __future__ import annotations

import os
import re
import string
import subprocess
import sys
from pathlib import Path

from samenwerking import load_rules
from samenwerking.authoring.warnings import rule_set_warnings
from samenwerking.errors import words
from samenwerking.rules.schema import Text
from samenwerking.translations import catalogues, say, translate

from conftest import replace_in

PLACEHOLDER = re.compile(r"{(\w+)")


def test_every_dutch_key_has_english_with_the_same_placeholders() -> None:
    nl, en = catalogues()["nl"], catalogues()["en"]
    assert set(nl) == set(en)
    for key in nl:
        assert set(PLACEHOLDER.findall(nl[key])) == set(PLACEHOLDER.findall(en[key])), key


def test_every_catalogue_text_can_be_filled_in() -> None:
    """A stray brace ("[ ] of { }") once turned a YAML hint into a KeyError traceback."""
    for lang, texts in catalogues().items():
        for key, text in texts.items():
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            assert all(name.isidentifier() for name in names), (lang, key)
            text.format(**{name: 1.0 for name in names})


def test_one_lookup_serves_library_dashboard_and_rule_book() -> None:
    from samenwerking.dashboard.texts import text

    assert say("rank", "en") == "Rank" and translate("rank")("nl") == "Rang"
    assert text("progress", "en", answered=1, total=2) == say(
        "dashboard.progress", "en", answered=1, total=2
    )
    assert say("book.title", "nl") == "Regelboek"


def test_a_text_in_a_language_it_lacks_falls_back_to_dutch() -> None:
    text = Text(nl="Fusie", en="Merger", fy="Fúzje")
    assert (text("fy"), text("de"), text("en")) == ("Fúzje", "Fusie", "Merger")


def test_a_third_language_is_one_catalogue_plus_optional_rule_texts(
    rules_copy: Path, tmp_path: Path
) -> None:
    locales = tmp_path / "locales"
    locales.mkdir()
    (locales / "de.yaml").write_text(
        'advice_title: "Empfehlung zur Form der Zusammenarbeit"\nrank: "Rang"\nform: "Form"\n',
        encoding="utf-8",
    )
    written = "hand-offs are agreed so the tenant does not fall through the cracks.\n"
    replace_in(
        rules_copy / "chain.yaml",
        written,
        written
        + "      de: Übergaben funktionieren nur entlang eines erkennbaren Klientenpfads.\n",
    )
    command = ["score", "--example", "--lang", "de", "--rules", str(rules_copy), "--reasons", "9"]
    result = subprocess.run(
        [sys.executable, "-m", "samenwerking", *command],
        capture_output=True,
        text=True,
        env={**os.environ, "SAMENWERKING_LOCALES": str(locales)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Empfehlung zur Form der Zusammenarbeit"  # from the German catalogue
    assert lines[1].startswith("Regelset:")  # a key German lacks: Dutch
    assert "Übergaben funktionieren nur" in result.stdout  # the rule's own German text
    warnings = {words(p.message, "en") for p in rule_set_warnings(load_rules(rules_copy))}
    assert "rule 'chain_keeps_autonomy' has no 'de' text for reason (other texts have one)" in (
        warnings
    )
    assert "form 'merger' has no 'de' text for label (other texts have one)" in warnings
