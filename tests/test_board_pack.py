"""The board pack: `samenwerking report ... --out advies.pdf`, A4, Dutch, small, readable."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pypdfium2
from click.testing import CliRunner

from samenwerking import Situation, load_rules, score
from samenwerking.board_pack import answer_words, board_pack
from samenwerking.cli import main
from samenwerking.documents import to_html
from samenwerking.network import propose_network
from samenwerking.network_svg import network_svg

A4 = (595.3, 841.9)
PARTNERS = """own: Woonstichting De Linge
partners:
  - {name: Gemeente Zuidoost, kind: municipality}
  - {name: 'Zorg <a href="https://x.example">klik</a>', kind: care}
  - {name: Welzijn Lingewaard en Omstreken Samen Sterk, kind: welfare}
  - {name: Huurdersvereniging, kind: tenants_association}
  - {name: Woonstede, kind: corporation}
"""


def _situation_file(tmp_path: Path) -> Path:
    path = tmp_path / "situatie.yaml"
    values = Situation.example(load_rules()).values()
    path.write_text("".join(f"{k}: {v:g}\n" for k, v in values.items()))
    return path


def test_report_writes_an_a4_dutch_board_pack_under_2_mb(tmp_path: Path) -> None:
    partners = tmp_path / "partners.yaml"
    partners.write_text(PARTNERS)
    out = tmp_path / "advies.pdf"
    result = CliRunner().invoke(
        main,
        ["report", str(_situation_file(tmp_path)), "--partners", str(partners), "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert out.stat().st_size <= 2_000_000
    reader = pypdf.PdfReader(out)
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - A4[0]) < 1
        assert abs(float(page.mediabox.height) - A4[1]) < 1
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    rules = load_rules()
    advice = score(Situation.example(rules), rules)
    headline = "Geen duidelijk advies" if not advice.clear else "past het best"
    assert headline in text
    for heading in (
        "Rangorde en redenen",
        "Afwegingen per thema",
        "Hoe vast staat het advies?",
        "Wat zou het advies veranderen?",
        "Het voorgestelde netwerk",
        "De gegeven antwoorden",
    ):
        assert heading in text, heading
    # A Dutch date ("2 december 2026"), not an ISO one (#27).
    assert "Woonstichting De Linge" in text and re.search(r"\d{1,2} [a-z]+ \d{4}", text)
    assert (
        f"regelset {rules.metadata.name} {rules.metadata.version} ({rules.content_hash[:12]})"
        in text
    )
    assert f"1 / {len(reader.pages)}" in text
    assert "'Neutraal' (3)" in text  # answers as the director gave them
    document = pypdfium2.PdfDocument(io.BytesIO(out.read_bytes()))
    for index in range(len(document)):
        image = document[index].render(scale=1).to_pil().convert("L")
        assert image.getextrema()[0] < 100  # every page has dark text on it


def test_flip_points_are_said_as_answers() -> None:
    rules = load_rules()
    assert answer_words("trust", 4.0, rules, "nl") == "'Mee eens' (4)"
    assert answer_words("trust", 3.5, rules, "nl") == "tussen 'Neutraal' en 'Mee eens' (3,5)"
    assert answer_words("dwellings", 1800.0, rules, "nl") == "1.800"
    document = board_pack(Situation.example(rules), rules)
    flips = next(b for b in document.blocks if b.kind == "list" and "maakt" in b.items[0])
    assert not any("(2,99)" in item for item in flips.items)  # before: "van 3 naar 2,99"


def test_a_tie_break_is_said_as_answers_not_numbers() -> None:
    # Before (#27): "... als waarde voor de huurder 4 is in plaats van 2,25" (numbers).
    from samenwerking.report import advice_headline

    rules = load_rules()
    distrust = Situation.example(rules).replace(trust=1, goal_consensus=1, required_autonomy=1)
    tied = score(distrust, rules)
    assert not tied.clear
    lines = [line for line in advice_headline(tied, rules, "nl") if line.startswith("  - ")]
    assert lines, "this situation has answers that would break the tie"
    for line in lines:
        assert re.search(r"van '[^']+' \(\d\) naar '[^']+' \(\d\) gaat\.$", line) or (
            "tussen '" in line
        ), line
    english = advice_headline(tied, rules, "en")
    assert any("moves from '" in line for line in english)


def test_partner_names_are_text_in_the_drawing_never_markup() -> None:
    rules = load_rules()
    partners = [
        {"name": '<a href="https://x.example">klik</a>', "kind": "care"},
        {"name": "Gemeente", "kind": "municipality"},
    ]
    proposal = propose_network("network", partners, Situation.example(rules), rules)
    svg = network_svg(proposal, "nl")
    assert "<a " not in svg and "&lt;a href=" in svg
    html = to_html(board_pack(Situation.example(rules), rules, partners=partners))
    assert '<a href="https://x.example' not in html and "&lt;a href=" in html


def test_each_kind_of_tie_in_one_drawing_has_its_own_line_pattern() -> None:
    rules = load_rules()
    partners = [{"name": f"Corporatie {i}", "kind": "corporation"} for i in range(4)]
    proposal = propose_network("franchise", partners, Situation.example(rules), rules)
    svg = network_svg(proposal, "nl")
    legend = re.findall(
        r"<line x1='\d+' y1='[\d.]+' x2='\d+' y2='[\d.]+' stroke='#777' "
        r"stroke-width='2'( stroke-dasharray='[^']*')?/>",
        svg,
    )
    assert len(legend) == len(set(legend)) >= 2


def test_a_provisional_pack_says_so_on_page_one_with_the_weights_and_a_dutch_date(rules) -> None:
    # Before (#27, HIGH): "Fusie past het best (78,5)" at 15 of 48 answers, no word of it,
    # no weights, and an ISO date.
    import datetime as dt

    from samenwerking.documents import to_markdown

    open_questions = [q.id for q in rules.questions if q.factor == "trust"]
    pack = to_markdown(
        board_pack(
            Situation.example(rules),
            rules,
            weights={"tenant_value": 2.0},
            date=dt.date(2026, 12, 2),
            unanswered=open_questions,
        )
    )
    scored = len([q for q in rules.questions if q.factor is not None])  # conditions never count
    answered = scored - len(open_questions)
    first_page = pack.split("## Rangorde")[0].split("## ")[1]  # under "Het advies"
    assert f"Voorlopig advies: {answered} van {scored} antwoorden." in first_page
    assert "Nog niet (helemaal) beantwoord: Onderling vertrouwen." in first_page
    assert (
        "Gewichten van de thema's: Doelmatigheid 1, " in pack and "Waarde voor de huurder 2" in pack
    )
    assert "2 december 2026" in pack and "2026-12-02" not in pack
    # An open condition alone never makes the advice provisional: it cannot change it.
    only_conditions = to_markdown(
        board_pack(Situation.example(rules), rules, unanswered=["cx_convenor"])
    )
    assert "Voorlopig advies" not in only_conditions
    complete = to_markdown(board_pack(Situation.example(rules), rules))
    assert "Voorlopig" not in complete


def test_the_ranking_has_no_empty_remark_column(rules) -> None:
    # Before (#27): the board pack's ranking had an empty "opmerking" column.
    from samenwerking.documents import to_markdown

    example = Situation.example(rules)
    clear = to_markdown(board_pack(example, rules))
    ranking = clear.split("## Rangorde")[1].split("###")[0]
    assert "opmerking" not in ranking
    knocked = score(example.replace(partner_corporations=0), rules)
    assert knocked.knockouts  # no partner corporation: no merger
    pack = to_markdown(board_pack(example.replace(partner_corporations=0), rules))
    assert "opmerking" in pack.split("## Rangorde")[1].split("###")[0]


def test_names_in_the_markdown_report_are_text_not_html() -> None:
    # Before (#26): the .md report kept a name's raw HTML, live in any Markdown viewer.
    from samenwerking.documents import to_markdown

    rules = load_rules()
    own = 'Woonstede <a href="https://evil.example">klik</a>'
    markdown = to_markdown(board_pack(Situation.example(rules), rules, own_name=own))
    assert "<a href" not in markdown
    assert '&lt;a href="https://evil.example"&gt;klik&lt;/a&gt;' in markdown
    assert "Kaats & Opheij" in markdown  # our own text stays as written
