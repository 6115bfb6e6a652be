"""The session tables (SQLAlchemy 2 declarative); Alembic migrations create and change them.

Only digests of codes and keys are stored (:mod:`samenwerking.sessions.codes`). Answers and
weights are JSON, as the dossier holds them. Deleting a session deletes its members.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

DIGEST = 64  # hex SHA-256


class Base(DeclarativeBase):
    """The metadata Alembic compares the migrations with."""


class SessionRow(Base):
    """One board session: its title, rule set, secrets (hashed) and whether it is revealed."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    rules_path: Mapped[str | None] = mapped_column(Text, nullable=True)
    rules_name: Mapped[str] = mapped_column(String(200))
    rules_version: Mapped[str] = mapped_column(String(50))
    rules_hash: Mapped[str] = mapped_column(String(DIGEST))
    facilitator_hash: Mapped[str] = mapped_column(String(DIGEST), unique=True)
    code_hash: Mapped[str] = mapped_column(String(DIGEST), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    revealed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    members: Mapped[list[MemberRow]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True
    )


class MemberRow(Base):
    """One member of a session: name, organisation, and what they submitted (if anything)."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("session_id", "name_key", name="uq_members_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(DIGEST), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    #: The name case-folded: "Anna" and "anna" are the same member.
    name_key: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str | None] = mapped_column(String(120), nullable=True)
    organisation_kind: Mapped[str | None] = mapped_column(String(60), nullable=True)
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    #: {"answers": {question: value}} or {"situation": {factor: value}}.
    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    weights: Mapped[dict[str, float] | None] = mapped_column(JSON, nullable=True)
    #: The member's number in an anonymous result ("lid 3"), drawn at random at the reveal.
    label: Mapped[int | None] = mapped_column(Integer, nullable=True)
    session: Mapped[SessionRow] = relationship(back_populates="members")


class AttemptRow(Base):
    """A wrong code or key, kept for a minute to limit guessing per client."""

    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[float] = mapped_column(Float, index=True)
