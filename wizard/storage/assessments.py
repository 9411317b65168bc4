"""Assessments: create, find by private link, save with a version check, delete."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy import delete as sa_delete
from sqlalchemy import update as sa_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wizard.storage.models import Assessment, utcnow

#: Letters and digits that cannot be mistaken for each other when read out (no 0/O, 1/I/L, U/V).
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"


def new_token() -> str:
    """A private link token: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    """What is stored instead of the token: its SHA-256 (the token itself is never kept)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_reference() -> str:
    """A short reference to quote to a keyworker, like K7F-3QX-9MP (about 43 bits)."""
    letters = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(9))
    return f"{letters[:3]}-{letters[3:6]}-{letters[6:]}"


def create(
    session: Session, content_version: str, known_nodes: list[str]
) -> tuple[Assessment, str]:
    """Add a new, empty assessment; return it with its private token (shown once, never stored)."""
    for _attempt in range(5):
        token = new_token()
        assessment = Assessment(
            token_hash=token_hash(token),
            reference=new_reference(),
            content_version=content_version,
            known_nodes=known_nodes,
            answers={},
            answer_versions={},
            passed=[],
            status="in_progress",
        )
        try:
            with session.begin_nested():
                session.add(assessment)
        except IntegrityError:  # a reference already in use: draw another
            continue
        return assessment, token
    raise RuntimeError("could not draw a unique reference")


@dataclass
class AssessmentRecord:
    """An assessment read with one plain query (no ORM object): the journey reads one on every page."""

    id: int
    reference: str
    content_version: str
    known_nodes: list[str]
    answers: dict[str, Any]
    answer_versions: dict[str, int]
    passed: list[str]
    status: str
    plan: dict[str, Any] | None
    version: int


_TABLE: Table = Assessment.__table__  # type: ignore[assignment]
_FIELDS = [_TABLE.c[name] for name in AssessmentRecord.__dataclass_fields__]


class StaleRecord(RuntimeError):
    """Someone saved the assessment after it was read: read it again before saving."""


def find_by_token(session: Session, token: str) -> AssessmentRecord | None:
    """The assessment a private link opens, if it still exists."""
    if not token or len(token) > 100:
        return None
    # Core on the session's connection: the ORM layer adds nothing for a plain read like this.
    row = (
        session.connection()
        .execute(select(*_FIELDS).where(_TABLE.c.token_hash == token_hash(token)))
        .first()
    )
    return AssessmentRecord(**row._mapping) if row is not None else None


def reload(session: Session, record: AssessmentRecord) -> AssessmentRecord | None:
    """The record as it is saved now (None if it was deleted meanwhile)."""
    row = session.connection().execute(select(*_FIELDS).where(_TABLE.c.id == record.id)).first()
    return AssessmentRecord(**row._mapping) if row is not None else None


def update(session: Session, record: AssessmentRecord, **changes: Any) -> None:
    """Save changes only if nobody saved since `record` was read (optimistic locking); commits.

    Raises StaleRecord when the version moved on; `record` is updated in place on success.
    """
    values = {**changes, "version": record.version + 1, "updated_at": utcnow()}
    result = session.execute(
        sa_update(_TABLE)
        .where(_TABLE.c.id == record.id, _TABLE.c.version == record.version)
        .values(**values)
    )
    if getattr(result, "rowcount", 0) != 1:
        session.rollback()
        raise StaleRecord(record.id)
    session.commit()
    for name, value in values.items():
        if hasattr(record, name):
            setattr(record, name, value)


def purge_idle(session: Session, unfinished_days: int, finished_days: int, now: datetime) -> int:
    """Hard-delete assessments idle too long (unfinished after N days, with a plan after M days)."""
    unfinished = (Assessment.status != "finished") & (
        Assessment.updated_at < now - timedelta(days=unfinished_days)
    )
    finished = (Assessment.status == "finished") & (
        Assessment.updated_at < now - timedelta(days=finished_days)
    )
    result = session.execute(sa_delete(Assessment).where(unfinished | finished))
    session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def delete(session: Session, record: AssessmentRecord) -> None:
    """Remove the assessment and everything in it; commits."""
    session.connection().execute(sa_delete(_TABLE).where(_TABLE.c.id == record.id))
    session.commit()
