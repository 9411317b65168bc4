"""A feed's telephone numbers are listed, on /oruk/ as on the page, in the feed's order and with the
feed's own ids, whatever order those ids sort in; a number the feed drops takes its id with it."""

from __future__ import annotations

import json

from tests.support.directory import ORUK_SPEC, import_into
from wizard.storage.directory import first_phones

SERVICE = json.loads((ORUK_SPEC / "examples" / "v3-service_full.json").read_text())
# Ids that sort against the feed's order, so a listing by id would turn the numbers round.
PHONES = [
    {"id": "f0000000-0000-4000-8000-000000000003", "number": "020 7946 0300", "description": "One"},
    {"id": "f0000000-0000-4000-8000-000000000002", "number": "020 7946 0301", "description": "Two"},
    {
        "id": "f0000000-0000-4000-8000-000000000001",
        "number": "020 7946 0302",
        "description": "Three",
    },
]


def import_with(app, tmp_path, phones):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({**SERVICE, "phones": phones}))
    summary = import_into(app, str(path), source_name="feed.json")
    assert not summary.problems, summary.report()


def published(app):
    oruk = app.test_client().get(f"/oruk/services/{SERVICE['id']}").get_json()
    return [(p["id"], p["number"]) for p in oruk["phones"] if not p.get("contact_id")]


def test_numbers_are_listed_in_the_feeds_order_with_the_feeds_ids(any_app, tmp_path):
    import_with(any_app, tmp_path, PHONES)

    assert published(any_app) == [(p["id"], p["number"]) for p in PHONES]
    page = any_app.test_client().get(f"/services/{SERVICE['id']}").get_data(as_text=True)
    assert page.index("020 7946 0300") < page.index("020 7946 0301") < page.index("020 7946 0302")


def test_a_number_the_feed_drops_takes_its_id_with_it(any_app, tmp_path):
    import_with(any_app, tmp_path, PHONES)

    import_with(any_app, tmp_path, [PHONES[0], PHONES[2]])

    assert published(any_app) == [(p["id"], p["number"]) for p in (PHONES[0], PHONES[2])]


def test_numbers_without_ids_are_listed_in_the_feeds_order(any_app, tmp_path):
    numbers = [f"020 7946 03{n:02}" for n in range(6)]

    import_with(any_app, tmp_path, [{"number": number} for number in numbers])

    assert [number for _, number in published(any_app)] == numbers


def test_a_plan_shows_the_services_own_number_before_a_contacts(any_app, tmp_path):
    """A contact's first number is at place 0 as the service's is, and its id sorts first."""
    contact = {
        "id": "c0000000-0000-4000-8000-000000000001",
        "name": "Sam Lead",
        "phones": [{"id": "a0000000-0000-4000-8000-000000000001", "number": "020 7946 0999"}],
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({**SERVICE, "phones": PHONES[1:2], "contacts": [contact]}))
    summary = import_into(any_app, str(path), source_name="feed.json")
    assert not summary.problems, summary.report()

    with any_app.extensions["db_engine"].connect() as connection:
        assert first_phones(connection, [SERVICE["id"]]) == {SERVICE["id"]: "020 7946 0301"}
