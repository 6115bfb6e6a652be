"""WCAG 2.2 AA: axe-core on every page in both languages, and the keyboard reaches everything."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from samenwerking.dashboard.questionnaire import question_groups

from tests.browser.helpers import (
    LINK_NAME,
    PAGES,
    RULES,
    answer_all,
    clipped_chart_labels,
    fill_everything,
    focus_ring,
    open_page,
    serious_violations,
)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_axe_finds_nothing_serious_on_any_page(browser: Browser, server: str, lang: str) -> None:
    # Before: tabs unreachable (tabindex=-1, one shared id), contrast 2.25-3.15:1, no lang,
    # no main landmark, unlabelled select, file input and sliders.
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{server}language/{lang}")
    page.locator("#progress-text").wait_for()
    answer_all(page) if lang == "nl" else None
    found = {}
    for path, _ in PAGES:
        open_page(page, path)
        page.wait_for_timeout(600)  # let the page's figures draw
        found[path] = serious_violations(page)
    context.close()
    assert all(not v for v in found.values()), found


def test_the_page_says_its_language_and_has_a_main_landmark(page, server) -> None:
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("main").count() == 1
    page.goto(f"{server}language/en")
    page.locator("#progress-text").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(f"{server}language/nl")


def test_every_page_is_reached_by_keyboard_and_back_works(page, server) -> None:
    for path, name in PAGES[1:]:
        link = page.locator(".page-nav").get_by_role("link", name=name, exact=True)
        link.focus()
        expect(link).to_be_focused()
        page.keyboard.press("Enter")
        expect(page).to_have_url(f"{server}{path.lstrip('/')}")
        expect(link).to_have_attribute("aria-current", "page")
        # The page takes the focus, so a screen reader reads it next.
        expect(page.locator("#main")).to_be_focused()
    page.go_back()
    expect(page).to_have_url(f"{server}{PAGES[-2][0].lstrip('/')}")
    # Tab order starts with a skip link, then the navigation.
    page.goto(server)
    page.locator("#progress-text").wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") in (
        "Naar de inhoud",
        "Zelfevaluatie",
    )
    assert RULES.forms


def test_keyboard_focus_is_visible_on_filled_and_outline_buttons(page) -> None:
    # Before (#27, HIGH): a focused filled button ("Volgende") had no outline, only a change
    # from rgb(31,78,121) to rgb(32,75,116); the amber ring elsewhere stood 2,1:1 on white.
    for name in ("Volgende", "Vorige"):
        button = page.get_by_role("button", name=name, exact=True)
        button.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # reached by keyboard, so :focus-visible applies
        expect(button).to_be_focused()
        width, ratio = focus_ring(page)
        assert width >= 2 and ratio >= 3, (name, width, ratio)
    page.get_by_role("radio").first.focus()
    width, ratio = focus_ring(page)
    assert width >= 2 and ratio >= 3, ("radio", width, ratio)


def test_after_volgende_the_focus_is_on_the_next_groups_heading(page) -> None:
    # Before (#27): the focus stayed on "Volgende" and the next Tab skipped the new
    # questions; on a phone the new group's heading was 414 px above the screen.
    groups = question_groups(RULES)
    volgende = page.get_by_role("button", name="Volgende", exact=True)
    volgende.focus()
    page.keyboard.press("Enter")
    heading = page.locator("h2.group-heading", has_text=groups[1].label("nl"))
    expect(heading).to_be_focused()
    top = heading.evaluate("element => element.getBoundingClientRect().top")
    # On screen, near its top (a pixel or two of layout settling after the scroll is fine).
    assert -4 <= top < page.viewport_size["height"] / 2
    page.keyboard.press("Tab")  # the next Tab reaches the new group's first question
    first = groups[1].questions[0].id
    assert page.evaluate(f"document.activeElement.closest('#question-{first}') !== null"), (
        page.evaluate("document.activeElement.outerHTML")
    )


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_axe_and_no_sideways_scroll_with_data_on_every_page(
    browser: Browser, server: str, lang: str, width: int, tmp_path: Path
) -> None:
    # Before (#27): with partners and scenarios on the page, "Verwijderen" and "Laden" stood
    # 2,41:1 (axe only ever saw empty pages); at 390 px the header was 391 px wide and the
    # group result's table 404 px, so the page scrolled sideways; theme names ran into each
    # other and into the legend under the trade-off bars.
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 800 else 768})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{server}language/{lang}")
    page.locator("#progress-text").wait_for()
    fill_everything(page, tmp_path)
    # The member's name, written as a link, is text in the group chart (#26).
    spread = page.locator("#group-spread")
    expect(spread.locator(".legend")).to_contain_text(LINK_NAME)
    assert page.locator("a[href*='evil.example']").count() == 0
    found, wide = {}, {}
    for path, _ in PAGES:
        open_page(page, path)
        page.wait_for_timeout(600)  # let the page's figures draw
        found[path] = serious_violations(page) + clipped_chart_labels(page)
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            wide[path] = scroll
    context.close()
    assert all(not v for v in found.values()), found
    assert wide == {}, f"wider than {width} px: {wide}"
