"""A session database that goes away: said as an outage (503, Dutch), never as bad input.

On a real PostgreSQL server, stopped in the middle of a board session and started again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from samenwerking import Situation, load_rules
from samenwerking.dashboard.app import build_app
from samenwerking.dashboard.pages import together

from tests.postgres import PostgresServer, postgres_server

RULES = load_rules()
OUTAGE = "De sessiedatabase is even niet bereikbaar; uw antwoorden staan nog in deze browser"


@pytest.fixture
def database() -> Iterator[PostgresServer]:
    """A PostgreSQL server of this test's own: it is stopped and started in the test."""
    with postgres_server() as server:
        yield server


@pytest.fixture
def client(
    database: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    monkeypatch.setenv("SAMENWERKING_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SAMENWERKING_DATABASE_URL", database.url)
    monkeypatch.setattr(together, "_store", None)
    yield build_app().server.test_client()
    if together._store is not None:
        together._store.close()


def _submit(client: Any, token: str, lang: str = "nl") -> Any:
    answers = {q.id: 4 for q in RULES.questions if q.kind == "scale"}
    answers |= {q.id: 4 for q in RULES.questions if q.kind == "number"}
    state = {"answers": answers, "weights": dict(RULES.default_weights)}
    return client.post(
        together.SUBMIT_ROUTE,
        json={"member": {"token": token}, "state": state, "lang": lang},
    )


def test_a_stopped_database_gives_503_in_dutch_and_the_session_goes_on_after(
    client: Any, database: PostgresServer
) -> None:
    # Before (#26): every session request got 400 "Dit verzoek is niet te lezen" and
    # /healthz said 200 "ok" while PostgreSQL was down.
    store = together.session_store()
    new = store.create("Storing")
    token = store.join(new.participant_code, "Anna")
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["database"] == "ok"
    assert _submit(client, token).status_code == 200

    database.stop()
    refused = _submit(client, token)
    assert refused.status_code == 503 and refused.headers["Retry-After"]
    assert OUTAGE in refused.get_json()["error"]
    english = _submit(client, token, lang="en").get_json()["error"]
    assert "The session database cannot be reached just now" in english
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["database"] == "unreachable"

    database.start()
    assert _submit(client, token).status_code == 200
    assert client.get("/healthz").status_code == 200
    assert store.status(new.facilitator_key).submitted == 1
    assert Situation.example(RULES)  # the rule set is untouched by the outage
