"""The Local Offer compliance report: for each item of Schedule 2, what in the directory, this
service's pages and the council profile covers it, which listings leave out what the item needs,
what is missing, what this service cannot check; with the listed services outside the area and
the listings overdue for review."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wizard.core.actions import ActionSet
from wizard.core.local_offer import (
    LISTING_FIELDS,
    DirectoryCheck,
    Schedule,
    ScheduleItem,
    locality_fact,
)
from wizard.core.locality import Locality
from wizard.directory.freshness import ReviewDue, reviews_due
from wizard.directory.mapping import NEEDS_AREAS
from wizard.storage.directory import LISTED_STATUSES
from wizard.storage.directory_models import Service, ServiceTag

COVERED = "Covered"
MISSING = "Missing"
#: Covered as far as this service can see, but a council page it names is not checked.
PARTLY = "Covered in part: council pages not checked"
NOT_CHECKED = "Not checked by this service"
#: How the CSV download is headed.
CSV_HEADER = (
    "Part",
    "Id",
    "Schedule 2",
    "Item or service",
    "Status",
    "Source",
    "Certainty",
    "Services in the directory",
    "This service's pages",
    "Council profile",
    "Missing",
    "Not checked by this service",
    "Review due",
    "Listings checked",
)
#: How many listings that leave a field empty the page and the PDF name (the CSV names them all).
LACKING_SHOWN = 25


@dataclass(frozen=True)
class ListedService:
    """A service families can find in the directory (active or temporarily closed)."""

    id: str
    name: str
    in_area: bool


@dataclass(frozen=True)
class ItemCoverage:
    """What covers one required item, and what does not."""

    item: ScheduleItem
    services: tuple[ListedService, ...]
    #: What the listing check found, in words ("All 40 listed services say who the service is for").
    listings: tuple[str, ...]
    #: Listed services that leave out a field the item needs, to mend.
    lacking: tuple[ListedService, ...]
    pages: tuple[str, ...]
    contacts: tuple[tuple[str, str], ...]
    missing: tuple[str, ...]
    not_checked: tuple[str, ...]

    @property
    def lacking_shown(self) -> tuple[ListedService, ...]:
        """The listings to mend the page and the PDF name; the CSV names them all."""
        return self.lacking[:LACKING_SHOWN]

    @property
    def lacking_more(self) -> int:
        """How many listings to mend the page and the PDF leave unnamed."""
        return max(0, len(self.lacking) - LACKING_SHOWN)

    @property
    def status(self) -> str:
        """Missing when a check found nothing; covered (in part, when a council page is not
        checked) when something covers it; else not checked by this service."""
        if self.missing:
            return MISSING
        if self.services or self.listings or self.pages or self.contacts:
            return PARTLY if self.not_checked else COVERED
        return NOT_CHECKED


@dataclass(frozen=True)
class ComplianceReport:
    """The whole report, as the page, the CSV and the PDF show it."""

    items: tuple[ItemCoverage, ...]
    out_of_area: tuple[ListedService, ...]
    overdue: tuple[ReviewDue, ...]
    today: date
    review_after_months: int
    schedule_checked: date

    #: The statuses, in the order the summary gives them.
    STATUSES = (COVERED, PARTLY, MISSING, NOT_CHECKED)

    def count(self, status: str) -> int:
        """How many items have this status."""
        return sum(1 for coverage in self.items if coverage.status == status)


def _tag_words(check: DirectoryCheck, categories: Mapping[str, str], actions: ActionSet) -> str:
    """The tags a check looks for, in words: 'Health services and therapies or Short breaks'."""
    words = [categories.get(value, value) for value in check.categories]
    words += [NEEDS_AREAS.get(value, value) for value in check.needs]
    for value in check.actions:
        action = actions.get(value)
        words.append(f"the plan action '{action.title.default if action else value}'")
    return " or ".join(words)


def _area_words(area: str, area_name: str) -> str:
    return {"inside": f" in {area_name}", "outside": f" outside {area_name}"}.get(area, "")


def _listed_by_tag(session: Session) -> dict[tuple[str, str], list[ListedService]]:
    """Every listed service under each of its tags, by name."""
    query = (
        select(ServiceTag.kind, ServiceTag.value, Service.id, Service.name, Service.in_area)
        .join(Service, Service.id == ServiceTag.service_id)
        .where(Service.status.in_(LISTED_STATUSES))
        .order_by(Service.name, Service.id)
    )
    found: dict[tuple[str, str], list[ListedService]] = defaultdict(list)
    for kind, value, service_id, name, in_area in session.execute(query):
        found[(kind, value)].append(ListedService(service_id, name, bool(in_area)))
    return found


def _services_for(
    check: DirectoryCheck, by_tag: Mapping[tuple[str, str], list[ListedService]]
) -> tuple[ListedService, ...]:
    seen: dict[str, ListedService] = {}
    for tag in check.tags():
        for service in by_tag.get(tag, []):
            wanted = check.area == "any" or service.in_area == (check.area == "inside")
            if wanted:
                seen.setdefault(service.id, service)
    return tuple(sorted(seen.values(), key=lambda s: (s.name.lower(), s.id)))


@dataclass(frozen=True)
class ListingGaps:
    """For one listing field: how many services are listed and which leave the field empty."""

    listed: int
    lacking: tuple[ListedService, ...]


def _listing_gaps(session: Session, fields: set[str]) -> dict[str, ListingGaps]:
    """For each field, the listed services whose text is empty or only spaces."""
    listed = Service.status.in_(LISTED_STATUSES)
    total = session.scalar(select(func.count()).select_from(Service).where(listed)) or 0
    gaps = {}
    for field in sorted(fields):
        column = getattr(Service, field)
        rows = session.execute(
            select(Service.id, Service.name, Service.in_area)
            .where(listed, func.trim(func.coalesce(column, "")) == "")
            .order_by(Service.name, Service.id)
        )
        gaps[field] = ListingGaps(total, tuple(ListedService(i, n, bool(a)) for i, n, a in rows))
    return gaps


def _listing_check(
    item: ScheduleItem, gaps: Mapping[str, ListingGaps]
) -> tuple[list[str], list[str], tuple[ListedService, ...]]:
    """What the item's listing fields found, what is missing and the listings to mend."""
    found: list[str] = []
    missing: list[str] = []
    lacking: dict[str, ListedService] = {}
    for field in item.listings:
        gap, words = gaps[field], LISTING_FIELDS[field]
        if not gap.listed:
            missing.append(f"No listed service in the directory to check for {words}")
        elif gap.lacking:
            verb = "does not" if len(gap.lacking) == 1 else "do not"
            missing.append(f"{len(gap.lacking)} of {gap.listed} listed services {verb} say {words}")
            lacking.update((service.id, service) for service in gap.lacking)
        else:
            every = (
                "The one listed service says"
                if gap.listed == 1
                else f"All {gap.listed} listed services say"
            )
            found.append(f"{every} {words}")
    ordered = sorted(lacking.values(), key=lambda s: (s.name.lower(), s.id))
    return found, missing, tuple(ordered)


def _coverage(
    item: ScheduleItem,
    by_tag: Mapping[tuple[str, str], list[ListedService]],
    gaps: Mapping[str, ListingGaps],
    actions: ActionSet,
    locality: Locality,
) -> ItemCoverage:
    missing: list[str] = []
    services: tuple[ListedService, ...] = ()
    if item.directory is not None:
        services = _services_for(item.directory, by_tag)
        if not services:
            where = _area_words(item.directory.area, locality.area_name)
            tags = _tag_words(item.directory, actions.categories, actions)
            missing.append(f"No listed service{where} in the directory is for {tags}")
    listings, listing_missing, lacking = _listing_check(item, gaps)
    missing += listing_missing
    pages = tuple(
        action.title.default
        for action in (actions.get(action_id) for action_id in item.plan_actions)
        if action is not None
    )
    contacts = []
    for key in item.locality:
        label, value = locality_fact(locality, key)
        if value:
            contacts.append((label, value))
        else:
            missing.append(f"Not in the council profile (questions/locality.yaml): {label}")
    return ItemCoverage(
        item,
        services,
        tuple(listings),
        lacking,
        pages,
        tuple(contacts),
        tuple(missing),
        item.council_pages,
    )


def build_report(
    session: Session,
    schedule: Schedule,
    actions: ActionSet,
    locality: Locality,
    *,
    today: date,
    review_after_months: int,
) -> ComplianceReport:
    """The report from the directory as it is now, the mapping's tags and the content."""
    by_tag = _listed_by_tag(session)
    gaps = _listing_gaps(session, {field for item in schedule.items for field in item.listings})
    outside = session.execute(
        select(Service.id, Service.name)
        .where(Service.status.in_(LISTED_STATUSES), Service.in_area.is_(False))
        .order_by(Service.name, Service.id)
    )
    due = reviews_due(session, today=today, review_after_months=review_after_months)
    return ComplianceReport(
        items=tuple(_coverage(item, by_tag, gaps, actions, locality) for item in schedule.items),
        out_of_area=tuple(ListedService(service_id, name, False) for service_id, name in outside),
        overdue=tuple(item for item in due if item.overdue),
        today=today,
        review_after_months=review_after_months,
        schedule_checked=schedule.checked,
    )


def _listings_cell(coverage: ItemCoverage) -> str:
    """What the listing check found, with every listing to mend named."""
    words = list(coverage.listings)
    if coverage.lacking:
        names = "; ".join(service.name for service in coverage.lacking)
        words.append(f"Listings to mend: {names}")
    return "; ".join(words)


def report_rows(report: ComplianceReport) -> list[tuple[str, ...]]:
    """The report as CSV rows under CSV_HEADER: the items, then out-of-area, then overdue."""
    rows: list[tuple[str, ...]] = []
    for coverage in report.items:
        item = coverage.item
        rows.append(
            (
                "Required item",
                item.id,
                item.paragraph_label,
                item.title,
                coverage.status,
                item.source,
                item.certainty_label,
                "; ".join(service.name for service in coverage.services),
                "; ".join(coverage.pages),
                "; ".join(f"{label}: {value}" for label, value in coverage.contacts),
                "; ".join(coverage.missing),
                "; ".join(coverage.not_checked),
                "",
                _listings_cell(coverage),
            )
        )
    for service in report.out_of_area:
        rows.append(("Out-of-area provision", service.id, "", service.name, *[""] * 10))
    for due in report.overdue:
        when = due.review_date.isoformat() if due.review_date else "Never checked"
        rows.append(("Overdue for review", due.service_id, "", due.name, *[""] * 8, when, ""))
    return rows
