"""SQLAlchemy models. Each table's columns say what is kept, and nothing personal is kept without need."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """Return the current time in UTC (stored timezone-aware on both databases)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """The declarative base every model shares (Alembic reads its metadata)."""


class Feedback(Base):
    """What a user said about the service on the feedback page: no names, no contact details."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    satisfaction: Mapped[str] = mapped_column(String(32))
    comments: Mapped[str] = mapped_column(Text, default="")
