"""Screenshots of every page at laptop and tablet size, written to out/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.helpers import answer_all, open_tab

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
