"""Samen invullen in four browsers: the facilitator and three members, on SQLite.

The facilitator opens a session; three members join with the code (from the shared link),
answer (one through the questionnaire, two by loading a dossier), and submit. The server is
stopped and started again between the submissions and the reveal: nothing may be lost.
After the reveal every member sees the group advice, the disputed factors first, the spread
and each member's top form; the facilitator downloads the session dossier and the group PDF.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from tests.browser.conftest import SCREENSHOTS, Dashboard, screenshot
from tests.browser.helpers import answer_all, dossier_file, open_page

A4 = (595.3, 841.9)


@pytest.fixture
def dashboard(tmp_path: Path) -> Iterator[Dashboard]:
    server = Dashboard(tmp_path)  # its own data folder, restarted in the test
    server.start()
    yield server
    server.stop()


def _context(browser: Browser, errors: list[str], width: int = 1366) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page


def test_a_board_of_four_assesses_together(
    browser: Browser, dashboard: Dashboard, tmp_path: Path
) -> None:
    errors: list[str] = []
    _, facilitator = _context(browser, errors)
    facilitator.goto(f"{dashboard.url}samen")
    facilitator.get_by_label("Titel van de sessie").fill("Bestuursdag Woonstede")
    facilitator.get_by_role("button", name="Sessie openen").click()
    expect(facilitator.locator("#together-message")).to_contain_text("is geopend")
    code = facilitator.locator("#together-facilitator-body code.fs-5").inner_text()
    link = facilitator.locator("#together-facilitator-body code").nth(1).inner_text()
    assert link.endswith(f"samen?code={code}")
    expect(facilitator.locator("#together-facilitator-body")).to_contain_text("0 van 0 ingevuld")

    asked: list[str] = []

    def decline(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    members: list[Page] = []
    for name, organisation, how in (
        ("Anna de Vries", "Woonstede", 2),
        ("Bert Jansen", "Woonstede", 4),
        ("Carla Smit", "Gemeente Breda", 5),
    ):
        _, member = _context(browser, errors, width=768)
        member.goto(link)
        expect(member.get_by_label("Deelnamecode")).to_have_value(code)
        member.get_by_label("Uw naam").fill(name)
        member.get_by_label("Organisatie (niet verplicht)").fill(organisation)
        member.get_by_role("button", name="Meedoen").click()
        expect(member.locator("#together-message")).to_contain_text("u doet mee")
        expect(member.locator("#together-member-body")).to_contain_text(
            "nog geen antwoorden ingestuurd"
        )
        if how == 2:
            # Before (#27): "Uitslag tonen" was one click that froze everything, even at
            # "0 van 1 ingevuld". Now it asks, naming who has not sent their answers.
            facilitator.get_by_role("button", name="Voortgang bijwerken").click()
            expect(facilitator.locator("#together-facilitator-body")).to_contain_text(
                "0 van 1 ingevuld"
            )
            facilitator.once("dialog", decline)
            facilitator.get_by_role("button", name="Uitslag tonen").click()
            facilitator.wait_for_timeout(500)
            assert asked and "Nog niet ingestuurd: Anna de Vries (1 van 1)" in asked[0], asked
            expect(facilitator.get_by_role("button", name="Uitslag tonen")).to_be_visible()
            # through the questionnaire, as a director does
            open_page(member, "/")
            answer_all(member, value=2)
        else:  # from a dossier saved earlier
            open_page(member, "/opslaan")
            member.locator("#upload input[type=file]").set_input_files(
                str(dossier_file(tmp_path, name, how))
            )
            expect(member.locator(".upload-result.alert-success")).to_be_visible()
        open_page(member, "/samen")
        member.get_by_role("button", name="Mijn antwoorden insturen").click()
        expect(member.locator("#together-message")).to_contain_text("zijn ingestuurd")
        expect(member.locator("#together-member-body")).to_contain_text("zijn ingestuurd")
        expect(member.locator("#together-result")).not_to_contain_text("Groepsadvies")
        members.append(member)

    facilitator.get_by_role("button", name="Voortgang bijwerken").click()
    expect(facilitator.locator("#together-facilitator-body")).to_contain_text("3 van 3 ingevuld")

    dashboard.stop()  # nothing may be lost between the submissions and the reveal
    before = len(errors)
    # A submit while the server is down says so, in Dutch, and keeps the answers.
    members[0].get_by_role("button", name="Mijn antwoorden insturen").click()
    expect(members[0].locator("#together-message .alert-danger")).to_contain_text("niet verstuurd")
    dashboard.start()
    facilitator.wait_for_timeout(5_000)  # one poll: the members' pages find the server again
    # While the server was down on purpose, the members' polls failed at the network level
    # (refused, or cut off mid-request by the stop: reset, empty response); that is all they
    # may have reported then. An HTTP error status or a script error would still fail here.
    down = errors[before:]
    assert all("net::ERR_" in e or "server did not respond" in e for e in down), down
    del errors[before:]
    facilitator.reload()
    expect(facilitator.locator("#together-facilitator-body")).to_contain_text("3 van 3 ingevuld")
    facilitator.once("dialog", lambda dialog: dialog.accept())  # everyone has sent theirs
    facilitator.get_by_role("button", name="Uitslag tonen").click()
    expect(facilitator.locator("#together-message")).to_contain_text("De uitslag is getoond")
    expect(facilitator.locator("#together-result")).to_contain_text(
        "Groepsadvies: Bestuursdag Woonstede"
    )
    for member in members:  # the members' pages poll and show the result by themselves
        result = member.locator("#together-result")
        expect(result).to_contain_text("Groepsadvies: Bestuursdag Woonstede")
        expect(result).to_contain_text("eensgezindheid")
        expect(result.locator("h3").first).to_have_text(
            "Hierover verschillen jullie van mening — en het verandert het advies"
        )
        expect(result.locator("#group-members tbody tr")).to_have_count(3)
        expect(result.locator("#group-spread .main-svg").first).to_be_visible()
        expect(result.locator("#group-organisations")).to_contain_text("Gemeente Breda")
        expect(result).to_contain_text("Wat het groepsadvies zou veranderen")
    expect(members[0].get_by_role("button", name="Mijn antwoorden insturen")).to_be_hidden()
    expect(facilitator.get_by_role("button", name="Uitslag tonen")).to_be_hidden()
    screenshot(members[0], "samen-invullen-uitslag-768")
    members[0].screenshot(
        path=str(SCREENSHOTS / "samen-invullen-uitslag-768-volledig.png"), full_page=True
    )
    screenshot(facilitator, "samen-invullen-gespreksleider-1366")

    serious = [
        f"{v['id']}: " + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for page in (facilitator, members[0])
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []

    with facilitator.expect_download() as download:
        facilitator.get_by_role("button", name="Sessiedossier downloaden").click()
    dossier = json.loads(Path(download.value.path()).read_text())
    assert [m["name"] for m in dossier["members"]] == ["Anna de Vries", "Bert Jansen", "Carla Smit"]
    assert dossier["revealed"] and dossier["result"]["members"]["Carla Smit"]
    with facilitator.expect_download() as download:
        facilitator.get_by_role("button", name="Groepsrapport (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == A4
    first = reader.pages[0].extract_text()
    assert "Groepsadvies samenwerkingsvorm" in first and "Bestuursdag Woonstede" in first
    assert len(pdf) <= 2_000_000
    assert errors == [], errors
