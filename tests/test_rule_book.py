"""The rule book a board can read: conditions in words, scaled points, examples, a real PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from click.testing import CliRunner

from samenwerking import load_rules
from samenwerking.authoring.book import condition_words, points_range, rule_book, rule_book_markdown
from samenwerking.cli import main
from samenwerking.scoring import score
from samenwerking.situation import Situation

from conftest import RULES_DIR, replace_in

A4 = (595.3, 841.9)  # points


def test_conditions_read_as_sentences(rules) -> None:
    # Before: the book printed 'trust <= 2 and partner_count > 8'.
    assert condition_words("trust <= 2 and partner_count > 8", rules) == (
        "als onderling vertrouwen 2 of lager is en aantal partnerorganisaties hoger dan 8 is"
    )
    assert condition_words("3 < urgency", rules, "en") == "if urgency is higher than 3"
    # Before: 'als het niet zo is dat (... of (... max(...) hoger dan 3 is)': brackets in
    # words left the reader to guess what 'niet' covered.
    assert condition_words("not (trust >= 4 or urgency == 5)", rules) == (
        "als geen van deze geldt: (1) onderling vertrouwen 4 of hoger is; "
        "(2) tijdsdruk gelijk is aan 5"
    )
    nested = "trust >= 3 and not (urgency > 4 or max(urgency, financial_pressure) > 3)"
    assert condition_words(nested, rules) == (
        "als alle volgende gelden: (1) onderling vertrouwen 3 of hoger is; (2) geen van deze "
        "geldt: (a) tijdsdruk hoger dan 4 is; (b) het hoogste van tijdsdruk en financiële druk "
        "hoger dan 3 is"
    )
    assert condition_words(None, rules) == "altijd"
    assert "(" not in condition_words("dwellings < 2500", rules)  # no code left
    assert "2.500" in condition_words("dwellings < 2500", rules)  # Dutch thousands dot


def test_points_are_score_points_under_default_weights(rules) -> None:
    # Before: the book showed raw effects (-3.0) while the advice showed scaled points (-4.2).
    spans = points_range(rules)
    rule = next(r for r in rules.rules if r.id == "merger_takes_years")
    advice = score(Situation.example(rules).replace(urgency=5), rules)
    [shown] = [c.points for c in advice.contributions["merger"] if c.rule_id == rule.id]
    # Urgency 5 is the rule's strongest case: the book's lowest points are the advice's.
    assert spans[rule.id][0] == pytest.approx(shown, rel=1e-3) and shown != -3.0


def test_rules_are_grouped_by_form_then_theme_weightiest_first(rules) -> None:
    document = rule_book(rules, "nl")
    headings = [(b.level, b.text) for b in document.blocks if b.kind == "heading"]
    chapters = [text for level, text in headings if level == 1]
    labels = [f.label("nl") for f in rules.forms]
    assert [c for c in chapters if c in labels] == labels
    assert chapters[0] == "Hoe een score ontstaat" and chapters[-1] == "Bronnen"
    assert "Uitgewerkte voorbeelden" in chapters
    spans = points_range(rules)
    for block in document.blocks:
        if block.kind == "table" and block.header[0] == "regel" and block.header[2] == "punten":
            by_title = {r.named("nl"): r.id for r in rules.rules}
            reach = [max(abs(v) for v in spans[by_title[row[0]]]) for row in block.rows]
            assert reach == sorted(reach, reverse=True)
        if block.kind == "table":
            assert all(block.header), block.header  # before: empty column headers


def test_the_book_has_worked_examples_and_changes_since_an_older_version(
    rules_copy: Path,
) -> None:
    replace_in(
        rules_copy / "merger.yaml",
        "    effect: -1.5 * (urgency - 3)\n",
        "    effect: -3 * (urgency - 3)\n",
    )
    markdown = rule_book_markdown(load_rules(rules_copy), "nl", since=load_rules(RULES_DIR))
    assert "## Wat is er veranderd" in markdown
    assert "| merger_takes_years | effect | -1.5 * (urgency - 3) | -3 * (urgency - 3) |" in markdown
    assert "## Uitgewerkte voorbeelden" in markdown and "Verwacht: " in markdown
    assert "Uitkomst: " in markdown


def test_rules_doc_writes_an_a4_pdf_with_the_text_and_a_footer(tmp_path: Path) -> None:
    out = tmp_path / "regelboek.pdf"
    result = CliRunner().invoke(main, ["rules", "doc", str(RULES_DIR), "--out", str(out)])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) >= 8
    for page in reader.pages:
        box = page.mediabox
        assert abs(float(box.width) - A4[0]) < 1 and abs(float(box.height) - A4[1]) < 1
    text = "\n".join(page.extract_text() for page in reader.pages)
    rules = load_rules()
    assert "Hoe een score ontstaat" in text and "Uitgewerkte voorbeelden" in text
    assert f"Regelset {rules.metadata.name} {rules.metadata.version}" in text
    assert f"1 / {len(reader.pages)}" in text
    assert out.stat().st_size < 2_000_000
    # Every page renders (what a reader's PDF viewer does) and is not blank.
    document = pypdfium2.PdfDocument(io.BytesIO(out.read_bytes()))
    for index in range(len(document)):
        image = document[index].render(scale=0.5).to_pil().convert("L")
        assert image.getextrema()[0] < 100, index  # some dark ink on every page


def test_a_reason_with_markup_characters_prints_as_written(rules_copy: Path) -> None:
    replace_in(
        rules_copy / "merger.yaml",
        "taak zelf over.",
        "taak zelf over. (#set page(width 1cm)) *vet* <script> $x$",
    )
    from samenwerking.authoring.book import rule_book_pdf

    pdf = pypdf.PdfReader(io.BytesIO(rule_book_pdf(load_rules(rules_copy))))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    written = "(#set page(width 1cm)) *vet* <script> $x$"
    assert "".join(written.split()) in "".join(text.split())
    assert abs(float(pdf.pages[0].mediabox.width) - A4[0]) < 1


def test_the_book_since_an_older_set_shows_every_change_old_to_new(rules, tmp_path: Path) -> None:
    # Before: ids only, no old -> new values, no new factor or question, and another sample
    # than `rules diff` (9,4% of 5.000 against 10,2% of 20.000).
    import shutil

    from samenwerking import load_rules
    from samenwerking.authoring.book import rule_book_markdown
    from samenwerking.authoring.diff import diff_rule_sets

    copy = tmp_path / "rules"
    shutil.copytree(rules.path, copy)
    merger = copy / "merger.yaml"
    merger.write_text(
        merger.read_text().replace(
            "    effect: -1.5 * (urgency - 3)\n", "    effect: -2.5 * (urgency - 3)\n"
        )
    )
    factors = copy / "factors.yaml"
    factors.write_text(
        factors.read_text().replace(
            "factors:\n",
            "factors:\n  - id: housing_stock_age\n"
            "    label: {nl: Ouderdom van het woningbezit, en: Age of the housing stock}\n"
            "    help: {nl: Hoeveel onderhoud er aankomt., en: How much maintenance is coming.}\n"
            "    minimum: 1\n    maximum: 5\n    example: 3\n",
            1,
        )
    )
    questions = copy / "questionnaire.yaml"
    questions.write_text(
        questions.read_text().replace(
            "questions:\n",
            "questions:\n  - id: sa_maintenance\n    factor: housing_stock_age\n"
            "    text: {nl: Veel woningen vragen groot onderhoud., en: Many need maintenance.}\n",
            1,
        )
    )
    new = load_rules(copy)
    book = rule_book_markdown(new, "nl", since=rules)
    changes = book.split("## Wat is er veranderd")[1].split("\n## ")[0]
    assert (
        "| merger_takes_years | effect | -1.5 * (urgency - 3) | -2.5 * (urgency - 3) |" in changes
    )
    assert "nieuw: factor housing_stock_age (Ouderdom van het woningbezit)" in changes
    assert "nieuw: vraag sa_maintenance (Veel woningen vragen groot onderhoud.)" in changes
    diff = diff_rule_sets(rules, new)
    share = f"{diff.flip_share * 100:.1f}".replace(".", ",")
    assert "Op 20.000 realistische situaties" in changes and f"{share}%" in changes
    assert "Fusie kost jaren (gewijzigd)" in book
