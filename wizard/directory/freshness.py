"""Which listings are due to be checked again: the review date is the listing's last check
(its assured date) plus the mapping's review period (wizard/directory/display.review_due)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.directory.display import is_overdue, review_due
from wizard.storage.directory import LISTED_STATUSES
from wizard.storage.directory_models import Service

#: Listings due within this many days are shown with the overdue ones.
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class ReviewDue:
    """A listing due to be checked again (review_date None: it was never checked)."""

    service_id: str
    name: str
    organization_id: str | None
    review_date: date | None
    overdue: bool


def reviews_due(
    session: Session,
    *,
    today: date,
    organization_id: str | None = None,
    review_after_months: int,
    within_days: int = DUE_SOON_DAYS,
) -> list[ReviewDue]:
    """Listed services whose review date is past or within `within_days`: never checked first,
    then by review date and name; only one organisation's when `organization_id` is given.
    `review_after_months` is the mapping's review period (questions/directory/mapping.yaml)."""
    months = review_after_months
    horizon = today + timedelta(days=within_days)
    query = select(Service.id, Service.name, Service.organization_id, Service.assured_date).where(
        Service.status.in_(LISTED_STATUSES)
    )
    if organization_id is not None:
        query = query.where(Service.organization_id == organization_id)
    due = []
    for service_id, name, organization, assured in session.execute(query):
        when = review_due(assured, months)
        if when is None or when <= horizon:
            overdue = is_overdue(assured, months, today)
            due.append(ReviewDue(service_id, name, organization, when, overdue))
    return sorted(due, key=lambda item: (item.review_date is not None, item.review_date, item.name))


def reminder_line(item: ReviewDue, today: date) -> str:
    """One reminder in plain words, for `flask directory reminders`."""
    if item.review_date is None:
        return f"{item.name} ({item.service_id}): never checked, check it now"
    days = (item.review_date - today).days
    if days < 0:
        return (
            f"{item.name} ({item.service_id}): check overdue since "
            f"{item.review_date.isoformat()} ({-days} days)"
        )
    when = "today" if days == 0 else f"in {days} days"
    return f"{item.name} ({item.service_id}): check due {when}, by {item.review_date.isoformat()}"
