"""Daily housekeeping run by `flask assessments purge`: delete what staff sign-in leaves behind once
nothing needs it, and seal text saved before it was sealed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from wizard.storage import cases, feedback, insight
from wizard.storage.models import Feedback
from wizard.storage.sealing import Sealer
from wizard.storage.staff_models import Case, SignInAttempt, SignInLimit, StaffSession

#: A session unused this long is over anyway (the idle timeout is 30 minutes, the longest 12 hours).
SESSIONS_KEPT = timedelta(days=1)
#: Sign-in attempts are kept this long, to look into an attack on an account afterwards.
SIGN_IN_ATTEMPTS_KEPT = timedelta(days=90)
#: Longer than any limit's window (15 minutes for sign-in, an hour for new answers).
LIMIT_COUNTERS_KEPT = timedelta(days=1)


@dataclass(frozen=True)
class Purged:
    """How many rows of each kind were deleted."""

    sessions: int
    attempts: int
    counters: int
    #: Anonymous insight records and counters past their retention period.
    insight: int = 0


def purge_staff_records(
    session: Session, now: datetime, insight_months: int = insight.RETENTION_MONTHS
) -> Purged:
    """Delete ended or long-unused staff sessions, old sign-in attempts and stale limit counters,
    and insight's anonymous records of months more than `insight_months` ago."""
    old = now - SESSIONS_KEPT
    sessions = session.execute(
        delete(StaffSession).where(
            or_(StaffSession.ended_at < old, StaffSession.last_seen_at < old)
        )
    )
    attempts = session.execute(
        delete(SignInAttempt).where(SignInAttempt.at < now - SIGN_IN_ATTEMPTS_KEPT)
    )
    counters = session.execute(
        delete(SignInLimit).where(SignInLimit.window_start < now - LIMIT_COUNTERS_KEPT)
    )
    session.commit()
    counted = insight.purge(session, now.date(), insight_months)
    return Purged(_count(sessions), _count(attempts), _count(counters), counted)


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def seal_old_text(session: Session, sealer: Sealer) -> int:
    """Seal case labels and feedback comments saved in the clear before migration 0007.

    A label is sealed anyway when its case next changes, but feedback never changes, so without
    this its comments would stay in the clear for good. Commits; returns how many were sealed.
    """
    sealed = 0
    for case in session.scalars(select(Case).where(Case.sealed_label.is_(None))):
        sealed += cases.seal_old_label(case, sealer)
    for row in session.scalars(
        select(Feedback).where(or_(Feedback.data_key.is_(None), Feedback.sealed_comments.is_(None)))
    ):
        sealed += feedback.seal_old_comments(row, sealer)
    session.commit()
    return sealed
