"""The record of directory imports and syncs: one row a run, written at its start and its end, so
a run that died half way shows as started and never finished."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from wizard.storage.directory_models import ImportRun

#: At most this many failure lines are kept for a run (the command prints them all).
FAILURES_KEPT = 50


def start(sessions: sessionmaker[Session], kind: str, source: str, now: datetime) -> int:
    """Record that a run began (committed at once); its id."""
    with sessions() as session, session.begin():
        run = ImportRun(
            kind=kind, source=source[:500], started_at=now, outcome="running", failures=[]
        )
        session.add(run)
        session.flush()
        return run.id


def finish(
    sessions: sessionmaker[Session],
    run_id: int,
    now: datetime,
    *,
    outcome: str,
    counts: dict[str, int],
    failures: list[str],
) -> None:
    """Record how a run ended: its outcome, counts (created, updated, ...) and failures."""
    with sessions() as session, session.begin():
        run = session.get(ImportRun, run_id)
        if run is None:
            return
        run.finished_at = now
        run.outcome = outcome
        for name in ("created", "updated", "unchanged", "inactivated", "skipped"):
            setattr(run, name, counts.get(name, 0))
        shown = failures[:FAILURES_KEPT]
        if len(failures) > FAILURES_KEPT:
            shown.append(f"... and {len(failures) - FAILURES_KEPT} more")
        run.failures = shown


def last_run(session: Session) -> ImportRun | None:
    """The most recent run, finished or not."""
    return session.scalars(
        select(ImportRun).order_by(ImportRun.started_at.desc(), ImportRun.id.desc()).limit(1)
    ).first()
