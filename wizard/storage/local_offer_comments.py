"""Comments on the Local Offer and answers to "Did this plan help?": kept sealed, triaged by editors.

The words, the service a comment names and any contact details are sealed with the comment's own
key: people type names and children's details into comment boxes whatever the form says. An editor
can delete the contact details once the person has had a reply; a comment is deleted with
everything in it after COMMENTS_KEPT.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from wizard.core.insight import month_of
from wizard.storage.models import LocalOfferComment, utcnow
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
    return f"local_offer_comment:{comment.id}"


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
    plan_helped: str | None = None,
) -> LocalOfferComment:
    """Keep a new comment, its words sealed with a key of its own; the caller commits."""
    # A plan's answer keeps only its month: an exact time could be matched with the moment a
    # plan was finished, and so with the family's answers.
    when = utcnow().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    comment = LocalOfferComment(
        created_at=when if audience == "plan" else utcnow(),
        audience=audience,
        topic=topic,
        plan_helped=plan_helped,
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


def add_to_plan_answer(
    session: Session, sealer: Sealer, comment_id: int, text: str, may_publish: bool
) -> bool:
    """Add the optional comment to a "Did this plan help?" answer; False if it is gone."""
    comment = session.get(LocalOfferComment, comment_id)
    if comment is None or comment.audience != "plan":
        return False
    words = words_of(sealer, comment)
    _seal(sealer, comment, Words(**{**words.__dict__, "comment": text}))
    comment.may_publish = may_publish
    return True


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
    """Delete comments older than COMMENTS_KEPT, with everything in them; the caller commits."""
    result = session.execute(
        delete(LocalOfferComment).where(LocalOfferComment.created_at < now - COMMENTS_KEPT)
    )
    return int(getattr(result, "rowcount", 0) or 0)


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
