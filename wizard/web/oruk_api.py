"""/oruk/: our Local Offer published as an Open Referral UK 3.0 read API (public, no keys, CORS *)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, request, url_for
from sqlalchemy.orm import Session

from wizard.directory import oruk_openapi, publish
from wizard.storage import directory as store
from wizard.storage import directory_queries as queries
from wizard.storage.db import db_session
from wizard.storage.directory_models import (
    Contact,
    CostOption,
    Phone,
    Schedule,
    ServiceArea,
    ServiceAtLocation,
)

blueprint = Blueprint("oruk", __name__, url_prefix="/oruk")

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_ID = 64
#: RFC 5545 day codes, as schedules' byday holds them, by the English day names clients may send.
DAYS = {
    name: name[:2].upper()
    for name in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
}
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$")


class BadQuery(ValueError):
    """A query parameter the API cannot use; the message names it."""


def _json(payload: Any, status: int = 200) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False), status, mimetype="application/json")


@blueprint.after_request
def _open_to_all(response: Response) -> Response:
    """ORUK APIs are public: any site may read them from a browser."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, OPTIONS"
    return response


@blueprint.before_request
def _no_nul() -> Response | None:
    """A NUL character in the address is refused: databases cannot compare text holding one."""
    if "\x00" in request.path or any("\x00" in v for v in request.args.values()):
        return _json({"errors": [{"message": "The address must not contain a NUL character"}]}, 400)
    return None


@blueprint.errorhandler(BadQuery)
def _bad_query(error: BadQuery) -> Response:
    return _json({"errors": [{"message": str(error)}]}, 400)


def _whole(name: str, default: int, largest: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= largest:
        raise BadQuery(f"{name} must be a whole number from 1 to {largest}")
    return int(raw)


def _paging() -> tuple[int, int]:
    return _whole("page", 1, 1_000_000), _whole("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)


@blueprint.get("/")
def details() -> Response:
    """Which version of the standard this API follows, and where its OpenAPI file is."""
    return _json(
        {
            "version": publish.HSDS_VERSION,
            "profile": publish.PROFILE_URL,
            "openapi_url": url_for("oruk.openapi", _external=True),
        }
    )


@blueprint.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI description of this API: the paths we serve and the parameters we honour."""
    return _json(oruk_openapi.openapi_document(url_for("oruk.details", _external=True)))


def _not_found(kind: str) -> Response:
    return _json({"errors": [{"message": f"There is no {kind} with this id"}]}, 404)


def _text(name: str) -> str:
    value = (request.args.get(name) or "").strip()
    if len(value) > MAX_ID:
        raise BadQuery(f"{name} must be {MAX_ID} characters or fewer")
    return value


def _words() -> tuple[str, ...]:
    """The search words, up to 10 (a longer search costs more and finds no more)."""
    return tuple((request.args.get("search") or "").split()[:10])


def _flag(name: str) -> bool:
    """A true/false query parameter (absent means false)."""
    raw = (request.args.get(name) or "").strip().lower()
    if raw in ("", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise BadQuery(f"{name} must be true or false")


def _age(name: str) -> float | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        age = float(raw)
    except ValueError:
        age = -1.0
    if not 0 <= age <= 150:  # also false for NaN
        raise BadQuery(f"{name} must be an age in years from 0 to 150")
    return age


def _time(name: str) -> str:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return ""
    if not TIME.match(raw):
        raise BadQuery(f"{name} must be a 24-hour time like 09:30")
    return raw[:5]


def _day() -> str:
    raw = (request.args.get("day") or "").strip().lower()
    if not raw:
        return ""
    if raw.upper() in DAYS.values():
        return raw.upper()
    if raw in DAYS:
        return DAYS[raw]
    raise BadQuery("day must be a day of the week like MO or monday")


def _moment(raw: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise BadQuery("modified_after must be a date and time like 2025-01-31T09:00:00Z") from None
    # In UTC: SQLite compares the stored times as text, so another offset would compare wrongly.
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _place(session: Session) -> dict[str, Any]:
    """The postcode (cleaned) and, with proximity, the point it is at, from our own places."""
    raw = (request.args.get("postcode") or "").strip()
    postcode = raw.upper().replace(" ", "")
    proximity_raw = (request.args.get("proximity") or "").strip()
    if not postcode:
        if proximity_raw:
            raise BadQuery("proximity needs a postcode to measure from")
        return {}
    if not POSTCODE.match(postcode):
        raise BadQuery("postcode must be a UK postcode like DM1 1AA")
    if not proximity_raw:
        return {"postcode": postcode}
    try:
        proximity = float(proximity_raw)
    except ValueError:
        proximity = 0.0
    if not 1 <= proximity <= 200_000:
        raise BadQuery("proximity must be a distance in metres from 1 to 200000")
    near = queries.postcode_point(session, postcode)
    if near is None:
        raise BadQuery(
            f"We cannot place {raw.upper()}: no location in this directory at that postcode "
            "has coordinates, and we hold no postcode lookup"
        )
    return {"postcode": postcode, "proximity": proximity, "near": near}


def _service_query(session: Session) -> queries.ServiceQuery:
    """The filters of a /services or /service_at_locations request, checked."""
    minimum, maximum = _age("minimum_age"), _age("maximum_age")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise BadQuery("minimum_age must be the same as or less than maximum_age")
    start, end = _time("start_time"), _time("end_time")
    if start and end and start >= end:
        raise BadQuery("start_time must be before end_time")
    modified_after = None
    if request.args.get("modified_after"):
        modified_after = _moment(request.args["modified_after"])
    return queries.ServiceQuery(
        words=_words(),
        taxonomy_term_id=_text("taxonomy_term_id"),
        taxonomy_id=_text("taxonomy_id"),
        organization_id=_text("organization_id"),
        minimum_age=minimum,
        maximum_age=maximum,
        modified_after=modified_after,
        day=_day(),
        start_time=start,
        end_time=end,
        **_place(session),
    )


@blueprint.get("/services")
def services() -> Response:
    """A page of services, filtered as the OpenAPI document describes."""
    page, per_page = _paging()
    session = db_session()
    total, found = queries.list_services(session, _service_query(session), page, per_page)
    orgs = store.organizations_by_id(session, (s.organization_id or "" for s in found))
    contents = [publish.service_brief(s, orgs.get(s.organization_id or "")) for s in found]
    return _json(publish.page_json(contents, total, page, per_page))


def _service_full(session: Session, found: Any) -> dict[str, Any]:
    """A service with all its children, as /services/{id} and /service_at_locations/{id} give."""
    org = store.organization_of(session, found)
    links = {
        link.location_id: link.id
        for link in store.children_of(session, ServiceAtLocation, found.id)
    }
    return publish.service_full(
        found,
        org,
        locations=[(links[loc.id], loc) for loc in store.locations_of(session, found.id)],
        contacts=store.children_of(session, Contact, found.id),
        phones=store.children_of(session, Phone, found.id),
        schedules=store.children_of(session, Schedule, found.id),
        cost_options=store.children_of(session, CostOption, found.id),
        areas=store.children_of(session, ServiceArea, found.id),
        attributes=store.terms_of(session, [found.id])[found.id],
    )


@blueprint.get("/services/<service_id>")
def service(service_id: str) -> Response:
    """One service with everything about it."""
    session = db_session()
    found = store.find_service(session, service_id) if len(service_id) <= MAX_ID else None
    if found is None:
        return _not_found("service")
    return _json(_service_full(session, found))


@blueprint.get("/service_at_locations")
def service_at_locations() -> Response:
    """A page of the places services are delivered, filtered like /services."""
    page, per_page = _paging()
    session = db_session()
    query = _service_query(session)
    total, rows = queries.list_service_at_locations(session, query, page, per_page)
    orgs = store.organizations_by_id(session, (s.organization_id or "" for _, s, _ in rows))
    contents = [
        publish.service_at_location_json(
            link.id, publish.service_brief(svc, orgs.get(svc.organization_id or "")), loc
        )
        for link, svc, loc in rows
    ]
    return _json(publish.page_json(contents, total, page, per_page))


@blueprint.get("/service_at_locations/<link_id>")
def service_at_location(link_id: str) -> Response:
    """One service at one place, with the whole service."""
    session = db_session()
    found = queries.find_service_at_location(session, link_id) if len(link_id) <= MAX_ID else None
    if found is None:
        return _not_found("service at location")
    link, svc, loc = found
    return _json(publish.service_at_location_json(link.id, _service_full(session, svc), loc))


@blueprint.get("/organizations")
def organizations() -> Response:
    """A page of the organisations that run services."""
    page, per_page = _paging()
    total, found = queries.list_organizations(db_session(), _words(), page, per_page)
    contents = [publish.organization_json(org) for org in found]
    return _json(publish.page_json(contents, total, page, per_page))


@blueprint.get("/organizations/<org_id>")
def organization(org_id: str) -> Response:
    """One organisation with the services it runs."""
    found = queries.find_organization(db_session(), org_id) if len(org_id) <= MAX_ID else None
    if found is None:
        return _not_found("organization")
    return _json(publish.organization_full(*found))


@blueprint.get("/taxonomies")
def taxonomies() -> Response:
    """A page of the vocabularies services are classified by."""
    page, per_page = _paging()
    total, found = queries.list_taxonomies(db_session(), _words(), page, per_page)
    contents = [publish.taxonomy_json(taxonomy) for taxonomy in found]
    return _json(publish.page_json(contents, total, page, per_page))


@blueprint.get("/taxonomies/<taxonomy_id>")
def taxonomy(taxonomy_id: str) -> Response:
    """One vocabulary with its terms."""
    session = db_session()
    found = queries.find_taxonomy(session, taxonomy_id) if len(taxonomy_id) <= MAX_ID else None
    if found is None:
        return _not_found("taxonomy")
    return _json(publish.taxonomy_json(*found))


@blueprint.get("/taxonomy_terms")
def taxonomy_terms() -> Response:
    """A page of the taxonomy terms services are classified by."""
    page, per_page = _paging()
    top_only = _flag("top_only")
    query = queries.TermQuery(
        words=_words(),
        taxonomy_id=_text("taxonomy_id"),
        parent_id=_text("parent_id"),
        top_only=top_only,
    )
    if query.top_only and query.parent_id:
        raise BadQuery(
            "Use top_only or parent_id, not both: a term with a parent is not at the top"
        )
    total, terms = queries.list_terms(db_session(), query, page, per_page)
    return _json(publish.page_json([publish.term_json(t) for t in terms], total, page, per_page))


@blueprint.get("/taxonomy_terms/<term_id>")
def taxonomy_term(term_id: str) -> Response:
    """One taxonomy term."""
    found = queries.find_term(db_session(), term_id) if len(term_id) <= MAX_ID else None
    if found is None:
        return _not_found("taxonomy term")
    return _json(publish.term_json(found))
