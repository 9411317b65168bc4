"""Comments on the Local Offer and answers to "Did this plan help?": kept sealed, triaged by editors.

The words, the service a comment names and any contact details are sealed with the comment's own
key: people type names and children's details into comment boxes whatever the form says. An editor
can delete the contact details once the person has had a reply; a comment is deleted with
everything in it after COMMENTS_KEPT.

An answer to "Did this plan help?" is sent a moment after a plan was finished, so it is not written
here at once: it waits sealed in plan_answer_pending and joins the comments in a shuffled batch
(release_plan_answers, ADR 0041), with an id given then and only its month kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from wizard.core.insight import month_of
from wizard.storage.batches import RELEASE_AT, forget, new_ref, shuffled, take_waiting
from wizard.storage.models import LocalOfferComment, PlanAnswerPending, utcnow
from wizard.storage.sealing import Sealer

#: What a comment may be about (the form's topics), in the order the form lists them.
TOPICS = {
    "education": "Education",
    "health": "Health",
    "social_care": "Social care",
    "transport": "Transport",
    "preparing_for_adulthood": "Preparing for adulthood",
    "directory": "The directory of services",
    "this_service": "This service (the plan)",
}
#: Where a comment stands with the council.
STATUSES = {
    "new": "New",
    "considering": "Considering",
    "will_do": "We will do something",
    "done": "Done",
    "will_not_do": "We will not do this",
}
PLAN_HELPED = {"yes": "Yes", "partly": "Partly", "no": "No"}
#: How long a comment is kept (the council's annual Local Offer review looks back a year).
COMMENTS_KEPT = timedelta(days=2 * 365)


@dataclass(frozen=True)
class Words:
    """What the person wrote and chose to give: all of it sealed at rest."""

    comment: str = ""
    service: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""

    @property
    def has_contact(self) -> bool:
        """Whether the person left a way to reply to them."""
        return bool(self.contact_email or self.contact_phone)


@dataclass(frozen=True)
class Comment:
    """A comment as an editor reads it: the row and its words opened."""

    row: LocalOfferComment
    words: Words


def owner_of(comment: LocalOfferComment) -> str:
    """The associated-data name a comment's key and sealed words are bound to."""
    return _owner(comment.id)


def _owner(comment_id: int) -> str:
    return f"local_offer_comment:{comment_id}"


def _seal(sealer: Sealer, comment: LocalOfferComment, words: Words) -> None:
    key = sealer.unwrap(comment.data_key, owner_of(comment))
    comment.sealed_words = sealer.seal(key, words.__dict__, owner_of(comment), "words")
    comment.has_contact = words.has_contact


def words_of(sealer: Sealer, comment: LocalOfferComment) -> Words:
    """The comment's words, opened (UnreadableData if they were altered or moved)."""
    key = sealer.unwrap(comment.data_key, owner_of(comment))
    opened: dict[str, Any] = sealer.open(key, comment.sealed_words, owner_of(comment), "words")
    return Words(**{name: str(opened.get(name, "")) for name in Words.__dataclass_fields__})


def save(
    session: Session,
    sealer: Sealer,
    *,
    audience: str,
    topic: str,
    words: Words,
    may_publish: bool,
) -> LocalOfferComment:
    """Keep a new comment, its words sealed with a key of its own; the caller commits."""
    comment = LocalOfferComment(
        created_at=utcnow(),
        audience=audience,
        topic=topic,
        may_publish=may_publish,
        data_key="",
        sealed_words={},
        theme="",
        status="new",
        status_reason="",
        published_words="",
    )
    session.add(comment)
    session.flush()  # the key and the sealed words are bound to the row's id
    _key, comment.data_key = sealer.new_data_key(owner_of(comment))
    _seal(sealer, comment, words)
    return comment


# --- "Did this plan help?": answers wait, then join the comments in a batch ----------------------


@dataclass(frozen=True)
class PlanAnswer:
    """An answer to "Did this plan help?" while it waits: all of it sealed at rest."""

    #: yes, partly or no; None for a comment whose answer was released before it came.
    plan_helped: str | None
    comment: str = ""
    may_publish: bool = False


def pending_owner(pending: PlanAnswerPending) -> str:
    """The associated-data name a waiting answer's key and sealed values are bound to."""
    return f"plan-answer-pending:{pending.ref}"


def _month_start(moment: datetime) -> datetime:
    """The first moment of the moment's month, in UTC (SQLite gives times back without a zone)."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return utc.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _seal_answer(sealer: Sealer, pending: PlanAnswerPending, answer: PlanAnswer) -> None:
    key = sealer.unwrap(pending.data_key, pending_owner(pending))
    pending.sealed = sealer.seal(key, answer.__dict__, pending_owner(pending), "answer")


def _new_pending(sealer: Sealer, answer: PlanAnswer) -> PlanAnswerPending:
    # Only the month: an exact time could be matched with the moment a plan was finished.
    pending = PlanAnswerPending(
        ref=new_ref(), created_at=_month_start(utcnow()), data_key="", sealed={}
    )
    _key, pending.data_key = sealer.new_data_key(pending_owner(pending))
    _seal_answer(sealer, pending, answer)
    return pending


def hold_plan_answer(session: Session, sealer: Sealer, plan_helped: str) -> str:
    """Keep an answer to "Did this plan help?" sealed until a batch is released; its random
    reference, the only thing the browser keeps (the caller commits)."""
    pending = _new_pending(sealer, PlanAnswer(plan_helped))
    session.add(pending)
    return pending.ref


def open_plan_answer(sealer: Sealer, pending: PlanAnswerPending) -> PlanAnswer:
    """A waiting answer, opened (UnreadableData if it was altered or moved)."""
    key = sealer.unwrap(pending.data_key, pending_owner(pending))
    raw: dict[str, Any] = sealer.open(key, pending.sealed, pending_owner(pending), "answer")
    helped = raw.get("plan_helped")
    return PlanAnswer(
        plan_helped=str(helped) if helped else None,
        comment=str(raw.get("comment", "")),
        may_publish=raw.get("may_publish") is True,
    )


def waiting_answer(session: Session, sealer: Sealer, ref: str) -> PlanAnswer | None:
    """The answer still waiting under this reference (None once it was released)."""
    pending = session.get(PlanAnswerPending, ref)
    return None if pending is None else open_plan_answer(sealer, pending)


def add_to_plan_answer(
    session: Session, sealer: Sealer, ref: str, text: str, may_publish: bool
) -> None:
    """Add the optional comment to the person's waiting answer; the caller commits.

    If the answer was released meanwhile, nothing can find it again (that is the point), so the
    comment waits on its own, without an answer: the words are kept and the answer is not
    counted twice."""
    pending = session.get(PlanAnswerPending, ref)
    if pending is None:
        session.add(_new_pending(sealer, PlanAnswer(None, text, may_publish)))
        return
    helped = open_plan_answer(sealer, pending).plan_helped
    _seal_answer(sealer, pending, PlanAnswer(helped, text, may_publish))


def release_plan_answers(session: Session, sealer: Sealer, at_least: int = RELEASE_AT) -> int:
    """Move the waiting answers into the comments, shuffled, when there are at least `at_least`;
    commits; how many were moved (run daily by `flask assessments purge`).

    Ids are given in the shuffled order and both times are the answer's month, so neither says
    when, or after which plan, an answer was sent."""
    waiting = take_waiting(session, PlanAnswerPending)
    if not waiting or len(waiting) < at_least:
        return 0
    answers = shuffled((p.created_at, open_plan_answer(sealer, p)) for p in waiting)
    forget(session, PlanAnswerPending, waiting)
    for month, answer in answers:
        _release(session, sealer, _month_start(month), answer)
    session.commit()
    return len(answers)


def _release(session: Session, sealer: Sealer, month: datetime, answer: PlanAnswer) -> None:
    """Write one released answer (statements, not the ORM, so that the second one's `updated_at`
    is the month too rather than its `onupdate` time)."""
    comment_id = session.execute(
        insert(LocalOfferComment)
        .values(
            created_at=month,
            updated_at=month,
            audience="plan",
            topic="this_service",
            plan_helped=answer.plan_helped,
            may_publish=answer.may_publish,
            data_key="",
            sealed_words={},
            has_contact=False,
            theme="",
            status="new",
            status_reason="",
            published_words="",
        )
        .returning(LocalOfferComment.id)
    ).scalar_one()
    key, wrapped = sealer.new_data_key(_owner(comment_id))
    sealed = sealer.seal(key, Words(comment=answer.comment).__dict__, _owner(comment_id), "words")
    session.execute(
        update(LocalOfferComment)
        .where(LocalOfferComment.id == comment_id)
        .values(data_key=wrapped, sealed_words=sealed, updated_at=month)
    )


def find(session: Session, sealer: Sealer, comment_id: int) -> Comment | None:
    """One comment with its words, or None."""
    row = session.get(LocalOfferComment, comment_id)
    return None if row is None else Comment(row, words_of(sealer, row))


def queue(
    session: Session, sealer: Sealer, status: str | None = None, limit: int = 200
) -> list[Comment]:
    """The comments for triage, newest first (one status, or all)."""
    query = select(LocalOfferComment).order_by(
        LocalOfferComment.created_at.desc(), LocalOfferComment.id.desc()
    )
    if status:
        query = query.where(LocalOfferComment.status == status)
    return [Comment(row, words_of(sealer, row)) for row in session.scalars(query.limit(limit))]


def counts_by_status(session: Session) -> dict[str, int]:
    """How many comments stand at each status."""
    rows = session.execute(
        select(LocalOfferComment.status, func.count()).group_by(LocalOfferComment.status)
    )
    return {status: int(count) for status, count in rows}


def triage(
    comment: LocalOfferComment,
    *,
    theme: str,
    status: str,
    reason: str,
    published_words: str,
    entry_id: int | None,
) -> None:
    """Record an editor's triage. Words are published only where the person allowed it."""
    comment.theme = theme
    comment.status = status
    comment.status_reason = reason
    comment.published_words = published_words if comment.may_publish else ""
    comment.entry_id = entry_id


def delete_contact(sealer: Sealer, comment: LocalOfferComment) -> None:
    """Forget the person's contact details (the comment itself stays)."""
    words = words_of(sealer, comment)
    _seal(
        sealer,
        comment,
        Words(comment=words.comment, service=words.service),
    )


def published_for(session: Session, entry_ids: list[int]) -> dict[int, list[str]]:
    """The words editors published for each entry (only comments whose writers allowed it)."""
    if not entry_ids:
        return {}
    rows = session.execute(
        select(LocalOfferComment.entry_id, LocalOfferComment.published_words)
        .where(
            LocalOfferComment.entry_id.in_(entry_ids),
            LocalOfferComment.may_publish.is_(True),
            LocalOfferComment.published_words != "",
        )
        .order_by(LocalOfferComment.created_at, LocalOfferComment.id)
    )
    found: dict[int, list[str]] = {}
    for entry_id, words in rows:
        if entry_id is not None:  # the query asks for linked comments only; this tells mypy so
            found.setdefault(entry_id, []).append(words)
    return found


def purge(session: Session, now: datetime) -> int:
    """Delete comments older than COMMENTS_KEPT, with everything in them, and answers that waited
    as long (fewer than RELEASE_AT came after them); the caller commits."""
    oldest = now - COMMENTS_KEPT
    results = (
        session.execute(delete(LocalOfferComment).where(LocalOfferComment.created_at < oldest)),
        session.execute(delete(PlanAnswerPending).where(PlanAnswerPending.created_at < oldest)),
    )
    return sum(int(getattr(result, "rowcount", 0) or 0) for result in results)


def counts_by_month(
    session: Session, column: str, first: str, last: str
) -> Counter[tuple[str, str]]:
    """Comments by (`column`'s value, "YYYY-MM") sent from month `first` to `last`: `column` is
    "topic", "theme" or "plan_helped" (empty values are not counted)."""
    field = {
        "topic": LocalOfferComment.topic,
        "theme": LocalOfferComment.theme,
        "plan_helped": LocalOfferComment.plan_helped,
    }[column]
    counted: Counter[tuple[str, str]] = Counter()
    for value, created in session.execute(select(field, LocalOfferComment.created_at)):
        month = month_of(created.date())
        if value and first <= month <= last:
            counted[(value, month)] += 1
    return counted
