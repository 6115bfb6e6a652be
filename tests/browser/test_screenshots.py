"""Screenshots of every page at laptop and tablet size, written to out/screenshots/."""

from __future__ import annotations

import pypdfium2
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.browser.helpers import RULES, answer_all, open_tab

PAGES = [
    ("zelfevaluatie", "Zelfevaluatie", ".question >> visible=true"),
    ("advies", "Advies", ".ranking-row"),
    ("netwerk", "Netwerk", "#network-graph .main-svg"),
    ("scenarios", "Scenario's", ".scenario-table"),
    ("opslaan", "Opslaan en delen", ".upload-zone"),
]


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (768, 1024)])
def test_screenshot_every_page(page: Page, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    answer_all(page, value=4)
    page.locator("#partner-name").fill("Gemeente Breda")
    page.locator("#partner-kind").select_option(label="Gemeente")
    page.get_by_role("button", name="Toevoegen").click()
    open_tab(page, "Scenario's")
    page.locator("#scenario-name").fill("Vandaag")
    page.get_by_role("button", name="Huidige antwoorden bewaren").click()
    for name, tab, ready in PAGES:
        open_tab(page, tab)
        expect(page.locator(ready).first).to_be_visible()
        page.wait_for_timeout(300)  # let plotly finish drawing
        path = screenshot(page, f"{name}-{width}x{height}")
        assert path.stat().st_size > 10_000
    # The board pack as the director downloads it, each page rendered at the same width.
    open_tab(page, "Opslaan en delen")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download bestuursrapport (PDF)").click()
    pdf = pypdfium2.PdfDocument(download.value.path())
    for index in range(len(pdf)):
        page_of_pdf = pdf[index]
        image = page_of_pdf.render(scale=width / page_of_pdf.get_width()).to_pil()
        target = SCREENSHOTS / f"bestuursrapport-p{index + 1}-{width}.png"
        image.save(target)
        assert image.width == width and target.stat().st_size > 10_000


def test_screenshot_the_provisional_board_pack(page: Page) -> None:
    # #27: a board pack made before every question is answered says so on page 1, with the
    # open topics, the theme weights used and how sure each answer is.
    first_of_each = {}  # one answer per factor: an advice, but a provisional one
    for question in RULES.questions:
        if question.factor is not None:
            first_of_each.setdefault(question.factor, question.id)
    skip = frozenset(q.id for q in RULES.questions if q.id not in first_of_each.values())
    answer_all(page, value=4, skip=skip)
    open_tab(page, "Opslaan en delen")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download bestuursrapport (PDF)").click()
    pdf = pypdfium2.PdfDocument(download.value.path())
    first = pdf[0]
    assert "Voorlopig advies" in first.get_textpage().get_text_range()
    image = first.render(scale=1366 / first.get_width()).to_pil()
    target = SCREENSHOTS / "bestuursrapport-voorlopig-p1.png"
    image.save(target)
    assert target.stat().st_size > 10_000
