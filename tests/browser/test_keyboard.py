"""A director without a mouse: the whole questionnaire, a partner, a weight and the board pack.

Every key press that moves the focus is followed by a look at the focus ring: it must be
there (an outline of at least 2 px) and stand out at least 3:1 against what is behind it
(WCAG 2.4.7, 2.4.11, 2.4.13 as far as they apply). Nothing here clicks.
"""

from __future__ import annotations

import io
from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from samenwerking.dashboard.questionnaire import question_groups

from tests.browser.helpers import NUMBERS, RULES, focus_ring

#: The answer given to every scale question: 'Mee eens' (4), reached by Space then arrows.
SCALE_ANSWER = 4


def focused_is(page: Page, test: str) -> bool:
    """Whether the focused element passes ``test``, a JavaScript expression over ``e``."""
    return bool(page.evaluate(f"(e => Boolean({test}))(document.activeElement)"))


def settle(page: Page) -> None:
    """Wait, as a person does between two keys, until the dashboard answered the last one."""
    # Polled from here: the page's Content-Security-Policy refuses wait_for_function's eval.
    for _ in range(100):
        if page.evaluate("document.querySelector('[data-dash-is-loading]') === null"):
            return
        page.wait_for_timeout(50)


def assert_focus_visible(page: Page) -> None:
    settle(page)
    where = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    width, ratio = focus_ring(page)
    assert width >= 2 and ratio >= 3, (where, width, ratio)


def press_until(page: Page, test: str, key: str = "Tab", most: int = 60) -> None:
    """Press ``key`` until the focused element passes ``test``; the ring is seen each time."""
    for _ in range(most):
        page.keyboard.press(key)
        settle(page)
        if focused_is(page, "e === document.body"):
            continue  # between the last control and the first: the browser's own chrome
        assert_focus_visible(page)
        if focused_is(page, test):
            return
    raise AssertionError(f"{key} never reached an element where {test}")


def answer_by_keyboard(page: Page, question_id: str, kind: str, factor: str | None) -> None:
    press_until(page, f"e.closest('#question-{question_id}') !== null")
    if kind == "number":
        page.keyboard.type(NUMBERS.get(factor or "", "4"))
        return  # the next Tab commits it, as a blur does
    page.keyboard.press("Space")  # the first answer; each arrow chooses the next one
    for _ in range(SCALE_ANSWER - 1):
        page.keyboard.press("ArrowRight")
        assert_focus_visible(page)
    expect(page.locator(f"#question-{question_id} input[value='{SCALE_ANSWER}']")).to_be_checked()


def test_a_director_without_a_mouse_does_everything(page: Page, tmp_path: Path) -> None:
    # Before (#27): every radio was its own tab stop (20 per group), focus fell to the page
    # top after a partner was removed, and focused filled buttons showed no ring.
    groups = question_groups(RULES)
    for number, group in enumerate(groups):
        for question in group.questions:
            answer_by_keyboard(page, question.id, question.kind, question.factor)
        if number < len(groups) - 1:
            press_until(page, "e.id === 'next-group'")
            page.keyboard.press("Enter")
            heading = page.locator("h2.group-heading", has_text=groups[number + 1].label("nl"))
            expect(heading).to_be_focused()
    press_until(page, "e.id === 'own-name'")  # the last count is committed on the way
    total = len(RULES.questions)
    expect(page.get_by_text(f"{total} van {total} vragen beantwoord")).to_be_visible()

    # A partner added and removed, by keyboard.
    press_until(page, "e.id === 'partner-name'")
    page.keyboard.type("Gemeente Breda")
    press_until(page, "e.id === 'partner-kind'")
    page.keyboard.press("ArrowDown")
    press_until(page, "e.id === 'add-partner'")
    page.keyboard.press("Enter")
    expect(page.locator("#partner-list")).to_contain_text("Gemeente Breda")
    press_until(page, "e.id.includes('remove-partner')")
    page.keyboard.press("Enter")
    expect(page.locator("#partner-list")).not_to_contain_text("Gemeente Breda")
    # The list is empty: the focus is on the name field, ready for the next partner.
    expect(page.locator("#partner-name")).to_be_focused()
    assert_focus_visible(page)

    # A weight changed on the advice page.
    press_until(page, "e.getAttribute('href') === '/advies'", key="Shift+Tab", most=120)
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    press_until(page, "e.type === 'range'")
    readout = page.locator(".weight output").first
    before = readout.inner_text()
    page.keyboard.press("ArrowRight")
    expect(readout).not_to_have_text(before)
    assert_focus_visible(page)

    # The board pack downloaded.
    press_until(page, "e.getAttribute('href') === '/opslaan'", key="Shift+Tab", most=120)
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    press_until(page, "e.id === 'download-pdf'")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert "Advies samenwerkingsvorm" in pdf.pages[0].extract_text()


def test_a_question_is_one_tab_stop_and_arrows_choose_inside_it(page: Page) -> None:
    # Before (#27): each of a question's six radios was its own tab stop (20 per group).
    first, second = question_groups(RULES)[0].questions[:2]
    press_until(page, f"e.closest('#question-{first.id}') !== null")
    page.keyboard.press("ArrowRight")  # chooses, and stays inside the question
    assert focused_is(page, f"e.closest('#question-{first.id}') !== null")
    page.keyboard.press("Tab")
    assert focused_is(page, f"e.closest('#question-{second.id}') !== null")
    page.keyboard.press("Shift+Tab")  # back on the chosen answer
    expect(page.locator(f"#question-{first.id} input:checked")).to_be_focused()
