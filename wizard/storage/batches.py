"""Records that would share a family's transaction wait, and are released together in batches.

A row written in the transaction that saves a family's answers shares that transaction's marks
(PostgreSQL's xmin, its place on disk, the order of commits, an id given in order) with the
assessment, and could be joined back to it. So what insight counts and what the person answered to
"Did this plan help?" wait sealed, and the daily `flask assessments purge` releases them in a
shuffled batch, in a transaction of its own (ADR 0035, ADR 0041).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

T = TypeVar("T")
#: Keys deleted a statement: well under SQLite's limit of bound parameters.
CHUNK = 500

#: Waiting records are released only when at least this many can go together: each released one
#: can then be any of that many families who saved since the last release.
RELEASE_AT = 10


def shuffled(items: Iterable[T]) -> list[T]:
    """The items in a random order (from the system's random source), so that the order they are
    written in says nothing about the order they were made in."""
    mixed = list(items)
    secrets.SystemRandom().shuffle(mixed)
    return mixed


def new_ref() -> str:
    """A random key for a waiting record: 32 hex digits that say nothing about when it was made."""
    return secrets.token_hex(16)


def take_waiting(session: Session, model: Any) -> list[Any]:
    """Every waiting row of `model`, locked on PostgreSQL so that two releases run at once cannot
    both release it (the second finds them gone)."""
    return list(session.scalars(select(model).with_for_update()))


def forget(session: Session, model: Any, rows: list[Any]) -> None:
    """Delete released waiting rows by their random key (the caller commits with the release)."""
    refs = [row.ref for row in rows]
    for start in range(0, len(refs), CHUNK):
        session.execute(delete(model).where(model.ref.in_(refs[start : start + CHUNK])))
