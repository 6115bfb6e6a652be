"""Board sessions: a board and its partners assess together (opt-in, on a database).

>>> from samenwerking.sessions import SessionStore
>>> store = SessionStore("sqlite://")  # in memory; None: the default SQLite file
>>> new = store.create("Fusieverkenning")
>>> token = store.join(new.participant_code, "Anna")
>>> store.status(new.facilitator_key).members[0].submitted
False
"""

from samenwerking.sessions.store import (
    DatabaseUnavailableError,
    MemberStatus,
    MemberView,
    NewSession,
    SessionError,
    SessionStatus,
    SessionStore,
    default_database_url,
)

__all__ = [
    "DatabaseUnavailableError",
    "MemberStatus",
    "MemberView",
    "NewSession",
    "SessionError",
    "SessionStatus",
    "SessionStore",
    "default_database_url",
]
