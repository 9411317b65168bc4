"""ORUK 1.0 and 3.0 service records become the same rows; bad records say why they are skipped."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest

from tests.support.directory import ORUK_SPEC
from wizard.directory.records import RecordProblem, oruk_id, parse_service

V1_SERVICE = {
    "id": "1041",
    "name": "Sensory play group",
    "description": "Play sessions for under-fives with sensory needs.",
    "status": "active",
    "url": "https://play.example/sensory",
    "application_process": "Book by phone.",
    "attending_access": "drop-in",
    "organization": {"id": "77", "name": "Play Example", "description": "A play charity."},
    "eligibilitys": [
        {"id": "e1", "eligibility": "Children under 5", "minimum_age": 0, "maximum_age": 5}
    ],
    "service_taxonomys": [
        {"id": "st1", "taxonomy": {"id": "t9", "name": "Early years", "vocabulary": "Local Offer"}}
    ],
    "regular_schedules": [
        {"id": "rs1", "weekday": "TU", "opens_at": "10:00", "closes_at": "11:30"}
    ],
    "contacts": [
        {"id": "c1", "name": "Bookings", "phones": [{"id": "p1", "number": "020 7946 0999"}]}
    ],
    "cost_options": [{"id": "co1", "amount": "2.50", "amount_description": "per session"}],
    "service_at_locations": [
        {
            "id": "sl1",
            "location": {
                "id": "l1",
                "name": "Play barn",
                "physical_addresses": [
                    {
                        "id": "a1",
                        "address_1": "1 Barn Lane",
                        "city": "Demotown",
                        "postal_code": "DM2 1AA",
                    }
                ],
            },
        }
    ],
}


def test_an_oruk_1_service_moves_its_ages_terms_and_schedule_into_the_3_0_shape():
    record = parse_service(V1_SERVICE)

    assert record.service["minimum_age"] == 0 and record.service["maximum_age"] == 5
    assert record.service["eligibility_description"] == "Children under 5"
    assert record.service["application_process"] == "Book by phone."
    assert [t["name"] for t in record.terms] == ["Early years"]
    assert record.terms[0]["taxonomy"] == "Local Offer"
    assert record.schedules[0]["byday"] == "TU"
    assert record.phones[0]["number"] == "020 7946 0999"
    assert record.phones[0]["contact_id"] == record.contacts[0]["id"]
    assert record.cost_options[0]["amount"] == 2.5
    assert record.locations[0]["postal_code"] == "DM2 1AA"
    assert record.organization is not None and record.organization["name"] == "Play Example"


def test_ids_that_are_not_uuids_become_stable_uuids_and_uuids_stay_as_they_are():
    first, again = parse_service(V1_SERVICE), parse_service(V1_SERVICE)

    assert first.id == again.id == str(uuid.UUID(first.id))
    assert first.feed_id == "1041"
    known = "ac148810-d857-441c-9679-408f346de14b"
    assert oruk_id("service", known.upper()) == known
    assert oruk_id("service", "1041") != oruk_id("organization", "1041")


def test_the_spec_example_service_keeps_every_part():
    raw = json.loads((ORUK_SPEC / "examples" / "v3-service_full.json").read_text())
    record = parse_service(raw)

    assert record.id == raw["id"]
    assert record.service["minimum_age"] == 12 and record.service["maximum_age"] == 100
    assert record.service["assured_date"] == date(2005, 1, 1)
    assert record.service["last_modified"].isoformat().startswith("2023-03-15T10:30:45")
    assert len(record.locations) == 1 and record.locations[0]["city"] == "MyCity"
    assert record.contacts[0]["name"] == "Ann Persona"
    assert record.cost_options[0]["amount"] == 35
    assert record.attributes[0]["taxonomy_term_id"] == record.terms[0]["id"]
    assert record.service_areas and record.schedules


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"id": None}, "the record has no id"),
        ({"name": "  "}, "the service has no name"),
        ({"status": "paused"}, "the status 'paused' is not one of"),
        (
            {"minimum_age": 18, "maximum_age": 5},
            "the minimum age (18) is more than the maximum age (5)",
        ),
        ({"minimum_age": "three"}, "the age range has a value that is not a number ('three')"),
        ({"maximum_age": 400}, "the age 400 is outside 0 to 130"),
        (
            {"cost_options": [{"id": "x", "amount": "lots"}]},
            "a cost has an amount that is not a number",
        ),
        (
            {"attributes": [{"id": "a", "taxonomy_term": {"id": "t"}}]},
            "a taxonomy term has no id or no name",
        ),
    ],
)
def test_a_bad_record_is_refused_with_a_plain_reason(change, reason):
    raw = {"id": "s1", "name": "A service", "status": "active", **change}

    with pytest.raises(RecordProblem) as problem:
        parse_service(raw)

    assert str(problem.value).startswith(reason)


def test_a_record_that_is_not_an_object_is_refused():
    with pytest.raises(RecordProblem, match="not a JSON object"):
        parse_service(["a", "list"])
