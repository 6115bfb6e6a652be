"""A real PostgreSQL server for the tests: Debian's ``postgresql``, started in a temp folder.

``scripts/test.sh`` installs the package when it is missing; this module finds its
programs (they live in ``/usr/lib/postgresql/<version>/bin``, not on the PATH), makes a
throw-away cluster owned by the ``postgres`` user (PostgreSQL refuses to run as root),
starts it on a free port on 127.0.0.1, and removes it afterwards. No mock: the tests talk
to the server the production recipe uses.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def postgres_program(name: str) -> str:
    """The path of PostgreSQL's ``name`` (initdb, pg_ctl), newest version first."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if not candidates:
        raise RuntimeError(
            f"PostgreSQL's {name} is missing: run `bash scripts/test.sh`, which installs "
            "Debian's postgresql package"
        )
    return candidates[0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    """Run as the ``postgres`` user when we are root (initdb and postgres refuse root)."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


class PostgresServer:
    """A throw-away cluster in a temp folder; it can be stopped and started again."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="samenwerking-pg-"))
        self.data = self.folder / "data"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.port = _free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/samenwerking"
        initdb = [postgres_program("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"]
        subprocess.run(
            _as_postgres([*initdb, "-E", "UTF8", "--no-sync"]),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c max_connections=300"
        )
        log = str(self.folder / "log")
        subprocess.run(
            _as_postgres(
                [
                    postgres_program("pg_ctl"),
                    "-D",
                    str(self.data),
                    "-o",
                    options,
                    "-l",
                    log,
                    "-w",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        subprocess.run(
            _as_postgres(
                [postgres_program("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]
            ),
            check=False,
            capture_output=True,
        )

    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE samenwerking")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """A running PostgreSQL server with an empty database ``samenwerking`` (see ``.url``)."""
    server = PostgresServer()
    try:
        server.start()
        server.create_database()
        yield server
    finally:
        server.remove()
