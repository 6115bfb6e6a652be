"""Network figure and exports: what a director sees, and what an analyst can read back."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from samenwerking import Situation, score
from samenwerking.errors import SamenwerkingError
from samenwerking.figures import MUTED, kind_colours, network_figure, network_layout
from samenwerking.network import propose_network
from samenwerking.network_export import graphml_bytes, node_link, write_proposal

from strategies import RULES

PARTNERS = [
    ("Gemeente Breda", "municipality"),
    ("GGZ Breburg", "care"),
    ("Surplus Welzijn", "welfare"),
    ("Politie", "police"),
    ("Huurdersbelang", "tenants_association"),
    ("Corporatie B", "corporation"),
]


@pytest.fixture(scope="module")
def proposal():
    situation = Situation.example(RULES).replace(trust=3, goal_consensus=4, network_competencies=5)
    many = PARTNERS + [(f"Buurtpartner {i}", "other") for i in range(10)]
    return propose_network("network", many, situation, RULES, own_name="De Kern")


def test_figure_has_a_legend_entry_per_kind_and_relation_present(proposal) -> None:
    figure = network_figure(proposal, "nl")
    names = [t.name for t in figure.data]
    assert "Gemeente" in names and "Zorg" in names and "Nieuw op te richten" in names
    assert "gecoördineerd door de netwerkorganisatie" in names
    assert "Aparte netwerkorganisatie" in figure.layout.title.text
    english = [t.name for t in network_figure(proposal, "en").data]
    assert "Municipality" in english and "administered by the network organisation" in english


def test_hover_text_names_role_and_autonomy(proposal) -> None:
    figure = network_figure(proposal, "nl")
    [care] = [t for t in figure.data if t.name == "Zorg"]
    assert care.hovertext[0] == "<b>GGZ Breburg</b><br>Zorg · lid<br>Behouden autonomie: 50%"
    [own] = [t for t in figure.data if t.name == "Woningcorporatie"]
    assert "star" in own.marker.symbol


def test_colours_are_the_colour_blind_safe_palette() -> None:
    from samenwerking.network import propose_network as propose

    colours = kind_colours(propose("chain", PARTNERS, Situation.example(RULES), RULES))
    assert [colours[k.id] for k in RULES.partner_kinds] == list(MUTED[: len(RULES.partner_kinds)])


def test_layout_is_stable_and_independent_of_partner_order() -> None:
    situation = Situation.example(RULES)
    first = propose_network("chain", PARTNERS, situation, RULES)
    again = propose_network("chain", list(reversed(PARTNERS)), situation, RULES)
    assert network_layout(first.graph) == network_layout(again.graph)


def test_graphml_reads_back_with_attributes(proposal, tmp_path: Path) -> None:
    path = tmp_path / "net.graphml"
    write_proposal(proposal, path)
    graph = nx.read_graphml(path)
    assert set(graph.nodes) == set(proposal.graph.nodes)
    assert graph.number_of_edges() == proposal.graph.number_of_edges()
    assert graph.nodes["#nao"]["role"] == "network_administrative_organisation"
    assert graph.graph["governance"] == "network_administrative_organisation"
    assert graphml_bytes(proposal) == path.read_bytes()


def test_node_link_json_reads_back(proposal, tmp_path: Path) -> None:
    path = tmp_path / "net.json"
    write_proposal(proposal, path)
    data = json.loads(path.read_text())
    assert data == json.loads(json.dumps(node_link(proposal)))
    graph = nx.node_link_graph(data, edges="edges")
    assert set(graph.edges) == set(proposal.graph.edges)
    assert data["graph"]["metrics"]["ties_total"] == proposal.metrics.ties_total


def test_unknown_export_format_writes_nothing(proposal, tmp_path: Path) -> None:
    with pytest.raises(SamenwerkingError, match=r"onbekend bestandstype '\.svg'"):
        write_proposal(proposal, tmp_path / "net.svg")
    assert list(tmp_path.iterdir()) == []


def test_png_export_draws_the_reports_network_without_a_browser(proposal, tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "net.png"
    write_proposal(proposal, path)
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size[0] == 1600
        shades = image.convert("L").getextrema()
    assert shades[0] < 100 < shades[1], "the picture has dark lines on a light ground"


def test_the_network_command_writes_a_png_with_no_chromium_on_path(tmp_path: Path) -> None:
    situation, out = tmp_path / "situatie.yaml", tmp_path / "x.png"
    partners = tmp_path / "partners.yaml"
    partners.write_text("partners:\n  - {name: Gemeente Breda, kind: municipality}\n")
    command = Path(sys.executable).with_name("samenwerking")
    bare = {**os.environ, "PATH": str(tmp_path)}  # nothing to find on PATH, chromium least of all
    subprocess.run([command, "example", "--out", situation], check=True, env=bare)
    done = subprocess.run(
        [command, "network", situation, "--partners", partners, "--out", out],
        env=bare,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_acceptability_figure_shows_every_form_and_rank() -> None:
    from samenwerking.figures import acceptability_figure
    from samenwerking.sensitivity import rank_acceptability

    result = rank_acceptability(Situation.example(RULES), RULES, n=400, spread=0.6)
    figure = acceptability_figure(result, RULES, "en")
    assert [t.name for t in figure.data] == [f"Rank {i}" for i in range(1, 6)]
    first = figure.data[0]
    assert set(first.y) == {f.label("en") for f in RULES.forms}
    assert dict(zip(first.y, first.x, strict=True))["Franchise"] == result.first["franchise"]


def test_flip_figure_marks_each_factor() -> None:
    from samenwerking.figures import flip_figure
    from samenwerking.sensitivity import flip_points

    flips = flip_points(Situation.example(RULES), RULES)
    figure = flip_figure(flips, RULES, "franchise", "nl")
    assert len(figure.data) == len(RULES.factors)
    flipping = [t for t in figure.data if len(t.x) == 2]
    assert len(flipping) == sum(f.value is not None for f in flips)
    first = next(f for f in flips if f.value is not None)
    assert RULES.label("form", first.new_top, "nl") in flipping[0].text


def test_waterfall_hover_names_the_kind_of_evidence() -> None:
    from samenwerking.figures import waterfall_figure

    advice = score(Situation.example(RULES), RULES)
    hover = waterfall_figure(advice, "merger", RULES, "nl").data[0].hovertext
    rules_hover = [h for h in hover[1:-1] if h]
    assert rules_hover and all(h.endswith(")") and "(" in h for h in rules_hover)
    assert any("(wet)" in h or "(literatuur)" in h for h in rules_hover)


def test_each_kind_of_tie_in_a_figure_has_its_own_dash() -> None:
    # Before: the franchise legend showed two kinds of tie with identical dashes.
    from samenwerking import Situation, load_rules
    from samenwerking.figures import network_figure
    from samenwerking.network import propose_network

    rules = load_rules()
    partners = [{"name": f"Corporatie {i}", "kind": "corporation"} for i in range(4)]
    for form in rules.form_ids:
        proposal = propose_network(form, partners, Situation.example(rules), rules)
        dashes = [t.line.dash for t in network_figure(proposal).data if t.mode == "lines"]
        assert len(dashes) == len(set(dashes)), (form, dashes)


def test_partner_names_in_figures_are_text_and_wrapped_not_cut() -> None:
    from samenwerking.figures import _label_text

    shown = _label_text('<a href="//x.nl">Z</a>').replace("<br>", " ")
    assert shown == '&lt;a href="//x.nl"&gt;Z&lt;/a&gt;'
    long = "Stichting Welzijn Lingewaard en Omstreken Samen Sterk"
    assert _label_text(long).replace("<br>", " ").startswith("Stichting Welzijn Lingewaard")
    assert "…" not in _label_text("Welzijn Lingewaard en Omstreken")


def _decimal_texts(texts: list[str]) -> list[str]:
    """The texts in a figure that carry a number with decimals."""
    import re

    return [t for t in texts if re.search(r"\d[.,]\d", t or "")]


def test_numbers_written_into_figures_use_the_languages_notation() -> None:
    """Plotly's ``separators`` only reach numbers Plotly formats itself; texts we format
    must be in Dutch notation too. Before: bar labels read 71.5 and +3.5 in Dutch."""
    from samenwerking.figures import flip_figure, theme_bars_figure, waterfall_figure
    from samenwerking.sensitivity import flip_points

    situation = Situation.example(RULES)
    advice = score(situation, RULES)
    for lang, wrong in (("nl", "."), ("en", ",")):
        bars = theme_bars_figure(advice, RULES, lang)
        waterfall = waterfall_figure(advice, advice.top, RULES, lang).data[0]
        flips = flip_figure(flip_points(situation, RULES), RULES, advice.top, lang)
        texts = [t for trace in bars.data for t in trace.text] + list(waterfall.text)
        texts += [waterfall.hovertext[-1]]
        texts += [h for trace in flips.data for h in _as_list(trace.hovertext)]
        numbers = _decimal_texts(texts)
        assert numbers, "the figures carry decimal numbers"
        # One or two digits after the other language's mark is a decimal written wrongly;
        # three are thousands (1.800 in Dutch), which are right.
        assert not [t for t in numbers if re.search(rf"\d\{wrong}\d{{1,2}}(?!\d)", t)], (
            lang,
            numbers,
        )


def _as_list(value: object) -> list[str]:
    return list(value) if isinstance(value, (list, tuple)) else [str(value)]
