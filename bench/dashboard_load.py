"""Load benchmark of the dashboard: the README's gunicorn recipe (gthread), 20 clients.

Run: python bench/dashboard_load.py [--seconds 60] [--clients 20]

Each client posts the advice callback (the ranking and trade-off chart for a complete set of
answers, varied per request) for a bounded time, then stops. Prints requests/s, p50/p95/p99
latency and errors; then the time to a rendered advice page in headless Chromium (median of
5). Targets: p95 < 100 ms with no errors; rendered advice page < 2 s. Only loopback is used.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from samenwerking import load_rules

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def advice_payload(rules, rng: random.Random) -> bytes:
    """The request the browser sends when the answers change (show_advice)."""
    answers = {
        q.id: rng.randint(1, 5)
        if q.kind == "scale"
        else (rng.randint(0, 30) if q.factor == "partner_count" else rng.randint(300, 20000))
        for q in rules.questions
    }
    state = {"answers": answers, "partners": [], "own": "", "weights": dict(rules.default_weights)}
    outputs = [
        ("advice-missing", "children"),
        ("advice-missing", "is_open"),
        ("ranking", "children"),
        ("tradeoff-graph", "figure"),
    ]
    body = {
        "output": "..{}..".format("...".join(f"{i}.{p}" for i, p in outputs)),
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [{"id": "state-store", "property": "data", "value": state}],
        "changedPropIds": ["state-store.data"],
        "state": [{"id": "lang-store", "property": "data", "value": "nl"}],
    }
    return json.dumps(body).encode()


def client(
    port: int, payloads: list[bytes], until: float, latencies: list[float], errors: list[str]
) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    index = 0
    while time.monotonic() < until:
        payload = payloads[index % len(payloads)]
        index += 1
        start = time.perf_counter()
        try:
            connection.request(
                "POST",
                "/_dash-update-component",
                body=payload,
                headers={"Content-Type": "application/json"},
            )
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"HTTP {response.status}")
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
        except OSError as e:
            errors.append(type(e).__name__)
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
            continue
        latencies.append(time.perf_counter() - start)
    connection.close()


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:samenwerking.dashboard.gunicorn_conf",  # the README's production recipe
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--no-control-socket",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def page_render_times(port: int, runs: int = 5) -> list[float]:
    """Seconds from navigation to a rendered ranking, with answers already in the browser."""
    from playwright.sync_api import sync_playwright

    rules = load_rules()
    state = json.loads(advice_payload(rules, random.Random(1)))["inputs"][0]["value"]
    script = (
        f"localStorage.setItem('state-store', {json.dumps(json.dumps(state))});"
        f"localStorage.setItem('state-store-timestamp', '{int(time.time() * 1000)}');"
    )
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=args)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1366, "height": 768})
            page = context.new_page()
            page.add_init_script(script)
            start = time.perf_counter()
            page.goto(f"http://{HOST}:{port}/")
            page.get_by_role("tab", name="Advies").click()
            page.locator(".ranking-row").first.wait_for()
            page.locator("#tradeoff-graph .main-svg").first.wait_for()
            times.append(time.perf_counter() - start)
            context.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    rules = load_rules()
    rng = random.Random(7)
    payloads = [advice_payload(rules, rng) for _ in range(200)]
    port = free_port()
    server = start_gunicorn(port, args.workers)
    try:
        latencies: list[float] = []
        errors: list[str] = []
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=client, args=(port, payloads, until, latencies, errors))
            for _ in range(args.clients)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        ordered = sorted(latencies)

        def pct(p: float) -> float:
            return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

        print(
            f"gunicorn {args.workers} workers, {args.clients} clients, {elapsed:.0f} s: "
            f"{len(latencies) / elapsed:,.0f} requests/s, p50 {pct(50):.1f} ms, "
            f"p95 {pct(95):.1f} ms, p99 {pct(99):.1f} ms, errors {len(errors)} "
            f"(target p95 < 100 ms, no errors)"
        )
        if shutil.which("chromium"):
            times = page_render_times(port)
            print(
                f"rendered advice page in headless Chromium: median "
                f"{statistics.median(times):.2f} s over {len(times)} "
                f"(min {min(times):.2f}, max {max(times):.2f}; target < 2 s)"
            )
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    os.environ.setdefault("TMPDIR", tempfile.gettempdir())
    main()
