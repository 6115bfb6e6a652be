"""The production front: nginx before gunicorn, so slow clients cannot hold the workers.

gunicorn's threads read a request themselves: a client that sends its request a byte at a
time holds a thread for as long as it likes, and eight such clients held every thread of
the recipe (2 workers x 4 threads) for 45 s. nginx reads each request whole (headers and
body, with its own timeouts) before it passes it on, and answers slow readers from its own
buffers, so gunicorn's threads only ever see complete requests. The README shows this file
as the recipe; the tests and ``bench/public.py`` start nginx with it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

#: Seconds a client may take to send its headers, or between two pieces of its body.
CLIENT_TIMEOUT = 10

TEMPLATE = """\
# samenwerking: nginx in front of gunicorn (see samenwerking/dashboard/front.py).
worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    # A client gets {timeout} s for its headers and between pieces of its body, then 408.
    client_header_timeout {timeout}s;
    client_body_timeout {timeout}s;
    send_timeout 30s;
    keepalive_timeout 15s;
    client_max_body_size 2m;
    large_client_header_buffers 4 8k;
    upstream samenwerking {{
        server {upstream};
        keepalive 32;
    }}
    server {{
        listen {listen};
        location / {{
            proxy_pass http://samenwerking;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            # Replaced, not appended to: the one address the app trusts is the one nginx saw
            # (SAMENWERKING_TRUSTED_PROXIES=1).
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            # The whole request is read before gunicorn gets it; the answer is buffered here.
            proxy_request_buffering on;
            proxy_buffering on;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


def nginx_config(listen: str, upstream: str, prefix: Path) -> str:
    """The nginx configuration: listen on ``listen``, pass to gunicorn at ``upstream``.

    ``prefix`` is the folder for nginx's pid, log and buffer files.

    >>> "proxy_request_buffering on" in nginx_config("8080", "127.0.0.1:8050", Path("/srv"))
    True
    """
    return TEMPLATE.format(listen=listen, upstream=upstream, prefix=prefix, timeout=CLIENT_TIMEOUT)


def start_nginx(listen: str, upstream: str, folder: Path) -> subprocess.Popen[bytes]:
    """Nginx in the foreground with this configuration, its files in ``folder``.

    For the tests and ``bench/public.py``; a server runs nginx as its own service.
    """
    config = folder / "nginx.conf"
    config.write_text(nginx_config(listen, upstream, folder), encoding="utf-8")
    return subprocess.Popen(
        ["nginx", "-p", str(folder), "-c", str(config), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main(arguments: list[str]) -> int:
    """``python -m samenwerking.dashboard.front LISTEN UPSTREAM FOLDER``: print the config."""
    if len(arguments) != 3:
        print("python -m samenwerking.dashboard.front LISTEN UPSTREAM FOLDER", file=sys.stderr)
        return 2
    listen, upstream, folder = arguments
    print(nginx_config(listen, upstream, Path(folder)), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
