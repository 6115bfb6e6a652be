"""Board sessions on a database: create, join, submit, reveal, result, export, delete, purge.

The single-user dashboard keeps everything in the user's browser; a session is the opt-in
exception, because a board's answers must meet somewhere. The store keeps as little as it
can: digests of every code and key (:mod:`~samenwerking.sessions.codes`), each member's
answers until the session is deleted or purged, and wrong-code attempts for a minute.

Three kinds of secret open a session, each with its own rights:

- the **facilitator key** (from :meth:`SessionStore.create`): status, reveal, result at any
  time with names, export, delete;
- the **participant code** (typed by members): join; the result after the reveal;
- a **member token** (from :meth:`SessionStore.join`): submit until the reveal, see one's own
  answers; the result after the reveal.

A wrong secret of any kind gets the same answer, so codes cannot be told apart; guessing
one is hopeless anyway (about 60 bits). A right secret is never refused, whoever else shares
the address (a board behind one proxy or NAT). Past :data:`MAX_WRONG_ATTEMPTS` wrong ones a
minute from one client, each further wrong one is answered later and later
(:func:`wrong_attempt_delay`), which slows a script without locking anyone out.

SQLite (the default, a file under the data folder, WAL mode) takes one writer at a time:
every transaction starts ``BEGIN IMMEDIATE`` and waits up to 30 s for the lock instead of
failing. PostgreSQL (``SAMENWERKING_DATABASE_URL=postgresql+psycopg://...``) locks the
session row while a member submits, so a submit and a reveal never cross.
"""

from __future__ import annotations

import datetime as dt
import getpass
import math
import os
import secrets
import socket
import sqlite3
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    null,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.exc import DisconnectionError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from samenwerking.assessment import unanswered_factors
from samenwerking.entries import entry_problems
from samenwerking.errors import (
    DatabaseUnavailableError as DatabaseUnavailableError,
)
from samenwerking.errors import (
    SamenwerkingError,
    msg,
    words,
)
from samenwerking.errors import (
    SessionError as SessionError,
)
from samenwerking.group import GroupAdvice, Method, aggregate
from samenwerking.languages import DEFAULT_LANGUAGE, each_language
from samenwerking.once import OnceCache
from samenwerking.partners import name_key, name_problem, normal_name
from samenwerking.preferences import Answer
from samenwerking.rules.loader import load_rules
from samenwerking.rules.ruleset import RuleSet
from samenwerking.sessions import codes
from samenwerking.sessions.tables import AttemptRow, MemberRow, SessionRow
from samenwerking.situation import Situation
from samenwerking.translations import languages
from samenwerking.unknown import DONT_KNOW, is_dont_know

try:
    import fcntl
except ImportError:  # Windows: the gate queues the threads of one process only
    fcntl = None  # type: ignore[assignment]

#: Where the default SQLite database lives unless ``SAMENWERKING_DATA_DIR`` says otherwise.
DATA_DIR_VARIABLE = "SAMENWERKING_DATA_DIR"
DATABASE_URL_VARIABLE = "SAMENWERKING_DATABASE_URL"
DATABASE_FILE = "sessions.sqlite3"
MAX_TITLE_LENGTH = 200
MAX_MEMBERS = 50
#: Wrong codes or keys one client may try per :data:`ATTEMPT_WINDOW` seconds at full speed.
MAX_WRONG_ATTEMPTS = 10
ATTEMPT_WINDOW = 60.0
#: The first slowed wrong attempt waits this long; each next one twice as long, up to the most.
FIRST_DELAY = 0.25
MOST_DELAY = 2.0
#: Wrong-code answers one process holds back at a time (see SessionStore._wrong).
SLOWED_AT_ONCE = 2
_SLOWED = threading.BoundedSemaphore(SLOWED_AT_ONCE)
#: Seconds a wrong attempt is kept at all (well past the window, then deleted).
ATTEMPTS_KEPT = 600.0
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Member tokens whose session and member a store keeps in memory (see SessionStore.submit).
MEMBERS_REMEMBERED = 10_000
#: Seconds before a lookup that met an unreachable database is tried once more.
LOOKUP_RETRY = 0.5
#: Revealed results a store keeps computed (a result is a few hundred kB at most).
RESULTS_KEPT = 64
#: A pooled PostgreSQL connection idle this long is tested before use (see _checked_when_idle).
IDLE_PING_SECONDS = 5.0
#: Execution option that marks a transaction as read-only (SQLite starts it deferred).
READ_ONLY = "samenwerking_read_only"

# The statements a member's submit runs, built once: every submit of a burst runs them, and
# building SQLAlchemy statements costs more than SQLite takes to run them.
#: A client's wrong secrets within the window (parameters: :func:`_window`).
_WRONG_ATTEMPTS = (
    select(func.count())
    .select_from(AttemptRow)
    .where(AttemptRow.client == bindparam("client"), AttemptRow.at > bindparam("since"))
)
#: Each secret's session, rule set and member: a right secret costs one query.
_NO_MEMBER = type_coerce(null(), Integer)
_BY_SECRET = {
    "member": select(SessionRow.id, SessionRow.rules_path, MemberRow.id)
    .join(MemberRow, MemberRow.session_id == SessionRow.id)
    .where(MemberRow.token_hash == bindparam("digest")),
    "facilitator": select(SessionRow.id, SessionRow.rules_path, _NO_MEMBER).where(
        SessionRow.facilitator_hash == bindparam("digest")
    ),
    "code": select(SessionRow.id, SessionRow.rules_path, _NO_MEMBER).where(
        SessionRow.code_hash == bindparam("digest")
    ),
}
#: A member's answers, stored only while the session is not revealed. On PostgreSQL the
#: sub-select takes a share lock on the session row: a reveal (which locks the row for
#: update) waits for the submit, or the submit waits and then sees the reveal.
_SUBMIT = (
    update(MemberRow)
    .where(
        MemberRow.id == bindparam("member"),
        MemberRow.session_id.in_(
            select(SessionRow.id)
            .where(SessionRow.id == bindparam("session"), SessionRow.revealed_at.is_(None))
            .with_for_update(read=True)
        ),
    )
    .values(
        answers=bindparam("new_answers", type_=MemberRow.answers.type),
        weights=bindparam("new_weights", type_=MemberRow.weights.type),
        submitted_at=bindparam("now", type_=MemberRow.submitted_at.type),
    )
)


#: What a database that cannot be reached raises through SQLAlchemy (connection refused,
#: dropped, server shutting down).
_OUTAGES = (OperationalError, InterfaceError, DisconnectionError)


@contextmanager
def _reachable() -> Iterator[None]:
    """Turn the database being out of reach into :class:`DatabaseUnavailableError`."""
    try:
        yield
    except _OUTAGES as error:
        if isinstance(error, OperationalError) and _is_busy(error):
            raise  # SQLite's lock timeout is not an outage
        raise DatabaseUnavailableError() from error


def _is_busy(error: OperationalError) -> bool:
    return "database is locked" in str(error.orig)


@dataclass(frozen=True)
class NewSession:
    """What :meth:`SessionStore.create` hands out once: nothing here can be looked up later."""

    session_id: str
    facilitator_key: str
    participant_code: str
    title: str


@dataclass(frozen=True)
class Identity:
    """What a right secret opens: its kind, the session and its rule set, and the member."""

    kind: str
    session_id: str
    rules_path: str | None
    member_id: int | None


@dataclass(frozen=True)
class MemberStatus:
    """Who a member is and whether they submitted; never what they answered."""

    name: str
    organisation: str | None
    submitted: bool


@dataclass(frozen=True)
class SessionStatus:
    """A session's progress as the facilitator sees it."""

    session_id: str
    title: str
    anonymous: bool
    revealed: bool
    created_at: dt.datetime
    members: tuple[MemberStatus, ...]

    @property
    def submitted(self) -> int:
        """How many members have submitted."""
        return sum(m.submitted for m in self.members)


@dataclass(frozen=True)
class MemberView:
    """A member's own view: the session, their own answers, and whether it is revealed."""

    session_id: str
    title: str
    name: str
    organisation: str | None
    revealed: bool
    submitted: bool
    answers: dict[str, Any] | None
    weights: dict[str, float] | None


def default_database_url() -> str:
    """``SAMENWERKING_DATABASE_URL``, or a SQLite file in the data folder (not yet created)."""
    configured = os.environ.get(DATABASE_URL_VARIABLE, "").strip()
    if configured:
        return configured
    base = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    if not base:
        xdg = os.environ.get("XDG_DATA_HOME", "").strip()
        base = (
            str(Path(xdg) / "samenwerking")
            if xdg
            else str(Path.home() / ".local/share/samenwerking")
        )
    return f"sqlite:///{Path(base) / DATABASE_FILE}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _moment(when: dt.datetime | None) -> str | None:
    """A stored time as the dossier writes it (to the second), or None when it has none."""
    return when.isoformat(timespec="seconds") if when is not None else None


def _engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and immediate transactions."""
    if not url.startswith("sqlite"):
        return _checked_when_idle(create_engine(url, pool_size=10, max_overflow=20))
    database = url.split("///", 1)[1] if "///" in url else ""
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, start transactions (the driver's own handling
        # would start them deferred, and two deferred readers cannot both become writers).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        # WAL with synchronous=NORMAL never corrupts the file; only a power cut can lose the
        # last commits, and it saves a disk flush per commit (SQLite's advice for WAL).
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # Reads start deferred (WAL readers never wait); writes take the lock at once.
        reading = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


def _checked_when_idle(engine: Engine) -> Engine:
    """Test a pooled connection before use when it has lain idle :data:`IDLE_PING_SECONDS`.

    A connection the database server dropped (a restart, an idle timeout) is then replaced
    before a request uses it: SQLAlchemy's custom pessimistic check (a ``DisconnectionError``
    from the checkout event makes the pool connect afresh). ``pool_pre_ping`` tested every
    checkout, and a submit checks out twice: two extra round trips in each of a whole
    board's submits, for connections that had been used a moment before.
    """

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _alive(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("returned", -math.inf) < IDLE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # the driver's own error for a dropped connection
            raise DisconnectionError() from error

    return engine


def migrate(engine: Engine) -> None:
    """Bring the tables to the newest Alembic revision, once, even with many workers starting.

    On PostgreSQL an advisory lock, on SQLite the immediate transaction, keeps a second
    process waiting until the first has finished; it then finds nothing left to do.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(727274)"))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class WriteGate:
    """One writer at a time on a SQLite file, across threads and processes, queued.

    SQLite lets one writer in and tells the others it is busy; they retry after growing
    sleeps (1, 2, 5, 10 ... ms). When 140 members submit at once most of them sleep while
    the file is free, and the last wait half a second. Here writers queue on a lock file
    next to the database (``flock``: the kernel wakes the next one the moment the lock is
    released) and on a thread lock within the process, so SQLite never finds it busy.
    Reads do not pass the gate (WAL lets them run beside the writer). Without a file
    (PostgreSQL, which queues its own locks; in-memory SQLite) it does nothing.

    The lock file is opened once per process: a process forked after it was opened shares
    the parent's open file, and with it the lock, so the child opens its own.
    """

    def __init__(self, database: Path | None) -> None:
        self._lock_file = None if database is None else database.with_name(database.name + ".lock")
        self._thread_lock = threading.Lock()
        self._descriptor: int | None = None
        self._opened_by = 0
        self._held = threading.local()

    def _open(self, lock_file: Path) -> int:
        if self._descriptor is None or self._opened_by != os.getpid():
            self._descriptor = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
            self._opened_by = os.getpid()
        return self._descriptor

    def close(self) -> None:
        """Close the lock file (a later write opens it again)."""
        with self._thread_lock:
            if self._descriptor is not None and self._opened_by == os.getpid():
                os.close(self._descriptor)
            self._descriptor = None

    def __enter__(self) -> None:
        if self._lock_file is None:
            return
        if getattr(self._held, "yes", False):  # would wait for itself forever
            raise RuntimeError("a write transaction inside another on the same store")
        self._thread_lock.acquire()
        self._held.yes = True
        try:
            if fcntl is not None:
                fcntl.flock(self._open(self._lock_file), fcntl.LOCK_EX)
        except BaseException:
            self._held.yes = False
            self._thread_lock.release()
            raise

    def __exit__(self, *_exception: object) -> None:
        if self._lock_file is None:
            return
        try:
            if fcntl is not None and self._descriptor is not None:
                fcntl.flock(self._descriptor, fcntl.LOCK_UN)
        finally:
            self._held.yes = False
            self._thread_lock.release()


def _sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for another database or an in-memory one."""
    if not url.startswith("sqlite") or "///" not in url:
        return None
    database = url.split("///", 1)[1].split("?", 1)[0]
    return None if database in ("", ":memory:") else Path(database)


class SessionStore:
    """Board sessions in the database at ``url`` (``None``: the default, see above).

    Every method is safe to call from many threads and processes at once.
    """

    def __init__(self, url: str | None = None, *, client: str | None = None) -> None:
        self.url = url or default_database_url()
        #: Who asks when a call names no client: a web app names each request's address;
        #: a command line is one person, told apart from others by user and machine.
        self.client = client or local_client()
        try:
            self.engine = _engine(self.url)
            migrate(self.engine)
        except _OUTAGES as error:  # a server down or unreachable: later it may answer
            raise DatabaseUnavailableError() from error
        except Exception as error:  # a malformed URL, a missing driver
            raise SessionError(msg("session_database", reason=str(error))) from error
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        read_engine = self.engine.execution_options(**{READ_ONLY: True})
        self._readers = sessionmaker(read_engine, expire_on_commit=False)
        # Looking up a secret is one query, and a submit's write one statement: on
        # PostgreSQL each runs as its own transaction, without the BEGIN and COMMIT round
        # trips (a statement's locks last until it ends either way). SQLite's transactions
        # cost no round trips; its begin hook and write gate stay in charge there.
        sqlite = self.engine.dialect.name == "sqlite"
        statements = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._lookups = read_engine if sqlite else statements
        self._one_statement_writes = self.engine if sqlite else statements
        self._rules: dict[str | None, RuleSet] = {}
        self._rules_lock = threading.Lock()
        self._members: OrderedDict[str, Identity] = OrderedDict()
        #: Revealed sessions' group results, by session, view and language.
        self._results: OnceCache[GroupAdvice] = OnceCache(size=RESULTS_KEPT)
        self._members_lock = threading.Lock()
        self._write_gate = WriteGate(_sqlite_file(self.url))

    def close(self) -> None:
        """Close the database connections (the store cannot be used afterwards)."""
        self.engine.dispose()
        self._write_gate.close()

    # -- transactions and secrets ------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with _reachable(), self._write_gate, self._sessions.begin() as session:
            yield session

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A one-statement write on a plain connection (no ORM), through the write gate."""
        with _reachable(), self._write_gate, self._one_statement_writes.begin() as connection:
            yield connection

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        with _reachable(), self._readers.begin() as session:
            yield session

    def reachable(self) -> bool:
        """Whether the database answers now (for /healthz)."""
        try:
            with _reachable(), self._lookups.connect() as connection:
                connection.execute(text("SELECT 1"))
        except DatabaseUnavailableError:
            return False
        return True

    def _wrong(self, client: str | None) -> SessionError:
        """Record a wrong secret and give its answer, later the more wrong ones came before.

        The wait happens after the transaction, holding no lock; it holds the request's
        thread at most :data:`MOST_DELAY` seconds. Without a ``client`` the wrong attempt is
        the store's own :attr:`client` (one person at a command line).
        """
        client = client or self.client
        now = time.time()
        with self._transaction() as session:
            _forget_old_attempts(session, now)
            session.execute(
                text("INSERT INTO attempts (client, at) VALUES (:client, :at)"),
                {"client": client[:100], "at": now},
            )
            recent = session.scalar(_WRONG_ATTEMPTS, _window(client)) or 0
        delay = wrong_attempt_delay(recent)
        if not delay:
            return SessionError(msg("session_unknown_code"))
        # At most SLOWED_AT_ONCE requests of a process wait at a time: a script sending many
        # wrong codes at once would otherwise hold every thread asleep (a slowloris of its
        # own). The rest are answered at once, with the same message.
        if _SLOWED.acquire(blocking=False):
            try:
                time.sleep(delay)
            finally:
                _SLOWED.release()
        return SessionError(msg("session_too_many_attempts"))

    def _identify(self, secret: object, kinds: tuple[str, ...], client: str | None) -> Identity:
        """What the secret opens: its kind, the session (and rule set) and the member.

        Every wrong secret, whatever its kind or shape, gets the same error and counts
        towards the client's slowing down (:meth:`_wrong`); a right one always opens.
        One read on a plain connection: a member's submit asks this of every request. The
        read changes nothing, so when the database is out of reach it is tried once more
        (:data:`LOOKUP_RETRY` s later: a restarting server, a connection it dropped) before
        the outage is said.
        """
        usable = (
            isinstance(secret, str) and secret.strip() and len(secret) <= codes.MAX_SECRET_LENGTH
        )
        if usable:
            try:
                identity = self._lookup(str(secret), kinds)
            except DatabaseUnavailableError:
                time.sleep(LOOKUP_RETRY)
                identity = self._lookup(str(secret), kinds)
            if identity is not None:
                return identity
        raise self._wrong(client)

    def _lookup(self, secret: str, kinds: tuple[str, ...]) -> Identity | None:
        """What ``secret`` opens, tried as each of ``kinds``; None if nothing."""
        with _reachable(), self._lookups.connect() as connection:
            for kind in kinds:
                digest = codes.digest(kind, secret)
                found = connection.execute(_BY_SECRET[kind], {"digest": digest}).first()
                if found is not None:
                    identity = Identity(kind, found[0], found[1], found[2])
                    if kind == "member":
                        self._remember(digest, identity)
                    return identity
        return None

    def _remember(self, digest: str, identity: Identity) -> None:
        """Keep a member's session and id; they never change while the member exists."""
        with self._members_lock:
            self._members[digest] = identity
            self._members.move_to_end(digest)
            while len(self._members) > MEMBERS_REMEMBERED:
                self._members.popitem(last=False)

    def _remembered(self, member_token: object) -> tuple[str, Identity] | None:
        """The member a token opened here before, if this store still remembers it."""
        if not isinstance(member_token, str) or len(member_token) > codes.MAX_SECRET_LENGTH:
            return None
        digest = codes.digest("member", member_token)
        with self._members_lock:
            identity = self._members.get(digest)
        return None if identity is None else (digest, identity)

    def _forget(self, digest: str) -> None:
        with self._members_lock:
            self._members.pop(digest, None)

    @staticmethod
    def _row(session: Session, session_id: str, *, lock: bool = False) -> SessionRow:
        """The session row (locked for update), or the unknown-code error."""
        query = select(SessionRow).where(SessionRow.id == session_id)
        if lock:
            query = query.with_for_update()
        row = session.scalars(query).first()
        if row is None:  # deleted between the two steps
            raise SessionError(msg("session_unknown_code"))
        return row

    # -- rules -----------------------------------------------------------------------

    def _rules_for(self, row: SessionRow | Identity) -> RuleSet:
        """The session's rule set, loaded once per store (None: the default rules)."""
        with self._rules_lock:
            if row.rules_path not in self._rules:
                try:
                    self._rules[row.rules_path] = load_rules(row.rules_path)
                except SamenwerkingError as error:
                    raise SessionError(
                        msg("session_rules_missing", path=row.rules_path or "", reason=str(error))
                    ) from error
            return self._rules[row.rules_path]

    def _remember_rules(self, rules: RuleSet | str | Path | None) -> tuple[str | None, RuleSet]:
        default = load_rules()
        if rules is None:
            return None, default
        if not isinstance(rules, RuleSet):
            rules = load_rules(rules)
        path = None if rules.path.resolve() == default.path.resolve() else str(rules.path.resolve())
        with self._rules_lock:
            self._rules.setdefault(path, rules)
        return path, rules

    # -- the contract ------------------------------------------------------------------

    def create(
        self, title: str, rules: RuleSet | str | Path | None = None, anonymous: bool = False
    ) -> NewSession:
        """A new session; the key and code are shown only here (the store keeps digests)."""
        clean = title.strip() if isinstance(title, str) else ""
        if not clean:
            raise SessionError(msg("session_title_empty"))
        if len(clean) > MAX_TITLE_LENGTH:
            raise SessionError(msg("session_title_too_long", most=MAX_TITLE_LENGTH))
        path, ruleset = self._remember_rules(rules)
        new = NewSession(uuid.uuid4().hex, codes.secret_key(), codes.participant_code(), clean)
        with self._transaction() as session:
            session.add(
                SessionRow(
                    id=new.session_id,
                    title=clean,
                    anonymous=bool(anonymous),
                    rules_path=path,
                    rules_name=ruleset.metadata.name,
                    rules_version=ruleset.metadata.version,
                    rules_hash=ruleset.content_hash,
                    facilitator_hash=codes.digest("facilitator", new.facilitator_key),
                    code_hash=codes.digest("code", new.participant_code),
                    created_at=_now(),
                )
            )
        return new

    def join(
        self,
        participant_code: str,
        member_name: str,
        organisation: str | None = None,
        *,
        organisation_kind: str | None = None,
        client: str | None = None,
    ) -> str:
        """Join the session ``participant_code`` opens as ``member_name``; a member token."""
        name = _clean_name(member_name, "session_name")
        org = _clean_name(organisation, "session_organisation") if organisation else None
        kind = _clean_name(organisation_kind, "session_organisation") if organisation_kind else None
        token = codes.secret_key()
        session_id = self._identify(participant_code, ("code",), client).session_id
        try:
            with self._transaction() as session:
                row = self._row(session, session_id, lock=True)
                if row.revealed_at is not None:
                    raise SessionError(msg("session_revealed"))
                count = session.scalar(
                    select(func.count())
                    .select_from(MemberRow)
                    .where(MemberRow.session_id == row.id)
                )
                if (count or 0) >= MAX_MEMBERS:
                    raise SessionError(msg("session_member_limit", most=MAX_MEMBERS))
                taken = session.scalar(
                    select(MemberRow.id).where(
                        MemberRow.session_id == row.id, MemberRow.name_key == name_key(name)
                    )
                )
                if taken is not None:
                    raise SessionError(msg("session_name_taken", name=name))
                session.add(
                    MemberRow(
                        session_id=row.id,
                        token_hash=codes.digest("member", token),
                        name=name,
                        name_key=name_key(name),
                        organisation=org,
                        organisation_kind=kind,
                        joined_at=_now(),
                    )
                )
        except IntegrityError as error:  # the same name joined at the same moment
            raise SessionError(msg("session_name_taken", name=name)) from error
        return token

    def submit(
        self,
        member_token: str,
        answers: Mapping[str, Any] | Situation,
        weights: Mapping[str, float] | None = None,
        *,
        client: str | None = None,
        choices: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        """Store a member's answers (and weights); again and again until the reveal.

        ``choices`` are the member's answers to "wat vindt u belangrijker?" the weights came
        from (:mod:`samenwerking.preferences`); they are kept with the answers, as data.

        One read finds the member, the answers are checked, then one statement stores them
        while the session is not revealed (:data:`_SUBMIT`; on SQLite the write gate puts it
        wholly before or after a reveal). A burst of a whole board's submits is mostly this.

        A member whose token this store has looked up before (the member's page asks for
        its view every few seconds while it waits) skips the read. If the one statement
        stores nothing (revealed, deleted), the full path below says why.
        """
        known = self._remembered(member_token)
        if known is not None:
            digest, identity = known
            if self._submit_as(identity, answers, weights, choices=choices):
                return
            self._forget(digest)
        found = self._identify(member_token, ("member",), client)
        if self._submit_as(found, answers, weights, choices=choices):
            return
        with self._reading() as session:
            revealed = session.scalar(
                select(SessionRow.revealed_at).where(SessionRow.id == found.session_id)
            )
        if revealed is not None:
            raise SessionError(msg("session_revealed"))
        raise SessionError(msg("session_unknown_code"))  # deleted between the steps

    def _submit_as(
        self,
        found: Identity,
        answers: Mapping[str, Any] | Situation,
        weights: Mapping[str, float] | None,
        *,
        choices: Sequence[Mapping[str, Any]] = (),
    ) -> bool:
        """Store a member's checked answers in one statement; False if nothing was stored."""
        rules = self._rules_for(found)
        stored, stored_weights = _checked_entries(answers, weights, rules)
        if choices:
            stored["choices"] = _checked_choices(choices, rules)
        values: dict[str, Any] = {
            "member": found.member_id,
            "session": found.session_id,
            "new_answers": stored,
            "new_weights": stored_weights,
            "now": _now(),
        }
        with self._writing() as connection:
            done = connection.execute(_SUBMIT, values)
            return bool(done.rowcount == 1)

    def status(self, facilitator_key: str, *, client: str | None = None) -> SessionStatus:
        """Who has joined and who has submitted; never what anyone answered."""
        session_id = self._identify(facilitator_key, ("facilitator",), client).session_id
        with self._reading() as session:
            row = self._row(session, session_id)
            members = sorted(row.members, key=lambda m: (m.joined_at, m.id))
            return SessionStatus(
                row.id,
                row.title,
                row.anonymous,
                row.revealed_at is not None,
                row.created_at,
                tuple(
                    MemberStatus(m.name, m.organisation, m.submitted_at is not None)
                    for m in members
                ),
            )

    def member(self, member_token: str, *, client: str | None = None) -> MemberView:
        """A member's own view: the session's title and state, and their own answers only."""
        found = self._identify(member_token, ("member",), client)
        session_id, member_id = found.session_id, found.member_id
        with self._reading() as session:
            row = self._row(session, session_id)
            member = session.get(MemberRow, member_id)
            if member is None:
                raise SessionError(msg("session_unknown_code"))
            return MemberView(
                row.id,
                row.title,
                member.name,
                member.organisation,
                row.revealed_at is not None,
                member.submitted_at is not None,
                member.answers,
                member.weights,
            )

    def reveal(self, facilitator_key: str, *, client: str | None = None) -> None:
        """Show the result to everyone; from now on the answers are frozen."""
        session_id = self._identify(facilitator_key, ("facilitator",), client).session_id
        with self._transaction() as session:
            row = self._row(session, session_id, lock=True)
            if row.revealed_at is not None:
                return
            submitted = [m for m in row.members if m.submitted_at is not None]
            if not submitted:
                raise SessionError(msg("session_no_submissions"))
            labels = list(range(1, len(submitted) + 1))
            secrets.SystemRandom().shuffle(labels)
            for member, label in zip(submitted, labels, strict=True):
                member.label = label
            row.revealed_at = _now()

    def result(
        self,
        key_or_code: str,
        method: Method = "median",
        *,
        lang: str = DEFAULT_LANGUAGE,
        client: str | None = None,
    ) -> GroupAdvice:
        """The group advice: for the facilitator always, for members after the reveal.

        Members of an anonymous session see each other as "lid 1" to "lid n" (numbers drawn
        at the reveal, not the order of joining), without organisations.
        """
        found = self._identify(key_or_code, ("facilitator", "member", "code"), client)
        kind, session_id = found.kind, found.session_id
        with self._reading() as session:
            row = self._row(session, session_id)
            if kind != "facilitator" and row.revealed_at is None:
                raise SessionError(msg("session_not_revealed"))
            hidden = row.anonymous and kind != "facilitator"
            if row.revealed_at is None:
                return self._group_advice(row, hidden, method, lang)
            # Frozen since the reveal: computed once for all who open it (see OnceCache).
            key = (session_id, row.revealed_at, hidden, method, lang if hidden else "")
            return self._results.get(key, lambda: self._group_advice(row, hidden, method, lang))

    def _group_advice(
        self, row: SessionRow, hidden: bool, method: Method, lang: str
    ) -> GroupAdvice:
        """The group advice of the session's submitted members (``hidden``: as "lid n")."""
        members: dict[str, Any] = {}
        for member in row.members:
            if member.submitted_at is None or member.answers is None:
                continue
            name = member.name
            if hidden:
                name = words(msg("session_member_label", number=member.label or 0), lang)
            members[name] = self._member_input(member, row, hidden)
        if not members:
            raise SessionError(msg("session_no_submissions"))
        return aggregate(members, self._rules_for(row), method)

    def _member_input(self, member: MemberRow, row: SessionRow, hidden: bool) -> dict[str, Any]:
        stored = member.answers or {}
        value: dict[str, Any] = {"weights": member.weights}
        if "situation" in stored:
            rules = self._rules_for(row)
            value["situation"] = rules.situation_model.model_validate(stored["situation"])
        else:
            value["answers"] = stored.get("answers", {})
        if member.organisation and not hidden:
            value["organisation"] = member.organisation
        return value

    def about(self, key_or_code: str, *, client: str | None = None) -> tuple[str, RuleSet]:
        """The session's title and rule set, for any of its secrets (members know both)."""
        found = self._identify(key_or_code, ("facilitator", "member", "code"), client)
        with self._reading() as session:
            row = self._row(session, found.session_id)
            return row.title, self._rules_for(found)

    def export(self, facilitator_key: str, *, client: str | None = None) -> dict[str, Any]:
        """The whole session as a dossier (JSON data): members, answers, weights, result."""
        session_id = self._identify(facilitator_key, ("facilitator",), client).session_id
        with self._reading() as session:
            row = self._row(session, session_id)
            members = sorted(row.members, key=lambda m: (m.joined_at, m.id))
            dossier: dict[str, Any] = {
                "format": "samenwerking-sessie",
                "version": 1,
                "title": row.title,
                "anonymous": row.anonymous,
                "created": _moment(row.created_at),
                "revealed": _moment(row.revealed_at),
                "rules": {
                    "name": row.rules_name,
                    "version": row.rules_version,
                    "hash": row.rules_hash,
                    "path": row.rules_path,
                },
                "members": [
                    {
                        "name": m.name,
                        "organisation": m.organisation,
                        "organisation_kind": m.organisation_kind,
                        "joined": _moment(m.joined_at),
                        "submitted": _moment(m.submitted_at),
                        **(m.answers or {}),
                        "weights": m.weights,
                        "label": m.label,
                    }
                    for m in members
                ],
            }
            submitted = {m.name: self._member_input(m, row, False) for m in members if m.answers}
            rules = self._rules_for(row)
        dossier["result"] = aggregate(submitted, rules).summary() if submitted else None
        return dossier

    def delete(self, facilitator_key: str, *, client: str | None = None) -> None:
        """Delete the session and everything in it."""
        session_id = self._identify(facilitator_key, ("facilitator",), client).session_id
        with self._transaction() as session:
            _delete_sessions(session, [session_id])

    def backup(self, target: Path) -> Path:
        """Copy the SQLite database to ``target`` while it is in use: a consistent copy.

        Copying ``sessions.sqlite3`` by hand misses what the write-ahead log still holds;
        SQLite's online backup API copies the database as one transaction sees it. The copy
        is written beside ``target`` and renamed, so a failed backup leaves no half file.
        For PostgreSQL, ``pg_dump`` is the tool (see the README's operations section).
        """
        source = _sqlite_file(self.url)
        if source is None:
            raise SessionError(msg("session_backup_not_sqlite"))
        target = Path(target)
        if target.exists() and (target.is_dir() or target.resolve() == source.resolve()):
            raise SessionError(msg("session_backup_bad_target", path=str(target)))
        part = target.with_name(f".{target.name}.part")
        try:
            with sqlite3.connect(source) as live, sqlite3.connect(part) as copy:
                live.backup(copy)
            copy.close()
            os.replace(part, target)
        except (sqlite3.Error, OSError) as error:
            part.unlink(missing_ok=True)
            raise SessionError(
                msg("session_backup_failed", path=str(target), reason=str(error))
            ) from error
        return target

    def purge(self, older_than_days: float) -> int:
        """Delete every session created more than ``older_than_days`` ago; how many."""
        if (
            isinstance(older_than_days, bool)
            or not isinstance(older_than_days, int | float)
            or not math.isfinite(older_than_days)
            or older_than_days < 0
        ):
            raise SessionError(msg("session_bad_days", value=repr(older_than_days)))
        cutoff = _now() - dt.timedelta(days=float(older_than_days))
        with self._transaction() as session:
            old = select(SessionRow.id).where(SessionRow.created_at < cutoff)
            ids = list(session.scalars(old))
            _delete_sessions(session, ids)
            _forget_old_attempts(session, time.time())
        return len(ids)


def _delete_sessions(session: Session, ids: list[str]) -> None:
    """Delete sessions and their members.

    The members go explicitly: not every SQLite connection enforces the foreign key's cascade.
    """
    if ids:
        session.execute(delete(MemberRow).where(MemberRow.session_id.in_(ids)))
        session.execute(delete(SessionRow).where(SessionRow.id.in_(ids)))


def _forget_old_attempts(session: Session, now: float) -> None:
    """Wrong-code attempts older than :data:`ATTEMPTS_KEPT` seconds no longer count."""
    session.execute(text("DELETE FROM attempts WHERE at < :old"), {"old": now - ATTEMPTS_KEPT})


def _clean_name(value: object, prefix: str) -> str:
    if not isinstance(value, str):
        raise SessionError(msg(f"{prefix}_empty"))
    clean = normal_name(value)
    problem = name_problem(clean)
    if problem == "partner_name_empty":
        raise SessionError(msg(f"{prefix}_empty"))
    if problem is not None:
        raise SessionError(msg(problem))
    return clean


def local_client() -> str:
    """The user and machine of this process, for a store used from a command line or script."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a bare container)
        user = str(os.getuid()) if hasattr(os, "getuid") else "unknown"
    return f"local:{user}@{socket.gethostname()}"[:100]


def wrong_attempt_delay(recent: int) -> float:
    """How long a wrong secret's answer waits, after ``recent`` wrong ones in the window.

    Nothing up to :data:`MAX_WRONG_ATTEMPTS`; then :data:`FIRST_DELAY`, doubling with each
    further one, up to :data:`MOST_DELAY`.

    >>> [wrong_attempt_delay(n) for n in (1, 10, 11, 12, 13, 50)]
    [0.0, 0.0, 0.25, 0.5, 1.0, 2.0]
    """
    over = recent - MAX_WRONG_ATTEMPTS
    if over <= 0:
        return 0.0
    return float(min(MOST_DELAY, FIRST_DELAY * 2 ** min(over - 1, 16)))


def _window(client: str) -> dict[str, Any]:
    """The parameters of :data:`_WRONG_ATTEMPTS`: this client, the last ATTEMPT_WINDOW s."""
    return {"client": client[:100], "since": time.time() - ATTEMPT_WINDOW}


def _checked_choices(choices: Sequence[Mapping[str, Any]], rules: RuleSet) -> list[Any]:
    """A member's trade-off answers as stored, after the checks a dossier gets; or refused."""
    problems = entry_problems({"choices": list(choices)}, rules)
    if problems:
        raise SessionError(msg("session_bad_answers"), tuple(problems))
    return [Answer.model_validate(c).model_dump() for c in choices]


def _checked_entries(
    answers: Mapping[str, Any] | Situation,
    weights: Mapping[str, float] | None,
    rules: RuleSet,
) -> tuple[dict[str, Any], dict[str, float] | None]:
    """Answers and weights as stored, after the checks a dossier gets; complete or refused."""
    if isinstance(answers, Situation):
        problems = entry_problems({"weights": dict(weights or {})}, rules)
        if problems:
            raise SessionError(msg("session_bad_answers"), tuple(problems))
        checked = rules.situation_model.model_validate(answers.values())
        return {"situation": checked.values()}, dict(weights) if weights else None
    if not isinstance(answers, Mapping):
        raise SessionError(msg("session_answers_unreadable"))
    problems = entry_problems({"answers": dict(answers), "weights": dict(weights or {})}, rules)
    if problems:
        raise SessionError(msg("session_bad_answers"), tuple(problems))
    # Every answer is known and within its range now, so the answers give a situation
    # exactly when every factor has one (what ``assess`` finds: 5 µs here against 200 µs).
    unanswered = unanswered_factors(answers, rules)
    if unanswered:
        labels = each_language(
            lambda lang: ", ".join(rules.label("factor", f, lang) for f in unanswered),
            also=languages(),
        )
        raise SessionError(msg("session_answers_incomplete", factors=labels))
    stored = {
        "answers": {k: DONT_KNOW if is_dont_know(v) else float(v) for k, v in answers.items()}
    }
    return stored, {k: float(v) for k, v in weights.items()} if weights else None
