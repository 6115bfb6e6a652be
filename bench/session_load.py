"""Load benchmark of board sessions: 7 members of each of 20 sessions submit at once.

Run: python bench/session_load.py [--rounds 4] [--database URL]

Serves the dashboard with the README's gunicorn recipe (gthread) on a fresh SQLite file
(or the PostgreSQL database given with --database), opens 20 sessions and joins 7 members
to each through the library, then in every round all 140 members press "Mijn antwoorden
insturen" at the same moment: the body the page's client-side callback posts to the
dashboard's submit route (``SUBMIT_ROUTE``), each with its own answers and weights.
Between rounds the facilitators poll their progress (the page's view callback). Prints
p50/p95/max of the submissions, errors, and then checks in the store that every member's
last answers are there: 0 lost. Target p95 <= 200 ms, 0 errors, 0 lost.

Each member's page holds a connection opened before (as a browser does after its polls),
and one thread sends all submissions and times each answer the moment it is complete,
as a load generator on another machine would. Set SAMENWERKING_THREADS or
SAMENWERKING_WORKERS to try other gunicorn settings.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import random
import selectors
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import brotli

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dashboard_load import HOST, callback_body, free_port, percentile, start_gunicorn
from samenwerking import load_rules
from samenwerking.dashboard.pages.together import SUBMIT_ROUTE
from samenwerking.sessions import SessionStore

SESSIONS = 20
MEMBERS = 7


def answers(rules: Any, rng: random.Random) -> dict[str, float]:
    return {
        q.id: float(rng.randint(1, 5))
        if q.kind == "scale"
        else float(rng.randint(2, 12) if q.factor == "partner_count" else rng.randint(300, 9000))
        for q in rules.questions
    }


class Member:
    """One member's page: a kept-alive connection and the submission it will send.

    The page polls every 4 s and gunicorn keeps a connection alive for 5 s, so a browser
    sends its submit over a connection it already has, not a new one.
    """

    def __init__(self, port: int, body: bytes, delay: float) -> None:
        self.socket = socket.create_connection((HOST, port), timeout=60)
        self.request = (
            b"POST %b HTTP/1.1\r\nHost: %b\r\nAccept-Encoding: gzip, br\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%b"
        ) % (SUBMIT_ROUTE.encode(), HOST.encode(), len(body), body)
        self.delay = delay
        self.sent_at = 0.0
        self.received = b""
        self.socket.sendall(b"GET /healthz HTTP/1.1\r\nHost: %b\r\n\r\n" % HOST.encode())
        while complete(self.received) is None:
            self.received += self.socket.recv(65536)
        self.received = b""


def complete(received: bytes) -> tuple[int, bytes] | None:
    """The status and body of a whole HTTP response in ``received``; None while it is partial."""
    head, found, body = received.partition(b"\r\n\r\n")
    if not found:
        return None
    lines = head.split(b"\r\n")
    fields = {
        name.strip().lower(): value.strip()
        for name, _, value in (line.partition(b":") for line in lines[1:])
    }
    if len(body) < int(fields.get(b"content-length", b"0")):
        return None
    # The members send Accept-Encoding as browsers do; the body is read after decompression.
    encoding = fields.get(b"content-encoding", b"")
    if encoding == b"gzip":
        body = gzip.decompress(body)
    elif encoding == b"br":
        body = brotli.decompress(body)
    return int(lines[0].split()[1]), body


def submit_all(members: list[Member]) -> tuple[list[float], list[str]]:
    """Send every member's submission at its moment and time each answer as it completes.

    One thread sends and reads for all members (the way a load generator on another machine
    would): with a Python thread per member, 140 threads on the server's own two cores
    waited for each other's GIL, and that waiting was counted as the server's latency.
    """
    latencies: list[float] = []
    errors: list[str] = []
    waiting = sorted(members, key=lambda m: m.delay)
    pending: dict[socket.socket, Member] = {}
    selector = selectors.DefaultSelector()
    start = time.perf_counter()
    while waiting or pending:
        now = time.perf_counter()
        while waiting and start + waiting[0].delay <= now:
            member = waiting.pop(0)
            member.sent_at = time.perf_counter()
            member.socket.sendall(member.request)
            pending[member.socket] = member
            selector.register(member.socket, selectors.EVENT_READ)
        timeout = max(0.0, start + waiting[0].delay - time.perf_counter()) if waiting else 60
        for key, _ in selector.select(timeout):
            member = pending[key.fileobj]  # type: ignore[index]
            chunk = member.socket.recv(65536)
            member.received += chunk
            response = complete(member.received)
            if response is None and chunk:
                continue
            latencies.append(time.perf_counter() - member.sent_at)
            selector.unregister(member.socket)
            del pending[member.socket]
            member.socket.close()
            if response is None:
                errors.append("connection closed")
            elif response[0] != 200:
                errors.append(f"HTTP {response[0]}")
            elif b"danger" in response[1]:
                errors.append(response[1][:200].decode(errors="replace"))
    selector.close()
    return latencies, errors


def post(
    port: int,
    body: bytes,
    latencies: list[float],
    errors: list[str],
) -> None:
    """One request over a new connection (the facilitators' progress polls)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    start = time.perf_counter()
    try:
        connection.request(
            "POST",
            "/_dash-update-component",
            body=body,
            headers={"Content-Type": "application/json"},
        )
        response = connection.getresponse()
        text = response.read().decode()
        if response.status != 200:
            errors.append(f"HTTP {response.status}")
        elif "danger" in text:
            errors.append(text[:200])
    except OSError as error:
        errors.append(type(error).__name__)
    finally:
        connection.close()
    latencies.append(time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--database", default=None, help="Database URL (default: fresh SQLite).")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="samenwerking-sessions-")
    if args.database:
        os.environ["SAMENWERKING_DATABASE_URL"] = args.database
    else:
        os.environ["SAMENWERKING_DATA_DIR"] = folder
    rules = load_rules()
    store = SessionStore()
    sessions = [store.create(f"Sessie {i}") for i in range(SESSIONS)]
    members = [
        (new, store.join(new.participant_code, f"Lid {m}", client=f"bench-{i}"), f"Lid {m}")
        for i, new in enumerate(sessions)
        for m in range(MEMBERS)
    ]
    port = free_port()
    server = start_gunicorn(port)
    try:
        with urllib_open(port, "/_dash-dependencies") as dependencies:
            specs = json.loads(dependencies)
        view = next(s for s in specs if "together-result.children" in s["output"])
        rng = random.Random(11)
        latencies: dict[str, list[float]] = {"spread": [], "burst": []}
        errors: list[str] = []
        last: dict[str, dict[str, float]] = {}
        polls: list[float] = []
        # Round 0 warms up: each gunicorn worker opens its store (and checks the
        # migrations) on its first session request; it is not measured. The members have
        # then been seen by the server, as a real member's page is: it asks for its view
        # every 4 s while it waits, so the store knows the token when the submit comes.
        for round_number in range(-1, 2 * args.rounds):
            mode = "spread" if round_number % 2 == 0 else "burst"
            if round_number < 0:
                mode = "warm-up"
                latencies.setdefault(mode, [])
            bodies = []
            for new, token, name in members:
                given = answers(rules, rng)
                last[token] = given
                state = {"answers": given, "weights": {"tenant_value": float(rng.randint(0, 5))}}
                # What the page posts: the member as it keeps them after joining (token,
                # title, name), its answers and weights, and the language.
                member = {"token": token, "title": new.title, "name": name}
                posted = {"member": member, "state": state, "lang": "nl"}
                bodies.append(json.dumps(posted).encode())
            delays = [rng.uniform(0, 1) if mode == "spread" else 0.0 for _ in bodies]
            found, failed = submit_all(
                [Member(port, body, delay) for body, delay in zip(bodies, delays, strict=True)]
            )
            latencies[mode] += found
            errors += failed
            for new in sessions:  # each facilitator's page polls its progress
                values = {
                    "session-store.data": {"facilitator": {"key": new.facilitator_key}},
                    "url.pathname": "/samen",
                    "lang-store.data": "nl",
                }
                post(port, callback_body(view, values, "together-poll.n_intervals"), polls, errors)
    finally:
        server.terminate()
        server.wait(timeout=20)
    lost = 0
    for new in sessions:
        dossier = store.export(new.facilitator_key, client="bench-check")
        stored = {m["name"]: m.get("answers") for m in dossier["members"]}
        for member_new, token, name in members:
            if member_new is new:
                lost += stored.get(name) != last[token]
    print(f"database: {store.url.split('@')[-1]}")
    for mode, found in latencies.items():
        if mode == "warm-up":
            continue
        print(
            f"{mode}: {len(found)} submissions ({args.rounds} rounds of {len(members)}); "
            f"p50 {percentile(found, 50):.0f} ms, p95 {percentile(found, 95):.0f} ms "
            f"(target <= 200), max {max(found) * 1000:.0f} ms"
        )
    print(f"facilitator progress polls: {len(polls)}, p95 {percentile(polls, 95):.0f} ms")
    print(f"errors: {len(errors)} {errors[:3]}; lost: {lost} of {len(members)}")
    store.purge(0)


def urllib_open(port: int, path: str) -> Any:
    import contextlib
    import urllib.request

    @contextlib.contextmanager
    def opened() -> Any:
        with urllib.request.urlopen(f"http://{HOST}:{port}{path}") as response:
            yield response.read()

    return opened()


if __name__ == "__main__":
    main()
