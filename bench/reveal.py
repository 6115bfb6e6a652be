"""Benchmark of the reveal: 50 members of one board open the result in the same second.

Run: python bench/reveal.py [--members 50] [--database URL]

Serves the dashboard with the README's production recipe (gunicorn, gthread) on a fresh
SQLite file (or the database given), opens a session of ``--members`` members spread over
five organisations, has each submit different answers, reveals, and then has every member's
page ask for its view at the same moment: the view callback the page polls with, which
carries the group result. Prints p50/p95/max of those answers and errors. Each member asks
over a connection of its own, all started together. Target (#26): p95 <= 1 s at 50 members.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dashboard_load import callback_body, free_port, percentile, start_gunicorn
from samenwerking import Situation, load_rules
from samenwerking.sessions import SessionStore
from session_load import post, urllib_open


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--database", default=None, help="Database URL (default: fresh SQLite).")
    args = parser.parse_args()
    if args.database:
        os.environ["SAMENWERKING_DATABASE_URL"] = args.database
    else:
        os.environ["SAMENWERKING_DATA_DIR"] = tempfile.mkdtemp(prefix="samenwerking-reveal-")
    rules = load_rules()
    store = SessionStore()
    new = store.create("Bestuursdag")
    rng = random.Random(5)
    example = Situation.example(rules)
    tokens = []
    for number in range(args.members):
        token = store.join(
            new.participant_code, f"Lid {number}", organisation=f"Organisatie {number % 5}"
        )
        store.submit(
            token,
            example.replace(
                trust=rng.randint(1, 5),
                goal_consensus=rng.randint(1, 5),
                required_autonomy=rng.randint(1, 5),
                tenant_value=rng.randint(1, 5),
            ),
        )
        tokens.append(token)
    store.reveal(new.facilitator_key)
    port = free_port()
    server = start_gunicorn(port)
    try:
        with urllib_open(port, "/_dash-dependencies") as dependencies:
            specs = json.loads(dependencies)
        view = next(s for s in specs if "together-result.children" in s["output"])
        bodies = [
            callback_body(
                view,
                {
                    "session-store.data": {"member": {"token": token}},
                    "url.pathname": "/samen",
                    "lang-store.data": "nl",
                },
                "session-store.data",
            )
            for token in tokens
        ]
        latencies: list[float] = []
        errors: list[str] = []
        start = threading.Barrier(len(bodies))

        def member(body: bytes) -> None:
            start.wait()
            post(port, body, latencies, errors)

        began = time.perf_counter()
        threads = [threading.Thread(target=member, args=(body,)) for body in bodies]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=20)
        store.purge(0)
    print(f"{args.members} members opened the revealed result at once (all done in {took:.1f} s)")
    print(
        f"p50 {percentile(latencies, 50):.0f} ms, p95 {percentile(latencies, 95):.0f} ms "
        f"(target <= 1000), max {max(latencies) * 1000:.0f} ms; errors: {len(errors)} "
        f"{errors[:2]}"
    )


if __name__ == "__main__":
    main()
