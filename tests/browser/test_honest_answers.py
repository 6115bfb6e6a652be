"""'Weet niet' in the browser: the firmness names the factor, and decisive questions go first."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import RULES, answer, answer_all, open_tab

TRUST = [q.id for q in RULES.questions if q.factor == "trust"]
#: A question none of whose answers can change the advice in the situation below.
IDLE = "ab_rules_grow"


def first_form(page: Page) -> str:
    return page.locator(".ranking-row").first.get_attribute("id").removeprefix("rank-")


def test_weet_niet_on_trust_is_named_and_the_decisive_question_comes_first(page: Page) -> None:
    answer_all(page, overrides=dict.fromkeys(TRUST, "weet niet"), skip=frozenset({IDLE}))
    open_tab(page, "Advies")
    headline = page.locator("#advice-headline")
    expect(headline).to_contain_text("vooral onzeker door uw antwoorden over Onderling vertrouwen")
    expect(page.locator("#firmness-text")).to_contain_text(
        "Niet bekend (weet niet): Onderling vertrouwen"
    )
    before = first_form(page)

    open_tab(page, "Zelfevaluatie")
    page.get_by_text("Eerst de vragen die het advies kunnen veranderen").click()
    listed = page.locator(".decisive-question")
    expect(listed).to_have_count(len(TRUST) + 1)
    order = [listed.nth(i).get_attribute("data-question") for i in range(listed.count())]
    changes = [float(listed.nth(i).get_attribute("data-changes")) for i in range(listed.count())]
    # Every trust question can change the advice; the idle one cannot, and comes last.
    assert order[-1] == IDLE and changes[-1] == 0
    assert set(order[:-1]) == set(TRUST) and all(c > 0 for c in changes[:-1])
    expect(listed.last).to_contain_text("verandert het advies niet")
    expect(listed.first).to_contain_text("kan het advies veranderen naar")

    # The first question is what the list says: answering it low changes the advice.
    listed.first.get_by_role("button").click()
    answer(page, order[0], 5 if next(q for q in RULES.questions if q.id == order[0]).reverse else 1)
    open_tab(page, "Advies")
    expect(page.locator(".ranking-row").first).not_to_have_attribute("id", f"rank-{before}")
