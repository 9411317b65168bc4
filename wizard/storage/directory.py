"""The Local Offer directory's reads and writes: batch upserts, search, one service, matching."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    String,
    and_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, aliased

from wizard.core.pathway import ServiceNeeds
from wizard.directory import matching
from wizard.storage.directory_models import (
    Attribute,
    Contact,
    CostOption,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTag,
    Taxonomy,
    TaxonomyTerm,
)

#: Tables whose rows belong to one service and are replaced with it.
CHILD_TABLES: tuple[Any, ...] = (
    ServiceAtLocation,
    Contact,
    Phone,
    Schedule,
    CostOption,
    ServiceArea,
    Attribute,
    ServiceTag,
)
#: The tables behind each part of a service (wizard/oruk_fields.SERVICE_PARTS): a record that
#: gives a part replaces these rows; one that leaves it out leaves them. Tags are ours, derived
#: from the terms, and always rewritten. Phones split: a contact's go with the contacts.
PART_TABLES: dict[str, tuple[Any, ...]] = {
    "locations": (ServiceAtLocation,),
    "contacts": (Contact,),
    "phones": (),
    "schedules": (Schedule,),
    "cost_options": (CostOption,),
    "service_areas": (ServiceArea,),
    "attributes": (Attribute,),
    "tags": (ServiceTag,),
}
#: The tag kind that records which vocabularies (ORUK taxonomies) a service's terms come from.
VOCABULARY = "vocabulary"
#: The tables an import fills, whose statistics the query planner needs afterwards.
_STATISTICS_TABLES = (Service, Organization, Location, TaxonomyTerm, *CHILD_TABLES)
#: Services a family can be pointed to; inactive and defunct ones are kept but never shown.
LISTED_STATUSES = ("active", "temporarily closed")


@dataclass
class ServiceRows:
    """One service ready to write: its own row and its children's rows, by table."""

    id: str
    row: dict[str, Any]
    organization: dict[str, Any] | None
    locations: list[dict[str, Any]]
    terms: list[dict[str, Any]]
    children: dict[Any, list[dict[str, Any]]]
    #: The parts whose stored rows these replace (None: every part, a full record).
    replace: frozenset[str] | None = None


@dataclass
class SaveCounts:
    """What a batch did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _upsert(session: Session, model: Any, rows: Iterable[dict[str, Any]]) -> None:
    """Insert new rows and update existing ones, by id, in two statements."""
    by_id = {row["id"]: row for row in rows}
    if not by_id:
        return
    found = set(session.scalars(select(model.id).where(model.id.in_(list(by_id)))))
    new = [row for key, row in by_id.items() if key not in found]
    old = [row for key, row in by_id.items() if key in found]
    if new:
        session.execute(insert(model), new)
    if old:
        session.execute(update(model), old)


def save_terms(session: Session, terms: Iterable[dict[str, Any]]) -> int:
    """Upsert taxonomy terms (and a taxonomy row for each vocabulary id named)."""
    rows = list({row["id"]: row for row in terms}.values())
    taxonomies = {
        row["taxonomy_id"]: {"id": row["taxonomy_id"], "name": row["taxonomy"] or "Taxonomy"}
        for row in rows
        if row.get("taxonomy_id")
    }
    moved = _terms_changing_vocabulary(session, rows)
    _upsert(session, Taxonomy, taxonomies.values())
    _upsert(session, TaxonomyTerm, rows)
    if moved:
        users = select(Attribute.service_id).where(Attribute.taxonomy_term_id.in_(moved))
        index_vocabularies(session, sorted(set(session.scalars(users.distinct()))))
    return len(rows)


def _terms_changing_vocabulary(session: Session, rows: Sequence[dict[str, Any]]) -> list[str]:
    """The ids of stored terms that these rows move to another vocabulary."""
    wanted = {row["id"]: row.get("taxonomy_id") or None for row in rows}
    moved: list[str] = []
    ids = list(wanted)
    for start in range(0, len(ids), 500):
        query = select(TaxonomyTerm.id, TaxonomyTerm.taxonomy_id).where(
            TaxonomyTerm.id.in_(ids[start : start + 500])
        )
        for term_id, taxonomy_id in session.execute(query):
            if (taxonomy_id or None) != wanted[term_id]:
                moved.append(term_id)
    return moved


def index_vocabularies(session: Session, service_ids: Sequence[str]) -> None:
    """Rewrite these services' vocabulary tags from their terms.

    Why: ORUK's taxonomy_id filter would otherwise join every attribute to its term; one indexed
    (service, vocabulary) row lets the database test a service in one look-up (ADR 0038).
    """
    for start in range(0, len(service_ids), 500):
        chunk = list(service_ids[start : start + 500])
        session.execute(
            delete(ServiceTag).where(
                ServiceTag.kind == VOCABULARY, ServiceTag.service_id.in_(chunk)
            )
        )
        derived = (
            select(Attribute.service_id, literal(VOCABULARY, String), TaxonomyTerm.taxonomy_id)
            .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
            .where(
                Attribute.service_id.in_(chunk),
                TaxonomyTerm.taxonomy_id.is_not(None),
                TaxonomyTerm.taxonomy_id != "",
            )
            .distinct()
        )
        session.execute(insert(ServiceTag).from_select(["service_id", "kind", "value"], derived))


def save_taxonomies(session: Session, taxonomies: Iterable[dict[str, Any]]) -> int:
    """Upsert taxonomies (vocabularies) read from a feed's own taxonomy records."""
    rows = list({row["id"]: row for row in taxonomies}.values())
    _upsert(session, Taxonomy, rows)
    return len(rows)


def save_organizations(session: Session, organizations: Iterable[dict[str, Any]]) -> int:
    """Upsert organisations read as organisations (a list of them, or one without services)."""
    rows = list({row["id"]: row for row in organizations}.values())
    _upsert(session, Organization, rows)
    return len(rows)


def stored_hashes(session: Session, ids: Sequence[str]) -> dict[str, str]:
    """The record hash stored for each of these services that exists."""
    found: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        query = select(Service.id, Service.record_hash).where(
            Service.id.in_(list(ids[start : start + 500]))
        )
        found.update(dict(session.execute(query).all()))
    return found


@dataclass
class StoredService:
    """What is stored for one service, as plain rows, to complete a record that leaves parts out."""

    service: dict[str, Any]
    organization: dict[str, Any] | None
    children: dict[Any, list[dict[str, Any]]]
    locations: list[dict[str, Any]]
    terms: list[dict[str, Any]]


def _as_row(item: Any) -> dict[str, Any]:
    return {column.key: getattr(item, column.key) for column in item.__table__.columns}


def stored_services(session: Session, ids: Sequence[str]) -> dict[str, StoredService]:
    """The stored rows of these services (the ones that exist), their children by table."""
    wanted = list(ids)
    found: dict[str, StoredService] = {}
    if not wanted:
        return found
    services = session.scalars(select(Service).where(Service.id.in_(wanted))).all()
    organizations = organizations_by_id(session, [s.organization_id or "" for s in services])
    for service in services:
        org = organizations.get(service.organization_id or "")
        found[service.id] = StoredService(
            service=_as_row(service),
            organization=_as_row(org) if org else None,
            children={table: [] for table in CHILD_TABLES},
            locations=[],
            terms=[],
        )
    if not found:
        return found
    present = list(found)
    for table in CHILD_TABLES:
        if table is ServiceTag:
            continue  # tags are worked out again from the terms
        query = select(table).where(table.service_id.in_(present)).order_by(*listed_order(table))
        for child in session.scalars(query):
            found[child.service_id].children[table].append(_as_row(child))
    places = select(ServiceAtLocation.service_id, Location).join(
        Location, Location.id == ServiceAtLocation.location_id
    )
    for service_id, location in session.execute(
        places.where(ServiceAtLocation.service_id.in_(present))
    ):
        found[service_id].locations.append(_as_row(location))
    terms = select(Attribute.service_id, TaxonomyTerm).join(
        TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id
    )
    for service_id, term in session.execute(terms.where(Attribute.service_id.in_(present))):
        found[service_id].terms.append(_as_row(term))
    return found


def _delete_parts(session: Session, services: Sequence[ServiceRows], ids: set[str]) -> None:
    """Delete the stored rows that the changed services' records replace, part by part."""
    everything = frozenset(PART_TABLES)
    by_part: dict[str, list[str]] = {part: [] for part in PART_TABLES}
    for service in services:
        if service.id not in ids:
            continue
        for part in service.replace if service.replace is not None else everything:
            by_part[part].append(service.id)
        by_part["tags"].append(service.id)
    for part, service_ids in by_part.items():
        for start in range(0, len(service_ids), 500):
            chunk = sorted(set(service_ids[start : start + 500]))
            for table in PART_TABLES[part]:
                session.execute(delete(table).where(table.service_id.in_(chunk)))
            if part == "contacts":
                session.execute(
                    delete(Phone).where(Phone.service_id.in_(chunk), Phone.contact_id.is_not(None))
                )
            elif part == "phones":
                session.execute(
                    delete(Phone).where(Phone.service_id.in_(chunk), Phone.contact_id.is_(None))
                )


def save_services(session: Session, services: Sequence[ServiceRows]) -> SaveCounts:
    """Write a batch of services: unchanged ones are skipped; changed ones replace the children
    of the parts their records give (all of them for a full record) and keep the rest."""
    counts = SaveCounts()
    if not services:
        return counts
    ids = [service.id for service in services]
    existing = stored_hashes(session, ids)
    changed = [s for s in services if existing.get(s.id) != s.row["record_hash"]]
    counts.unchanged = len(services) - len(changed)
    if not changed:
        return counts
    organizations = {}
    for service in changed:
        org = service.organization
        if org is not None and (org["name"] or org["id"] not in organizations):
            organizations[org["id"]] = org
    # An organisation known only by id must not blank out a name we already hold.
    named = [org for org in organizations.values() if org["name"]]
    unnamed = [org for org in organizations.values() if not org["name"]]
    _upsert(session, Organization, named)
    if unnamed:
        known = set(
            session.scalars(
                select(Organization.id).where(Organization.id.in_([o["id"] for o in unnamed]))
            )
        )
        fresh = [
            dict(org, name="Unnamed organisation") for org in unnamed if org["id"] not in known
        ]
        if fresh:
            session.execute(insert(Organization), fresh)
    _upsert(session, Location, [row for service in changed for row in service.locations])
    save_terms(session, [row for service in changed for row in service.terms])
    _delete_parts(session, changed, set(existing))
    new = [service.row for service in changed if service.id not in existing]
    old = [service.row for service in changed if service.id in existing]
    if new:
        session.execute(insert(Service), new)
    if old:
        session.execute(update(Service), old)
    for table in CHILD_TABLES:
        rows = [row for service in changed for row in service.children.get(table, [])]
        if rows:
            session.execute(insert(table), _distinct_ids(session, table, rows))
    index_vocabularies(session, [service.id for service in changed])
    counts.created, counts.updated = len(new), len(old)
    return counts


def refresh_statistics(session: Session) -> None:
    """Have the database re-count the directory's tables after an import changed them.

    Why: the query planners choose between walking services in name order and gathering a
    filter's matches first from row counts. PostgreSQL gathers them itself, but later, and SQLite
    only when asked; straight after a big import both chose badly (ADR 0038).
    """
    names = [table.__tablename__ for table in _STATISTICS_TABLES]
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"ANALYZE {', '.join(names)}"))
        return
    for name in names:  # SQLite analyses one table a statement
        session.execute(text(f"ANALYZE {name}"))


def _distinct_ids(session: Session, table: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give a child row a service-scoped id when its feed id is already used by another service.

    ORUK ids should be unique, but feeds reuse them; one careless id must not fail a whole batch.
    """
    if table is ServiceTag:
        return rows
    ids = [row["id"] for row in rows]
    taken = set(session.scalars(select(table.id).where(table.id.in_(ids)))) if ids else set()
    seen: set[str] = set()
    for row in rows:
        if row["id"] in taken or row["id"] in seen:
            row["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{row['service_id']}/{row['id']}"))
        seen.add(row["id"])
    return rows


def inactivate_missing(session: Session, source: str, seen: set[str], now: datetime) -> int:
    """Mark the source's services that the feed no longer lists as inactive (never deleted)."""
    listed = session.scalars(
        select(Service.id).where(Service.source == source, Service.status != "inactive")
    ).all()
    missing = [service_id for service_id in listed if service_id not in seen]
    for start in range(0, len(missing), 500):
        session.execute(
            update(Service)
            .where(Service.id.in_(missing[start : start + 500]))
            # Clearing the hash makes the service update again if the feed lists it once more.
            .values(status="inactive", record_hash="", last_modified=now)
        )
    return len(missing)


@dataclass(frozen=True)
class SearchFilters:
    """What a search page visitor asked for; empty means "any"."""

    keywords: tuple[str, ...] = ()
    age: int | None = None
    need: str = ""
    category: str = ""
    area: str = ""  # "in", "out" or ""
    free_only: bool = False
    action: str = ""  # a plan action's id: the services mapped to it


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _tagged(kind: str, value: str) -> Any:
    return Service.id.in_(
        select(ServiceTag.service_id).where(ServiceTag.kind == kind, ServiceTag.value == value)
    )


def _filtered(filters: SearchFilters, listed_only: bool = True) -> list[Any]:
    clauses: list[Any] = [Service.status.in_(LISTED_STATUSES)] if listed_only else []
    for word in filters.keywords:
        clauses.append(Service.search_text.like(f"%{_escape_like(word.lower())}%", escape="\\"))
    if filters.age is not None:
        clauses.append(or_(Service.minimum_age.is_(None), Service.minimum_age <= filters.age))
        clauses.append(or_(Service.maximum_age.is_(None), Service.maximum_age >= filters.age))
    if filters.need:
        clauses.append(_tagged("need", filters.need))
    if filters.category:
        clauses.append(_tagged("category", filters.category))
    if filters.action:
        clauses.append(_tagged("action", filters.action))
    if filters.area in ("in", "out"):
        clauses.append(Service.in_area.is_(filters.area == "in"))
    if filters.free_only:
        clauses.append(Service.free.is_(True))
    return clauses


def search(
    session: Session, filters: SearchFilters, page: int, per_page: int
) -> tuple[int, list[Any]]:
    """The number of matching services and one page of them, in-area first, then by name.

    The total comes with the page (a window count), so the table is scanned once, not twice.
    """
    clauses = _filtered(filters)
    # Sort only ids and sort keys (not descriptions), then fetch the page's rows by id.
    page_of = (
        select(Service.id, func.count().over().label("total"))
        .where(*clauses)
        .order_by(Service.in_area.desc(), Service.name, Service.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
        .subquery()
    )
    query = (
        select(
            Service.id,
            Service.name,
            Service.description,
            Service.minimum_age,
            Service.maximum_age,
            Service.in_area,
            Service.free,
            Service.status,
            Organization.name.label("organization_name"),
            page_of.c.total,
        )
        .join(page_of, page_of.c.id == Service.id)
        .outerjoin(Organization, Organization.id == Service.organization_id)
        .order_by(Service.in_area.desc(), Service.name, Service.id)
    )
    rows = list(session.execute(query).all())
    if rows:
        return rows[0].total, rows
    if page == 1:
        return 0, rows
    # Past the last page: the count still tells the caller where the last page is.
    total = session.scalar(select(func.count()).select_from(Service).where(*clauses)) or 0
    return total, rows


def find_service(session: Session, service_id: str) -> Service | None:
    """One service by id (whatever its status)."""
    return session.get(Service, service_id)


def listed_order(model: Any) -> list[Any]:
    """How a child table's rows are listed: in their feed (or provider's) order where it has one,
    then by id, so that rows at the same place (a service's and a contact's first number) always
    come in the same order."""
    return [model.position, model.id] if hasattr(model, "position") else [model.id]


def children_of(session: Session, model: Any, service_id: str) -> list[Any]:
    """A service's rows in one child table, in their feed order where it has one."""
    return list(
        session.scalars(
            select(model).where(model.service_id == service_id).order_by(*listed_order(model))
        )
    )


def locations_of(session: Session, service_id: str) -> list[Location]:
    """The places a service is delivered."""
    query = (
        select(Location)
        .join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id)
        .where(ServiceAtLocation.service_id == service_id)
        .order_by(Location.name)
    )
    return list(session.scalars(query))


def terms_of(session: Session, service_ids: Sequence[str]) -> dict[str, list[tuple[str, str, Any]]]:
    """Each service's (attribute id, link type, taxonomy term) triples."""
    found: dict[str, list[tuple[str, str, Any]]] = {service_id: [] for service_id in service_ids}
    if not service_ids:
        return found
    query = (
        select(Attribute.service_id, Attribute.id, Attribute.link_type, TaxonomyTerm)
        .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
        .where(Attribute.service_id.in_(list(service_ids)))
        .order_by(TaxonomyTerm.name)
    )
    for service_id, attribute_id, link_type, term in session.execute(query):
        found[service_id].append((attribute_id, link_type, term))
    return found


def tags_of(session: Session, service_id: str) -> dict[str, list[str]]:
    """A service's categories, needs areas and plan actions, as the mapping made them."""
    found: dict[str, list[str]] = {"category": [], "need": [], "action": []}
    query = select(ServiceTag.kind, ServiceTag.value).where(
        ServiceTag.service_id == service_id, ServiceTag.kind != VOCABULARY
    )
    for kind, value in session.execute(query.order_by(ServiceTag.value)):
        found.setdefault(kind, []).append(value)
    return found


def organization_of(session: Session, service: Service) -> Organization | None:
    """The organisation that runs a service, if the feed named one."""
    if not service.organization_id:
        return None
    return session.get(Organization, service.organization_id)


def organizations_by_id(session: Session, ids: Iterable[str]) -> dict[str, Organization]:
    """Organisations by id."""
    wanted = list({i for i in ids if i})
    if not wanted:
        return {}
    return {
        o.id: o for o in session.scalars(select(Organization).where(Organization.id.in_(wanted)))
    }


# A second look at the tag table, for conditions and needs beside the action tag being matched.
_OTHER_TAG = aliased(ServiceTag, name="other_tag")


def _services_statement(with_age: bool) -> Any:
    """Listed services tagged with any of the actions that fit the child: age, and no condition
    the child does not have (a service tagged with conditions is only for children with one)."""
    for_a_condition = select(_OTHER_TAG.service_id).where(_OTHER_TAG.kind == "condition")
    for_the_childs = for_a_condition.where(
        _OTHER_TAG.value.in_(bindparam("conditions", expanding=True))
    )
    clauses: list[Any] = [
        ServiceTag.kind == "action",
        ServiceTag.value.in_(bindparam("actions", expanding=True)),
        Service.status.in_(LISTED_STATUSES),
        or_(Service.id.not_in(for_a_condition), Service.id.in_(for_the_childs)),
    ]
    if with_age:
        clauses.append(or_(Service.minimum_age.is_(None), Service.minimum_age <= bindparam("age")))
        clauses.append(or_(Service.maximum_age.is_(None), Service.maximum_age >= bindparam("age")))
    return (
        select(
            ServiceTag.value,
            Service.id,
            Service.name,
            Service.in_area,
            Service.status,
            Service.minimum_age,
            Service.maximum_age,
            Service.assured_date,
            Service.url,
            Service.email,
            Organization.website,
        )
        .join(Service, Service.id == ServiceTag.service_id)
        .outerjoin(Organization, Organization.id == Service.organization_id)
        .where(*clauses)
    )


# Built once: a plan asks for its services on every API call and every finished journey.
_SERVICES_BY_AGE = _services_statement(with_age=True)
_SERVICES_ANY_AGE = _services_statement(with_age=False)
#: The child's needs areas and conditions that the plan's actions' services are tagged with.
_FITTING_TAGS = select(ServiceTag.service_id, ServiceTag.kind, ServiceTag.value).where(
    or_(
        and_(ServiceTag.kind == "need", ServiceTag.value.in_(bindparam("needs", expanding=True))),
        and_(
            ServiceTag.kind == "condition",
            ServiceTag.value.in_(bindparam("conditions", expanding=True)),
        ),
    ),
    ServiceTag.service_id.in_(
        select(_OTHER_TAG.service_id).where(
            _OTHER_TAG.kind == "action",
            _OTHER_TAG.value.in_(bindparam("actions", expanding=True)),
        )
    ),
)
# The service's own numbers before its contacts' (a contact's first number is at place 0 too).
_FIRST_PHONES = (
    select(Phone.service_id, Phone.number)
    .where(Phone.service_id.in_(bindparam("ids", expanding=True)))
    .order_by(Phone.contact_id.is_not(None), *listed_order(Phone))
)


def first_phones(connection: Any, service_ids: Sequence[str]) -> dict[str, str]:
    """Each service's first telephone number, its own before any contact's, as a plan lists it."""
    phones: dict[str, str] = {}
    if service_ids:
        for service_id, number in connection.execute(_FIRST_PHONES, {"ids": list(service_ids)}):
            phones.setdefault(service_id, number)
    return phones


def services_for_actions(
    session: Session,
    action_ids: Sequence[str],
    needs: ServiceNeeds,
    limit: int,
    *,
    review_after_months: int,
    area_name: str,
) -> dict[str, list[dict[str, Any]]]:
    """The listed services mapped to each action that fit the child, best first (see
    wizard/directory/matching.py), in three queries however many actions the plan has."""
    if not action_ids:
        return {}
    connection = session.connection()
    actions = list(action_ids)
    conditions = sorted(matching.named_conditions(needs))
    if needs.age is None:
        rows = connection.execute(_SERVICES_ANY_AGE, {"actions": actions, "conditions": conditions})
    else:
        rows = connection.execute(
            _SERVICES_BY_AGE, {"actions": actions, "conditions": conditions, "age": needs.age}
        )
    listed = rows.all()
    fitting: dict[tuple[str, str], set[str]] = {}
    if listed and (needs.needs_areas or conditions):
        tags = connection.execute(
            _FITTING_TAGS,
            {"actions": actions, "needs": sorted(needs.needs_areas), "conditions": conditions},
        )
        for service_id, kind, value in tags:
            fitting.setdefault((service_id, kind), set()).add(value)
    candidates = [
        matching.Candidate(
            action_id=row.value,
            id=row.id,
            name=row.name,
            in_area=bool(row.in_area),
            closed=row.status != "active",
            minimum_age=row.minimum_age,
            maximum_age=row.maximum_age,
            assured_date=row.assured_date,
            website=row.url or row.website or "",
            email=row.email,
            needs=frozenset(fitting.get((row.id, "need"), ())),
            conditions=frozenset(fitting.get((row.id, "condition"), ())),
        )
        for row in listed
    ]
    found = matching.choose(candidates, needs, limit, review_after_months, area_name)
    phones = first_phones(
        connection, sorted({s["id"] for chosen in found.values() for s in chosen})
    )
    for chosen in found.values():
        for service in chosen:
            service["phone"] = phones.get(service["id"], "")
    return found
