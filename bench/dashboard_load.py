"""Load benchmark of the dashboard: the README's gunicorn recipe (gthread), 20 clients.

Run: python bench/dashboard_load.py [--seconds 30] [--clients 20]

Serves the app exactly as the README deploys it and prints, each with its target:

1. A realistic mix per client: the advice callback (45%), the page itself (15%), the build
   of the advice page that follows it (15%; it comes with the advice computed), a static
   asset (10%), a dossier download (10%) and a board-pack PDF (5%): requests/s, p50/p95,
   errors. Target p95 <= 150 ms, 0 errors.
2. The same while two extra clients loop board-pack PDF downloads (the heaviest download the
   server still makes; PNGs are now drawn in the browser): the others' p95. Target <= 300 ms.
3. The same while two slow clients trickle their requests a byte at a time: the others' p95
   and errors (sync workers used to stall for 31 s).
4. In headless Chromium: the rendered advice page (median of 5, target <= 1.0 s), the warm
   first load (target <= 1.5 s) and the PNG export of the network (target <= 1 s).

Each phase runs on the warmed-up server (5 s of the mix first, not measured).
Callback requests are built from the app's own ``/_dash-dependencies``, so they match the
callbacks the browser calls. Only loopback is used.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from samenwerking import load_rules

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start_gunicorn(
    port: int, app: str | None = None, folder: Path = REPO, ready: str = "/healthz"
) -> subprocess.Popen[bytes]:
    """The README's production recipe on ``port``, serving the dashboard or ``app``."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:samenwerking.dashboard.gunicorn_conf",  # the README's production recipe
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
        *([app] if app else []),
    ]
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}{ready}", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("gunicorn did not start")


#: A count question's answers drawn in the benchmark, by factor (within each factor's range:
#: a count outside it is dropped, and the advice, the report and the PDF are then not made).
COUNT_RANGES = {"partner_count": (0, 30), "partner_corporations": (0, 4)}


def random_state(rules: Any, rng: random.Random) -> dict[str, Any]:
    answers = {
        q.id: rng.randint(1, 5)
        if q.kind == "scale"
        else rng.randint(*COUNT_RANGES.get(q.factor or "", (300, 20000)))
        for q in rules.questions
    }
    return {"answers": answers, "partners": [], "own": "", "weights": dict(rules.default_weights)}


def callback_body(spec: dict[str, Any], values: dict[str, Any], trigger: str) -> bytes:
    """A callback request as the browser sends it, for the dependency ``spec``."""
    parts = spec["output"].strip(".").split("...")
    outputs = []
    for part in parts:
        target, _, prop = part.rpartition(".")
        outputs.append({"id": target, "property": prop})  # with its @hash, as browsers send
    body = {
        "output": spec["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [
            {**item, "value": values.get(f"{item['id']}.{item['property']}")}
            for item in spec["inputs"]
        ],
        "state": [
            {**item, "value": values.get(f"{item['id']}.{item['property']}")}
            for item in spec.get("state", [])
        ],
        "changedPropIds": [trigger],
    }
    return json.dumps(body).encode()


def page_build_body(spec: dict[str, Any], state: dict[str, Any]) -> bytes:
    """The request that builds the advice page, as the browser sends it on opening /advies.

    Its outputs are patterns (every page section and menu link), which the browser sends as
    the list of the components they match.
    """
    from samenwerking.dashboard.layout import PAGES

    body = json.loads(callback_body(spec, {}, "url.pathname"))
    plain = [o for o in body["outputs"] if not o["id"].startswith("{")]
    body["outputs"] = [
        [{"id": {"type": kind, "page": path}, "property": prop} for path, _ in PAGES]
        for kind, prop in (("page", "children"), ("page", "style"), ("nav", "className"))
    ] + plain
    values = {
        "url.pathname": "/advies",
        "state-store.data": state,
        "group-store.data": 0,
        "lang-store.data": "nl",
    }
    for item in body["inputs"] + body["state"]:
        item["value"] = values.get(f"{item['id']}.{item['property']}")
    return json.dumps(body).encode()


def request_mix(port: int, rules: Any, count: int = 300) -> dict[str, list[tuple[str, str, bytes]]]:
    """Requests by kind: (method, path, body)."""
    with urllib.request.urlopen(f"http://{HOST}:{port}/_dash-dependencies") as response:
        dependencies = json.loads(response.read())
    advice = next(d for d in dependencies if "ranking.children" in d["output"])
    export = next(d for d in dependencies if "export-download.data" in d["output"])
    opening = next(d for d in dependencies if '"type":"page"}.children' in d["output"])
    with urllib.request.urlopen(f"http://{HOST}:{port}/") as response:
        page = response.read().decode()
    asset = next(part.split('"')[0] for part in page.split('src="')[1:] if "dash_renderer" in part)
    rng = random.Random(7)
    states = [random_state(rules, rng) for _ in range(count)]
    common = {"lang-store.data": "nl", "url.pathname": "/advies"}
    return {
        "advice": [
            (
                "POST",
                "/_dash-update-component",
                callback_body(advice, {**common, "state-store.data": s}, "state-store.data"),
            )
            for s in states
        ],
        "page": [("GET", "/", b"")],
        # Opening a page is a page request and then the page's build (the advice page comes
        # with its advice computed, from the user's stored state).
        "open": [("POST", "/_dash-update-component", page_build_body(opening, s)) for s in states],
        "asset": [("GET", asset, b"")],
        "dossier": [
            (
                "POST",
                "/_dash-update-component",
                callback_body(
                    export,
                    {**common, "state-store.data": s, "download-json.n_clicks": 1},
                    "download-json.n_clicks",
                ),
            )
            for s in states[:50]
        ],
        "pdf": [
            (
                "POST",
                "/_dash-update-component",
                callback_body(
                    export,
                    {**common, "state-store.data": s, "download-pdf.n_clicks": 1},
                    "download-pdf.n_clicks",
                ),
            )
            for s in states[:50]
        ],
    }


MIX = [
    ("advice", 0.45),
    ("page", 0.15),
    ("open", 0.15),
    ("asset", 0.10),
    ("dossier", 0.10),
    ("pdf", 0.05),
]


def client(
    port: int,
    requests: dict[str, list[tuple[str, str, bytes]]],
    kinds: list[tuple[str, float]],
    until: float,
    latencies: list[tuple[str, float]],
    errors: list[str],
    seed: int,
) -> None:
    rng = random.Random(seed)
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    names = [k for k, _ in kinds]
    weights = [w for _, w in kinds]
    while time.monotonic() < until:
        kind = rng.choices(names, weights)[0]
        method, path, body = rng.choice(requests[kind])
        headers = {"Accept-Encoding": "gzip, br"}
        if body:
            headers["Content-Type"] = "application/json"
        start = time.perf_counter()
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{kind} HTTP {response.status}")
        except OSError as e:
            errors.append(f"{kind} {type(e).__name__}")
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=60)
            continue
        latencies.append((kind, time.perf_counter() - start))
    connection.close()


def slow_client(port: int, until: float) -> None:
    """A client that sends its request a byte every 0.5 s (slowloris), over and over, and
    again whenever the server gives up on it (a front answers 408 after its timeout)."""
    request = b"GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: slow\r\nAccept: */*\r\n\r\n"
    while time.monotonic() < until:
        try:
            with socket.create_connection((HOST, port), timeout=60) as sock:
                for byte in request:
                    if time.monotonic() >= until:
                        return
                    sock.send(bytes([byte]))
                    time.sleep(0.5)
        except OSError:
            time.sleep(0.5)


def run_phase(
    port: int,
    requests: dict[str, list[tuple[str, str, bytes]]],
    clients: int,
    seconds: float,
    *,
    loopers: int = 0,
    slow: int = 0,
    looper_kind: str = "pdf",
) -> tuple[list[tuple[str, float]], list[str], float]:
    latencies: list[tuple[str, float]] = []
    errors: list[str] = []
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client, args=(port, requests, MIX, until, latencies, errors, i))
        for i in range(clients)
    ]
    threads += [
        threading.Thread(
            target=client, args=(port, requests, [(looper_kind, 1.0)], until, [], [], 1000 + i)
        )
        for i in range(loopers)
    ]
    threads += [threading.Thread(target=slow_client, args=(port, until)) for _ in range(slow)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile in milliseconds (0 when there are none)."""
    ordered = sorted(values) or [0.0]
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def summary(
    name: str,
    target: str,
    latencies: list[tuple[str, float]],
    errors: list[str],
    elapsed: float,
) -> str:
    """The phase in one line, then the p95 of each kind of request (where the tail is)."""
    values = [seconds for _, seconds in latencies]
    kinds = sorted({kind for kind, _ in latencies})
    per_kind = ", ".join(
        f"{kind} {percentile([s for k, s in latencies if k == kind], 95):.0f}" for kind in kinds
    )
    return (
        f"{name}: {len(values) / elapsed:,.0f} requests/s, p50 {percentile(values, 50):.0f} ms, "
        f"p95 {percentile(values, 95):.0f} ms, p99 {percentile(values, 99):.0f} ms, "
        f"errors {len(errors)}"
        + (f" ({sorted(set(errors))[:3]})" if errors else "")
        + f" ({target})\n    p95 per kind (ms): {per_kind}"
    )


def returning_user_script() -> str:
    """A script that gives a fresh browser context a returning director's local storage."""
    rules = load_rules()
    state = random_state(rules, random.Random(1))
    state["partners"] = [{"name": "Gemeente", "kind": "municipality"}]
    return (
        f"localStorage.setItem('state-store', {json.dumps(json.dumps(state))});"
        f"localStorage.setItem('state-store-timestamp', '{int(time.time() * 1000)}');"
    )


def open_advice_page(browser: Any, url: str, script: str) -> tuple[Any, float]:
    """A fresh context's page opened at ``url``, and the seconds until the advice is there.

    "There" is the first ranking row and the trade-off chart's SVG: the rendered advice page
    of the issue's target, timed from navigation in a context with an empty cache.
    """
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.add_init_script(script)
    start = time.perf_counter()
    page.goto(url)
    page.locator(".ranking-row").first.wait_for()
    page.locator("#tradeoff-graph .main-svg").first.wait_for()
    return page, time.perf_counter() - start


def browser_timings(port: int) -> None:
    """Rendered advice page, warm first load and PNG export in headless Chromium."""
    from playwright.sync_api import sync_playwright

    script = returning_user_script()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        renders, first_loads, pngs = [], [], []
        for _ in range(5):
            page, rendered = open_advice_page(browser, f"http://{HOST}:{port}/advies", script)
            renders.append(rendered)
            start = time.perf_counter()  # warm: the same browser context loads the page again
            page.goto(f"http://{HOST}:{port}/")
            page.locator("#progress-text").wait_for()
            page.get_by_text("vragen beantwoord").wait_for()
            first_loads.append(time.perf_counter() - start)
            page.locator(".page-nav a[href='/netwerk']").click()
            page.locator("#network-graph .main-svg").first.wait_for()
            start = time.perf_counter()
            with page.expect_download():
                page.locator("#download-png").click()
            pngs.append(time.perf_counter() - start)
            page.context.close()
        browser.close()
    for name, values, target in (
        ("rendered advice page", renders, 1.0),
        ("warm first load", first_loads, 1.5),
        ("PNG export (in the browser)", pngs, 1.0),
    ):
        print(
            f"{name}: median {statistics.median(values):.2f} s over {len(values)} "
            f"(min {min(values):.2f}, max {max(values):.2f}; target <= {target} s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--no-browser", action="store_true", help="Only the load phases.")
    args = parser.parse_args()
    rules = load_rules()
    port = free_port()
    server = start_gunicorn(port)
    try:
        requests = request_mix(port, rules)
        # Not measured: each worker's first requests load fonts for the PDF, fill the
        # compression cache and import lazily; a deployed server has long done so.
        run_phase(port, requests, args.clients, min(args.seconds, 5.0))
        print(
            summary(
                f"{args.clients} clients, realistic mix",
                "target p95 <= 150 ms, 0 errors",
                *run_phase(port, requests, args.clients, args.seconds),
            )
        )
        print(
            summary(
                "the same with 2 PDF-download loopers",
                "target p95 <= 300 ms",
                *run_phase(port, requests, args.clients, args.seconds, loopers=2),
            )
        )
        print(
            summary(
                "the same with 2 slow clients",
                "no stall, 0 errors",
                *run_phase(port, requests, args.clients, args.seconds, slow=2),
            )
        )
        if shutil.which("chromium") and not args.no_browser:
            browser_timings(port)
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
