"""/oruk/: our Local Offer published as an Open Referral UK 3.0 read API (public, no keys, CORS *)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from flask import Blueprint, Response, request, url_for

from wizard import PROJECT_ROOT
from wizard.directory import publish
from wizard.storage import directory as store
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
OPENAPI_DIR = PROJECT_ROOT / "questions" / "spec" / "oruk" / "v3-schemas"


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


@blueprint.errorhandler(BadQuery)
def _bad_query(error: BadQuery) -> Response:
    return _json({"errors": [{"message": str(error)}]}, 400)


def _whole(name: str, default: int, largest: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= largest:
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
    """The ORUK 3.0 OpenAPI description this API follows."""
    return Response(_openapi_text(), mimetype="application/json")


@lru_cache(maxsize=1)
def _openapi_text() -> bytes:
    return (OPENAPI_DIR / "openapi-template.json").read_bytes()


@blueprint.get("/services")
def services() -> Response:
    """A page of services, optionally by search words, taxonomy term or modification time."""
    page, per_page = _paging()
    words = (request.args.get("search") or "").split()[:10]
    term_id = (request.args.get("taxonomy_term_id") or "").strip()[:64]
    modified_after = None
    if request.args.get("modified_after"):
        modified_after = _moment(request.args["modified_after"])
    session = db_session()
    total, found = store.list_services(session, page, per_page, words, term_id, modified_after)
    orgs = store.organizations_by_id(session, (s.organization_id or "" for s in found))
    contents = [publish.service_brief(s, orgs.get(s.organization_id or "")) for s in found]
    return _json(publish.page_json(contents, total, page, per_page))


def _moment(raw: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise BadQuery("modified_after must be a date and time like 2025-01-31T09:00:00Z") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@blueprint.get("/services/<service_id>")
def service(service_id: str) -> Response:
    """One service with everything about it."""
    session = db_session()
    found = store.find_service(session, service_id) if len(service_id) <= 64 else None
    if found is None:
        return _json({"errors": [{"message": "There is no service with this id"}]}, 404)
    org = store.organization_of(session, found)
    links = {
        link.location_id: link.id
        for link in store.children_of(session, ServiceAtLocation, found.id)
    }
    body = publish.service_full(
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
    return _json(body)


@blueprint.get("/taxonomy_terms")
def taxonomy_terms() -> Response:
    """A page of the taxonomy terms services are classified by."""
    page, per_page = _paging()
    total, terms = store.list_terms(db_session(), page, per_page)
    return _json(publish.page_json([publish.term_json(t) for t in terms], total, page, per_page))
