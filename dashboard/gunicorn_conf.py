"""The production recipe for gunicorn: ``gunicorn -c python:samenwerking.dashboard.gunicorn_conf``.

One recipe for the README and the load benchmark, so the benchmark measures what is deployed.

Threaded workers (gthread): a sync worker is held by one client for as long as that client
takes to send its request, so two slow clients stalled the two sync workers for 31 s. With
threads, a slow client holds one thread while the others serve; the request-line and header
limits and the 2 MB body limit (in the app) bound what one request can cost.
Four threads per worker: the callbacks are CPU work under one GIL, and more threads only
share it more finely. Measured with ``bench/dashboard_load.py`` on 2 cores: p95 of the
realistic mix 134-158 ms with 4 threads against 174-184 ms with 8; two slow clients hold
two threads and the others serve on.
Each worker listens on its own socket (``reuse_port``, SO_REUSEPORT; per worker since
gunicorn 23), so the kernel spreads new connections evenly over the workers. On one shared
socket the worker that wakes first takes most of them, and a browser keeps its connection:
in a board's burst of submits one worker served three quarters of the members while the
other idled (0.20 against 0.06 s of CPU). The price: a second gunicorn started by mistake on
the same port does not fail with "address in use". Only for TCP: on a Unix socket the
option is refused (EOPNOTSUPP, which gunicorn does not catch: every worker failed to boot),
and systemd's sockets are shared by design, so ``on_starting`` turns it off for those.
Override any setting with GUNICORN_CMD_ARGS or on the command line (for example --workers).
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

bind = os.environ.get("SAMENWERKING_BIND", "0.0.0.0:8050")
worker_class = "gthread"
reuse_port = True
workers = int(os.environ.get("SAMENWERKING_WORKERS", min(4, multiprocessing.cpu_count())))
threads = int(os.environ.get("SAMENWERKING_THREADS", 4))
timeout = 30
graceful_timeout = 20
keepalive = 5
limit_request_line = 8190
limit_request_fields = 50
limit_request_field_size = 8190
wsgi_app = "samenwerking.dashboard.wsgi:server"


def on_starting(server: Any) -> None:
    """Per-worker sockets for TCP addresses only (see above); runs before gunicorn listens."""
    shared = os.environ.get("LISTEN_FDS") or any(
        str(address).startswith(("unix:", "fd://", "/")) for address in server.cfg.bind
    )
    if shared and server.cfg.reuse_port:
        server.cfg.set("reuse_port", False)
