"""The council's "You said, we did" entries: written by editors, shown to the public once published."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.storage import local_offer_comments
from wizard.storage.models import YouSaidWeDid

#: Where an entry stands.
ENTRY_STATUSES = {
    "will_do": "We will do this",
    "done": "Done",
    "will_not_do": "We will not do this",
}


@dataclass(frozen=True)
class EntryText:
    """What an editor writes for an entry."""

    theme: str
    topic: str
    you_said: str
    we_will: str
    due_by: date | None
    status: str


@dataclass(frozen=True)
class PublicEntry:
    """An entry as the public page shows it, with the words people allowed to be published."""

    entry: YouSaidWeDid
    quotes: list[str]


def create(session: Session, text: EntryText) -> YouSaidWeDid:
    """A new, unpublished entry; the caller commits."""
    entry = YouSaidWeDid(**text.__dict__)
    session.add(entry)
    session.flush()
    return entry


def update(entry: YouSaidWeDid, text: EntryText, today: date) -> None:
    """Change an entry's words and status; marking it done records the day."""
    for name, value in text.__dict__.items():
        setattr(entry, name, value)
    entry.done_on = (entry.done_on or today) if text.status == "done" else None


def publish(entry: YouSaidWeDid, now: datetime, published: bool) -> None:
    """Show the entry on the public page, or take it off."""
    entry.published_at = (entry.published_at or now) if published else None


def all_entries(session: Session) -> list[YouSaidWeDid]:
    """Every entry, newest first, for editors."""
    return list(
        session.scalars(
            select(YouSaidWeDid).order_by(YouSaidWeDid.created_at.desc(), YouSaidWeDid.id.desc())
        )
    )


def published(session: Session, theme: str | None = None) -> list[PublicEntry]:
    """The published entries, newest first (one theme, or all), with their published quotes."""
    query = (
        select(YouSaidWeDid)
        .where(YouSaidWeDid.published_at.is_not(None))
        .order_by(YouSaidWeDid.published_at.desc(), YouSaidWeDid.id.desc())
    )
    if theme:
        query = query.where(YouSaidWeDid.theme == theme)
    entries = list(session.scalars(query))
    quotes = local_offer_comments.published_for(session, [entry.id for entry in entries])
    return [PublicEntry(entry, quotes.get(entry.id, [])) for entry in entries]


def published_themes(session: Session) -> list[str]:
    """The themes of published entries, in alphabetical order (the public page's filter)."""
    rows = session.scalars(
        select(YouSaidWeDid.theme).where(YouSaidWeDid.published_at.is_not(None)).distinct()
    )
    return sorted(rows)


def published_in_period(session: Session, first: date, last: date) -> list[YouSaidWeDid]:
    """Published entries first published, or marked done, from day `first` to day `last`."""
    entries = session.scalars(
        select(YouSaidWeDid)
        .where(YouSaidWeDid.published_at.is_not(None))
        .order_by(YouSaidWeDid.published_at, YouSaidWeDid.id)
    )
    return [
        entry
        for entry in entries
        if entry.published_at is not None
        and (
            first <= entry.published_at.date() <= last
            or (entry.done_on is not None and first <= entry.done_on <= last)
        )
    ]
