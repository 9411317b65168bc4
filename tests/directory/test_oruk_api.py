"""/oruk/: every response validates against the ORUK 3.0 schemas; filters, paging, CORS, errors."""

from __future__ import annotations

import json
from functools import cache

import jsonschema
import pytest

from tests.support.directory import ORUK_SPEC, demo_feed, demo_service

SCHEMAS = ORUK_SPEC / "v3-schemas"


@cache
def validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / name).read_text())
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def valid(payload, name):
    errors = sorted(validator(name).iter_errors(payload), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return payload


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.mimetype == "application/json"
    return response.get_json()


def test_the_api_details_say_which_standard(demo_client):
    details = valid(get_json(demo_client, "/oruk/"), "api_details.json")

    assert details["version"] == "HSDS-UK-3.0"
    assert details["openapi_url"].endswith("/oruk/openapi.json")
    assert "openapi" in get_json(demo_client, "/oruk/openapi.json")


def test_every_service_page_and_every_service_validates(demo_client):
    first = valid(get_json(demo_client, "/oruk/services?per_page=25"), "service_list.json")
    total = first["total_items"]
    assert total == len(demo_feed()["contents"]) and first["total_pages"] == -(-total // 25)
    seen = []
    for page in range(1, first["total_pages"] + 1):
        body = valid(
            get_json(demo_client, f"/oruk/services?per_page=25&page={page}"), "service_list.json"
        )
        assert body["page_number"] == page and body["last_page"] == (page == first["total_pages"])
        seen += [item["id"] for item in body["contents"]]
    assert sorted(seen) == sorted(s["id"] for s in demo_feed()["contents"])
    for service_id in seen:
        service = valid(get_json(demo_client, f"/oruk/services/{service_id}"), "service.json")
        assert service["attributes"] and service["service_at_locations"]


def test_a_service_round_trips_what_the_feed_said(demo_client):
    original = next(s for s in demo_feed()["contents"] if s["id"] == demo_service("slt-children"))

    published = get_json(demo_client, f"/oruk/services/{original['id']}")

    for key in (
        "name",
        "description",
        "email",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "url",
    ):
        assert published[key] == original[key], key
    assert published["application_process"] == original["application_process"]
    assert published["decision_process"] == original["decision_process"]
    assert {a["taxonomy_term"]["name"] for a in published["attributes"]} == {
        a["taxonomy_term"]["name"] for a in original["attributes"]
    }
    assert published["phones"][0]["number"] == original["phones"][0]["number"]


def test_taxonomy_terms_validate(demo_client):
    body = valid(
        get_json(demo_client, "/oruk/taxonomy_terms?per_page=100"), "taxonomy_term_list.json"
    )

    assert "Speech and language therapy" in {t["name"] for t in body["contents"]}


def test_search_and_taxonomy_term_filters(demo_client):
    found = get_json(demo_client, "/oruk/services?search=swimming")
    assert [s["name"] for s in found["contents"]] == ["Inclusive swimming sessions"]

    terms = get_json(demo_client, "/oruk/taxonomy_terms?per_page=100")["contents"]
    mediation = next(t["id"] for t in terms if t["name"] == "Mediation")
    by_term = get_json(demo_client, f"/oruk/services?taxonomy_term_id={mediation}")
    assert {s["name"] for s in by_term["contents"]} == {
        "SENDIASS advice line",
        "SEND mediation",
        "Disagreement resolution service",
    }


def test_modified_after_returns_only_newer_services(demo_client):
    newer = get_json(demo_client, "/oruk/services?per_page=200&modified_after=2026-01-01T00:00:00Z")
    older = get_json(demo_client, "/oruk/services?per_page=200&modified_after=2020-01-01")

    assert 0 < newer["total_items"] < older["total_items"]
    assert all(s["last_modified"] > "2026-01-01" for s in newer["contents"])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=0", "page must be a whole number from 1 to 1000000"),
        ("per_page=1000", "per_page must be a whole number from 1 to 200"),
        (
            "modified_after=yesterday",
            "modified_after must be a date and time like 2025-01-31T09:00:00Z",
        ),
    ],
)
def test_bad_parameters_get_a_clear_400(demo_client, query, message):
    assert get_json(demo_client, f"/oruk/services?{query}", 400) == {
        "errors": [{"message": message}]
    }


def test_an_unknown_service_is_a_json_404(demo_client):
    body = get_json(demo_client, "/oruk/services/no-such-id", 404)

    assert body == {"errors": [{"message": "There is no service with this id"}]}


def test_an_empty_directory_is_a_valid_empty_page(client):
    body = valid(get_json(client, "/oruk/services"), "service_list.json")

    assert body["empty"] is True and body["total_items"] == 0
    valid(body, "empy_list_response.json")
