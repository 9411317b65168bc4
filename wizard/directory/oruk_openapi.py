"""The OpenAPI 3.1 description of our /oruk/ API: only the paths we serve, each parameter we honour.

Built from the ORUK 3.0 template's shape (questions/spec/oruk/v3-schemas/openapi-template.json),
with our title and the template's placeholders gone. Responses point at the schemas the ORUK
validator uses, so a reader can check any response against the same files.
"""

from __future__ import annotations

from typing import Any

SCHEMA_BASE = (
    "https://raw.githubusercontent.com/tpximpact/OpenReferralApi/refs/heads/main/"
    "OpenReferralApi/Schemas/V3.0-UK/"
)
TITLE = "SEND Pathway Planner: Local Offer directory (Open Referral UK 3.0)"

_STRING = {"type": "string"}
_WHOLE = {"type": "integer", "minimum": 1}

#: Every query parameter some endpoint honours, described as our code applies it.
PARAMETERS: dict[str, dict[str, Any]] = {
    "page": {
        "description": "Page number of the paginated result, from 1 (default 1).",
        "schema": {**_WHOLE, "maximum": 1_000_000},
    },
    "per_page": {
        "description": "Number of results in a page, from 1 to 200 (default 50).",
        "schema": {**_WHOLE, "maximum": 200},
    },
    "search": {
        "description": "Words to find (up to 10); each must appear in the name, description, "
        "organisation or taxonomy terms.",
        "schema": _STRING,
    },
    "terms_search": {
        "name": "search",
        "description": "Words to find (up to 10); each must appear in the term's name, "
        "description or code.",
        "schema": _STRING,
    },
    "names_search": {
        "name": "search",
        "description": "Words to find (up to 10); each must appear in the name or description.",
        "schema": _STRING,
    },
    "terms_taxonomy_id": {
        "name": "taxonomy_id",
        "description": "Only terms of this taxonomy (vocabulary).",
        "schema": _STRING,
    },
    "parent_id": {
        "description": "Only terms whose parent is the term with this id.",
        "schema": _STRING,
    },
    "top_only": {
        "description": "true: only terms at the top of their hierarchy (terms with no parent). "
        "Cannot be used with parent_id.",
        "schema": {"type": "boolean"},
    },
    "taxonomy_term_id": {
        "description": "Only services classified with this taxonomy term.",
        "schema": _STRING,
    },
    "taxonomy_id": {
        "description": "Only services classified with any term of this taxonomy.",
        "schema": _STRING,
    },
    "organization_id": {
        "description": "Only services this organisation provides.",
        "schema": _STRING,
    },
    "minimum_age": {
        "description": "The youngest age asked about, in years: only services whose maximum "
        "age is this or more (or that give no maximum).",
        "schema": {"type": "number", "minimum": 0, "maximum": 150},
    },
    "maximum_age": {
        "description": "The oldest age asked about, in years: only services whose minimum age "
        "is this or less (or that give no minimum).",
        "schema": {"type": "number", "minimum": 0, "maximum": 150},
    },
    "modified_after": {
        "description": "Only results modified on or after this date and time (ISO 8601; "
        "without a time zone, UTC).",
        "schema": {"type": "string", "format": "date-time"},
    },
    "postcode": {
        "description": "A UK postcode. Alone: only places at that postcode. With proximity: "
        "only places within proximity metres of it, placed by the coordinates of this "
        "directory's own locations at that postcode (400 if none has coordinates).",
        "schema": _STRING,
    },
    "proximity": {
        "description": "Distance in metres (1 to 200000) from the postcode; needs postcode.",
        "schema": {"type": "number", "minimum": 1, "maximum": 200_000},
    },
    "day": {
        "description": "Only services with opening times on this day: MO, TU, WE, TH, FR, SA, "
        "SU or the English day name.",
        "schema": _STRING,
    },
    "start_time": {
        "description": "HH:MM, 24-hour: only services with opening times that close after "
        "this (on day, if given).",
        "schema": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]"},
    },
    "end_time": {
        "description": "HH:MM, 24-hour: only services with opening times that open before "
        "this (on day, if given); with start_time, open at some point between the two.",
        "schema": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]"},
    },
}

_PAGING = ("page", "per_page")
_SERVICE_FILTERS = (
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "minimum_age",
    "maximum_age",
    "modified_after",
    "postcode",
    "proximity",
    "day",
    "start_time",
    "end_time",
)

#: path -> (summary, response schema file, query parameters honoured).
ENDPOINTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "/": ("Which version of the standard this API follows.", "api_details.json", ()),
    "/services": (
        "A page of services with their one-to-one fields and organisation.",
        "service_list.json",
        (*_PAGING, *_SERVICE_FILTERS),
    ),
    "/services/{id}": ("One service with everything about it.", "service.json", ()),
    "/service_at_locations": (
        "A page of the places services are delivered, each with its service.",
        "service_at_location_list.json",
        (*_PAGING, *_SERVICE_FILTERS),
    ),
    "/service_at_locations/{id}": (
        "One service at one place, with the whole service.",
        "service_at_location.json",
        (),
    ),
    "/organizations": (
        "A page of the organisations that run services.",
        "organization_list.json",
        (*_PAGING, "names_search"),
    ),
    "/organizations/{id}": (
        "One organisation with the services it runs.",
        "organization.json",
        (),
    ),
    "/taxonomies": (
        "A page of the vocabularies services are classified by.",
        "taxonomy_list.json",
        (*_PAGING, "names_search"),
    ),
    "/taxonomies/{id}": ("One vocabulary with its terms.", "taxonomy.json", ()),
    "/taxonomy_terms": (
        "A page of the taxonomy terms services are classified by.",
        "taxonomy_term_list.json",
        (*_PAGING, "terms_search", "terms_taxonomy_id", "parent_id", "top_only"),
    ),
    "/taxonomy_terms/{id}": ("One taxonomy term.", "taxonomy_term.json", ()),
}

_ERROR = {
    "description": "A JSON error naming what is wrong.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {
                    "errors": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"message": {"type": "string"}},
                        },
                    }
                },
            }
        }
    },
}


def _operation(path: str, summary: str, schema: str, params: tuple[str, ...]) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {
            "description": summary,
            "content": {"application/json": {"schema": {"$ref": SCHEMA_BASE + schema}}},
        }
    }
    if params:
        responses["400"] = _ERROR
    if "{id}" in path:
        responses["404"] = _ERROR
    operation: dict[str, Any] = {
        "summary": summary,
        "operationId": "get" + "".join(p.title() for p in path.replace("{id}", "by_id").split("/")),
        "responses": responses,
    }
    if params:
        operation["parameters"] = [{"$ref": f"#/components/parameters/{name}"} for name in params]
    return operation


def openapi_document(server_url: str) -> dict[str, Any]:
    """The OpenAPI description, with `server_url` (the /oruk/ base) as its one server."""
    paths: dict[str, Any] = {}
    for path, (summary, schema, params) in ENDPOINTS.items():
        item: dict[str, Any] = {"get": _operation(path, summary, schema, params)}
        if "{id}" in path:
            item["parameters"] = [{"in": "path", "name": "id", "required": True, "schema": _STRING}]
        paths[path] = item
    return {
        "openapi": "3.1.0",
        "info": {
            "title": TITLE,
            "version": "HSDS-UK-3.0",
            "summary": "The council's Local Offer of SEND services, as Open Referral UK 3.0.",
            "description": "A public, read-only API: no keys, CORS open to every site. Lists "
            "include every status, so consumers see closures.",
        },
        "servers": [{"url": server_url.rstrip("/")}],
        "paths": paths,
        "components": {
            "parameters": {
                name: {"name": name, "in": "query", "required": False, **spec}
                for name, spec in PARAMETERS.items()
            }
        },
    }
