"""The directory's reads for the /oruk/ publishing API: filtered, paged services, places, terms,
vocabularies and organisations (the import and the search pages live in directory.py)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wizard.storage.directory import VOCABULARY, _escape_like
from wizard.storage.directory_models import (
    Attribute,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceTag,
    Taxonomy,
    TaxonomyTerm,
)

#: Metres per degree of latitude (and of longitude at the equator), the WGS84 mean.
METRES_PER_DEGREE = 111_320.0


@dataclass(frozen=True)
class Point:
    """A place on the map, in WGS84 degrees."""

    latitude: float
    longitude: float


@dataclass(frozen=True)
class ServiceQuery:
    """What an ORUK client asked /services or /service_at_locations for; empty means "any"."""

    words: tuple[str, ...] = ()
    taxonomy_term_id: str = ""
    taxonomy_id: str = ""
    organization_id: str = ""
    minimum_age: float | None = None
    maximum_age: float | None = None
    modified_after: datetime | None = None
    #: A postcode with its spaces taken out, upper case; alone it means "delivered at it".
    postcode: str = ""
    #: With `near`: only places within this many metres of it.
    proximity: float | None = None
    near: Point | None = None
    #: RFC 5545 day code (MO..SU), and HH:MM times: open at some point in that window.
    day: str = ""
    start_time: str = ""
    end_time: str = ""


def _compact(column: Any) -> Any:
    """A postcode column without spaces, upper case, to compare with a cleaned postcode."""
    return func.replace(func.upper(column), " ", "")


def _place_clauses(query: ServiceQuery) -> list[Any]:
    """Conditions on a Location row for the postcode and proximity asked for."""
    if query.near is not None and query.proximity is not None:
        # An equirectangular distance: plain arithmetic, so SQLite and PostgreSQL agree and an
        # index-free bounding box comes first; within a council's area it is within 0.5%.
        lat0, lon0, metres = query.near.latitude, query.near.longitude, query.proximity
        scale = math.cos(math.radians(lat0))
        d_lat = metres / METRES_PER_DEGREE
        d_lon = metres / (METRES_PER_DEGREE * max(scale, 0.01))
        dy = (Location.latitude - lat0) * METRES_PER_DEGREE
        dx = (Location.longitude - lon0) * (METRES_PER_DEGREE * scale)
        return [
            Location.latitude.between(lat0 - d_lat, lat0 + d_lat),
            Location.longitude.between(lon0 - d_lon, lon0 + d_lon),
            dy * dy + dx * dx <= metres * metres,
        ]
    if query.postcode:
        return [_compact(Location.postal_code) == query.postcode]
    return []


def _opening_clauses(query: ServiceQuery) -> list[Any]:
    """Conditions on a Schedule row: open on the day, and at some point in the time window."""
    clauses: list[Any] = []
    if query.day:
        clauses.append(Schedule.byday.like(f"%{query.day}%"))
    # Times are compared as HH:MM text: the importer keeps feed times as given, some with seconds.
    if query.start_time:
        clauses.append(func.substr(Schedule.closes_at, 1, 5) > query.start_time)
    if query.end_time:
        clauses.append(Schedule.opens_at != "")
        clauses.append(func.substr(Schedule.opens_at, 1, 5) < query.end_time)
    return clauses


def service_clauses(query: ServiceQuery, *, places: bool = True) -> list[Any]:
    """Conditions on Service for the query; `places=False` leaves postcode and proximity to the
    caller (the service-at-location list applies them to each place, not to any place)."""
    clauses: list[Any] = []
    for word in query.words:
        clauses.append(Service.search_text.like(f"%{_escape_like(word.lower())}%", escape="\\"))
    if query.taxonomy_term_id:
        clauses.append(
            Service.id.in_(
                select(Attribute.service_id).where(
                    Attribute.taxonomy_term_id == query.taxonomy_term_id
                )
            )
        )
    # A correlated EXISTS on the (service, kind, value) key, so the database can walk services in
    # name order and stop at the page's end: an IN list of thousands of ids was sorted whole first,
    # and joining every attribute to its term cost more than the rest of the request (ADR 0038).
    if query.taxonomy_id:
        clauses.append(
            select(ServiceTag.service_id)
            .where(
                ServiceTag.service_id == Service.id,
                ServiceTag.kind == VOCABULARY,
                ServiceTag.value == query.taxonomy_id,
            )
            .exists()
        )
    if query.organization_id:
        clauses.append(Service.organization_id == query.organization_id)
    # The ages asked for are a range; a service fits if its own range overlaps it.
    if query.minimum_age is not None:
        clauses.append(Service.maximum_age.is_(None) | (Service.maximum_age >= query.minimum_age))
    if query.maximum_age is not None:
        clauses.append(Service.minimum_age.is_(None) | (Service.minimum_age <= query.maximum_age))
    if query.modified_after is not None:
        clauses.append(Service.last_modified >= query.modified_after)
    opening = _opening_clauses(query)
    # Uncorrelated sub-selects: the few matching schedules and places are found once, not per service.
    if opening:
        clauses.append(Service.id.in_(select(Schedule.service_id).where(*opening)))
    place = _place_clauses(query) if places else []
    if place:
        clauses.append(
            Service.id.in_(
                select(ServiceAtLocation.service_id)
                .join(Location, Location.id == ServiceAtLocation.location_id)
                .where(*place)
            )
        )
    return clauses


def _page(statement: Any, page: int, per_page: int) -> Any:
    return statement.limit(per_page).offset((page - 1) * per_page)


def _count(session: Session, statement: Any) -> int:
    return session.scalar(select(func.count()).select_from(statement.subquery())) or 0


def list_services(
    session: Session, query: ServiceQuery, page: int, per_page: int
) -> tuple[int, list[Service]]:
    """Services for the ORUK API, in a stable order; every status, so consumers see closures."""
    ids = select(Service.id).where(*service_clauses(query))
    total = _count(session, ids)
    # Sort and skip ids and names only, then fetch the page's whole rows (as directory.search does).
    page_ids = _page(ids.order_by(Service.name, Service.id), page, per_page).subquery()
    statement = (
        select(Service)
        .join(page_ids, page_ids.c.id == Service.id)
        .order_by(Service.name, Service.id)
    )
    return total, list(session.scalars(statement))


def list_service_at_locations(
    session: Session, query: ServiceQuery, page: int, per_page: int
) -> tuple[int, list[tuple[ServiceAtLocation, Service, Location]]]:
    """Each place each matching service is delivered, by service name then place name."""
    statement = (
        select(ServiceAtLocation, Service, Location)
        .join(Service, Service.id == ServiceAtLocation.service_id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(*service_clauses(query, places=False), *_place_clauses(query))
    )
    total = _count(session, statement.with_only_columns(ServiceAtLocation.id))
    ordered = statement.order_by(Service.name, Location.name, ServiceAtLocation.id)
    rows = session.execute(_page(ordered, page, per_page)).all()
    return total, [(row[0], row[1], row[2]) for row in rows]


def find_service_at_location(
    session: Session, link_id: str
) -> tuple[ServiceAtLocation, Service, Location] | None:
    """One service-at-location link with its service and place."""
    statement = (
        select(ServiceAtLocation, Service, Location)
        .join(Service, Service.id == ServiceAtLocation.service_id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(ServiceAtLocation.id == link_id)
    )
    row = session.execute(statement).first()
    return None if row is None else (row[0], row[1], row[2])


def postcode_point(session: Session, postcode: str) -> Point | None:
    """Where a postcode is, from the directory's own places there that carry coordinates.

    We hold no postcode gazetteer; the mean of the feed's coordinates at that postcode is real
    data, where a guess would not be. None when no such place has coordinates.
    """
    statement = select(func.avg(Location.latitude), func.avg(Location.longitude)).where(
        _compact(Location.postal_code) == postcode,
        Location.latitude.is_not(None),
        Location.longitude.is_not(None),
    )
    latitude, longitude = session.execute(statement).one()
    if latitude is None or longitude is None:
        return None
    return Point(float(latitude), float(longitude))


def postcode_known(session: Session, postcode: str) -> bool:
    """Whether any place in the directory has this postcode."""
    statement = select(Location.id).where(_compact(Location.postal_code) == postcode).limit(1)
    return session.scalar(statement) is not None


@dataclass(frozen=True)
class TermQuery:
    """What an ORUK client asked /taxonomy_terms for; empty means "any"."""

    words: tuple[str, ...] = ()
    taxonomy_id: str = ""
    parent_id: str = ""
    #: Only terms at the top of their hierarchy (with no parent).
    top_only: bool = False


def _has_words(text: Any, words: Sequence[str]) -> list[Any]:
    """One clause a word: the lower-cased text holds it (LIKE, escaped)."""
    return [func.lower(text).like(f"%{_escape_like(word.lower())}%", escape="\\") for word in words]


def list_terms(
    session: Session, query: TermQuery, page: int, per_page: int
) -> tuple[int, list[TaxonomyTerm]]:
    """Taxonomy terms, filtered as asked, by name."""
    clauses = _has_words(
        TaxonomyTerm.name + " " + TaxonomyTerm.description + " " + TaxonomyTerm.code, query.words
    )
    if query.taxonomy_id:
        clauses.append(TaxonomyTerm.taxonomy_id == query.taxonomy_id)
    if query.parent_id:
        clauses.append(TaxonomyTerm.parent_id == query.parent_id)
    if query.top_only:
        clauses.append(func.coalesce(TaxonomyTerm.parent_id, "") == "")
    statement = select(TaxonomyTerm).where(*clauses)
    total = _count(session, statement.with_only_columns(TaxonomyTerm.id))
    ordered = statement.order_by(TaxonomyTerm.name, TaxonomyTerm.id)
    return total, list(session.scalars(_page(ordered, page, per_page)))


def find_term(session: Session, term_id: str) -> TaxonomyTerm | None:
    """One taxonomy term by id."""
    return session.get(TaxonomyTerm, term_id)


def list_taxonomies(
    session: Session, words: Sequence[str], page: int, per_page: int
) -> tuple[int, list[Taxonomy]]:
    """The vocabularies services are classified by, with every search word, by name."""
    statement = select(Taxonomy).where(
        *_has_words(Taxonomy.name + " " + Taxonomy.description, words)
    )
    total = _count(session, statement.with_only_columns(Taxonomy.id))
    ordered = statement.order_by(Taxonomy.name, Taxonomy.id)
    return total, list(session.scalars(_page(ordered, page, per_page)))


def find_taxonomy(session: Session, taxonomy_id: str) -> tuple[Taxonomy, list[TaxonomyTerm]] | None:
    """One vocabulary with its terms, by name."""
    taxonomy = session.get(Taxonomy, taxonomy_id)
    if taxonomy is None:
        return None
    terms = session.scalars(
        select(TaxonomyTerm)
        .where(TaxonomyTerm.taxonomy_id == taxonomy_id)
        .order_by(TaxonomyTerm.name, TaxonomyTerm.id)
    )
    return taxonomy, list(terms)


def list_organizations(
    session: Session, words: Sequence[str], page: int, per_page: int
) -> tuple[int, list[Organization]]:
    """Organisations whose name or description has every search word, by name."""
    statement = select(Organization).where(
        *_has_words(Organization.name + " " + Organization.description, words)
    )
    total = _count(session, statement.with_only_columns(Organization.id))
    ordered = statement.order_by(Organization.name, Organization.id)
    return total, list(session.scalars(_page(ordered, page, per_page)))


def find_organization(session: Session, org_id: str) -> tuple[Organization, list[Service]] | None:
    """One organisation with the services it runs, by name."""
    org = session.get(Organization, org_id)
    if org is None:
        return None
    services = session.scalars(
        select(Service).where(Service.organization_id == org_id).order_by(Service.name, Service.id)
    )
    return org, list(services)
