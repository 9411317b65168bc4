"""Feedback from the feedback page: the comments are sealed, as people type names into them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.storage.models import Feedback
from wizard.storage.sealing import Sealer


def owner_of(feedback: Feedback) -> str:
    """The associated-data name a feedback row's key and comments are bound to."""
    return f"feedback:{feedback.id}"


def save(session: Session, sealer: Sealer, satisfaction: str, comments: str) -> Feedback:
    """Keep a piece of feedback, its comments sealed with a key of its own; the caller commits."""
    feedback = Feedback(satisfaction=satisfaction, comments="")
    session.add(feedback)
    session.flush()  # the key and the sealed comments are bound to the row's id
    key, feedback.data_key = sealer.new_data_key(owner_of(feedback))
    feedback.sealed_comments = sealer.seal(key, comments, owner_of(feedback), "comments")
    return feedback


def seal_old_comments(feedback: Feedback, sealer: Sealer) -> bool:
    """Seal comments sent before comments were sealed (migration 0007); whether there were some."""
    if feedback.data_key and feedback.sealed_comments is not None:
        return False
    key, feedback.data_key = sealer.new_data_key(owner_of(feedback))
    feedback.sealed_comments = sealer.seal(key, feedback.comments, owner_of(feedback), "comments")
    feedback.comments = ""
    return True


def comments_of(feedback: Feedback, sealer: Sealer) -> str:
    """The comments, opened (UnreadableData if they were altered or moved)."""
    if not feedback.data_key or feedback.sealed_comments is None:
        return feedback.comments  # sent before comments were sealed
    owner = owner_of(feedback)
    key = sealer.unwrap(feedback.data_key, owner)
    comments: str = sealer.open(key, feedback.sealed_comments, owner, "comments")
    return comments


def latest(session: Session, sealer: Sealer, limit: int = 200) -> list[tuple[datetime, str, str]]:
    """The newest feedback first: (when, satisfaction, comments opened)."""
    rows = session.scalars(
        select(Feedback).order_by(Feedback.created_at.desc(), Feedback.id.desc()).limit(limit)
    )
    return [(row.created_at, row.satisfaction, comments_of(row, sealer)) for row in rows]
