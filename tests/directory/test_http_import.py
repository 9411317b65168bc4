"""Importing from ORUK 1.0 and 3.0 APIs on 127.0.0.1: paging, brief lists, bad records, a page that
times out and a page that is too big."""

from __future__ import annotations

import copy
import dataclasses
from urllib.parse import urlencode

import pytest

from tests.conftest import count_rows
from tests.directory.test_records import V1_SERVICE
from tests.support.directory import (
    QUICK,
    Route,
    demo_feed,
    import_into,
    pages_of,
    serve_api,
    v1_page,
    v3_page,
)


def _query(page: int) -> str:
    return "/services?" + urlencode({"page": page, "per_page": QUICK.per_page})


def _brief(service):
    return {k: service[k] for k in ("id", "name", "status", "description") if k in service}


def v3_routes(services, details=True):
    """A 3.0 API: GET / details, brief pages, and /services/{id} with the full record."""
    routes = {"/": Route({"version": "HSDS 3.0 UK", "profile": "x", "openapi_url": "x"})}
    for number, page in enumerate(
        pages_of([_brief(s) for s in services], QUICK.per_page, v3_page), 1
    ):
        routes[_query(number)] = Route(page)
    if details:
        for service in services:
            routes[f"/services/{service['id']}"] = Route(service)
    return routes


def test_a_v3_api_is_paged_through_and_brief_items_fetched_in_full(app):
    services = demo_feed()["contents"][:7]
    with serve_api(v3_routes(services)) as api:
        summary = import_into(app, api.url, limits=QUICK, full_sync=True)

    assert summary.complete, summary.report()
    assert (summary.version, summary.created) == ("3.0", 7)
    assert [hit for hit in api.hits if hit.startswith("/services?")] == [
        _query(1),
        _query(2),
        _query(3),
    ]
    assert count_rows(app)["dir_attribute"] == sum(len(s["attributes"]) for s in services)


def test_a_v1_api_with_full_records_in_its_pages(app):
    services = []
    for n in range(5):
        service = copy.deepcopy(V1_SERVICE)
        service["id"], service["name"] = str(100 + n), f"Play group {n}"
        services.append(service)
    routes = {
        _query(n): Route(p) for n, p in enumerate(pages_of(services, QUICK.per_page, v1_page), 1)
    }
    with serve_api(routes) as api:
        summary = import_into(app, api.url + "/services", limits=QUICK)

    assert summary.complete, summary.report()
    assert (summary.version, summary.created) == ("1.0", 5)
    assert not any(hit.startswith("/services/") for hit in api.hits)  # no detail fetches needed
    assert "/" in api.hits  # asked for the details, which 1.0 need not have


def v1_routes(count):
    """A 1.0 API with full records in its pages (and no GET /)."""
    services = []
    for n in range(count):
        service = copy.deepcopy(V1_SERVICE)
        service["id"], service["name"] = str(500 + n), f"Play group {n}"
        services.append(service)
    pages = pages_of(services, QUICK.per_page, v1_page)
    return {_query(n): Route(page) for n, page in enumerate(pages, 1)}


@pytest.mark.parametrize("version", ["1.0", "3.0"])
def test_bad_records_a_slow_page_and_a_huge_page_are_reported_and_the_rest_imported(app, version):
    malformed = {
        "id": "broken-1",
        "name": "Broken",
        "status": "active",
        "minimum_age": 30,
        "maximum_age": 3,
    }
    if version == "3.0":
        routes = v3_routes(demo_feed()["contents"][:12])
        routes["/services/broken-1"] = Route(malformed)
    else:
        routes = v1_routes(12)
        malformed["eligibilitys"] = [{"id": "e", "minimum_age": 30, "maximum_age": 3}]
    items = "contents" if version == "3.0" else "content"
    routes[_query(1)].body[items].append(malformed)
    routes[_query(2)].delay = 1.5  # longer than the 0.5 s time-out, on every try
    routes[_query(3)] = Route(raw=b'{"contents": [' + b'{"id": "x"},' * 30_000 + b'{"id": "y"}]}')

    with serve_api(routes) as api:
        summary = import_into(app, api.url, limits=QUICK, full_sync=True)

    assert summary.version == version
    problems = {p.label: p.message for p in summary.problems}
    assert problems == {
        "page 2": "no answer within 0.5 seconds (tried 2 times)",
        "page 3": f"the answer is larger than the size limit ({QUICK.max_bytes:,} bytes)",
    }
    assert summary.rejected == [
        ("page 1", "broken-1", "the minimum age (30) is more than the maximum age (3)")
    ]
    assert summary.created == 6  # pages 1 and 4
    assert api.hits.count(_query(2)) == 2  # one retry
    assert (
        summary.full_sync_skipped
        == "part of the feed could not be read, so nothing was inactivated"
    )
    assert count_rows(app)["dir_service"] == 6


def test_a_record_whose_details_cannot_be_fetched_is_reported(app):
    services = demo_feed()["contents"][:2]
    routes = v3_routes(services)
    del routes[f"/services/{services[1]['id']}"]

    with serve_api(routes) as api:
        summary = import_into(app, api.url, limits=QUICK, full_sync=True)

    assert summary.created == 1
    assert summary.rejected == [
        ("page 1", services[1]["id"], "its details could not be fetched: the server answered 404")
    ]
    assert summary.full_sync_skipped


def test_the_page_limit_stops_a_feed_that_never_ends(app):
    services = demo_feed()["contents"][:9]
    routes = v3_routes(services)
    for number in (1, 2, 3):
        routes[_query(number)].body.update(total_pages=99, last_page=False)
    limits = dataclasses.replace(QUICK, page_limit=3)

    with serve_api(routes) as api:
        summary = import_into(app, api.url, limits=limits)

    assert summary.created == 9
    assert [p.message for p in summary.problems] == ["stopped: the feed has more than 3 pages"]


def test_an_api_that_is_down_is_reported_without_a_crash(app):
    with serve_api({}) as api:
        url = api.url
    summary = import_into(app, url, limits=QUICK)

    assert not summary.complete
    assert summary.problems[0].label == "page 1"
    assert summary.problems[0].message.startswith("could not connect")
