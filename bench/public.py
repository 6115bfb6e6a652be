"""Benchmark of the public recipe: slow clients and heavy exports must not crowd out others.

Run: python bench/public.py [--seconds 20] [--clients 20] [--slow 40] [--loopers 8]

Serves the dashboard with the README's production recipe: gunicorn (gthread) behind nginx
(``samenwerking/dashboard/front.py``), and, for comparison, gunicorn alone as before. In
each, 20 clients run the realistic mix of ``bench/dashboard_load.py`` and the p95 of their
interactive requests (the advice, opening a page, the page) is printed: first on a quiet
server, then while 40 slow clients trickle requests a byte every 0,5 s (slowloris),
then while 8 clients loop board-pack PDFs of 200 partners. Targets
(#26): with the front, others' p95 <= 2x quiet and 0 errors in both.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dashboard_load import (
    HOST,
    free_port,
    percentile,
    random_state,
    request_mix,
    run_phase,
    start_gunicorn,
)
from samenwerking import load_rules
from samenwerking.dashboard import front


def start_nginx(listen: int, upstream: int, folder: Path) -> subprocess.Popen[bytes]:
    """nginx with the recipe's configuration, in front of gunicorn at ``upstream``; ready."""
    process = front.start_nginx(f"{HOST}:{listen}", f"{HOST}:{upstream}", folder)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, listen), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("nginx did not start")


def pdf_requests(port: int, rules: Any) -> list[tuple[str, str, bytes]]:
    """Board-pack PDF downloads of states with 200 partners (the heaviest export)."""
    mix = request_mix(port, rules, count=20)
    method, path, body = mix["pdf"][0]
    spec_body = json.loads(body)
    kinds = [k.id for k in rules.partner_kinds]
    rng = random.Random(3)
    requests = []
    for _ in range(10):
        state = random_state(rules, rng)
        state["partners"] = [
            {"name": f"Partner {i}", "kind": kinds[i % len(kinds)]} for i in range(200)
        ]
        for item in spec_body["state"]:
            if item["id"] == "state-store":
                item["value"] = state
        requests.append((method, path, json.dumps(spec_body).encode()))
    return requests


def phase(
    port: int,
    requests: dict[str, list[tuple[str, str, bytes]]],
    clients: int,
    seconds: float,
    *,
    slow: int = 0,
    loopers: int = 0,
) -> tuple[float, int]:
    """The mix clients' interactive p95 (ms) and errors, with ``slow`` slowloris and
    ``loopers`` clients looping 200-partner PDFs beside them."""
    latencies, errors, _ = run_phase(
        port, requests, clients, seconds, loopers=loopers, slow=slow, looper_kind="pdf200"
    )
    # Others' interactive requests: the advice, opening a page, the page itself (a PDF of
    # their own is slow by nature and would be the p95 of any mix that holds some).
    interactive = [s for kind, s in latencies if kind in ("advice", "open", "page")]
    return percentile(interactive, 95), len(errors)


def measure(name: str, port: int, rules: Any, args: argparse.Namespace) -> None:
    requests = request_mix(port, rules)
    requests["pdf200"] = pdf_requests(port, rules)
    phase(port, requests, args.clients, 5.0)  # warm-up, not measured
    quiet, quiet_errors = phase(port, requests, args.clients, args.seconds)
    slow, slow_errors = phase(port, requests, args.clients, args.seconds, slow=args.slow)
    heavy, heavy_errors = phase(port, requests, args.clients, args.seconds, loopers=args.loopers)
    print(f"{name}:")
    print(f"  quiet: p95 {quiet:.0f} ms, errors {quiet_errors}")
    print(
        f"  with {args.slow} slow clients: p95 {slow:.0f} ms ({slow / quiet:.1f}x quiet), "
        f"errors {slow_errors}"
    )
    print(
        f"  with {args.loopers} PDF loopers (200 partners): p95 {heavy:.0f} ms "
        f"({heavy / quiet:.1f}x quiet), errors {heavy_errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--slow", type=int, default=40)
    parser.add_argument("--loopers", type=int, default=8)
    parser.add_argument("--without-front", action="store_true", help="Also gunicorn alone.")
    args = parser.parse_args()
    if not shutil.which("nginx"):
        sys.exit("nginx is needed: apt-get install nginx-light (scripts/test.sh does)")
    rules = load_rules()
    folder = Path(tempfile.mkdtemp(prefix="samenwerking-front-"))
    os.environ["SAMENWERKING_TRUSTED_PROXIES"] = "1"
    upstream = free_port()
    server = start_gunicorn(upstream)
    front_port = free_port()
    front = start_nginx(front_port, upstream, folder)
    try:
        measure("nginx in front of gunicorn (the recipe)", front_port, rules, args)
        if args.without_front:
            measure("gunicorn alone", upstream, rules, args)
    finally:
        front.terminate()
        front.wait(timeout=20)
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
