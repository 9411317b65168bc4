"""/oruk/ as full ORUK 3.0: every endpoint against the v3 schemas, paging, filters, the OpenAPI file."""

from __future__ import annotations

import json
import math
import uuid
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from flask import Flask

from tests.support.directory import ORUK_SPEC, demo_feed, import_into

SCHEMAS = ORUK_SPEC / "v3-schemas"
TEMPLATE = json.loads((SCHEMAS / "openapi-template.json").read_text())
#: The ORUK page fields, all required here (the list schemas' own `allOf` checks nothing).
PAGE_SCHEMA = TEMPLATE["components"]["schemas"]["Page"] | {
    "required": sorted(TEMPLATE["components"]["schemas"]["Page"]["properties"])
}
#: Fictional coordinates for the demo's fictional postcodes (test data, like the demo itself).
PLACES = {
    "DM1 1AA": (51.5000, -0.1000),
    "DM1 3BD": (51.5090, -0.1000),  # about 1 km north of DM1 1AA
    "DM2 5QP": (51.6000, -0.1000),  # about 11 km north
    "DM3 7LT": (51.5000, 0.0500),  # about 10 km east
}
VOCABULARIES = [str(uuid.uuid5(uuid.NAMESPACE_URL, f"test-vocabulary-{n}")) for n in range(3)]
MADE_UP = "00000000-0000-4000-8000-000000000000"


@cache
def validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / name).read_text()) if name.endswith(".json") else PAGE_SCHEMA
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def valid(payload: Any, name: str) -> Any:
    errors = sorted(validator(name).iter_errors(payload), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return payload


def get_json(client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.mimetype == "application/json"
    return response.get_json()


def placed_feed(path: Path) -> Path:
    """The demo feed with coordinates on the places at PLACES' postcodes, and its terms split
    over three vocabularies, so proximity and the taxonomy endpoints have something to find."""
    feed = demo_feed()
    for service in feed["contents"]:
        for link in service.get("service_at_locations", []):
            location = link.get("location") or {}
            for address in location.get("addresses", []):
                if address.get("postal_code") in PLACES:
                    location["latitude"], location["longitude"] = PLACES[address["postal_code"]]
        for attribute in service.get("attributes", []):
            term = attribute["taxonomy_term"]
            n = sum(term["name"].encode()) % 3
            term["taxonomy_id"], term["taxonomy"] = VOCABULARIES[n], f"Test vocabulary {n}"
    path.write_text(json.dumps(feed))
    return path


@pytest.fixture
def client(any_app: Flask, tmp_path: Path):
    """The app with the placed demo feed imported, on SQLite and on PostgreSQL."""
    summary = import_into(
        any_app, str(placed_feed(tmp_path / "feed.json")), source_name="placed", full_sync=True
    )
    assert summary.complete, summary.report()
    return any_app.test_client()


def all_pages(client, path: str, schema: str, per_page: int) -> list[dict[str, Any]]:
    """Every item of a list endpoint; the first, a middle and the last page checked closely."""
    join = "&" if "?" in path else "?"
    first = get_json(client, f"{path}{join}per_page={per_page}")
    pages, total = first["total_pages"], first["total_items"]
    assert pages >= 3, f"{path} needs 3 pages to test paging; has {pages}"
    assert pages == math.ceil(total / per_page)
    items: list[dict[str, Any]] = []
    for number in range(1, pages + 1):
        body = get_json(client, f"{path}{join}per_page={per_page}&page={number}")
        valid(body, "page")
        if schema == "organization_list.json":  # this schema describes one item, not the page
            for item in body["contents"]:
                valid(item, schema)
        else:
            valid(body, schema)
        if number in (1, pages // 2 + 1, pages):
            size = per_page if number < pages else total - per_page * (pages - 1)
            assert body["page_number"] == number
            assert body["first_page"] == (number == 1)
            assert body["last_page"] == (number == pages)
            assert body["size"] == len(body["contents"]) == size
            assert body["empty"] is False and body["total_items"] == total
        items += body["contents"]
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) == total
    past = get_json(client, f"{path}{join}per_page={per_page}&page={pages + 1}")
    assert past["empty"] is True and past["contents"] == [] and past["last_page"] is True
    return items


def test_the_api_details_name_the_version_the_validator_reads(client):
    details = valid(get_json(client, "/oruk/"), "api_details.json")

    assert details["version"] == "HSDS-UK-3.0"
    assert details["openapi_url"].endswith("/oruk/openapi.json")


def test_the_openapi_document_describes_exactly_what_we_serve(client):
    document = get_json(client, "/oruk/openapi.json")

    assert document["info"]["title"].startswith("SEND Pathway Planner")
    text = json.dumps(document)
    for placeholder in ("REQUIRED --", "HERE", "YOUR "):
        assert placeholder not in text
    served = {
        rule.rule.removeprefix("/oruk").replace("<service_id>", "{id}").replace("<link_id>", "{id}")
        for rule in client.application.url_map.iter_rules()
        if rule.endpoint.startswith("oruk.") and rule.endpoint != "oruk.openapi"
    }
    served = {
        path.replace("<org_id>", "{id}")
        .replace("<taxonomy_id>", "{id}")
        .replace("<term_id>", "{id}")
        for path in served
    }
    assert set(document["paths"]) == served
    assert document["servers"][0]["url"].endswith("/oruk")
    parameters = document["components"]["parameters"]
    for key, parameter in parameters.items():
        # One parameter name can mean different things on different paths (search, taxonomy_id):
        # each meaning has its own component, keyed "<what>_<name>".
        assert parameter["in"] == "query"
        assert key == parameter["name"] or key.endswith("_" + parameter["name"]), key
        assert len(parameter["description"]) > 20, key
    for item in document["paths"].values():
        refs = [
            r["$ref"].removeprefix("#/components/parameters/")
            for r in item["get"].get("parameters", [])
        ]
        assert set(refs) <= set(parameters)
        names = [parameters[ref]["name"] for ref in refs]
        assert len(names) == len(set(names)), names


@pytest.mark.parametrize(
    ("path", "schema", "per_page"),
    [
        ("/oruk/services", "service_list.json", 25),
        ("/oruk/service_at_locations", "service_at_location_list.json", 30),
        ("/oruk/organizations", "organization_list.json", 4),
        ("/oruk/taxonomies", "taxonomy_list.json", 1),
        ("/oruk/taxonomy_terms", "taxonomy_term_list.json", 10),
    ],
)
def test_every_list_validates_and_pages(client, path, schema, per_page):
    all_pages(client, path, schema, per_page)


def test_every_service_at_location_validates_with_its_service_and_place(client):
    links = all_pages(client, "/oruk/service_at_locations", "service_at_location_list.json", 30)
    for link in links[:: max(1, len(links) // 12)]:
        body = valid(
            get_json(client, f"/oruk/service_at_locations/{link['id']}"), "service_at_location.json"
        )
        assert body["service"]["id"] == link["service_id"] and body["service"]["attributes"]
        assert body["location"]["id"] == link["location_id"]
        assert link["id"] in {sal["id"] for sal in body["service"]["service_at_locations"]}


def test_every_organization_validates_with_its_services(client):
    services = get_json(client, "/oruk/services?per_page=200")["contents"]
    for org in all_pages(client, "/oruk/organizations", "organization_list.json", 4):
        body = valid(get_json(client, f"/oruk/organizations/{org['id']}"), "organization.json")
        assert {s["id"] for s in body["services"]} == {
            s["id"] for s in services if s.get("organization_id") == org["id"]
        }


def test_every_taxonomy_validates_with_its_terms_and_every_term_alone(client):
    terms = all_pages(client, "/oruk/taxonomy_terms", "taxonomy_term_list.json", 10)
    for taxonomy in all_pages(client, "/oruk/taxonomies", "taxonomy_list.json", 1):
        body = valid(get_json(client, f"/oruk/taxonomies/{taxonomy['id']}"), "taxonomy.json")
        assert body["name"].startswith("Test vocabulary")
        assert {t["id"] for t in body["taxonomy_terms"]} == {
            t["id"] for t in terms if t.get("taxonomy_id") == taxonomy["id"]
        }
    for term in terms:
        assert (
            valid(get_json(client, f"/oruk/taxonomy_terms/{term['id']}"), "taxonomy_term.json")
            == term
        )


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("service_at_locations", "service at location"),
        ("organizations", "organization"),
        ("taxonomies", "taxonomy"),
        ("taxonomy_terms", "taxonomy term"),
    ],
)
def test_an_unknown_id_is_a_json_404(client, path, kind):
    for made_up in (MADE_UP, "x" * 100):
        body = get_json(client, f"/oruk/{path}/{made_up}", 404)
        assert body == {"errors": [{"message": f"There is no {kind} with this id"}]}


def total(client, path: str, query: str = "") -> int:
    return get_json(client, f"/oruk/{path}?per_page=200&{query}")["total_items"]


def real_values(client) -> dict[str, str]:
    """A real, narrowing value for each /services parameter, taken from what the API publishes."""
    services = get_json(client, "/oruk/services?per_page=200")["contents"]
    terms = get_json(client, "/oruk/taxonomy_terms?per_page=200")["contents"]
    org = max(
        {s["organization_id"] for s in services},
        key=lambda o: sum(s["organization_id"] == o for s in services),
    )
    return {
        "search": "swimming",
        "taxonomy_term_id": terms[0]["id"],
        "taxonomy_id": VOCABULARIES[0],
        "organization_id": org,
        "minimum_age": "19",
        "maximum_age": "1",
        "modified_after": "2026-01-01T00:00:00Z",
        "postcode": "DM1 1AA",
        "proximity": "1500&postcode=DM1+1AA",
        "day": "SA",
        "start_time": "18:00",
        "end_time": "09:15",
    }


@pytest.mark.parametrize("path", ["services", "service_at_locations"])
def test_each_documented_filter_filters(client, path):
    document = get_json(client, "/oruk/openapi.json")
    documented = {
        ref["$ref"].rsplit("/", 1)[1] for ref in document["paths"][f"/{path}"]["get"]["parameters"]
    } - {"page", "per_page"}
    values = real_values(client)
    assert set(values) == documented
    everything = total(client, path)
    for name, value in values.items():
        found = total(client, path, f"{name}={value}")
        assert 0 < found < everything, (name, found, everything)
    for name in ("taxonomy_term_id", "taxonomy_id", "organization_id", "search"):
        assert total(client, path, f"{name}={MADE_UP}") == 0, name


def services_in_vocabulary(client, vocabulary: str) -> set[str]:
    """The services that use a term from this vocabulary, gathered term by term."""
    terms = get_json(client, "/oruk/taxonomy_terms?per_page=200")["contents"]
    return {
        service_id
        for term in terms
        if term["taxonomy_id"] == vocabulary
        for service_id in found(client, f"taxonomy_term_id={term['id']}")
    }


def found(client, query: str) -> set[str]:
    return {s["id"] for s in get_json(client, f"/oruk/services?per_page=200&{query}")["contents"]}


def test_taxonomy_id_finds_exactly_the_services_with_a_term_in_that_vocabulary(client):
    for vocabulary in VOCABULARIES:
        expected = services_in_vocabulary(client, vocabulary)
        assert expected
        assert found(client, f"taxonomy_id={vocabulary}") == expected


def test_taxonomy_id_follows_a_term_moved_to_another_vocabulary(client, tmp_path):
    """A taxonomy term list that moves a term re-files the services that use it (ADR 0038)."""
    terms = get_json(client, "/oruk/taxonomy_terms?per_page=200")["contents"]
    term = next(t for t in terms if t["taxonomy_id"] == VOCABULARIES[0])
    users = found(client, f"taxonomy_term_id={term['id']}")
    moved = dict(term, taxonomy_id=VOCABULARIES[1])
    feed = tmp_path / "terms.json"
    feed.write_text(json.dumps({"total_items": 1, "contents": [moved]}))
    summary = import_into(client.application, str(feed), source_name="placed")
    assert summary.complete, summary.report()

    assert users and users <= found(client, f"taxonomy_id={VOCABULARIES[1]}")
    assert found(client, f"taxonomy_id={VOCABULARIES[0]}") == services_in_vocabulary(
        client, VOCABULARIES[0]
    )
    assert found(client, f"taxonomy_id={VOCABULARIES[1]}") == services_in_vocabulary(
        client, VOCABULARIES[1]
    )


def with_child_terms(client, tmp_path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Add two terms under the first published term (the demo's terms have no hierarchy)."""
    parent = get_json(client, "/oruk/taxonomy_terms?per_page=200")["contents"][0]
    children = [
        {
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"test-child-term-{n}")),
            "name": f"Narrower term {n}",
            "description": "A term under another, for the parent_id and top_only filters.",
            "parent_id": parent["id"],
            "taxonomy_id": parent["taxonomy_id"],
        }
        for n in range(2)
    ]
    feed = tmp_path / "child-terms.json"
    feed.write_text(json.dumps({"total_items": 2, "contents": children}))
    assert import_into(client.application, str(feed), source_name="placed").complete
    return parent, children


def term_ids(client, query: str = "") -> set[str]:
    body = get_json(client, f"/oruk/taxonomy_terms?per_page=200&{query}")
    valid(body, "taxonomy_term_list.json")
    return {term["id"] for term in body["contents"]}


def test_each_documented_taxonomy_term_filter_filters(client, tmp_path):
    parent, children = with_child_terms(client, tmp_path)
    terms = get_json(client, "/oruk/taxonomy_terms?per_page=200")["contents"]
    everything = {t["id"] for t in terms}
    document = get_json(client, "/oruk/openapi.json")
    parameters = document["components"]["parameters"]
    documented = {
        parameters[ref["$ref"].rsplit("/", 1)[1]]["name"]
        for ref in document["paths"]["/taxonomy_terms"]["get"]["parameters"]
    } - {"page", "per_page"}
    assert documented == {"search", "taxonomy_id", "parent_id", "top_only"}
    child_ids = {child["id"] for child in children}

    assert term_ids(client, f"parent_id={parent['id']}") == child_ids
    assert term_ids(client, "top_only=true") == everything - child_ids
    assert term_ids(client, "top_only=false") == everything
    assert term_ids(client, f"taxonomy_id={VOCABULARIES[0]}") == {
        t["id"] for t in terms if t["taxonomy_id"] == VOCABULARIES[0]
    }
    assert term_ids(client, "search=narrower") == child_ids
    assert term_ids(client, "search=NARROWER+term+1") == {children[1]["id"]}
    for name in ("parent_id", "taxonomy_id", "search"):
        assert term_ids(client, f"{name}={MADE_UP}") == set(), name


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("top_only=yes", "top_only must be true or false"),
        (
            f"top_only=true&parent_id={MADE_UP}",
            "Use top_only or parent_id, not both: a term with a parent is not at the top",
        ),
        ("parent_id=" + "x" * 65, "parent_id must be 64 characters or fewer"),
    ],
)
def test_bad_taxonomy_term_filters_get_a_clear_400(client, query, message):
    body = get_json(client, f"/oruk/taxonomy_terms?{query}", 400)
    assert body == {"errors": [{"message": message}]}


def test_taxonomies_search_filters(client):
    everything = total(client, "taxonomies")
    assert total(client, "taxonomies", "search=vocabulary+1") == 1 < everything
    assert total(client, "taxonomies", f"search={MADE_UP}") == 0


def test_ages_match_services_whose_own_range_overlaps(client):
    services = get_json(client, "/oruk/services?per_page=200&minimum_age=12&maximum_age=14")
    found = {s["id"] for s in services["contents"]}
    everything = get_json(client, "/oruk/services?per_page=200")["contents"]

    assert found == {
        s["id"]
        for s in everything
        if s.get("maximum_age", 999) >= 12 and s.get("minimum_age", 0) <= 14
    }
    assert 0 < len(found) < len(everything)


def test_modified_after_is_on_or_after(client):
    everything = get_json(client, "/oruk/services?per_page=200")["contents"]
    moment = sorted(s["last_modified"] for s in everything)[len(everything) // 2]

    found = get_json(client, f"/oruk/services?per_page=200&modified_after={moment}")["contents"]

    assert {s["id"] for s in found} == {s["id"] for s in everything if s["last_modified"] >= moment}
    assert moment in {s["last_modified"] for s in found}


def test_modified_after_means_the_same_moment_whatever_its_offset(client):
    from datetime import datetime, timedelta, timezone
    from urllib.parse import quote

    everything = get_json(client, "/oruk/services?per_page=200")["contents"]
    moment = sorted(s["last_modified"] for s in everything)[len(everything) // 2]
    in_utc = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    elsewhere = in_utc.astimezone(timezone(timedelta(hours=5))).isoformat()
    as_z = get_json(client, f"/oruk/services?per_page=200&modified_after={moment}")["contents"]
    as_offset = get_json(client, f"/oruk/services?per_page=200&modified_after={quote(elsewhere)}")[
        "contents"
    ]
    assert as_z and {s["id"] for s in as_offset} == {s["id"] for s in as_z}


@pytest.mark.parametrize(
    "url",
    ["/oruk/services?search=%00", "/oruk/services?taxonomy_term_id=a%00b", "/oruk/services/a%00"],
)
def test_a_nul_in_the_address_is_a_clear_400(client, url):
    body = get_json(client, url, status=400)
    assert body["errors"][0]["message"] == "The address must not contain a NUL character"


def distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle metres (haversine), to check the API's flat-earth arithmetic."""
    (lat1, lon1), (lat2, lon2) = map(lambda p: (math.radians(p[0]), math.radians(p[1])), (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


@pytest.mark.parametrize("metres", [500, 1500, 10_500, 12_000])
def test_proximity_finds_the_places_within_that_distance_of_the_postcode(client, metres):
    links = get_json(
        client, f"/oruk/service_at_locations?per_page=200&postcode=DM1+1AA&proximity={metres}"
    )

    near = {pc for pc, at in PLACES.items() if distance(PLACES["DM1 1AA"], at) <= metres}
    assert {link["location"]["addresses"][0]["postal_code"] for link in links["contents"]} == near
    services = get_json(client, f"/oruk/services?per_page=200&postcode=DM1+1AA&proximity={metres}")
    assert {s["id"] for s in services["contents"]} == {
        link["service_id"] for link in links["contents"]
    }


def test_a_postcode_alone_finds_the_places_at_it(client):
    links = get_json(client, "/oruk/service_at_locations?per_page=200&postcode=dm13bd")["contents"]

    assert links and {link["location"]["addresses"][0]["postal_code"] for link in links} == {
        "DM1 3BD"
    }


def test_opening_times_filter_by_day_and_window(client):
    evening = get_json(client, "/oruk/services?per_page=200&day=thursday&start_time=18:00")
    ids = {s["id"] for s in evening["contents"]}
    assert ids
    for service_id in ids:
        schedules = get_json(client, f"/oruk/services/{service_id}")["schedules"]
        assert any("TH" in s["byday"] and s["closes_at"] > "18:00" for s in schedules)
    window = total(client, "services", "day=TH&start_time=18:00&end_time=19:00")
    assert 0 < window <= len(ids)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("minimum_age=three", "minimum_age must be an age in years from 0 to 150"),
        ("maximum_age=200", "maximum_age must be an age in years from 0 to 150"),
        ("maximum_age=nan", "maximum_age must be an age in years from 0 to 150"),
        (
            "minimum_age=10&maximum_age=5",
            "minimum_age must be the same as or less than maximum_age",
        ),
        ("day=funday", "day must be a day of the week like MO or monday"),
        ("start_time=9am", "start_time must be a 24-hour time like 09:30"),
        ("end_time=25:00", "end_time must be a 24-hour time like 09:30"),
        ("start_time=12:00&end_time=09:00", "start_time must be before end_time"),
        ("postcode=not+a+postcode", "postcode must be a UK postcode like DM1 1AA"),
        ("proximity=1000", "proximity needs a postcode to measure from"),
        (
            "postcode=DM1+1AA&proximity=far",
            "proximity must be a distance in metres from 1 to 200000",
        ),
        ("postcode=DM1+1AA&proximity=0", "proximity must be a distance in metres from 1 to 200000"),
        (
            "postcode=DM2+8PA&proximity=1000",
            "We cannot place DM2 8PA: no location in this directory at that postcode has "
            "coordinates, and we hold no postcode lookup",
        ),
        (
            "postcode=ZZ9+9ZZ&proximity=1000",
            "We cannot place ZZ9 9ZZ: no location in this directory at that postcode has coordinates, and we hold no postcode lookup",
        ),
        ("taxonomy_id=" + "x" * 65, "taxonomy_id must be 64 characters or fewer"),
        ("organization_id=" + "x" * 65, "organization_id must be 64 characters or fewer"),
    ],
)
@pytest.mark.parametrize("path", ["services", "service_at_locations"])
def test_bad_filter_values_get_a_clear_400(client, path, query, message):
    assert get_json(client, f"/oruk/{path}?{query}", 400) == {"errors": [{"message": message}]}


@pytest.mark.parametrize(
    "path", ["organizations", "taxonomies", "taxonomy_terms", "service_at_locations"]
)
def test_bad_paging_gets_a_clear_400(client, path):
    assert get_json(client, f"/oruk/{path}?per_page=201", 400) == {
        "errors": [{"message": "per_page must be a whole number from 1 to 200"}]
    }
    # A superscript two is a "digit" to Python's isdigit, but not a number int() reads.
    assert get_json(client, f"/oruk/{path}?page=%C2%B2", 400) == {
        "errors": [{"message": "page must be a whole number from 1 to 1000000"}]
    }


def test_organizations_search_filters(client):
    everything = total(client, "organizations")
    first = get_json(client, "/oruk/organizations?per_page=1")["contents"][0]["name"]

    assert 0 < total(client, "organizations", f"search={first.split()[0]}") < everything
    assert total(client, "organizations", "search=zzzznothing") == 0


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        ("services", "service_list.json"),
        ("service_at_locations", "service_at_location_list.json"),
        ("organizations", "empy_list_response.json"),
        ("taxonomies", "taxonomy_list.json"),
        ("taxonomy_terms", "taxonomy_term_list.json"),
    ],
)
def test_an_empty_directory_gives_valid_empty_pages(any_app, path, schema):
    body = valid(valid(get_json(any_app.test_client(), f"/oruk/{path}"), "page"), schema)

    assert body["empty"] is True and body["total_items"] == 0 and body["contents"] == []
