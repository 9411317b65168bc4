"""A record that leaves something out leaves it as stored; a full record replaces it. Brief list
items are fetched in full from /services/{id}, and the record fetched must be the one asked for."""

from __future__ import annotations

import copy
import json
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from tests.conftest import count_rows
from tests.support.directory import (
    ORUK_SPEC,
    QUICK,
    Route,
    demo_feed,
    demo_service,
    import_into,
    load_demo,
    serve_api,
    v3_page,
)
from wizard.storage.directory_models import (
    Attribute,
    Contact,
    CostOption,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTag,
)

SPEC = ORUK_SPEC / "examples"
SPEC_SERVICE = "ac148810-d857-441c-9679-408f346de14b"
CHILDREN = {
    "dir_service_at_location": ServiceAtLocation,
    "dir_contact": Contact,
    "dir_phone": Phone,
    "dir_schedule": Schedule,
    "dir_cost_option": CostOption,
    "dir_service_area": ServiceArea,
    "dir_attribute": Attribute,
    "dir_service_tag": ServiceTag,
}


def children_of(app, service_id: str) -> dict[str, int]:
    """How many rows of each child table belong to the service."""
    with app.extensions["db_sessionmaker"]() as session:
        return {
            name: len(session.scalars(select(t).where(t.service_id == service_id)).all())
            for name, t in CHILDREN.items()
        }


def service(app, service_id: str) -> Service:
    with app.extensions["db_sessionmaker"]() as session:
        found = session.get(Service, service_id)
        assert found is not None, f"the import left no service {service_id}"
        return found


def write(tmp_path, name: str, document) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return str(path)


def test_the_standards_service_list_leaves_the_full_records_children_as_they_are(any_app):
    import_into(any_app, str(SPEC / "v3-service_full.json"))
    before = children_of(any_app, SPEC_SERVICE)
    assert all(before[name] for name in ("dir_contact", "dir_schedule", "dir_service_area"))
    full = service(any_app, SPEC_SERVICE)

    summary = import_into(any_app, str(SPEC / "v3-service_list.json"))

    assert summary.complete and not summary.rejected, summary.report()
    assert children_of(any_app, SPEC_SERVICE) == before
    after = service(any_app, SPEC_SERVICE)
    # Items that leave the ages out do not empty them; the last listing gives none either.
    assert (after.minimum_age, after.maximum_age) == (full.minimum_age, full.maximum_age)
    assert after.accreditations == full.accreditations


def test_a_brief_item_changes_only_the_fields_it_gives(any_app, tmp_path):
    load_demo(any_app)
    camhs = demo_service("camhs")
    before_children = children_of(any_app, camhs)
    before = service(any_app, camhs)
    brief = {"id": camhs, "name": "CAMHS (renamed)", "status": "temporarily closed"}

    summary = import_into(
        any_app, write(tmp_path, "demo-feed.json", [brief]), source_name="demo-feed.json"
    )

    assert summary.updated == 1, summary.report()
    after = service(any_app, camhs)
    assert (after.name, after.status) == ("CAMHS (renamed)", "temporarily closed")
    for column in ("description", "minimum_age", "maximum_age", "organization_id", "email"):
        assert getattr(after, column) == getattr(before, column), column
    assert (after.in_area, after.free) == (before.in_area, before.free)
    assert children_of(any_app, camhs) == before_children
    assert "renamed" in after.search_text and before.description.lower()[:20] in after.search_text


def test_a_full_record_replaces_the_parts_it_gives_even_with_none(any_app, tmp_path):
    load_demo(any_app)
    feed = demo_feed()
    camhs = next(s for s in feed["contents"] if s["id"] == demo_service("camhs"))
    before = children_of(any_app, camhs["id"])
    changed = copy.deepcopy(camhs)
    changed["phones"] = []
    changed["attributes"] = changed["attributes"][:1]

    import_into(any_app, write(tmp_path, "demo-feed.json", [changed]), source_name="demo-feed.json")

    after = children_of(any_app, camhs["id"])
    assert after["dir_phone"] == 0 and before["dir_phone"] > 0
    assert after["dir_attribute"] == 1 < before["dir_attribute"]
    for name in ("dir_service_at_location", "dir_schedule", "dir_cost_option", "dir_service_area"):
        assert after[name] == before[name], name


def test_null_lists_are_left_out_lists(any_app, tmp_path):
    import_into(any_app, str(SPEC / "v3-service_full.json"))
    before = children_of(any_app, SPEC_SERVICE)
    record = {"id": SPEC_SERVICE, "name": "Community Counselling", "status": "active"}
    record |= {"contacts": None, "schedules": None, "service_at_locations": None}

    import_into(any_app, write(tmp_path, "nulls.json", record))

    assert children_of(any_app, SPEC_SERVICE) == before


def test_a_duplicate_pair_in_one_feed_applies_in_order(any_app, tmp_path):
    full = json.loads((SPEC / "v3-service_full.json").read_text())
    later = {"id": full["id"], "name": "Community Counselling", "status": "active", "alert": ""}

    summary = import_into(any_app, write(tmp_path, "two.json", [full, later]))

    assert summary.duplicates == {full["id"]: 2}
    assert children_of(any_app, full["id"])["dir_contact"] == 1
    assert service(any_app, full["id"]).alert == ""
    assert service(any_app, full["id"]).minimum_age == 12


def test_duplicates_are_counted_and_reported(any_app):
    summary = import_into(any_app, str(SPEC / "v3-service_list.json"))

    listed = len(json.loads((SPEC / "v3-service_list.json").read_text())["contents"])
    assert summary.duplicates == {SPEC_SERVICE: listed}
    report = "\n".join(summary.report())
    assert "1 services are listed more than once" in report
    assert f"{SPEC_SERVICE}: listed {listed} times" in report


def test_duplicates_across_pages_are_counted_too(any_app, tmp_path):
    services = demo_feed()["contents"][:3]
    (tmp_path / "feed").mkdir()
    write(tmp_path / "feed", "a.json", {"contents": services[:2]})
    write(tmp_path / "feed", "b.json", {"contents": services[1:]})

    summary = import_into(any_app, str(tmp_path / "feed"))

    assert summary.duplicates == {services[1]["id"]: 2}
    assert summary.created == 3


# --- From an API ---------------------------------------------------------------------------------


def _query(page: int) -> str:
    return "/services?" + urlencode({"page": page, "per_page": QUICK.per_page})


def _brief(item):
    return {k: item[k] for k in ("id", "name", "status") if k in item}


def test_brief_items_are_fetched_in_full_and_keep_every_part(any_app):
    services = demo_feed()["contents"][:2]
    routes = {
        "/": Route({"version": "HSDS-UK-3.0", "profile": "x", "openapi_url": "x"}),
        _query(1): Route(v3_page([_brief(s) for s in services], 1, 1, 2)),
    }
    for item in services:
        routes[f"/services/{item['id']}"] = Route(item)

    with serve_api(routes) as api:
        summary = import_into(any_app, api.url, limits=QUICK)

    assert summary.created == 2 and summary.complete, summary.report()
    rows = count_rows(any_app)
    assert rows["dir_phone"] == sum(len(s.get("phones") or []) for s in services) > 0
    assert rows["dir_schedule"] == sum(len(s.get("schedules") or []) for s in services) > 0


def test_a_detail_for_another_id_is_refused_naming_both(any_app):
    services = demo_feed()["contents"][:2]
    asked, other = services
    routes = {
        _query(1): Route(v3_page([_brief(asked)], 1, 1, 1)),
        f"/services/{asked['id']}": Route(other),  # the server answers with the wrong record
    }

    with serve_api(routes) as api:
        summary = import_into(any_app, api.url, limits=QUICK, full_sync=True)

    assert summary.rejected == [
        (
            "page 1",
            asked["id"],
            f"the details at /services/{asked['id']} are for another service ({other['id']}),"
            f" not {asked['id']}",
        )
    ]
    assert count_rows(any_app)["dir_service"] == 0
    assert summary.full_sync_skipped  # a record not read means the feed was not read whole


@pytest.mark.parametrize(
    ("body", "reason"),
    [(["a", "list"], "are not a JSON object"), ({"name": "No id"}, "have no id")],
)
def test_a_detail_that_is_not_a_record_is_refused(any_app, body, reason):
    asked = demo_feed()["contents"][0]
    routes = {
        _query(1): Route(v3_page([_brief(asked)], 1, 1, 1)),
        f"/services/{asked['id']}": Route(body),
    }

    with serve_api(routes) as api:
        summary = import_into(any_app, api.url, limits=QUICK)

    [(_label, rid, message)] = summary.rejected
    assert rid == asked["id"] and message == f"the details at /services/{asked['id']} {reason}"
