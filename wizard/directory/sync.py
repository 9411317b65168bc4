"""The scheduled sync: import the configured feed whole or not at all, and record every run.

A sync first reads the whole feed, every page and every detail, keeping the answers; only when all
of it was read does it import, from those answers, in one database transaction that is committed
only if every batch was saved. So a feed that fails half way, or a batch the database refuses,
leaves the directory exactly as it was (ADR 0034); no transaction stays open while pages download.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from wizard.directory.feeds import (
    Batch,
    FeedProblem,
    Fetch,
    FetchError,
    Limits,
    http_fetcher,
    read_source,
)
from wizard.directory.importer import ImportSummary, run_import
from wizard.directory.mapping import DirectoryMapping
from wizard.storage import import_runs


class _Recorder:
    """A fetch that keeps every answer, then replays them (and asks nothing new)."""

    def __init__(self, fetch: Fetch):
        self._fetch = fetch
        self._answers: dict[str, str] = {}

    def fetch(self, url: str) -> Any:
        answer = self._fetch(url)
        self._answers[url] = json.dumps(answer)  # a copy, so the import cannot change what was read
        return answer

    def replay(self, url: str) -> Any:
        if url not in self._answers:
            raise FetchError("this address was not read when the feed was first read")
        return json.loads(self._answers[url])


@dataclass
class SyncResult:
    """What a sync did: the import's summary, and whether its changes were kept."""

    summary: ImportSummary
    applied: bool

    @property
    def outcome(self) -> str:
        """'succeeded', 'failed' (nothing changed) or 'partly imported' (a manual import's batches
        that were saved before or after a part that failed)."""
        if self.summary.complete and self.applied:
            return "succeeded"
        changed = self.summary.created + self.summary.updated + self.summary.inactivated
        return "partly imported" if self.applied and changed else "failed"

    @property
    def failures(self) -> list[str]:
        """Each part of the feed that could not be read or saved, in plain words."""
        return [f"{p.label}: {p.message}" for p in self.summary.problems]

    def counts(self) -> dict[str, int]:
        """The counts an import run records (all zero when nothing was kept)."""
        if not self.applied:
            return {"skipped": len(self.summary.rejected)}
        return run_counts(self.summary)


def run_counts(summary: ImportSummary) -> dict[str, int]:
    """The counts an import run records from an import's summary."""
    return {
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "inactivated": summary.inactivated,
        "skipped": len(summary.rejected),
    }


def read_whole_feed(url: str, limits: Limits, chunk: int, recorder: _Recorder) -> ImportSummary:
    """Read every page and detail once; the summary lists what could not be read."""
    summary = ImportSummary(url)
    for batch in read_source(url, limits, chunk, recorder.fetch):
        if isinstance(batch, FeedProblem):
            summary.problems.append(batch)
        elif isinstance(batch, Batch):
            summary.problems += [
                FeedProblem(batch.label, f"record {record_id}: {reason}")
                for record_id, reason in batch.unreadable
            ]
    return summary


def sync(
    engine: Engine,
    url: str,
    mapping: DirectoryMapping,
    *,
    source_name: str,
    limits: Limits,
    chunk: int = 500,
    full_sync: bool = True,
    fetch: Fetch | None = None,
    now: datetime | None = None,
) -> SyncResult:
    """Import the feed at `url` whole, or change nothing (see the module's docstring)."""
    recorder = _Recorder(fetch or http_fetcher(limits))
    read = read_whole_feed(url, limits, chunk, recorder)
    if read.problems:
        read.source = source_name
        return SyncResult(read, applied=False)
    with engine.connect() as connection:
        outer = connection.begin()
        if engine.dialect.name == "sqlite":
            # pysqlite only begins a transaction before its first write, and then the importer's
            # first SAVEPOINT would be the outermost and its RELEASE would commit: begin it now.
            connection.exec_driver_sql("BEGIN")
        inside: Callable[[], Session] = sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            summary = run_import(
                inside,
                url,
                mapping,
                source_name=source_name,
                full_sync=full_sync,
                limits=limits,
                chunk=chunk,
                fetch=recorder.replay,
                now=now or datetime.now(UTC),
            )
        except BaseException:
            outer.rollback()
            raise
        if summary.complete:
            outer.commit()
        else:
            outer.rollback()
    return SyncResult(summary, applied=summary.complete)


def record_run(
    sessions: sessionmaker[Session],
    kind: str,
    source: str,
    clock: Callable[[], datetime],
    run: Callable[[], SyncResult],
) -> SyncResult:
    """Run an import or sync ("import" or "sync") with its start and end recorded; a crash is
    recorded as a failure, then raised."""
    run_id = import_runs.start(sessions, kind, source, clock())
    try:
        result = run()
    except Exception as error:
        import_runs.finish(
            sessions,
            run_id,
            clock(),
            outcome="failed",
            counts={},
            failures=[f"the {kind} stopped with an error ({error.__class__.__name__})"],
        )
        raise
    import_runs.finish(
        sessions,
        run_id,
        clock(),
        outcome=result.outcome,
        counts=result.counts(),
        failures=result.failures,
    )
    return result
