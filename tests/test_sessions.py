"""Board sessions through the library, on SQLite and on a real PostgreSQL server.

The whole flow (create, join, submit, status, reveal, result, export, delete, purge), the
privacy rules, rate limiting, persistence across a restart, concurrency (7 members of each
of 20 sessions submitting at once) and the command line.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, event, text

from samenwerking import Situation, load_rules
from samenwerking.assessment import assess
from samenwerking.cli import main
from samenwerking.sessions import SessionError, SessionStore, codes
from samenwerking.sessions import store as store_module
from samenwerking.sessions.codes import CODE_ALPHABET

RULES = load_rules()
EXAMPLE = Situation.example(RULES)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sessions.sqlite3'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(database_url: str) -> Iterator[SessionStore]:
    opened = SessionStore(database_url)
    yield opened
    opened.purge(0)  # PostgreSQL is shared by the whole run: leave it empty
    opened.close()


def _answers(value: int) -> dict[str, float]:
    """Every question answered ``value`` (numbers: 1800 dwellings, 4 partners)."""
    answers: dict[str, float] = {}
    for question in RULES.questions:
        if question.kind == "number":
            answers[question.id] = 1800 if question.factor == "dwellings" else 4
        else:
            answers[question.id] = value
    return answers


def test_the_whole_flow(store: SessionStore) -> None:
    new = store.create("Verkenning Woonstede en Maasoever", anonymous=True)
    assert re.fullmatch(
        rf"[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}",
        new.participant_code,
    )
    assert len(new.facilitator_key) >= 32  # 192 bits, URL-safe
    anna = store.join(new.participant_code.lower().replace("-", " "), "Anna", "Woonstede")
    bert = store.join(new.participant_code, "Bert", "Woonstede")
    gemeente = store.join(
        new.participant_code, "Carla", "Gemeente Breda", organisation_kind="municipality"
    )
    store.submit(anna, _answers(2), {"tenant_value": 3.0})
    store.submit(bert, EXAMPLE.replace(trust=5))
    store.submit(bert, EXAMPLE.replace(trust=4))  # again, until the reveal
    status = store.status(new.facilitator_key)
    assert (status.submitted, len(status.members)) == (2, 3)
    assert [m.name for m in status.members] == ["Anna", "Bert", "Carla"]
    assert not hasattr(status.members[0], "answers")
    with pytest.raises(SessionError, match="pas als de gespreksleider"):
        store.result(new.participant_code)
    with pytest.raises(SessionError, match="pas als de gespreksleider"):
        store.result(anna)
    early = store.result(new.facilitator_key)  # the facilitator sees everything, any time
    assert set(early.members) == {"Anna", "Bert"}
    store.reveal(new.facilitator_key)
    with pytest.raises(SessionError, match="liggen nu vast"):
        store.submit(gemeente, EXAMPLE)
    with pytest.raises(SessionError, match="liggen nu vast"):
        store.join(new.participant_code, "Dirk")
    seen = store.result(new.participant_code)
    assert sorted(seen.members) == ["lid 1", "lid 2"] and seen.organisations == {}
    assert store.result(gemeente, lang="en").members.keys() == {"member 1", "member 2"}
    named = store.result(new.facilitator_key)
    assert named.organisations == {"Anna": "Woonstede", "Bert": "Woonstede"}
    anna_trust = assess(_answers(2), RULES).situation.values()["trust"]  # type: ignore[union-attr]
    assert named.situation.values()["trust"] == pytest.approx((anna_trust + 4) / 2)
    assert named.advice.scores == seen.advice.scores
    dossier = store.export(new.facilitator_key)
    assert json.loads(json.dumps(dossier)) == dossier
    assert [m["name"] for m in dossier["members"]] == ["Anna", "Bert", "Carla"]
    assert dossier["members"][0]["answers"] == _answers(2)
    assert dossier["members"][1]["situation"]["trust"] == 4
    assert dossier["members"][2]["submitted"] is None
    assert dossier["result"]["top"] == named.advice.top
    store.delete(new.facilitator_key)
    for secret in (new.facilitator_key, new.participant_code, anna):
        with pytest.raises(SessionError, match="hoort bij geen enkele sessie"):
            store.result(secret, client="after-delete")


def test_only_digests_are_stored(store: SessionStore, database_url: str) -> None:
    new = store.create("Geheim")
    token = store.join(new.participant_code, "Anna")
    engine = create_engine(database_url)
    with engine.connect() as connection:
        dump = " ".join(
            str(row)
            for table in ("sessions", "members")
            for row in connection.execute(text(f"SELECT * FROM {table}"))
        )
    engine.dispose()
    for secret in (
        new.facilitator_key,
        new.participant_code,
        new.participant_code.replace("-", ""),
        token,
    ):
        assert secret not in dump


def test_members_see_only_their_own_answers_before_the_reveal(store: SessionStore) -> None:
    new = store.create("Privacy")
    anna = store.join(new.participant_code, "Anna")
    bert = store.join(new.participant_code, "Bert")
    store.submit(anna, _answers(2), {"tenant_value": 7.25})
    store.submit(bert, _answers(4))
    view = store.member(bert)
    assert view.name == "Bert" and view.answers == {"answers": _answers(4)} and view.weights is None
    wrong = SessionError  # what any wrong secret gets
    for secret in (new.participant_code, anna, bert):
        for method in (store.status, store.reveal, store.export, store.delete):
            with pytest.raises(wrong) as caught:
                method(secret, client=f"{secret}{method.__name__}")  # type: ignore[operator]
            assert "hoort bij geen enkele sessie" in caught.value.text()
        with pytest.raises(SessionError, match="pas als de gespreksleider"):
            store.result(secret, client="member")
    # The session is intact: a member's attempts changed nothing.
    assert store.status(new.facilitator_key).submitted == 2


def test_wrong_codes_get_one_answer_and_are_limited(store: SessionStore) -> None:
    new = store.create("Raden")
    answers = set()
    for guess in [
        "AAAA-BBBB-CCCC",
        "",
        "x" * 5000,
        new.facilitator_key[:-1] + "A",
        "ZZZZ-ZZZZ-ZZZ2",
    ]:
        with pytest.raises(SessionError) as caught:
            store.join(guess, "Mallory", client="mallory")
        answers.add(caught.value.text())
    assert len(answers) == 1
    for _ in range(store_module.MAX_WRONG_ATTEMPTS - 5):
        with pytest.raises(SessionError):
            store.join("AAAA-BBBB-CCCC", "Mallory", client="mallory")
    # The eleventh wrong one is answered late, and says why.
    started = time.monotonic()
    with pytest.raises(SessionError, match="te veel verkeerde codes") as caught:
        store.join("AAAA-BBBB-CCCC", "Mallory", client="mallory")
    assert time.monotonic() - started >= store_module.FIRST_DELAY
    assert "een juiste code werkt altijd" in caught.value.text()
    # Before (#26): a right code from that address was refused too, so one guesser behind a
    # board's proxy or NAT locked the whole board out.
    assert store.join(new.participant_code, "Anna", client="mallory")
    assert store.join(new.participant_code, "Bert", client="someone else")


def test_a_member_known_to_the_store_submits_in_one_statement_and_keeps_every_check(
    store: SessionStore,
) -> None:
    """The member's page has asked for its view before, so the store knows the token: the
    submit is one statement; wrong codes from the same address do not stop it, the reveal
    and a delete do."""
    new = store.create("Onthouden")
    anna = store.join(new.participant_code, "Anna", client="anna")
    store.member(anna, client="anna")  # the page's first poll
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "UPDATE", "INSERT", "DELETE")):
            statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        store.submit(anna, _answers(4), client="anna")
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("UPDATE")
    for _ in range(store_module.MAX_WRONG_ATTEMPTS + 1):
        with pytest.raises(SessionError):
            store.join("AAAA-BBBB-CCCC", "Mallory", client="anna")
    store.submit(anna, _answers(4), client="anna")  # the right token, from that address
    store.submit(anna, _answers(5), client="elders")
    store.reveal(new.facilitator_key)
    with pytest.raises(SessionError, match="liggen nu vast"):
        store.submit(anna, _answers(2), client="elders")
    members = store.export(new.facilitator_key)["members"]
    assert members[0]["answers"] == _answers(5)
    gone = store.create("Verwijderd")
    bert = store.join(gone.participant_code, "Bert")
    store.submit(bert, _answers(3))
    store.delete(gone.facilitator_key)
    with pytest.raises(SessionError, match="hoort bij geen enkele sessie"):
        store.submit(bert, _answers(3))


def test_bad_input_gets_clear_errors(store: SessionStore) -> None:
    with pytest.raises(SessionError, match="titel"):
        store.create("   ")
    with pytest.raises(SessionError, match="te lang"):
        store.create("x" * 201)
    new = store.create("Fouten")
    with pytest.raises(SessionError, match="vul uw naam in"):
        store.join(new.participant_code, "  ")
    anna = store.join(new.participant_code, "Anna")
    with pytest.raises(SessionError, match="'anna'"):
        store.join(new.participant_code, "anna")
    with pytest.raises(SessionError) as caught:
        store.submit(anna, {**_answers(3), "tr_rely": 9, "bestaat_niet": 1}, {"tenant_value": -1})
    shown = caught.value.text()
    assert "valt buiten de antwoordschaal" in shown and "bestaat_niet" in shown
    assert "weights.tenant_value" in shown
    with pytest.raises(SessionError) as caught:
        store.submit(anna, {"tr_rely": 3})
    assert "Administratieve lastendruk" in caught.value.text()
    assert "Administrative burden" in caught.value.text("en")
    with pytest.raises(SessionError, match="0 of meer"):
        store.purge(-1)
    with pytest.raises(SessionError, match="niet bereikbaar"):
        SessionStore("postgresql+psycopg://nobody@127.0.0.1:1/none")


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SessionStore]:
    folder = tmp_path_factory.mktemp("sessions")
    opened = SessionStore(f"sqlite:///{folder / 'sessions.sqlite3'}")
    yield opened
    opened.close()


@settings(max_examples=60, deadline=None)
@given(st.sets(st.sampled_from([q.id for q in RULES.questions])), st.integers(1, 5))
def test_a_submit_is_taken_exactly_when_the_answers_give_a_situation(
    sqlite_store: SessionStore, left_out: set[str], value: int
) -> None:
    """The store's own completeness check agrees with ``assess`` on every subset of answers."""
    new = sqlite_store.create("Volledig")
    token = sqlite_store.join(new.participant_code, "Anna")
    answers = {k: v for k, v in _answers(value).items() if k not in left_out}
    complete = assess(answers, RULES).situation is not None
    try:
        sqlite_store.submit(token, answers)
        taken = True
    except SessionError as error:
        assert "nog niet elk onderwerp" in error.text(), error.text()
        taken = False
    assert taken == complete


def test_purge_deletes_only_old_sessions(store: SessionStore) -> None:
    old = store.create("Oud")
    store.create("Nieuw")
    with store.engine.begin() as connection:
        connection.execute(
            text("UPDATE sessions SET created_at = :old WHERE title = 'Oud'"),
            {"old": store_module._now().replace(year=2020)},
        )
    assert store.purge(365) == 1
    with pytest.raises(SessionError):
        store.status(old.facilitator_key)


def test_nothing_is_lost_when_the_store_restarts(database_url: str) -> None:
    first = SessionStore(database_url)
    new = first.create("Herstart")
    token = first.join(new.participant_code, "Anna")
    first.submit(token, _answers(4))
    first.close()
    second = SessionStore(database_url)  # a new process would do the same
    assert second.status(new.facilitator_key).submitted == 1
    second.reveal(new.facilitator_key)
    assert second.result(token).advice.situation == first.result(new.facilitator_key).situation
    second.purge(0)
    second.close()


def test_twenty_sessions_of_seven_submit_at_once(store: SessionStore) -> None:
    sessions = [store.create(f"Sessie {i}") for i in range(20)]
    members = [
        (new, store.join(new.participant_code, f"Lid {m}"), 1 + (i + m) % 5)
        for i, new in enumerate(sessions)
        for m in range(7)
    ]
    start = threading.Barrier(len(members))
    failures: list[BaseException] = []

    def submit(token: str, value: int) -> None:
        start.wait()
        try:
            store.submit(token, EXAMPLE.replace(trust=value), {"tenant_value": float(value)})
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=submit, args=(t, v)) for _, t, v in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    for i, new in enumerate(sessions):
        dossier = store.export(new.facilitator_key)
        stored = {m["name"]: m["situation"]["trust"] for m in dossier["members"]}
        assert stored == {f"Lid {m}": 1 + (i + m) % 5 for m in range(7)}
        assert {m["name"]: m["weights"]["tenant_value"] for m in dossier["members"]} == {
            f"Lid {m}": float(1 + (i + m) % 5) for m in range(7)
        }


def _submit_while_revealing(
    store: SessionStore, facilitator_key: str, tokens: list[str]
) -> list[str]:
    """Every token submits at the moment the facilitator reveals; the refusals' texts."""
    start = threading.Barrier(len(tokens) + 1)
    refused: list[str] = []
    failures: list[BaseException] = []

    def submit(token: str) -> None:
        start.wait()
        try:
            store.submit(token, EXAMPLE.replace(trust=2))
        except SessionError as error:
            refused.append(str(error))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=submit, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    start.wait()
    store.reveal(facilitator_key)
    for thread in threads:
        thread.join()
    assert failures == []
    return refused


def test_no_submit_lands_after_the_reveal(store: SessionStore) -> None:
    """Members who submit while the facilitator reveals are either in the result or refused.

    The reveal numbers the members who have submitted; a submit that slipped in after it
    would be stored without a number (and change a result everyone has already seen).
    """
    for attempt in range(5):
        new = store.create(f"Wedloop {attempt}")
        store.submit(store.join(new.participant_code, "Eerste"), EXAMPLE)
        late = [store.join(new.participant_code, f"Lid {m}") for m in range(12)]
        refused = _submit_while_revealing(store, new.facilitator_key, late)
        assert all("liggen nu vast" in reason for reason in refused)
        members = store.export(new.facilitator_key)["members"]
        assert [m["name"] for m in members if m["submitted"] and m["label"] is None] == []
        assert len([m for m in members if m["submitted"]]) == 1 + len(late) - len(refused)


def test_a_dropped_postgresql_connection_is_replaced_before_use(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server drops every connection (as a restart does); the next request after the
    pooled connections have lain idle still works, on fresh connections."""
    monkeypatch.setattr(store_module, "IDLE_PING_SECONDS", 0.2)
    opened = SessionStore(postgres_url)
    new = opened.create("Herstart van de database")
    assert opened.status(new.facilitator_key).title == "Herstart van de database"
    engine = create_engine(postgres_url)
    with engine.begin() as connection:
        dropped = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar()
    engine.dispose()
    assert dropped and dropped >= 1
    time.sleep(0.3)
    assert opened.status(new.facilitator_key).title == "Herstart van de database"
    opened.purge(0)
    opened.close()


def test_migrations_match_the_tables(database_url: str) -> None:
    """A table change without a migration would break every existing database."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from samenwerking.sessions.tables import Base

    opened = SessionStore(database_url)
    with opened.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, Base.metadata) == []
    store_module.migrate(opened.engine)  # a second start finds nothing to do
    opened.close()


def test_the_command_line_runs_a_session(tmp_path: Path) -> None:
    runner = CliRunner()
    database = ["--database", f"sqlite:///{tmp_path / 's.sqlite3'}"]
    created = runner.invoke(main, ["session", "new", "Bestuursdag", "--json", *database])
    assert created.exit_code == 0, created.output
    new = json.loads(created.output)
    situation = tmp_path / "situatie.yaml"
    assert runner.invoke(main, ["example", "--out", str(situation)]).exit_code == 0
    joined = runner.invoke(main, ["session", "join", new["participant_code"], "Anna", *database])
    assert "Anna doet mee" in joined.output
    token = joined.output.split()[-1]
    submitted = runner.invoke(main, ["session", "submit", token, str(situation), *database])
    assert "zijn opgeslagen" in submitted.output, submitted.output
    status = runner.invoke(main, ["session", "status", new["facilitator_key"], *database])
    assert "1 van 1 ingevuld" in status.output and "Anna" in status.output
    early = runner.invoke(main, ["session", "result", new["participant_code"], *database])
    assert early.exit_code == 1 and "pas als de gespreksleider" in early.output
    assert "Traceback" not in early.output
    assert (
        runner.invoke(main, ["session", "reveal", new["facilitator_key"], *database]).exit_code == 0
    )
    shown = runner.invoke(
        main, ["session", "result", new["participant_code"], "--lang", "en", *database]
    )
    assert "Group advice:" in shown.output
    report = tmp_path / "groep.pdf"
    written = runner.invoke(
        main, ["session", "result", new["facilitator_key"], "--out", str(report), *database]
    )
    assert written.exit_code == 0 and report.read_bytes().startswith(b"%PDF")
    dossier = tmp_path / "sessie.json"
    runner.invoke(
        main, ["session", "export", new["facilitator_key"], "--out", str(dossier), *database]
    )
    assert json.loads(dossier.read_text())["members"][0]["name"] == "Anna"
    kept = runner.invoke(
        main, ["session", "delete", new["facilitator_key"], *database], input="n\n"
    )
    assert "Niets verwijderd" in kept.output
    gone = runner.invoke(main, ["session", "delete", new["facilitator_key"], "--yes", *database])
    assert "is verwijderd" in gone.output
    purged = runner.invoke(main, ["session", "purge", "--older-than", "0", *database])
    assert "0 sessie(s)" in purged.output


def _hold_the_gate(database: str, holding: object, release: object) -> None:
    """In another process: take the write gate, say so, and keep it until told."""
    from samenwerking.sessions.store import WriteGate

    with WriteGate(Path(database)):
        holding.set()  # type: ignore[attr-defined]
        release.wait(30)  # type: ignore[attr-defined]


def test_sqlite_writers_queue_at_the_gate_across_processes(tmp_path: Path) -> None:
    """Writers on one SQLite file wait in line (a lock file) instead of retrying SQLite's
    busy error with growing sleeps, which left a burst of 140 submits half asleep."""
    import multiprocessing

    from samenwerking.sessions.store import WriteGate

    database = tmp_path / "sessions.sqlite3"
    context = multiprocessing.get_context("spawn")
    holding, release = context.Event(), context.Event()
    other = context.Process(target=_hold_the_gate, args=(str(database), holding, release))
    other.start()
    assert holding.wait(30)
    order: list[str] = []
    gate = WriteGate(database)

    def write() -> None:
        with gate:
            order.append("written")

    waiting = threading.Thread(target=write)
    waiting.start()
    waiting.join(0.5)
    order.append("released")  # the other process still holds the gate: nothing written yet
    release.set()
    waiting.join(30)
    other.join(30)
    assert order == ["released", "written"]
    with gate, pytest.raises(RuntimeError, match="inside another"), gate:
        pass  # nested on one thread would wait for itself: refused at once


def test_no_key_starts_with_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: one key in 64 began with "-", and `session submit -zK3...` failed with
    "No such option '-z'" (CI drew one). Such a draw is now drawn again."""
    from samenwerking.sessions import codes

    draws = iter(["-zK3pQ", "_Ab3-x", "never"])
    monkeypatch.setattr(codes.secrets, "token_urlsafe", lambda _bytes: next(draws))
    assert codes.secret_key() == "_Ab3-x"


def test_a_forked_process_opens_its_own_lock_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child forked after the gate opened its lock file would share the parent's lock
    (one open file, one flock) and so never wait for it: it must open its own."""
    import os

    from samenwerking.sessions.store import WriteGate

    gate = WriteGate(tmp_path / "sessions.sqlite3")
    with gate:
        pass
    parents = gate._descriptor
    parent = os.getpid()
    monkeypatch.setattr(os, "getpid", lambda: parent + 1)  # as seen from a forked child
    with gate:
        pass
    assert gate._descriptor != parents
    gate.close()


def test_a_members_choices_are_kept_with_the_answers_and_checked(store: SessionStore) -> None:
    # Weights from choices (#30): a member's answers to "wat vindt u belangrijker?" travel
    # with the submit and come back in the session's export, as data; bad ones are refused.
    new = store.create("Keuzes")
    anna = store.join(new.participant_code, "Anna")
    choices = [
        {"question": {"gain": "tenant_value", "loss": "efficiency", "ratio": 1.0}, "choice": "A"}
    ]
    store.submit(anna, _answers(3), {"tenant_value": 2.0, "efficiency": 0.5}, choices=choices)
    [member] = store.export(new.facilitator_key)["members"]
    assert member["choices"] == [
        {"question": {"gain": "tenant_value", "loss": "efficiency", "ratio": 1.0}, "choice": "A"}
    ]
    bad = [{"question": {"gain": "tenant_value", "loss": "geluk", "ratio": 1.0}, "choice": "A"}]
    with pytest.raises(SessionError) as refused:
        store.submit(anna, _answers(3), choices=bad)
    assert "choices.0" in [p.field for p in refused.value.problems]


def test_a_members_weet_niet_is_stored_and_left_out_of_the_group_answer(
    store: SessionStore,
) -> None:
    new = store.create("Verkenning met open vragen")
    anna = store.join(new.participant_code, "Anna")
    bert = store.join(new.participant_code, "Bert")
    trust = [q.id for q in RULES.questions if q.factor == "trust"]
    store.submit(anna, _answers(4))
    store.submit(bert, {**_answers(2), **dict.fromkeys(trust, "Weet niet")})
    store.reveal(new.facilitator_key)
    result = store.result(new.facilitator_key)
    anna_trust = assess(_answers(4), RULES).situation.values()["trust"]  # type: ignore[union-attr]
    assert result.situation.values()["trust"] == anna_trust  # Bert's 'weet niet' is not a 3
    assert result.factors["trust"].not_known_by == ("Bert",)
    exported = store.export(new.facilitator_key)
    assert exported["members"][1]["answers"][trust[0]] == "weet_niet"


def test_command_line_users_are_told_apart(database_url: str) -> None:
    # Before (#26): every CLI user was the client "local", so one member's typos at a
    # command line slowed the facilitator's `session status` on the same database.
    assert SessionStore.__init__.__kwdefaults__ == {"client": None}
    anna = SessionStore(database_url, client="local:anna@bestuur")
    bert = SessionStore(database_url, client="local:bert@bestuur")
    plain = SessionStore(database_url)
    try:
        assert plain.client.startswith("local:") and "@" in plain.client
        for _ in range(store_module.MAX_WRONG_ATTEMPTS + 1):
            with pytest.raises(SessionError):
                anna.status("AAAA-BBBB-CCCC")
        with pytest.raises(SessionError, match="te veel verkeerde codes"):
            anna.status("AAAA-BBBB-CCCC")
        with pytest.raises(SessionError, match="hoort bij geen enkele sessie"):
            bert.status("AAAA-BBBB-CCCC")
    finally:
        for opened in (anna, bert, plain):
            opened.close()


def test_a_backup_is_a_consistent_copy_while_the_store_is_in_use(tmp_path: Path) -> None:
    # Before (#26): copying sessions.sqlite3 while it was written gave a stale copy (the
    # write-ahead log held the rest); there was no supported backup.
    live = SessionStore(f"sqlite:///{tmp_path / 'sessions.sqlite3'}")
    try:
        new = live.create("Bewaren")
        anna = live.join(new.participant_code, "Anna")
        live.submit(anna, _answers(4))
        target = live.backup(tmp_path / "kopie.sqlite3")
        copy = SessionStore(f"sqlite:///{target}")
        try:
            members = copy.export(new.facilitator_key)["members"]
            assert members[0]["answers"] == _answers(4)
        finally:
            copy.close()
        assert not list(tmp_path.glob(".*.part"))
        with pytest.raises(SessionError, match="is een map of de database zelf"):
            live.backup(tmp_path)
        with pytest.raises(SessionError, match="is een map of de database zelf"):
            live.backup(tmp_path / "sessions.sqlite3")
    finally:
        live.close()


def test_the_backup_command_writes_the_copy_and_postgresql_is_sent_to_pg_dump(
    tmp_path: Path, postgres_url: str
) -> None:
    from click.testing import CliRunner

    from samenwerking.cli import main

    database = f"sqlite:///{tmp_path / 'sessions.sqlite3'}"
    SessionStore(database).create("Bewaren")
    done = CliRunner().invoke(
        main, ["session", "backup", str(tmp_path / "kopie.sqlite3"), "--database", database]
    )
    assert done.exit_code == 0 and "Reservekopie geschreven" in done.output
    assert (tmp_path / "kopie.sqlite3").stat().st_size > 0
    refused = CliRunner().invoke(
        main, ["session", "backup", str(tmp_path / "pg.sqlite3"), "--database", postgres_url]
    )
    assert refused.exit_code != 0 and "pg_dump" in refused.output
    assert "Traceback" not in refused.output


def test_a_full_width_name_is_the_same_name(store: SessionStore) -> None:
    # Before (#26): 'Ａｎｎａ' and 'anna' joined as two members.
    new = store.create("Namen")
    store.join(new.participant_code, "Ａｎｎａ  de Vries")
    with pytest.raises(SessionError, match="onder de naam 'anna de vries'"):
        store.join(new.participant_code, "anna de vries")
    assert [m.name for m in store.status(new.facilitator_key).members] == ["Anna de Vries"]


def test_a_purge_during_a_burst_of_submits_refuses_none_of_them(database_url: str) -> None:
    # Before (#26): a purge during a burst turned members' next requests into "te veel
    # verkeerde codes" and locked their address. The purge takes old sessions only, and a
    # member of a live one is never refused, however many purges run meanwhile.
    from samenwerking.sessions.tables import SessionRow

    store = SessionStore(database_url)
    try:
        old = store.create("Vorig jaar")
        with store.engine.begin() as connection:
            connection.execute(
                SessionRow.__table__.update()
                .where(
                    SessionRow.facilitator_hash == codes.digest("facilitator", old.facilitator_key)
                )
                .values(created_at=dt.datetime(2020, 1, 1))
            )
        live = store.create("Vandaag")
        tokens = [store.join(live.participant_code, f"Lid {i}") for i in range(8)]
        refused: list[str] = []

        def member(token: str) -> None:
            for value in (2, 3, 4, 5):
                try:
                    store.submit(token, _answers(value), client="kantoor")
                except SessionError as error:
                    refused.append(error.text())

        threads = [threading.Thread(target=member, args=(t,)) for t in tokens]
        for thread in threads:
            thread.start()
        purged = sum(store.purge(30) for _ in range(5))
        for thread in threads:
            thread.join()
        assert refused == [] and purged == 1
        assert store.status(live.facilitator_key).submitted == 8
    finally:
        store.purge(0)
        store.close()


def test_many_wrong_codes_at_once_hold_at_most_two_threads_asleep(tmp_path: Path) -> None:
    # The slowing down (#26) must not become a slowloris of its own: 8 wrong codes at once,
    # past the limit, keep at most SLOWED_AT_ONCE threads waiting; the rest answer at once.
    store = SessionStore(f"sqlite:///{tmp_path / 'sessions.sqlite3'}", client="script")
    try:
        for _ in range(store_module.MAX_WRONG_ATTEMPTS + 4):  # well into the slowed range
            with pytest.raises(SessionError):
                store.status("AAAA-BBBB-CCCC")
        took: list[float] = []

        def guess() -> None:
            started = time.monotonic()
            with pytest.raises(SessionError, match="te veel verkeerde codes"):
                store.status("AAAA-BBBB-CCCC")
            took.append(time.monotonic() - started)

        threads = [threading.Thread(target=guess) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        slowed = [t for t in took if t >= store_module.FIRST_DELAY]
        assert 1 <= len(slowed) <= store_module.SLOWED_AT_ONCE, took
    finally:
        store.close()
