"""The README's production recipe, served by a real gunicorn: every worker gets requests.

The recipe gives each worker its own SO_REUSEPORT socket on a TCP address, so that the
kernel spreads connections over the workers. On a Unix socket the option is refused, and
every worker failed to boot; the recipe keeps one shared socket there.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

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
    for _ in range(60):
        assert _ask(connect).startswith(b"HTTP/1.1 200"), "a request failed"
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
