"""Our directory as Open Referral UK 3.0 JSON (HSDS 3.0 UK profile), for the /oruk/ read API.

Empty fields are left out rather than sent as null, because the ORUK schemas type them strictly.
`eligibility_description` and `application_process` are HSDS 3.0 service fields the UK profile does not
list; `decision_process` is our extension (ADR 0012). The schemas allow extra fields.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
#: What `GET /` reports: the ORUK validator picks its 3.0 test profile from exactly this string.
HSDS_VERSION = "HSDS-UK-3.0"


def _clean(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Drop empty values; dates become ISO text."""
    found: dict[str, Any] = {}
    for key, value in fields.items():
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat().replace("+00:00", "Z")
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        found[key] = value
    return found


def organization_json(org: Any) -> dict[str, Any]:
    """An organisation (the schema needs id, name and description, even if empty)."""
    body = _clean({"id": org.id, "name": org.name, "email": org.email, "website": org.website})
    body["description"] = org.description or ""
    return body


def service_brief(service: Any, org: Any | None) -> dict[str, Any]:
    """A service as a list item: its own fields and its organisation."""
    body = _clean(
        {
            "id": service.id,
            "organization_id": service.organization_id,
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "fees": service.fees,
            "accreditations": service.accreditations,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": service.assured_date,
            "assurer_email": service.assurer_email,
            "alert": service.alert,
            "last_modified": service.last_modified,
            "eligibility_description": service.eligibility_description,
            "application_process": service.application_process,
            "decision_process": service.decision_process,
        }
    )
    if org is not None:
        body["organization"] = organization_json(org)
    return body


def term_json(term: Any) -> dict[str, Any]:
    """A taxonomy term (the schema needs id, name and description)."""
    body = _clean(
        {
            "id": term.id,
            "name": term.name,
            "parent_id": term.parent_id,
            "taxonomy": term.taxonomy,
            "taxonomy_id": term.taxonomy_id,
            "term_uri": term.term_uri,
            "term": term.code,
        }
    )
    body["description"] = term.description or ""
    return body


def taxonomy_json(taxonomy: Any, terms: Sequence[Any] | None = None) -> dict[str, Any]:
    """A vocabulary (the schema needs id, name and description), with its terms when given."""
    body = _clean(
        {"id": taxonomy.id, "name": taxonomy.name, "uri": taxonomy.uri, "version": taxonomy.version}
    )
    body["description"] = taxonomy.description or ""
    if terms is not None:
        body["taxonomy_terms"] = [term_json(term) for term in terms]
    return body


def organization_full(org: Any, services: Sequence[Any]) -> dict[str, Any]:
    """An organisation with the services it runs, as `GET /organizations/{id}` returns it."""
    return organization_json(org) | {
        "services": [service_brief(service, None) for service in services]
    }


def service_at_location_json(
    link_id: str, service: dict[str, Any], location: Any
) -> dict[str, Any]:
    """A service delivered at one place: the link, the place and the service as given."""
    return {
        "id": link_id,
        "service_id": service["id"],
        "location_id": location.id,
        "location": location_json(location),
        "service": service,
    }


def location_json(location: Any) -> dict[str, Any]:
    """A location with its postal address and accessibility notes."""
    body = _clean(
        {
            "id": location.id,
            "location_type": location.location_type or "physical",
            "name": location.name,
            "description": location.description,
            "latitude": location.latitude,
            "longitude": location.longitude,
        }
    )
    if location.address_1 and location.address_id:
        body["addresses"] = [
            {
                "id": location.address_id,
                "location_id": location.id,
                "address_1": location.address_1,
                "city": location.city,
                **_clean({"region": location.region}),
                "state_province": location.state_province or location.region,
                "postal_code": location.postal_code,
                "country": location.country or "GB",
                "address_type": "postal",
            }
        ]
    if location.accessibility:
        body["accessibility"] = [
            {"id": location.id, "location_id": location.id, "description": location.accessibility}
        ]
    return body


def service_full(
    service: Any,
    org: Any | None,
    *,
    locations: Iterable[tuple[str, Any]],
    contacts: Sequence[Any],
    phones: Sequence[Any],
    schedules: Sequence[Any],
    cost_options: Sequence[Any],
    areas: Sequence[Any],
    attributes: Iterable[tuple[str, str, Any]],
) -> dict[str, Any]:
    """A whole service with its children, as `GET /services/{id}` returns it."""
    body = service_brief(service, org)
    body["service_at_locations"] = [
        {
            "id": link_id,
            "service_id": service.id,
            "location_id": loc.id,
            "location": location_json(loc),
        }
        for link_id, loc in locations
    ]
    body["contacts"] = [
        _clean(
            {
                "id": c.id,
                "service_id": service.id,
                "name": c.name,
                "title": c.title,
                "email": c.email,
            }
        )
        for c in contacts
    ]
    body["phones"] = [
        _clean(
            {
                "id": p.id,
                "service_id": service.id,
                "contact_id": p.contact_id,
                "number": p.number,
                "description": p.description,
            }
        )
        for p in phones
    ]
    body["schedules"] = [
        _clean(
            {
                "id": s.id,
                "service_id": service.id,
                "freq": s.freq if s.freq in ("WEEKLY", "MONTHLY") else None,
                "interval": s.interval,
                "byday": s.byday,
                "bymonthday": s.bymonthday,
                "opens_at": s.opens_at,
                "closes_at": s.closes_at,
                "valid_from": s.valid_from,
                "valid_to": s.valid_to,
                "description": s.description,
                "attending_type": s.attending_type,
                "notes": s.notes,
            }
        )
        for s in schedules
    ]
    body["cost_options"] = [
        _clean(
            {
                "id": c.id,
                "service_id": service.id,
                "option": c.option,
                "amount": c.amount,
                "amount_description": c.amount_description,
                "valid_from": c.valid_from,
                "valid_to": c.valid_to,
            }
        )
        for c in cost_options
    ]
    body["service_areas"] = [
        _clean(
            {
                "id": a.id,
                "service_id": service.id,
                "name": a.name,
                "service_area": a.description or a.name,
                "extent": a.extent,
                "extent_type": a.extent_type,
                "uri": a.uri,
            }
        )
        for a in areas
    ]
    body["attributes"] = [
        _clean(
            {
                "id": attribute_id,
                "link_id": service.id,
                "link_type": link_type,
                "link_entity": "service",
                "taxonomy_term_id": term.id,
            }
        )
        | {"taxonomy_term": term_json(term)}
        for attribute_id, link_type, term in attributes
    ]
    return body


def page_json(
    contents: list[dict[str, Any]], total: int, page: int, per_page: int
) -> dict[str, Any]:
    """An ORUK 3.0 paginated list."""
    pages = max(1, math.ceil(total / per_page)) if per_page else 1
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }
