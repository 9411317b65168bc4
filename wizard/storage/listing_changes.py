"""Providers' proposed changes to their listings: propose, compare, approve (publish) or return;
the provider may withdraw one still waiting.

A proposal keeps only the fields that differ from the listing. Approving writes them to the stored
service and its children at once, so the public page and /oruk/ show them; every step is audited
(never the text itself: field names only). See ADRs 0033 and 0042.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from wizard.directory import display
from wizard.directory.importer import search_text
from wizard.directory.records import ServiceRecord
from wizard.storage import directory as store
from wizard.storage.audit import audit
from wizard.storage.directory_models import CostOption, Organization, Phone, Schedule, Service
from wizard.storage.staff_models import AuditEvent, ListingChange, User

#: The fields a provider may change, in the order pages show them, with their names on pages.
FIELDS: dict[str, str] = {
    "description": "What the service does",
    "eligibility_description": "Who it is for",
    "application_process": "How to apply or be referred",
    "decision_process": "How decisions are made",
    "email": "Email address",
    "phones": "Telephone numbers",
    "url": "Website",
    "opening_times": "Opening times",
    "free": "Free to use",
    "fees": "Cost",
    "minimum_age": "Youngest age",
    "maximum_age": "Oldest age",
    "status": "New referrals",
    "alert": "Notice for families",
}
#: Service columns a proposal writes as they are.
_COLUMNS = (
    "description",
    "eligibility_description",
    "application_process",
    "decision_process",
    "email",
    "url",
    "fees",
    "free",
    "minimum_age",
    "maximum_age",
    "status",
    "alert",
)
#: The statuses a provider chooses between, as families read them.
REFERRAL_STATUSES = {
    "active": "Open to new referrals",
    "temporarily closed": "Closed to new referrals",
}
DAY_CODES = display.ORDER
PENDING, APPROVED, RETURNED, WITHDRAWN = "pending", "approved", "returned", "withdrawn"
_AUDITED = (
    "listing_change_proposed",
    "listing_change_approved",
    "listing_change_returned",
    "listing_change_withdrawn",
)


def _clock(value: str) -> str:
    """'09:00:00' -> '09:00' (the form's and the comparison's shape)."""
    return value[:5] if len(value) >= 5 else value


def _weekly_opening(schedule: Any) -> bool:
    """Whether a schedule is weekly opening times the provider's form shows and changes."""
    days = {code.strip().upper()[-2:] for code in (schedule.byday or "").split(",")}
    weekly = schedule.freq in ("", "WEEKLY") and bool(schedule.opens_at and schedule.closes_at)
    return weekly and bool(days & set(DAY_CODES))


def opening_times_of(schedules: Sequence[Any]) -> list[list[str]]:
    """The weekly opening times a set of schedules gives, as [day, opens, closes] in day order.

    Only weekly times with days and both clock times fit the form; other schedules (monthly
    sessions, descriptions only) are not shown there and stay when opening times change.
    """
    found: dict[str, list[str]] = {}
    for schedule in schedules:
        if not _weekly_opening(schedule):
            continue
        for code in schedule.byday.split(","):
            code = code.strip().upper()[-2:]
            if code in DAY_CODES and code not in found:
                found[code] = [code, _clock(schedule.opens_at), _clock(schedule.closes_at)]
    return [found[code] for code in DAY_CODES if code in found]


def grouped_opening(times: Sequence[Sequence[str]]) -> list[SimpleNamespace]:
    """Opening times as weekly schedules: days with the same hours share one (Monday to Friday)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for code, opens, closes in times:
        groups.setdefault((opens, closes), []).append(code)
    return [
        SimpleNamespace(
            freq="WEEKLY", byday=",".join(days), bymonthday="", opens_at=opens, closes_at=closes
        )
        for (opens, closes), days in sorted(
            groups.items(), key=lambda item: DAY_CODES.index(item[1][0])
        )
    ]


def _service_phones(session: Session, service_id: str) -> list[Phone]:
    """The service's own telephone numbers, as pages list them (not its named contacts': those
    belong to the contacts, which the provider's form does not show)."""
    return list(
        session.scalars(
            select(Phone)
            .where(Phone.service_id == service_id, Phone.contact_id.is_(None))
            .order_by(*store.listed_order(Phone))
        )
    )


def current_values(session: Session, service: Service) -> dict[str, Any]:
    """The listing as the provider's form and the comparison see it, field by field."""
    values: dict[str, Any] = {column: getattr(service, column) for column in _COLUMNS}
    for age in ("minimum_age", "maximum_age"):
        if values[age] is not None:
            values[age] = int(values[age]) if float(values[age]).is_integer() else values[age]
    values["phones"] = [
        [phone.number, phone.description or ""] for phone in _service_phones(session, service.id)
    ]
    values["opening_times"] = opening_times_of(store.children_of(session, Schedule, service.id))
    return values


def differences(current: Mapping[str, Any], proposed: Mapping[str, Any]) -> dict[str, Any]:
    """The proposed values that differ from the current ones (only fields a provider may change)."""
    return {
        name: proposed[name]
        for name in FIELDS
        if name in proposed and _normal(proposed[name]) != _normal(current.get(name))
    }


def _normal(value: Any) -> Any:
    """Values compared as a person reads them: 3 and 3.0 alike, lists of lists as tuples."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [tuple(item) if isinstance(item, list) else item for item in value]
    return value


def shown(name: str, value: Any) -> list[str]:
    """A field's value as lines a person reads (the comparison's cells)."""
    if name == "opening_times":
        lines = [display.opening_line(row) for row in grouped_opening(value or [])]
        return lines or ["No opening times given"]
    if name == "free":
        return ["Yes" if value else "No"]
    if name == "status":
        return [REFERRAL_STATUSES.get(value, str(value).capitalize())]
    if name in ("minimum_age", "maximum_age"):
        return ["Not given" if value is None else f"{value:g}"]
    if name == "phones":
        lines = [f"{number} ({about})" if about else number for number, about in value or []]
        return lines or ["No telephone numbers"]
    text = str(value or "").strip()
    return text.splitlines() if text else ["Not given"]


@dataclass(frozen=True)
class Difference:
    """One changed field: its name on pages, and the current and proposed values as lines."""

    field: str
    label: str
    current: list[str]
    proposed: list[str]


def comparison(session: Session, change: ListingChange) -> list[Difference]:
    """Field by field, the listing as it is now beside what the change proposes, changed fields
    only (a field the listing has since taken the proposed value for drops out)."""
    service = session.get(Service, change.service_id)
    current = current_values(session, service) if service is not None else dict(change.before)
    still = differences(current, _upgraded(change.changes, current))
    return [
        Difference(name, FIELDS[name], shown(name, current.get(name)), shown(name, still[name]))
        for name in FIELDS
        if name in still
    ]


def _upgraded(changes: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """A change in today's shape. One sent when only the first telephone number was editable
    holds "phone": it becomes the whole list, that number changed (or gone when empty) and the
    listing's other numbers as they are, which is what the provider was shown."""
    wish = {name: value for name, value in changes.items() if name != "phone"}
    if "phone" not in changes or "phones" in changes:
        return wish
    phones = [list(phone) for phone in current.get("phones") or []]
    if changes["phone"] and phones:
        phones[0][0] = changes["phone"]
    elif changes["phone"]:
        phones = [[changes["phone"], ""]]
    else:
        phones = phones[1:]
    wish["phones"] = phones
    return wish


def proposal(session: Session, change: ListingChange) -> dict[str, Any]:
    """What a change asks for, field by field, in the shape the provider's form shows."""
    service = session.get(Service, change.service_id)
    current = current_values(session, service) if service is not None else dict(change.before)
    return _upgraded(change.changes, current)


def imported_from(service: Service) -> str | None:
    """The feed a listing is imported from, which the next import takes it from again, if any."""
    return service.source or None


# Providers' side


def organization_services(session: Session, organization_id: str) -> list[Service]:
    """An organisation's services, by name (whatever their status)."""
    return list(
        session.scalars(
            select(Service)
            .where(Service.organization_id == organization_id)
            .order_by(Service.name, Service.id)
        )
    )


def provider_service(
    session: Session, organization_id: str | None, service_id: str
) -> Service | None:
    """One of the provider's own organisation's services; None for anyone else's."""
    if organization_id is None or len(service_id) > 64:
        return None
    found = session.get(Service, service_id)
    if found is None or found.organization_id != organization_id:
        return None
    return found


def provider_change(
    session: Session, organization_id: str | None, change_id: int
) -> ListingChange | None:
    """One change to the provider's own organisation's services; None for anyone else's."""
    change = session.get(ListingChange, change_id)
    if change is None or provider_service(session, organization_id, change.service_id) is None:
        return None
    return change


def changes_of(session: Session, service_id: str) -> list[ListingChange]:
    """Every change sent for a listing, newest first (the provider's history of it)."""
    return list(
        session.scalars(
            select(ListingChange)
            .where(ListingChange.service_id == service_id)
            .order_by(ListingChange.id.desc())
        )
    )


def pending_change(session: Session, service_id: str) -> ListingChange | None:
    """The change waiting for an editor for this listing, if any (there is at most one)."""
    return session.scalar(
        select(ListingChange)
        .where(ListingChange.service_id == service_id, ListingChange.status == PENDING)
        .order_by(ListingChange.id.desc())
        .limit(1)
    )


def latest_changes(session: Session, service_ids: Sequence[str]) -> dict[str, ListingChange]:
    """Each listing's most recent change (waiting, approved, returned or withdrawn)."""
    found: dict[str, ListingChange] = {}
    if not service_ids:
        return found
    query = (
        select(ListingChange)
        .where(ListingChange.service_id.in_(list(service_ids)))
        .order_by(ListingChange.id)
    )
    for change in session.scalars(query):
        found[change.service_id] = change
    return found


def propose(
    session: Session, service: Service, user: User, proposed: Mapping[str, Any], now: datetime
) -> ListingChange | None:
    """Record a provider's change (only the fields that differ); None when nothing differs.

    A change already waiting for this listing is replaced by the new one: the editor sees the
    provider's latest wish, not a pile of them.
    """
    current = current_values(session, service)
    changed = differences(current, proposed)
    if not changed:
        return None
    change = pending_change(session, service.id)
    if change is None:
        change = ListingChange(
            service_id=service.id, organization_id=service.organization_id, status=PENDING
        )
        session.add(change)
    change.proposed_by, change.proposed_at = user.id, now
    change.changes = changed
    change.before = {name: current[name] for name in changed}
    session.flush()
    _audit(session, "listing_change_proposed", change, user.id, now, sorted(changed))
    return change


def withdraw(session: Session, change: ListingChange, provider: User, now: datetime) -> bool:
    """The provider takes back a change still waiting for an editor; the listing stays as it is.

    It leaves the editor's queue, and the provider may send a new change. False when the council
    decided it first or it was already withdrawn."""
    if not _decide(session, change, WITHDRAWN, provider, now):
        return False
    _audit(session, "listing_change_withdrawn", change, provider.id, now, sorted(change.changes))
    return True


def _audit(
    session: Session,
    action: str,
    change: ListingChange,
    actor_id: int,
    now: datetime,
    fields: Sequence[str],
) -> None:
    """One step of a change in the audit trail: which fields, never their text."""
    audit(
        session,
        action,
        case_id=None,
        actor_id=actor_id,
        detail=(f"listing change {change.id} service {change.service_id}: " + ", ".join(fields)),
        now=now,
    )


def change_history(session: Session, change: ListingChange) -> list[tuple[AuditEvent, str | None]]:
    """The audit events of one change, oldest first, with who did each."""
    query = (
        select(AuditEvent, User.name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(
            AuditEvent.action.in_(_AUDITED),
            AuditEvent.detail.like(f"listing change {change.id} service %"),
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return [(event, name) for event, name in session.execute(query)]


# Editors' side


@dataclass(frozen=True)
class QueueItem:
    """A change waiting for an editor, with what the queue shows of it."""

    change: ListingChange
    service_name: str
    organization_name: str
    proposer_name: str
    source: str | None


def queue(session: Session) -> list[QueueItem]:
    """The changes waiting for an editor, oldest first."""
    query = (
        select(ListingChange, Service, Organization.name, User.name)
        .join(Service, Service.id == ListingChange.service_id)
        .outerjoin(Organization, Organization.id == Service.organization_id)
        .outerjoin(User, User.id == ListingChange.proposed_by)
        .where(ListingChange.status == PENDING)
        .order_by(ListingChange.proposed_at, ListingChange.id)
    )
    return [
        QueueItem(change, service.name, org_name or "", proposer or "", imported_from(service))
        for change, service, org_name, proposer in session.execute(query)
    ]


def find_pending(session: Session, change_id: int) -> ListingChange | None:
    """A change still waiting for an editor."""
    change = session.get(ListingChange, change_id)
    return change if change is not None and change.status == PENDING else None


def was_withdrawn(session: Session, change_id: int) -> bool:
    """Whether the provider withdrew this change (an editor may still have it open)."""
    change = session.get(ListingChange, change_id)
    return change is not None and change.status == WITHDRAWN


def _decide(session: Session, change: ListingChange, status: str, by: User, now: datetime) -> bool:
    """Close a waiting change, once: False when someone closed it first (an editor deciding it,
    or its provider withdrawing it). A conditional update, so two at once cannot both win."""
    result = session.execute(
        update(ListingChange)
        .where(ListingChange.id == change.id, ListingChange.status == PENDING)
        .values(status=status, decided_by=by.id, decided_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return False
    session.refresh(change)
    return True


def approve(
    session: Session, change: ListingChange, editor: User, now: datetime, today: date
) -> bool:
    """Publish a change: the stored service and its children take the proposed values at once.

    The listing counts as checked today. An imported listing's record fingerprint is cleared, so
    the next import from its feed (the source of truth) writes the feed's record again, as the
    provider and the editor were told. False when the change was already decided.
    """
    if not _decide(session, change, APPROVED, editor, now):
        return False
    service = session.get(Service, change.service_id)
    assert service is not None  # a change is deleted with its service
    current = current_values(session, service)
    changed = differences(current, _upgraded(change.changes, current))
    for name in _COLUMNS:
        if name in changed:
            setattr(service, name, changed[name])
    if "phones" in changed:
        _set_phones(session, service.id, changed["phones"])
    if "opening_times" in changed:
        _set_opening_times(session, service.id, changed["opening_times"])
    if changed.get("free") is True:
        # A service now free has no costs: its old cost options would contradict it. Otherwise the
        # cost options stay (the provider's form shows and changes only the words about cost).
        session.execute(delete(CostOption).where(CostOption.service_id == service.id))
    service.search_text = _search_text(session, service)
    service.last_modified = now
    service.assured_date = today
    if imported_from(service):
        service.record_hash = ""
    _audit(session, "listing_change_approved", change, editor.id, now, sorted(changed))
    return True


def return_change(
    session: Session, change: ListingChange, editor: User, reason: str, now: datetime
) -> bool:
    """Send a change back to the provider with the editor's reason; the listing stays as it is.

    False when the change was already decided."""
    if not _decide(session, change, RETURNED, editor, now):
        return False
    change.return_reason = reason
    _audit(session, "listing_change_returned", change, editor.id, now, sorted(change.changes))
    return True


def phone_ids(listed: Sequence[tuple[str, str, str]], phones: Sequence[Sequence[str]]) -> list[str]:
    """An id for each of `phones` ([number, what it is for], in the provider's order) given the
    listing's own numbers (id, number, what it is for): a number still there keeps its id, and any
    other gets a new one, so an id in /oruk/ always names the same number and is never handed on.

    The form sends numbers, not ids: a number is matched first to a listed one with the same
    number and purpose, then to one with the same number (its purpose changed). A number changed
    is a new number, with a new id, as a feed would give it.
    """
    free = list(listed)
    ids: list[str | None] = [None] * len(phones)
    for same_purpose in (True, False):
        for place, (number, about) in enumerate(phones):
            if ids[place] is not None:
                continue
            for row in free:
                if row[1] == number and (row[2] == about or not same_purpose):
                    ids[place] = row[0]
                    free.remove(row)
                    break
    return [found or str(uuid.uuid4()) for found in ids]


def _set_phones(session: Session, service_id: str, phones: Sequence[Sequence[str]]) -> None:
    """The service's own telephone numbers become `phones` ([number, what it is for], in order);
    its contacts' numbers stay, as an import's "phones" part leaves them (see PART_TABLES)."""
    rows = {phone.id: phone for phone in _service_phones(session, service_id)}
    listed = [(phone.id, phone.number, phone.description or "") for phone in rows.values()]
    ids = phone_ids(listed, phones)
    for phone_id in set(rows) - set(ids):
        session.delete(rows[phone_id])
    for position, (phone_id, (number, about)) in enumerate(zip(ids, phones, strict=True)):
        row = rows.get(phone_id)
        if row is None:
            session.add(
                Phone(
                    id=phone_id,
                    service_id=service_id,
                    position=position,
                    number=number,
                    description=about,
                )
            )
        else:
            row.position, row.number, row.description = position, number, about


def _set_opening_times(session: Session, service_id: str, times: Sequence[Sequence[str]]) -> None:
    """The weekly opening times the form shows become the proposed ones; every other schedule
    (monthly sessions, dated or described ones) stays as it is."""
    schedules = session.scalars(
        select(Schedule).where(Schedule.service_id == service_id).order_by(Schedule.position)
    ).all()
    kept = [schedule for schedule in schedules if not _weekly_opening(schedule)]
    for schedule in schedules:
        if _weekly_opening(schedule):
            session.delete(schedule)
    start = max((schedule.position for schedule in kept), default=-1) + 1
    for position, row in enumerate(grouped_opening(times), start=start):
        session.add(
            Schedule(
                id=str(uuid.uuid4()),
                service_id=service_id,
                position=position,
                freq=row.freq,
                byday=row.byday,
                opens_at=row.opens_at,
                closes_at=row.closes_at,
            )
        )


def _search_text(session: Session, service: Service) -> str:
    """Keyword search's words for the service, worked out as an import works them out."""
    session.flush()
    stored = store.stored_services(session, [service.id])[service.id]
    record = ServiceRecord(
        feed_id=service.feed_id,
        service=stored.service,
        organization=stored.organization,
        locations=stored.locations,
        terms=stored.terms,
    )
    return search_text(record)
