"""A director's path through the dashboard, in a real headless Chromium."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import RULES, answer, answer_all, open_group, open_tab, scores

QUESTIONS = len(RULES.questions)


def test_answer_the_whole_questionnaire_and_see_the_ranking(page: Page) -> None:
    expect(page.get_by_text(f"0 van {QUESTIONS} vragen beantwoord")).to_be_visible()
    answer_all(page)
    open_tab(page, "Advies")
    shown = scores(page)
    assert set(shown) == set(RULES.form_ids)
    ordered = list(shown.values())
    assert ordered == sorted(ordered, reverse=True)
    expect(page.locator("#tradeoff-graph .main-svg").first).to_be_visible()


def test_high_autonomy_answers_drop_merger(page: Page) -> None:
    answer_all(page)
    open_tab(page, "Advies")
    before = scores(page)["merger"]
    open_tab(page, "Zelfevaluatie")
    open_group(page, "required_autonomy")
    for question in RULES.questions:
        if question.factor == "required_autonomy":
            answer(page, question.id, 1 if question.reverse else 5)
    open_tab(page, "Advies")
    expect(page.locator("#rank-merger")).not_to_have_attribute("data-score", f"{before:.4f}")
    after = scores(page)["merger"]
    assert after < before
    expect(page.locator("#rank-merger").get_by_text("niet passend", exact=True)).to_be_visible()


def test_moving_a_weight_slider_changes_the_scores(page: Page) -> None:
    # Autonomy answered above neutral: at 'Neutraal' no autonomy rule gives points, so its
    # weight would rightly change nothing.
    answer_all(
        page, overrides={q.id: 4 for q in RULES.questions if q.factor == "required_autonomy"}
    )
    open_tab(page, "Advies")
    before = scores(page)
    slider = page.get_by_role("slider", name="Autonomie")  # found by its label
    slider.focus()
    for _ in range(6):
        slider.press("ArrowRight")
    slider.press("Enter")  # keyboard users commit the value (a change event)
    expect(page.locator(".weight").filter(has_text="Autonomie").locator("output")).to_have_text(
        "2,5"
    )
    expect(page.locator("#rank-social_network")).not_to_have_attribute(
        "data-score", f"{before['social_network']:.4f}"
    )
    after = scores(page)
    assert after != before
    assert after["merger"] < before["merger"]  # autonomy counts against merger


def test_switch_to_english_and_back_keeps_the_answers(page: Page) -> None:
    answer_all(page)
    page.locator("#lang-en").click()
    expect(page.locator(".page-nav").get_by_role("link", name="Self-assessment")).to_be_visible()
    expect(page.get_by_text(f"{QUESTIONS} of {QUESTIONS} questions answered")).to_be_visible()
    open_tab(page, "Advice")
    expect(page.get_by_text("Ranking of the forms")).to_be_visible()
    english = scores(page)
    page.locator("#lang-nl").click()  # back on the same page, in Dutch
    expect(page.locator(".page-nav").get_by_role("link", name="Zelfevaluatie")).to_be_visible()
    expect(page.get_by_text("Rangorde van de vormen")).to_be_visible()
    assert scores(page) == english
    open_tab(page, "Zelfevaluatie")
    expect(page.get_by_text(f"{QUESTIONS} van {QUESTIONS} vragen beantwoord")).to_be_visible()


def test_download_reset_reload_upload_gives_the_same_advice(page: Page, tmp_path) -> None:
    answer_all(page, overrides={"tr_rely": 5, "sc_needs_others": 5})
    open_tab(page, "Advies")
    original = scores(page)
    open_tab(page, "Opslaan en delen")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download dossier (JSON)").click()
    saved = tmp_path / "dossier.json"
    download.value.save_as(saved)
    with page.expect_download() as report:
        page.get_by_role("button", name="Download rapport (HTML, afdrukbaar)").click()
    printed = tmp_path / "rapport.html"
    report.value.save_as(printed)
    report = printed.read_text()
    assert RULES.content_hash[:12] in report and "Rangorde" in report
    assert "@page { size: A4" in report and "plotly" not in report  # before: 4.8 MB, Letter
    assert len(report.encode()) < 200_000
    open_tab(page, "Zelfevaluatie")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Alle antwoorden wissen").click()
    expect(page.get_by_text(f"0 van {QUESTIONS} vragen beantwoord")).to_be_visible()
    page.reload()
    expect(page.get_by_text(f"0 van {QUESTIONS} vragen beantwoord")).to_be_visible()
    open_tab(page, "Opslaan en delen")
    page.locator("#upload input[type=file]").set_input_files(str(saved))
    expect(page.get_by_text(f"Dossier teruggezet: {QUESTIONS} antwoorden")).to_be_visible()
    open_tab(page, "Zelfevaluatie")
    expect(page.get_by_text(f"{QUESTIONS} van {QUESTIONS} vragen beantwoord")).to_be_visible()
    open_tab(page, "Advies")
    assert scores(page) == original


def test_bad_upload_shows_an_error_and_keeps_the_answers(page: Page, tmp_path) -> None:
    answer_all(page)
    bad = tmp_path / "iets-anders.json"
    bad.write_text('{"format": "iets anders", "answers": {}}')
    open_tab(page, "Opslaan en delen")
    page.locator("#upload input[type=file]").set_input_files(str(bad))
    expect(page.get_by_text("Dit bestand kan niet worden teruggezet")).to_be_visible()
    expect(page.get_by_text("Uw huidige antwoorden zijn bewaard")).to_be_visible()
    broken = tmp_path / "kapot.json"
    broken.write_text("{ dit is geen json")
    page.locator("#upload input[type=file]").set_input_files(str(broken))
    expect(page.get_by_text("geen geldige JSON")).to_be_visible()
    open_tab(page, "Zelfevaluatie")
    expect(page.get_by_text(f"{QUESTIONS} van {QUESTIONS} vragen beantwoord")).to_be_visible()
    open_tab(page, "Advies")
    assert len(scores(page)) == len(RULES.forms)


def test_network_page_shows_the_graph_for_the_partners(page: Page) -> None:
    answer_all(page)
    page.locator("#own-name").fill("Woonstichting De Kern")
    page.locator("#own-name").press("Enter")
    for name, kind in [
        ("Gemeente Breda", "Gemeente"),
        ("GGZ Breburg", "Zorg"),
        ("Surplus Welzijn", "Welzijn"),
    ]:
        page.locator("#partner-name").fill(name)
        page.locator("#partner-kind").select_option(label=kind)
        page.get_by_role("button", name="Toevoegen").click()
        expect(page.locator(".partner").filter(has_text=name)).to_be_visible()
    open_tab(page, "Netwerk")
    page.locator("#network-form").select_option(label="Organisatienetwerk")
    graph = page.locator("#network-graph")
    expect(graph.locator(".scatterlayer .trace").first).to_be_attached()
    expect(graph.get_by_text("GGZ Breburg")).to_be_attached()
    expect(page.locator(".governance")).to_contain_text("Besturingsvorm")
    expect(page.locator(".metrics")).to_contain_text("Dichtheid")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download als GraphML").click()
    assert download.value.suggested_filename == "netwerk-organisatienetwerk.graphml"


def test_scenarios_are_saved_and_compared(page: Page) -> None:
    answer_all(page)
    open_tab(page, "Scenario's")
    page.locator("#scenario-name").fill("Vandaag")
    page.get_by_role("button", name="Huidige antwoorden bewaren").click()
    expect(page.get_by_text("Scenario 'Vandaag' bewaard.")).to_be_visible()
    open_tab(page, "Zelfevaluatie")
    open_group(page, "social_complexity")
    for question in RULES.questions:
        if question.factor == "social_complexity":
            answer(page, question.id, 1 if question.reverse else 5)
    open_tab(page, "Scenario's")
    page.locator("#scenario-name").fill("Over drie jaar")
    page.get_by_role("button", name="Huidige antwoorden bewaren").click()
    table = page.locator(".scenario-table")
    expect(table).to_contain_text("Vandaag")
    expect(table).to_contain_text("Over drie jaar")
    expect(table).to_contain_text("Complexiteit van de maatschappelijke opgave")


def test_a_slider_acts_while_it_moves_without_leaving_it(page: Page) -> None:
    # Before (#27, HIGH): arrows and drags moved the handle, but the number stayed "1" and
    # the advice did not change until the slider lost focus.
    answer_all(
        page, overrides={q.id: 4 for q in RULES.questions if q.factor == "required_autonomy"}
    )
    open_tab(page, "Advies")
    before = scores(page)
    slider = page.get_by_role("slider", name="Autonomie")
    shown = page.locator(".weight").filter(has_text="Autonomie").locator("output")
    slider.focus()
    for _ in range(6):
        slider.press("ArrowRight")  # no Enter, no Tab
    expect(shown).to_have_text("2,5")
    expect(page.locator("#rank-merger")).not_to_have_attribute(
        "data-score", f"{before['merger']:.4f}"
    )
    assert page.evaluate("document.activeElement.type") == "range"  # focus never left
    # A drag: the number follows before the mouse button is released.
    box = slider.bounding_box()
    assert box is not None
    middle = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.83, middle)
    page.mouse.down()
    page.mouse.move(box["x"] + 4, middle, steps=8)
    expect(shown).to_have_text("0")
    page.mouse.up()
    # The weight shown is the weight used: it is what the state kept.
    page.reload()
    open_tab(page, "Advies")
    expect(shown).to_have_text("0")


def test_charts_have_no_toolbar_but_their_own_download_in_dutch(page: Page) -> None:
    # Before (#27): four plotly toolbars added 40 tab stops labelled in English
    # ("Download plot as a PNG").
    answer_all(page)
    open_tab(page, "Advies")
    expect(page.locator("#tradeoff-graph .main-svg").first).to_be_visible()
    expect(page.locator(".modebar-btn")).to_have_count(0)
    button = page.get_by_role("button", name="Download als afbeelding (PNG)").first
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == "afwegingen-per-thema.png"


def test_the_language_switch_keeps_the_page_and_each_page_has_its_title(page: Page) -> None:
    # Before (#27): switching language jumped to Zelfevaluatie; every page had one <title>.
    answer_all(page)
    open_tab(page, "Advies")
    expect(page).to_have_title("Advies — Samenwerkingskompas")
    page.locator("#lang-en").click()
    expect(page.locator("section[id*='\"/advies\"']")).to_be_visible()
    expect(page).to_have_title("Advice — Collaboration compass")
    open_tab(page, "Network")
    expect(page).to_have_title("Network — Collaboration compass")
    page.locator("#lang-nl").click()
    expect(page.locator("section[id*='\"/netwerk\"']")).to_be_visible()
