"""The family journey's use cases, free of Flask: check and save an answer, finish, links, start.

The views parse a request, call one of these and redirect. Each takes a `Journey` (the database
session, the content, the sealer and today's date) so tests run them without HTTP. An answer is
applied in one place, `engine.submit`; saves are guarded by the record's version and retried when
another save came first (ADR 0009, ADR 0022).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from wizard.core.content import Content
from wizard.core.engine import Progress, Submission, resolve, submit
from wizard.core.graph import Node
from wizard.core.insight import anonymous_plan, month_of
from wizard.core.pathway import ServiceFinder, build_pathway
from wizard.core.snapshot import plan_snapshot
from wizard.storage import assessments, insight
from wizard.storage.assessments import AssessmentRecord, StaleRecord
from wizard.storage.models import utcnow
from wizard.storage.sealing import Sealer

log = logging.getLogger("wizard.journey")

#: Adds an audit event for the answers (action, detail) to the session; the save commits it.
Audit = Callable[[AssessmentRecord, str, str], None]
#: How many times a save is tried when another save keeps coming first.
ATTEMPTS = 3


@dataclass(frozen=True)
class Journey:
    """What the journey's use cases work with."""

    session: Session
    content: Content
    sealer: Sealer
    today: date


@dataclass(frozen=True)
class Answer:
    """One checked answer for a node: the value to store (None to clear it) and what it leads to."""

    node: Node
    value: Any
    skipping: bool
    #: The answers it was checked against and engine.submit's result (None for a page moved past).
    based_on: Mapping[str, Any]
    submission: Submission | None


@dataclass(frozen=True)
class Saved:
    """The answer is saved: the record as saved and where the answers lead now."""

    record: AssessmentRecord
    progress: Progress


@dataclass(frozen=True)
class Conflict:
    """The answer changed elsewhere after the page was shown: nothing was saved."""

    record: AssessmentRecord
    progress: Progress
    stored: Any
    yours: Any
    stored_version: int


@dataclass(frozen=True)
class Finished:
    """The outcome of finishing: where the answers lead, and whether the plan was made."""

    progress: Progress
    made: bool
    stale: bool = False


def progress_of(journey: Journey, record: AssessmentRecord | None) -> Progress:
    """Where these answers (none for a browser without any) lead today."""
    answers = record.answers if record else {}
    passed = set(record.passed) if record else set()
    return resolve(journey.content.graph, answers, journey.today, passed=passed)


def start(journey: Journey) -> tuple[AssessmentRecord, str]:
    """Create an empty set of answers (the caller checked its limit); returns it and its token."""
    graph = journey.content.graph
    _created, token = assessments.create(
        journey.session, journey.content.version, list(graph.nodes), journey.sealer
    )
    journey.session.commit()
    record = assessments.find_by_token(journey.session, token, journey.sealer)
    assert record is not None
    return record, token


def check_answer(
    journey: Journey,
    record: AssessmentRecord | None,
    progress: Progress,
    node: Node,
    value: Any,
    skipping: bool,
) -> Answer:
    """Check an answer with engine.submit before anything is stored (AnswerError, NotOnPath)."""
    answers = dict(progress.answers if record is None else record.answers)
    if not node.is_question or skipping:
        return Answer(node, None, skipping, answers, None)
    submission = _submit(journey, record, node, value, progress)
    return Answer(node, submission.answers.get(node.id), skipping, answers, submission)


def _submit(
    journey: Journey,
    record: AssessmentRecord | None,
    node: Node,
    value: Any,
    before: Progress | None,
) -> Submission:
    """The one place an answer is applied; the node counts as passed in the progress it returns."""
    answers = record.answers if record else {}
    passed = set(record.passed if record else ()) | {node.id}
    return submit(
        journey.content.graph, answers, node.id, value, journey.today, passed=passed, before=before
    )


def record_answer(
    journey: Journey,
    record: AssessmentRecord,
    answer: Answer,
    seen_version: int | None,
    answered_by: str,
    audit: Audit,
) -> Saved | Conflict | None:
    """Save a checked answer unless it changed elsewhere since `seen_version` (then a Conflict).

    Another save coming first is retried on the fresh record; None when the answers were deleted
    meanwhile. Raises StaleRecord when saves keep coming first.
    """
    for attempt in range(ATTEMPTS):
        conflict = _conflict(journey, record, answer, seen_version)
        if conflict is not None:
            return conflict
        try:
            return _save(journey, record, answer, answered_by, audit)
        except StaleRecord:  # saved elsewhere between reading and writing: look again
            reloaded = assessments.reload(journey.session, record, journey.sealer)
            if reloaded is None:
                return None
            record = reloaded
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _conflict(
    journey: Journey, record: AssessmentRecord, answer: Answer, seen_version: int | None
) -> Conflict | None:
    """A stale page: this answer changed (another tab, a keyworker) after the page was shown."""
    node = answer.node
    if not node.is_question:
        return None
    stored_version = (record.answer_versions or {}).get(node.id, 0)
    stored = (record.answers or {}).get(node.id)
    if (seen_version or 0) == stored_version or stored == answer.value:
        return None
    return Conflict(record, progress_of(journey, record), stored, answer.value, stored_version)


def _save(
    journey: Journey, record: AssessmentRecord, answer: Answer, answered_by: str, audit: Audit
) -> Saved:
    """Store the answer in one transaction (StaleRecord if another save came first)."""
    node = answer.node
    before = dict(record.answers or {})
    submission = answer.submission
    if submission is not None and before != dict(answer.based_on):
        # Other answers changed since the check: apply this one to them instead.
        submission = _submit(journey, record, node, answer.value, None)
    answers = submission.answers if submission is not None else dict(before)
    versions = dict(record.answer_versions or {})
    passed = set(record.passed or []) | {node.id}
    answered = dict(record.answered_by or {})
    if node.is_question:
        if answer.skipping:
            answers.pop(node.id, None)
        if before.get(node.id) != answers.get(node.id):
            versions[node.id] = versions.get(node.id, 0) + 1
        answered[node.id] = answered_by
        audit(record, "edit", f"question {node.id}")
    status = record.status
    if answers != before and status == "finished":
        status = "changed"  # the plan no longer matches: check answers again
    changed = {
        column: value
        for column, value, old in (
            ("answers", answers, record.answers),
            ("answer_versions", versions, record.answer_versions),
            ("passed", sorted(passed), record.passed),
            ("answered_by", answered, record.answered_by),
            ("status", status, record.status),
        )
        if value != old
    }
    changed.update(_content_seen(journey, record))
    section = node.section
    graph = journey.content.graph
    passed_before = (graph.nodes[p] for p in record.passed or [] if p in graph.nodes)
    if section and not any(other.section == section for other in passed_before):
        # Sealed and counted later in a batch: a counter bumped here would share this save's
        # transaction (and its PostgreSQL xmin) with the assessment (ADR 0041).
        insight.hold_section_reached(
            journey.session, journey.sealer, section, month_of(journey.today)
        )
    # Only what changed is sealed and written; the version still moves on for every save.
    assessments.update(journey.session, record, journey.sealer, **changed)
    log.info("answer saved assessment=%s node=%s", record.id, node.id)
    if submission is not None and not answer.skipping:
        return Saved(record, submission.progress)
    return Saved(record, progress_of(journey, record))


def _content_seen(journey: Journey, record: AssessmentRecord) -> dict[str, Any]:
    """The columns that record these answers as seen on the current questions (none if they are)."""
    if record.content_version == journey.content.version:
        return {}
    return {
        "known_nodes": list(journey.content.graph.nodes),
        "content_version": journey.content.version,
    }


def note_content_seen(journey: Journey, record: AssessmentRecord) -> None:
    """Record that the family has been told about new questions (once shown, not again)."""
    changes = _content_seen(journey, record)
    if not changes:
        return
    with suppress(StaleRecord):  # saved elsewhere meanwhile: the next page notes the change
        assessments.update(journey.session, record, journey.sealer, **changes)


def finish(
    journey: Journey, record: AssessmentRecord, services: ServiceFinder, audit: Audit
) -> Finished:
    """Make the plan: remove answers that no longer apply, and save what the family was told."""
    progress = progress_of(journey, record)
    if not progress.complete:
        return Finished(progress, made=False)
    pathway = build_pathway(journey.content, progress.answers, journey.today, services=services)
    audit(record, "edit", "plan made")
    if record.status not in ("finished", "changed"):  # counted once, when first finished
        anonymous = anonymous_plan(journey.content.graph, pathway, journey.today)
        insight.hold_plan(journey.session, journey.sealer, anonymous)  # sealed: ADR 0035
    try:
        assessments.update(
            journey.session,
            record,
            journey.sealer,
            answers=dict(progress.answers),
            passed=sorted(set(record.passed or []) & set(progress.path)),
            answer_versions={
                k: v for k, v in (record.answer_versions or {}).items() if k in progress.answers
            },
            answered_by={
                k: v for k, v in (record.answered_by or {}).items() if k in progress.answers
            },
            plan=plan_snapshot(pathway, journey.content.graph, progress).to_json(),
            status="finished",
            finished_at=utcnow(),
        )
    except StaleRecord:
        return Finished(progress, made=False, stale=True)
    log.info("plan made assessment=%s actions=%s", record.id, len(pathway.actions))
    return Finished(progress, made=True)


def new_private_link(session: Session, record: AssessmentRecord, sealer: Sealer) -> str | None:
    """Give the answers a new private link (the old one stops working): its token, or None when
    the answers were being saved just then."""
    try:
        return assessments.new_private_link(session, record, sealer)
    except StaleRecord:
        return None
