"""The dashboard's state reducer and views, called as plain functions (no browser)."""

from __future__ import annotations

import base64
import json

import pytest

from samenwerking import load_rules
from samenwerking.dashboard import views
from samenwerking.dashboard.state import (
    MAX_SCENARIOS,
    add_partner,
    empty_state,
    from_dossier,
    normalised,
    remove_partner,
    save_scenario,
    with_answers,
)
from samenwerking.dossier import parse_dossier

from conftest import replace_in

RULES = load_rules()


def complete_answers(value: int = 3) -> dict[str, float]:
    return {
        q.id: (
            value
            if q.kind != "number"
            else {"partner_count": 4, "dwellings": 1800, "partner_dwellings": 1500}.get(q.factor, 1)
        )
        for q in RULES.questions
    }


def complete_state(**changes) -> dict:
    return {**empty_state(RULES), "answers": complete_answers(), **changes}


def upload_of(content: bytes) -> str:
    return "data:application/json;base64," + base64.b64encode(content).decode()


def test_answers_are_set_and_cleared() -> None:
    state = with_answers(empty_state(RULES), {"tr_rely": 4, "tr_open": 2})
    assert state["answers"] == {"tr_rely": 4.0, "tr_open": 2.0}
    assert with_answers(state, {"tr_rely": None})["answers"] == {"tr_open": 2.0}


@pytest.mark.parametrize(
    ("name", "kind", "problem"),
    [
        ("", "care", "partner_name_empty"),
        ("  ", "care", "partner_name_empty"),
        ("GGZ", None, "partner_kind_empty"),
        ("gemeente breda", "care", "partner_duplicate"),
    ],
)
def test_bad_partners_are_refused_with_a_reason(name, kind, problem) -> None:
    state = {**empty_state(RULES), "partners": [{"name": "Gemeente Breda", "kind": "municipality"}]}
    assert add_partner(state, name, kind) == (state, problem)


def test_partners_are_added_and_removed() -> None:
    state, problem = add_partner(empty_state(RULES), " GGZ ", "care")
    assert problem is None and state["partners"] == [{"name": "GGZ", "kind": "care"}]
    assert remove_partner(state, 0)["partners"] == []
    assert remove_partner(state, 5) == state


def test_a_stored_state_from_an_older_rule_set_is_cleaned() -> None:
    stored = {
        "answers": {"tr_rely": 4, "gone": 3},
        "partners": [{"name": "X", "kind": "alien"}],
        "weights": {"efficiency": 2, "gone": 1},
    }
    state = normalised(stored, RULES)
    assert state["answers"] == {"tr_rely": 4.0}
    assert state["partners"] == []
    assert state["weights"]["efficiency"] == 2.0 and "gone" not in state["weights"]
    assert normalised("rubbish", RULES) == empty_state(RULES)


def test_reduce_state_per_event() -> None:
    start = complete_state()
    state, _ = views.reduce_state(RULES, "answer", start, answers={"tr_rely": 5})
    assert state["answers"]["tr_rely"] == 5.0
    state, messages = views.reduce_state(RULES, "add_partner", start, partner=("", "care"))
    assert state == start and messages == {"partner": "Vul een naam in."}
    state, _ = views.reduce_state(RULES, "reset", start)
    assert state == empty_state(RULES)
    state, _ = views.reduce_state(RULES, "load", start)
    assert state == normalised(start, RULES)


def test_upload_round_trip_restores_the_state() -> None:
    start = complete_state(partners=[{"name": "GGZ", "kind": "care"}], own="De Kern")
    content = views.dossier_download(RULES, start).encode()
    assert parse_dossier(content, RULES).advice is not None
    state, messages = views.reduce_state(
        RULES, "upload", empty_state(RULES), upload=upload_of(content), lang="en"
    )
    assert state == normalised(start, RULES)
    answers = len(RULES.questions)
    assert messages["upload"].startswith(f"Dossier restored: {answers} answers, 1 partners")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{ no json", "geen geldige JSON"),
        (b'{"format": "other"}', "het kenmerk 'format' ontbreekt"),
        (
            json.dumps({"format": "samenwerking-dossier", "answers": {"nope": 3}}).encode(),
            "de regelset kent de vraag 'nope' niet",
        ),
        (
            json.dumps({"format": "samenwerking-dossier", "answers": {"tr_rely": 9}}).encode(),
            # named as the director reads the question, not by its id 'tr_rely'
            "het antwoord op 'We kunnen erop vertrouwen dat onze partners hun afspraken "
            "nakomen.' valt buiten de antwoordschaal",
        ),
        (
            json.dumps({"format": "samenwerking-dossier", "version": 7}).encode(),
            "versie 7 van het dossierformaat",  # before: "beschadigd: Input should be 1"
        ),
        (b"x" * 1_000_001, "groter dan 1000 kB"),
    ],
)
def test_a_bad_upload_keeps_the_state_and_says_why(content, reason) -> None:
    start = complete_state()
    state, messages = views.reduce_state(RULES, "upload", start, upload=upload_of(content))
    assert state == normalised(start, RULES)
    assert reason in messages["upload"]
    assert "Uw huidige antwoorden zijn bewaard" in messages["upload"]


def test_views_of_an_incomplete_state_say_what_is_missing() -> None:
    state = with_answers(empty_state(RULES), {"tr_rely": 4})
    assert views.current_advice(RULES, state) is None
    assert "Administratieve lastendruk" in views.missing_text(RULES, state, "nl")
    figure, info = views.network_view(RULES, state, None, "nl")
    assert figure == {} and "Beantwoord eerst" in str(info)
    assert views.report_download(RULES, state, "nl") is None


def test_views_of_a_complete_state() -> None:
    state = complete_state(partners=[{"name": "Gemeente", "kind": "municipality"}])
    advice = views.current_advice(RULES, state)
    firm = views.firmness(RULES, advice, state)
    headline, *rows = views.ranking_view(RULES, advice, "en", firm)
    assert [row.id for row in rows] == [f"rank-{f}" for f in advice.ranking]
    said = " ".join(str(line.children) for line in headline.children)
    assert ("fits best" in said) == advice.clear and ("No clear advice" in said) != advice.clear
    assert "literature" in str(rows) or "MKW study tour" in str(rows)  # kind of evidence
    progress = views.progress_view(RULES, state, "en")
    total = len(RULES.questions)
    assert progress["label"] == f"{total} of {total} questions answered"
    sensitivity = views.sensitivity_view(RULES, state, advice, "en")
    assert str(sensitivity["firmness"][0].children).startswith("When the theme weights")
    figure, _ = views.network_view(RULES, state, "network", "en")
    assert "Organisation network" in figure["layout"]["title"]["text"]
    report = views.report_download(RULES, state, "nl")
    assert RULES.content_hash in report and "<table>" in report


def test_scenarios_are_saved_with_limits() -> None:
    state = complete_state()
    scenarios, outcome = save_scenario({}, " Vandaag ", state, RULES)
    assert outcome == "scenario_saved" and list(scenarios) == ["Vandaag"]
    assert save_scenario(scenarios, "", state, RULES)[1] == "scenario_name_empty"
    assert save_scenario({}, "X", empty_state(RULES), RULES)[1] == "scenario_incomplete"
    full = {f"S{i}": scenarios["Vandaag"] for i in range(MAX_SCENARIOS)}
    assert save_scenario(full, "one more", state, RULES)[1] == "scenario_limit"


def test_scenario_comparison_shows_what_differs() -> None:
    today = complete_state()
    later = complete_state(answers={**complete_answers(), "sc_needs_others": 5})
    table = str(views.scenario_compare(RULES, {"A": today, "B": later}, ["A", "B"], "nl"))
    assert "Complexiteit van de maatschappelijke opgave" in table
    same = str(views.scenario_compare(RULES, {"A": today, "B": today}, ["A", "B"], "nl"))
    assert "dezelfde antwoorden" in same


def test_the_dashboard_runs_on_another_rule_set_and_names_it(rules_copy) -> None:
    from samenwerking.dashboard.app import build_app
    from samenwerking.dashboard.layout import build_layout

    replace_in(rules_copy / "ruleset.yaml", "name: samenwerking-standaard", "name: adviesbureau-x")
    other = load_rules(rules_copy)
    app = build_app(rules_copy)
    page = str(build_layout(other, "nl"))
    version = other.metadata.version
    assert f"Regelset: adviesbureau-x {version}" in page
    assert f"adviesbureau-x {version} ({other.content_hash[:12]})" in page  # footer
    assert app.title == "Samenwerkingskompas"
    state = complete_state()
    report = views.report_download(other, state, "nl")
    assert "adviesbureau-x" in report and other.content_hash in report
    assert json.loads(views.dossier_download(other, state))["rules"]["name"] == "adviesbureau-x"


def test_network_download_gives_graphml_and_png_with_names() -> None:
    assert views.network_download(RULES, empty_state(RULES), None, "nl", as_png=False) is None
    state = complete_state(partners=[{"name": "Gemeente", "kind": "municipality"}])
    content, name = views.network_download(RULES, state, "chain", "nl", as_png=False)
    assert name == "netwerk-keten.graphml" and content.startswith(b"<?xml")
    content, name = views.network_download(RULES, state, "chain", "en", as_png=True)
    # Before (#27): "netwerk-chain.png" for an English reader, Dutch and English mixed.
    assert name == "network-chain.png" and content[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("key", "nl", "en"),
    [
        ("file_dossier", "samenwerking-dossier.json", "collaboration-dossier.json"),
        ("file_board_pack", "samenwerking-bestuursrapport.json", "collaboration-board-report.json"),
        ("file_group_pdf", "groepsadvies.json", "group-advice.json"),
    ],
)
def test_download_names_are_in_the_readers_language(key: str, nl: str, en: str) -> None:
    assert views.file_name(key, "nl", "json") == nl
    assert views.file_name(key, "en", "json") == en


def _downloads_work(state: dict) -> None:
    assert views.report_download(RULES, state, "nl")
    assert json.loads(views.dossier_download(RULES, state))["format"] == "samenwerking-dossier"
    assert views.network_download(RULES, state, "network", "nl", as_png=False) is not None


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("x" * 121, "Die naam is langer dan 120 tekens; kort hem in."),
        ("#nao", "Een naam mag niet met # beginnen."),
    ],
)
def test_a_partner_name_the_network_cannot_draw_is_refused(name: str, message: str) -> None:
    # Before: accepted, then report, dossier and GraphML downloads answered 500 until reset.
    start = complete_state()
    state, messages = views.reduce_state(RULES, "add_partner", start, partner=(name, "care"))
    assert state["partners"] == [] and messages["partner"] == message
    _downloads_work(state)
    forged = {**start, "partners": [{"name": name, "kind": "care"}], "own": name}
    _downloads_work(normalised(forged, RULES))


def test_the_partner_limit_has_its_own_message() -> None:
    # Before: at 200 partners the message said the name was already listed.
    full = [{"name": f"Partner {i}", "kind": "welfare"} for i in range(200)]
    state, messages = views.reduce_state(
        RULES, "add_partner", complete_state(partners=full), partner=("Nieuw", "care")
    )
    assert len(state["partners"]) == 200 and "al 200 partners" in messages["partner"]


def test_a_partners_neighbourhood_survives_the_dossier_round_trip() -> None:
    # Before: the state kept only name and kind, so the neighbourhood was lost.
    partner = {"name": "Buurthuis", "kind": "welfare", "neighbourhood": "Noord", "trust": 4.0}
    state = normalised(complete_state(partners=[partner]), RULES)
    assert state["partners"] == [partner]
    dossier = parse_dossier(views.dossier_download(RULES, state).encode(), RULES)
    assert from_dossier(dossier, RULES)["partners"] == [partner]


def test_a_dossier_with_an_impossible_count_is_refused() -> None:
    # Before: count_dwellings 1e12 was accepted and every view and download answered 500.
    content = json.loads(views.dossier_download(RULES, complete_state()))
    content["answers"]["count_dwellings"] = 1e12
    state, messages = views.reduce_state(
        RULES, "upload", complete_state(), upload=upload_of(json.dumps(content).encode())
    )
    assert state["answers"]["count_dwellings"] == 1800
    assert "Hoeveel verhuureenheden heeft uw corporatie?" in messages["upload"]
    forged = complete_state()
    forged["answers"] = {**forged["answers"], "count_dwellings": 1e12}
    repaired = normalised(forged, RULES)
    assert "count_dwellings" not in repaired["answers"]
    assert views.report_download(RULES, repaired, "nl") is None  # incomplete, not a 500


def test_a_dossier_error_names_the_item_in_one_sentence() -> None:
    # Before (#27): "Die naam staat al in de lijst.." named no name, and ended in two dots.
    content = json.loads(views.dossier_download(RULES, complete_state()))
    content["partners"] = [
        {"name": "Gemeente Breda", "kind": "municipality"},
        {"name": "gemeente breda", "kind": "care"},
    ]
    _, messages = views.reduce_state(
        RULES, "upload", complete_state(), upload=upload_of(json.dumps(content).encode())
    )
    assert "De naam 'gemeente breda' staat al in de lijst. Uw huidige" in messages["upload"]
    assert ".." not in messages["upload"]
    _, messages = views.reduce_state(
        RULES,
        "add_partner",
        {**complete_state(), "partners": [{"name": "GGZ", "kind": "care"}]},
        partner=("ggz", "care"),
    )
    assert messages["partner"] == "De naam 'ggz' staat al in de lijst."


def test_a_deeply_nested_upload_is_refused_as_not_json() -> None:
    # Before: json.loads raised RecursionError and the upload answered 500.
    deep = b"[" * 100_000 + b"]" * 100_000
    state, messages = views.reduce_state(RULES, "upload", complete_state(), upload=upload_of(deep))
    assert state == normalised(complete_state(), RULES) and messages["upload"]


@pytest.mark.parametrize(
    "forged",
    [
        {"answers": ["tr_rely"], "partners": "x", "weights": 3, "own": 5},
        {"answers": {"tr_rely": "veel", "ab_accountability": True}, "weights": {"autonomy": "x"}},
        {"answers": {"tr_rely": float("nan")}, "weights": {"autonomy": 1e308}},
        {"partners": [{"name": 3, "kind": "care"}, {"kind": "care"}, None]},
        "not a state",
    ],
)
def test_forged_store_data_is_repaired_with_a_message_never_a_crash(forged) -> None:
    state, messages = views.reduce_state(RULES, "load", forged)
    assert state["answers"] == {} or all(isinstance(v, float) for v in state["answers"].values())
    assert views.progress_view(RULES, state, "nl")
    if isinstance(forged, dict):
        assert messages["upload"].startswith("Een deel van de in deze browser bewaarde")


def test_an_impossible_count_typed_into_the_page_is_not_stored() -> None:
    start = complete_state()
    state, _ = views.reduce_state(RULES, "answer", start, answers={"count_dwellings": 1e12})
    assert "count_dwellings" not in state["answers"]
    assert views.report_download(RULES, state, "nl") is None  # incomplete, not a 500


def test_scores_and_network_figures_on_the_pages_are_in_dutch_notation() -> None:
    """Before: the scenario table read "57.3 (1)" and the network metrics "0.29" in Dutch."""
    import re

    today = complete_state(partners=[{"name": "Gemeente", "kind": "municipality"}])
    later = complete_state(answers={**complete_answers(), "sc_needs_others": 5})
    table = str(views.scenario_compare(RULES, {"A": today, "B": later}, ["A", "B"], "nl"))
    assert re.search(r"'\d+,\d \(\d\)'", table) and not re.search(r"\d\.\d \(\d\)", table)
    _, info = views.network_view(RULES, today, "network", "nl")
    cells = re.findall(r"children='(\d+[.,]\d+)'", str(info))
    assert cells and all("," in c for c in cells), cells


def test_the_pages_figures_are_valid_plotly_figures() -> None:
    """The dashboard sends plain dictionaries (15-30 ms less per chart); Plotly still
    validates them here, so a misspelt property fails a test instead of a chart."""
    import plotly.graph_objects as go

    state = complete_state(partners=[{"name": "Gemeente", "kind": "municipality"}])
    advice = views.current_advice(RULES, state)
    sensitivity = views.sensitivity_view(RULES, state, advice, "nl")
    figures = {
        "tradeoff": views.tradeoff_view(RULES, advice, "nl"),
        "waterfall": views.waterfall_view(RULES, advice, None, "nl"),
        "network": views.network_view(RULES, state, None, "nl")[0],
        "acceptability": sensitivity["acceptability"],
        "flips": sensitivity["flips"],
    }
    for name, spec in figures.items():
        figure = go.Figure(spec)  # raises on any property Plotly does not know
        assert figure.data and figure.layout.separators == ",.", name
        json.dumps(spec)  # sent as it is


def test_the_own_corporation_is_named_in_the_pages_language() -> None:
    """Before: the network called an unnamed corporation "Eigen corporatie" in English too."""
    state = complete_state(partners=[{"name": "Gemeente", "kind": "municipality"}])
    names = {}
    for lang in ("nl", "en"):
        figure, _ = views.network_view(RULES, state, "network", lang)
        names[lang] = " ".join(str(t.get("text")) for t in figure["data"])
    assert "Own corporation" in names["en"] and "Eigen corporatie" not in names["en"]
    assert "Eigen corporatie" in names["nl"]


def test_the_question_panels_are_built_showing_the_stored_answers() -> None:
    """Built when the questionnaire is first opened, the controls show the stored answers
    from the start: nothing needs refilling, so no refill can overwrite a click."""
    from samenwerking.dashboard.pages.assessment import build_question_panels
    from samenwerking.dashboard.questionnaire import question_groups

    state = complete_state()
    shown = {q.id: views.shown_answer(RULES, q.id, state) for q in RULES.questions}
    panels = build_question_panels(RULES, "nl", shown, 2)
    groups = question_groups(RULES)
    assert [p.id["factor"] for p in panels] == [f.id for f in groups]
    assert [p.style for p in panels].index({}) == 2
    assert all(p.style == {"display": "none"} for i, p in enumerate(panels) if i != 2)
    values = {}
    for panel in panels:
        for component_id in panel:  # a Dash component iterates over the ids in its tree
            if isinstance(component_id, dict) and component_id.get("type") == "answer":
                values[component_id["question"]] = panel[component_id].value
    assert values == {q: shown[q] for q in shown} and values["count_dwellings"] == "1800"


def test_a_chart_is_only_made_when_there_is_a_figure() -> None:
    """An empty dcc.Graph draws an empty grid: the box stays empty until there is a figure."""
    advice = views.current_advice(RULES, complete_state())
    figure = views.tradeoff_view(RULES, advice, "nl")
    assert views.chart("tradeoff-graph", {}) is None
    graph = views.chart("tradeoff-graph", figure)
    assert graph.figure is figure and graph.style == views.graph_style(figure)
    assert views.chart("network-graph", figure, {"height": "560px"}).style == {"height": "560px"}


def test_the_advice_page_is_built_with_its_advice_and_the_users_weights() -> None:
    """Opened, the advice page comes filled in: no second request to ask for the advice."""
    from samenwerking.dashboard import ids
    from samenwerking.dashboard.layout import build_page

    state = complete_state(weights={**RULES.default_weights, "autonomy": 2.5})
    filled = views.advice_page_shown(RULES, state, "nl")
    page = build_page(RULES, "/advies", "nl", state, {}, 0, filled)
    assert page[ids.ADVICE_BODY].style == {} and page[ids.ADVICE_MISSING].is_open is False
    assert "ranking-row" in str(page[ids.RANKING].children)
    assert page[ids.TRADEOFF_BOX].children.children[0].id == ids.TRADEOFF
    assert page[ids.later_chart(ids.WATERFALL_BOX)].data.children[0].id == ids.WATERFALL
    # The plotly toolbar is hidden; the chart's own button downloads it, named in Dutch.
    button = page[ids.TRADEOFF_BOX].children.children[1]
    assert button.id["file"] == "afwegingen-per-thema" and "PNG" in button.children
    assert page[{"type": ids.WEIGHT, "theme": "autonomy"}].value == 2.5
    assert page[{"type": ids.WEIGHT_VALUE, "theme": "autonomy"}].children == "2,5"
    unanswered = empty_state(RULES)
    filled = views.advice_page_shown(RULES, unanswered, "nl")
    page = build_page(RULES, "/advies", "nl", unanswered, {}, 0, filled)
    assert page[ids.ADVICE_MISSING].is_open is True and page[ids.ADVICE_BODY].style


def test_a_partner_added_while_an_answer_is_written_keeps_that_answer() -> None:
    # Before: the partner was added to the stored state, which the answer's write had not
    # reached yet, and that write was then overwritten: the answer was lost.
    first = next(q.id for q in RULES.questions if q.kind == "scale")
    state, _ = views.reduce_state(
        RULES,
        "add_partner",
        empty_state(RULES),
        answers={first: 4.0},
        partner=("Gemeente", "municipality"),
    )
    assert state["answers"] == {first: 4.0}
    assert [p["name"] for p in state["partners"]] == ["Gemeente"]


def test_the_board_pack_of_a_partly_answered_questionnaire_says_it_is_provisional() -> None:
    # Before (#27, HIGH): the downloaded pack at 15 of 48 answers never said so.
    from samenwerking.dashboard.state import empty_state
    from samenwerking.documents import to_markdown

    counts = {
        "partner_count": 4,
        "partner_corporations": 1,
        "partner_dwellings": 1500,
        "dwellings": 1800,
    }
    state = empty_state(RULES)
    state["answers"] = {
        q.id: float(counts[q.factor]) if q.kind == "number" else 3.0 for q in RULES.questions
    }
    skipped = [q.id for q in RULES.questions if q.factor == "trust"][1:]  # one trust answer kept
    for question in skipped:
        del state["answers"][question]
    pack = to_markdown(views.board_pack_of(RULES, state, "nl"))
    scored = len([q for q in RULES.questions if q.factor is not None])  # conditions never count
    answered = scored - len(skipped)
    assert f"Voorlopig advies: {answered} van {scored} antwoorden." in pack
