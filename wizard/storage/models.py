"""SQLAlchemy models. Each table's columns say what is kept, and nothing personal is kept without need."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """Return the current time in UTC (stored timezone-aware on both databases)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """The declarative base every model shares (Alembic reads its metadata)."""


class Feedback(Base):
    """What a user said about the service on the feedback page: none asked for names or contact
    details, but people type them anyway, so the comments are sealed (wizard/storage/feedback.py)."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    satisfaction: Mapped[str] = mapped_column(String(32))
    #: The comments in the clear: only for feedback sent before comments were sealed (empty since).
    comments: Mapped[str] = mapped_column(Text, default="")
    #: This feedback's own key, wrapped by the server key; empty for feedback sent before sealing.
    data_key: Mapped[str | None] = mapped_column(String(120), nullable=True)
    sealed_comments: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class Assessment(Base):
    """One family's answers, saved as they go, reachable again only through its private link.

    The link's token is never stored, only its SHA-256 hash (like a password). `version` is bumped on
    every save, so two tabs or a keyworker and a family can never silently overwrite each other.
    """

    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True, index=True)
    content_version: Mapped[str] = mapped_column(String(32))
    known_nodes: Mapped[list[str]] = mapped_column(JSON, default=list)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    answer_versions: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    passed: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Who gave each answer: "family", or "keyworker" (a keyworker sitting with the family).
    answered_by: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="in_progress")
    plan: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    #: The assessment's own AES-256 key, wrapped by the server key; answers, versions, passed pages
    #: and the plan are sealed with it (wizard/storage/sealing.py). Empty for rows saved before sealing.
    data_key: Mapped[str | None] = mapped_column(String(120), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    #: Bumped by every save through the version-guarded UPDATE in wizard/storage/assessments.py,
    #: the only optimistic lock (the mapping has no version_id_col: ADR 0024).
    version: Mapped[int] = mapped_column(Integer, nullable=False)
