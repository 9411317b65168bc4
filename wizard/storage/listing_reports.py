"""Problems with listings reported by the public: what is wrong and, only if given, how to reply.

Both are sealed with the report's own key (people type names into any box); the contact details
are deleted when an editor marks the report as dealt with, and the report itself by the daily purge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, null, or_, select, update
from sqlalchemy.orm import Session

from wizard.storage.directory_models import ListingReport, Service
from wizard.storage.sealing import Sealer

#: A report dealt with is kept this long (to see what was reported lately), then deleted.
KEPT_AFTER_DEALT_WITH = timedelta(days=30)
#: No report is kept longer than this, dealt with or not.
KEPT_AT_MOST = timedelta(days=365)


@dataclass(frozen=True)
class Contact:
    """How the person who reported a problem asked to be answered (each part optional)."""

    name: str = ""
    email: str = ""
    phone: str = ""

    def __bool__(self) -> bool:
        return bool(self.name or self.email or self.phone)


@dataclass(frozen=True)
class ReportView:
    """A report opened for staff: its service, what is wrong and any contact details left."""

    id: int
    service_id: str
    service_name: str
    created_at: datetime
    problem: str
    contact: Contact
    dealt_with_at: datetime | None


def owner_of(report: ListingReport) -> str:
    """The associated-data name a report's key and sealed values are bound to."""
    return f"listing-report:{report.id}"


def save(
    session: Session, sealer: Sealer, service_id: str, problem: str, contact: Contact
) -> ListingReport:
    """Keep a report, sealed with a key of its own; contact details only if any; the caller commits."""
    report = ListingReport(service_id=service_id, data_key="", sealed_problem={})
    session.add(report)
    session.flush()  # the key and the sealed values are bound to the row's id
    owner = owner_of(report)
    key, report.data_key = sealer.new_data_key(owner)
    report.sealed_problem = sealer.seal(key, problem, owner, "problem")
    if contact:
        report.sealed_contact = sealer.seal(
            key,
            {"name": contact.name, "email": contact.email, "phone": contact.phone},
            owner,
            "contact",
        )
    return report


def opened(report: ListingReport, service_name: str, sealer: Sealer) -> ReportView:
    """A report with its problem and contact details opened (UnreadableData if altered)."""
    owner = owner_of(report)
    key = sealer.unwrap(report.data_key, owner)
    contact = Contact()
    if report.sealed_contact is not None:
        contact = Contact(**sealer.open(key, report.sealed_contact, owner, "contact"))
    return ReportView(
        report.id,
        report.service_id,
        service_name,
        report.created_at,
        sealer.open(key, report.sealed_problem, owner, "problem"),
        contact,
        report.dealt_with_at,
    )


def open_reports(session: Session, sealer: Sealer, limit: int = 200) -> list[ReportView]:
    """Reports not yet dealt with, oldest first (the editors' queue)."""
    rows = session.execute(
        select(ListingReport, Service.name)
        .join(Service, Service.id == ListingReport.service_id)
        .where(ListingReport.dealt_with_at.is_(None))
        .order_by(ListingReport.created_at, ListingReport.id)
        .limit(limit)
    ).all()
    return [opened(report, name, sealer) for report, name in rows]


def reports_for_organization(
    session: Session, organization_id: str, sealer: Sealer
) -> list[ReportView]:
    """Open reports about one organisation's services, oldest first (for its provider's page)."""
    rows = session.execute(
        select(ListingReport, Service.name)
        .join(Service, Service.id == ListingReport.service_id)
        .where(ListingReport.dealt_with_at.is_(None), Service.organization_id == organization_id)
        .order_by(ListingReport.created_at, ListingReport.id)
    ).all()
    return [opened(report, name, sealer) for report, name in rows]


def count_open(session: Session) -> int:
    """How many reports wait to be dealt with."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(ListingReport)
            .where(ListingReport.dealt_with_at.is_(None))
        )
        or 0
    )


def mark_dealt_with(session: Session, report_id: int, now: datetime) -> bool:
    """Mark an open report dealt with and delete its contact details; whether there was one."""
    result = session.execute(
        update(ListingReport)
        .where(ListingReport.id == report_id, ListingReport.dealt_with_at.is_(None))
        .values(dealt_with_at=now, sealed_contact=null())  # SQL NULL, not JSON null
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def purge(session: Session, now: datetime) -> int:
    """Delete reports dealt with over 30 days ago and any over a year old; the caller commits."""
    result = session.execute(
        delete(ListingReport).where(
            or_(
                ListingReport.dealt_with_at < now - KEPT_AFTER_DEALT_WITH,
                ListingReport.created_at < now - KEPT_AT_MOST,
            )
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
