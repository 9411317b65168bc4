"""SQLAlchemy models. Each table's columns say what is kept, and nothing personal is kept without need."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
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


class LocalOfferComment(Base):
    """What someone said about the Local Offer (or whether their plan helped), and the editors'
    triage of it. No account and no assessment is linked; the words and any contact details the
    person chose to give are sealed with the comment's own key (wizard/storage/local_offer_comments.py).
    """

    __tablename__ = "local_offer_comment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: "family" (the parent carers' form), "young_person" (the form written for young people) or
    #: "plan" (the "Did this plan help?" question at the end of a plan).
    audience: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str] = mapped_column(String(32))
    #: "Did this plan help?": yes, partly or no (plan answers only).
    plan_helped: Mapped[str | None] = mapped_column(String(8), nullable=True)
    #: Whether the person allowed their words to be published without their name.
    may_publish: Mapped[bool] = mapped_column(Boolean, default=False)
    data_key: Mapped[str] = mapped_column(String(120))
    #: The comment, the service it is about and any contact details, sealed ({"comment", ...}).
    sealed_words: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: Whether contact details were given and are still held (they are deleted once dealt with).
    has_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The editors' triage: a theme, a status and the reason for it.
    theme: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default="new")
    status_reason: Mapped[str] = mapped_column(Text, default="")
    #: The words an editor chose to publish, with anything identifying removed (only when allowed).
    published_words: Mapped[str] = mapped_column(Text, default="")
    entry_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("you_said_we_did.id", ondelete="SET NULL"), nullable=True, index=True
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class PlanAnswerPending(Base):
    """An answer to "Did this plan help?" (and any comment added to it) waiting to join the
    comments, sealed (wizard/storage/local_offer_comments.py, hold_plan_answer).

    Sent a moment after a plan was finished, a comment row would carry an id given in order, an
    exact time and, on PostgreSQL, a transaction id (xmin) next to that family's plan, and could be
    matched to it. So it waits here with a random key, no rowid and only its month, and is released
    into local_offer_comment in a shuffled batch of at least RELEASE_AT (ADR 0041).
    """

    __tablename__ = "plan_answer_pending"
    __table_args__ = ({"sqlite_with_rowid": False},)

    #: Random: the only thing the browser that answered keeps, to add its comment while it waits.
    ref: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: The first moment of the month it was answered in (the comment it becomes keeps the same).
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    data_key: Mapped[str] = mapped_column(String(120))
    #: {"plan_helped", "comment", "may_publish"}, sealed with the row's own key.
    sealed: Mapped[dict[str, Any]] = mapped_column(JSON)


class YouSaidWeDid(Base):
    """A "You said, we did" entry: what people said, what the council will do and by when, and
    whether it is done. Editors write it; the public page shows it once published."""

    __tablename__ = "you_said_we_did"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    theme: Mapped[str] = mapped_column(String(64))
    topic: Mapped[str] = mapped_column(String(32))
    you_said: Mapped[str] = mapped_column(Text)
    we_will: Mapped[str] = mapped_column(Text)
    due_by: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: "will_do", "done" or "will_not_do" (with the reason in `we_will`).
    status: Mapped[str] = mapped_column(String(16), default="will_do")
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
