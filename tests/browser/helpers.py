"""Actions a director takes on the dashboard, written once for all browser tests."""

from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from samenwerking import load_rules
from samenwerking.dashboard.questionnaire import question_groups
from samenwerking.dashboard.views import dossier_download

RULES = load_rules()
LABELS_NL = {v: RULES.answer_scale.labels[v]("nl") for v in RULES.answer_scale.labels}
NUMBERS = {
    "partner_count": "4",
    "partner_corporations": "1",
    "partner_dwellings": "1500",
    "dwellings": "1800",
}


AXE = Axe()


def serious_violations(page: Page) -> list[str]:
    """What axe-core finds of WCAG 2.2 AA on the page, serious or critical, one line each."""
    results = AXE.run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


#: The dashboard's pages: URL path and menu name (Dutch).
PAGES = [
    ("/", "Zelfevaluatie"),
    ("/advies", "Advies"),
    ("/netwerk", "Netwerk"),
    ("/scenarios", "Scenario's"),
    ("/opslaan", "Opslaan en delen"),
    ("/samen", "Samen invullen"),
]
_NAMES = {name: path for path, name in PAGES} | {
    "Self-assessment": "/",
    "Advice": "/advies",
    "Network": "/netwerk",
    "Scenarios": "/scenarios",
    "Save and share": "/opslaan",
    "Assess together": "/samen",
}


def open_tab(page: Page, name: str) -> None:
    """Open a page by its menu link, as a user does (the name in either language)."""
    page.locator(".page-nav").get_by_role("link", name=name, exact=True).click()
    expect(page.locator(f"section[id*='\"{_NAMES[name]}\"']")).to_be_visible()


def open_page(page: Page, path: str) -> None:
    """Open the page at ``path`` through the menu."""
    link = page.locator(f".page-nav a[href='{path}']")
    link.click()
    expect(page.locator(f"section[id*='\"{path}\"']")).to_be_visible()


def open_group(page: Page, factor: str) -> None:
    page.locator(f"[id*='group-link'][id*='\"{factor}\"']").click()
    expect(page.locator(f"[id*='group-panel'][id*='\"{factor}\"']")).to_be_visible()


def answer(page: Page, question: str, value: int | str) -> None:
    """Click an answer (or type a number) for one question, as a user would."""
    card = page.locator(f"#question-{question}")
    expect(card).to_be_visible()
    kind = next(q.kind for q in RULES.questions if q.id == question)
    if kind == "number":
        field = card.locator("input")
        field.fill(str(value))
        field.press("Enter")
    elif value == "weet niet":
        card.get_by_text("Weet niet", exact=True).click()
    else:
        card.get_by_text(LABELS_NL[int(value)], exact=True).click()


def answers_for(factors: dict[str, float]) -> dict[str, int]:
    """The answer to every question of these factors that gives the factor that value.

    A reversed question ("eens" means lower) gets the mirrored answer; a count its number.
    """
    found = {}
    for question in RULES.questions:
        if question.factor in factors:
            value = factors[question.factor]
            mirrored = question.kind != "number" and getattr(question, "reverse", False)
            found[question.id] = int(6 - value if mirrored else value)
    return found


def answer_all(
    page: Page,
    value: int = 3,
    overrides: dict[str, int | str] | None = None,
    skip: frozenset[str] = frozenset(),
) -> None:
    """Answer every question (but ``skip``) by clicking through the groups."""
    overrides = overrides or {}
    for group in question_groups(RULES):
        open_group(page, group.id)
        for question in group.questions:
            if question.id in skip:
                continue
            default = NUMBERS.get(question.factor or "", value)
            answer(page, question.id, overrides.get(question.id, default))
    total = len(RULES.questions)
    expect(page.get_by_text(f"{total - len(skip)} van {total} vragen beantwoord")).to_be_visible()


def scores(page: Page) -> dict[str, float]:
    """The scores shown in the ranking, by form id."""
    rows = page.locator(".ranking-row")
    expect(rows).to_have_count(len(RULES.forms))
    return {
        rows.nth(i).get_attribute("id").removeprefix("rank-"): float(
            rows.nth(i).get_attribute("data-score")
        )
        for i in range(len(RULES.forms))
    }


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    """WCAG contrast ratio of two sRGB colours."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def focus_ring(page: Page) -> tuple[float, float]:
    """The focused element's outline: its width in px and its contrast with what is behind it.

    Behind the ring (it sits outside the control, offset) is the nearest ancestor with a
    background colour of its own.
    """
    found = page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            let parent = element.parentElement, behind = "rgb(255, 255, 255)";
            while (parent) {
                const colour = getComputedStyle(parent).backgroundColor;
                if (colour && colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") {
                    behind = colour; break;
                }
                parent = parent.parentElement;
            }
            return [style.outlineStyle, style.outlineWidth, style.outlineColor, behind];
        }"""
    )
    outline_style, width, colour, behind = found
    if outline_style == "none":
        return 0.0, 1.0

    def rgb(text: str) -> tuple[float, float, float]:
        parts = text[text.index("(") + 1 : text.index(")")].split(",")
        return float(parts[0]), float(parts[1]), float(parts[2])

    return float(width.removesuffix("px")), contrast(rgb(colour), rgb(behind))


def dossier_file(folder: Path, name: str, value: int) -> Path:
    """A dossier as a director saves it: every scale question ``value``, counts realistic."""
    answers = {
        q.id: (1800 if q.factor == "dwellings" else 4) if q.kind == "number" else value
        for q in RULES.questions
    }
    state = {"answers": answers, "partners": [], "own": "", "weights": RULES.default_weights}
    path = folder / f"{name}.json"
    path.write_text(dossier_download(RULES, state))
    return path


#: A member's name written as a link: it must stay text everywhere it is shown.
LINK_NAME = '<a href="https://evil.example/x">Anna</a>'


def fill_everything(page: Page, folder: Path) -> None:
    """Put data on every page, as a director does, in whichever language the page speaks.

    Answers from a saved dossier, two partners, two scenarios, and a session of one that
    this browser opens, joins, answers and reveals, so the result is on "Samen invullen".
    Controls are found by id: the same steps serve both languages.
    """
    open_page(page, "/opslaan")
    page.locator("#upload input[type=file]").set_input_files(str(dossier_file(folder, "d", 4)))
    expect(page.locator(".upload-result.alert-success")).to_be_visible()
    open_page(page, "/")
    for name in ("Gemeente Breda", "Woonstichting Oost"):
        page.locator("#partner-name").fill(name)
        page.locator("#partner-kind").select_option(index=1)
        page.locator("#add-partner").click()
        expect(page.locator("#partner-list")).to_contain_text(name)
    open_page(page, "/scenarios")
    for name in ("Vandaag", "Over een jaar"):
        page.locator("#scenario-name").fill(name)
        page.locator("#save-scenario").click()
        expect(page.locator("#scenario-list")).to_contain_text(name)
    open_page(page, "/samen")
    page.locator("#together-title").fill("Bestuursdag")
    page.locator("#together-create").click()
    code = page.locator("#together-facilitator-body code.fs-5")
    expect(code).to_be_visible()
    page.locator("#together-code").fill(code.inner_text())
    page.locator("#together-name").fill(LINK_NAME)
    page.locator("#together-join").click()
    submit = page.locator("#together-submit")
    expect(submit).to_be_visible()
    message = page.locator("#together-message")
    joined = message.inner_text()
    submit.click()
    expect(message).not_to_have_text(joined)  # now it says the answers were sent
    expect(message.locator(".alert-success")).to_be_visible()
    page.locator("#together-refresh").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#together-reveal").click()
    expect(page.locator("#group-members tbody tr")).to_have_count(1)


def clipped_chart_labels(page: Page) -> list[str]:
    """Axis and legend labels of the charts on the page that are cut off or run into another.

    Cut off: a label's box sticks out of its chart. Run into: a legend entry overlaps an
    axis label, or two level tick labels of one axis overlap (slanted labels have
    overlapping boxes by nature, so those two are not compared with each other).
    """
    return page.evaluate(
        """() => {
            const found = [];
            const overlap = (a, b) =>
                Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 &&
                Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
            const slanted = (text) => /rotate/.test(text.getAttribute('transform') || '');
            for (const plot of document.querySelectorAll('.js-plotly-plot')) {
                if (!plot.offsetParent) continue;  // a hidden chart is not seen
                const frame = plot.getBoundingClientRect();
                const name = (plot.closest('[id]') || {id: '?'}).id;
                const boxes = (selector) => [...plot.querySelectorAll(selector)]
                    .map(text => ({
                        text, label: text.textContent, box: text.getBoundingClientRect(),
                    }))
                    .filter(item => item.box.width);
                const ticks = boxes('.xtick text, .ytick text');
                const legend = boxes('.legendtext');
                for (const item of [...ticks, ...legend]) {
                    const box = item.box;
                    if (box.left < frame.left - 1 || box.right > frame.right + 1 ||
                        box.top < frame.top - 1 || box.bottom > frame.bottom + 1) {
                        found.push(`${name}: '${item.label}' cut off`);
                    }
                }
                for (const entry of legend) {
                    for (const tick of ticks) {
                        if (overlap(entry.box, tick.box)) {
                            found.push(`${name}: legend '${entry.label}' on '${tick.label}'`);
                        }
                    }
                }
                for (const axis of ['.xtick text', '.ytick text']) {
                    const level = boxes(axis).filter(item => !slanted(item.text));
                    for (let i = 1; i < level.length; i++) {
                        if (overlap(level[i - 1].box, level[i].box)) {
                            const [a, b] = [level[i - 1].label, level[i].label];
                            found.push(`${name}: '${a}' runs into '${b}'`);
                        }
                    }
                }
            }
            return found;
        }"""
    )
