"""The README's production recipe, served by a real gunicorn: every worker gets requests.

The recipe gives each worker its own SO_REUSEPORT socket on a TCP address, so that the
kernel spreads connections over the workers. On a Unix socket the option is refused, and
every worker failed to boot; the recipe keeps one shared socket there.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from samenwerking.dashboard.front import start_nginx

REPO = Path(__file__).resolve().parents[1]


def _serve(bind: str, log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:samenwerking.dashboard.gunicorn_conf",
        "--bind",
        bind,
        "--workers",
        "2",
        "--access-logfile",
        str(log),
        "--access-logformat",
        "%(p)s %(s)s",
    ]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL)


def _ask(connect: Callable[[], socket.socket]) -> bytes:
    """GET /healthz over a new connection, as a new browser tab would."""
    with connect() as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    return received


def _workers_reached(connect: Callable[[], socket.socket], log: Path) -> set[str]:
    deadline = time.monotonic() + 60
    while True:
        try:
            _ask(connect)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
    time.sleep(1)  # both workers are up: gunicorn starts them together
    # In bursts of 8 at once, as a board's browsers ask: on one shared socket a worker that
    # is busy leaves the next connection to the other. (One at a time, 60 in a row, the
    # worker that had just answered sometimes took them all on a loaded CI machine.)
    answers: list[bytes] = []

    def ask() -> None:
        answers.append(_ask(connect))

    for _ in range(20):
        burst = [threading.Thread(target=ask) for _ in range(8)]
        for thread in burst:
            thread.start()
        for thread in burst:
            thread.join()
    assert len(answers) == 160 and all(a.startswith(b"HTTP/1.1 200") for a in answers)
    time.sleep(0.5)  # the access log is written after each answer
    return {line.split()[0] for line in log.read_text().splitlines() if line.strip()}


@pytest.mark.parametrize("kind", ["tcp", "unix"])
def test_both_workers_serve_on_tcp_and_on_a_unix_socket(tmp_path: Path, kind: str) -> None:
    log = tmp_path / "access.log"
    if kind == "tcp":
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        bind = f"127.0.0.1:{port}"

        def connect() -> socket.socket:
            return socket.create_connection(("127.0.0.1", port), timeout=10)
    else:
        path = str(tmp_path / "samenwerking.sock")
        bind = f"unix:{path}"

        def connect() -> socket.socket:
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            connection.settimeout(10)
            connection.connect(path)
            return connection

    server = _serve(bind, log)
    try:
        reached = _workers_reached(connect, log)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert len(reached) == 2, f"requests reached the workers {reached}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _trickle(port: int, held: list[socket.socket]) -> None:
    """Open a connection and send half a request line: a slowloris that never finishes."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=10)
    connection.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: sl")
    held.append(connection)


def _answers_within(port: int, seconds: float) -> bool:
    """Whether GET /healthz is answered within ``seconds``."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=seconds) as connection:
            connection.settimeout(seconds)
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return connection.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def test_behind_the_nginx_front_slow_clients_hold_no_worker(tmp_path: Path) -> None:
    # Before (#26): 8 slow connections (2 workers x 4 threads) stopped the recipe for every
    # other client as long as they trickled. Behind nginx, which reads whole requests, 40
    # of them leave gunicorn free; straight at gunicorn, the same 40 stop it (the reason
    # for the front).
    upstream, front = _free_port(), _free_port()
    server = _serve(f"127.0.0.1:{upstream}", tmp_path / "access.log")
    nginx = start_nginx(f"127.0.0.1:{front}", f"127.0.0.1:{upstream}", tmp_path)
    held: list[socket.socket] = []
    try:
        deadline = time.monotonic() + 60
        while not (_answers_within(upstream, 2) and _answers_within(front, 2)):
            assert time.monotonic() < deadline, "gunicorn or nginx did not start"
            time.sleep(0.3)
        for _ in range(40):
            _trickle(front, held)
        time.sleep(1)
        assert _answers_within(front, 3), "the front let slow clients hold gunicorn"
        for _ in range(40):
            _trickle(upstream, held)
        time.sleep(1)
        assert not _answers_within(upstream, 3), "gunicorn alone was expected to be held"
    finally:
        for connection in held:
            connection.close()
        nginx.terminate()
        nginx.wait(timeout=20)
        server.terminate()
        server.wait(timeout=30)
