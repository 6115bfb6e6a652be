"""Browser tests: the real dashboard served on 127.0.0.1, driven in Debian's headless Chromium.

Screenshots go to ``out/screenshots/`` (named in the README).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.helpers import RULES

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "out" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the dashboard exited: {log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the dashboard did not answer at {url}")


class Dashboard:
    """`samenwerking dashboard` on a free port with its own data folder; it can be restarted.

    Its request log goes to a file: a pipe nobody reads would fill up and stall the server.
    Sessions go to the data folder of this run, never to the user's own.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = self.folder / "server.log"
        with log.open("ab") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "samenwerking", "dashboard", "--port", str(self.port)],
                stdout=sink,
                stderr=subprocess.STDOUT,
                cwd=REPO,
                env={
                    **os.environ,
                    "PYTHONUNBUFFERED": "1",
                    "SAMENWERKING_DATA_DIR": str(self.folder / "data"),
                },
            )
        wait_until_up(self.url, self.process, log)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`samenwerking dashboard` on a free port, as a user starts it."""
    dashboard = Dashboard(tmp_path_factory.mktemp("dashboard"))
    dashboard.start()
    try:
        yield dashboard.url
    finally:
        dashboard.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is needed: scripts/test.sh installs it"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def console(request) -> list[str]:
    return []


@pytest.fixture
def page(browser: Browser, server: str, console: list[str]) -> Iterator[Page]:
    """A fresh browser context (empty local storage) on the dashboard; the console must stay
    free of errors and warnings (they reveal failing callbacks)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    opened.on(
        "console",
        lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None,
    )
    opened.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    opened.goto(server)
    opened.get_by_text(f"van {len(RULES.questions)} vragen beantwoord").wait_for()
    yield opened
    context.close()
    assert console == [], console


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
