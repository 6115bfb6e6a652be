"""Alembic's environment: run the migrations on the connection the store hands over.

The store (:func:`samenwerking.sessions.store.migrate`) opens the connection, takes a lock so
that two workers starting at once do not both create the tables, and passes the connection
in ``config.attributes``; there is no ``alembic.ini`` and no URL here.
"""

from __future__ import annotations

from alembic import context

from samenwerking.sessions.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
