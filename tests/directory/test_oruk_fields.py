"""One table of ORUK fields: its names are ORUK 3.0's, and the tables and the importer follow it."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from sqlalchemy import String

from tests.support.directory import ORUK_SPEC
from wizard.directory.records import parse_service
from wizard.oruk_fields import (
    DETAIL_KEYS,
    EMAIL_FIELDS,
    FEED_ID_LENGTH,
    FIELDS,
    SERVICE_LISTS,
    STATUSES,
    URL_FIELDS,
    length,
)
from wizard.storage import directory_models as models

SCHEMAS = ORUK_SPEC / "v3-schemas"
#: Which table holds each ORUK object's fields (a location row also holds its postal address).
TABLES = {
    "organization": models.Organization,
    "service": models.Service,
    "location": models.Location,
    "address": models.Location,
    "contact": models.Contact,
    "phone": models.Phone,
    "schedule": models.Schedule,
    "cost_option": models.CostOption,
    "service_area": models.ServiceArea,
    "taxonomy": models.Taxonomy,
    "taxonomy_term": models.TaxonomyTerm,
    "attribute": models.Attribute,
}
#: String columns that are ours, not an ORUK field: ids, and what the import adds.
OWN_COLUMNS = {
    ("dir_service", "feed_id"),
    ("dir_service", "source"),
    ("dir_service", "record_hash"),
}
ID_LENGTH = 36
#: Web and email addresses and phone numbers: checked, and dropped rather than cut when too long.
CHECKED_FIELDS = URL_FIELDS | EMAIL_FIELDS | {("phone", "number")}


@cache
def schema_fields(oruk_object: str) -> frozenset[str]:
    """The property names the ORUK 3.0 schemas give one object."""
    full = json.loads((SCHEMAS / "service_with_definitions.json").read_text())
    if oruk_object == "service":
        return frozenset(full["properties"])
    return frozenset(full["definitions"][oruk_object]["properties"])


def test_every_field_in_the_table_is_named_as_in_the_oruk_3_schemas():
    for oruk_object, fields in FIELDS.items():
        known = schema_fields(oruk_object)
        for field in fields:
            if field.oruk_name is None:  # marked as an ORUK 1.0 field: 3.0 must really lack it
                assert field.column not in known, (oruk_object, field.column)
            else:
                assert field.oruk_name in known, (oruk_object, field.oruk_name)


def test_the_service_lists_and_statuses_are_the_oruk_3_schemas():
    service = json.loads((SCHEMAS / "service.json").read_text())["properties"]

    for name in SERVICE_LISTS:
        assert service[name]["type"] == "array", name
    assert set(STATUSES) == set(service["status"]["enum"])
    assert SERVICE_LISTS <= DETAIL_KEYS


def test_the_directory_columns_have_the_tables_lengths():
    checked: set[tuple[str, str]] = set()
    for oruk_object, fields in FIELDS.items():
        table = TABLES[oruk_object].__table__
        for field in fields:
            column_type = table.c[field.column].type
            assert isinstance(column_type, String)
            assert column_type.length == field.length, (oruk_object, field.column)
            checked.add((table.name, field.column))
    assert models.Service.__table__.c.feed_id.type.length == FEED_ID_LENGTH
    # A text column with a length but not in the table would be sized apart from the importer.
    for model in set(TABLES.values()):
        for column in model.__table__.c:
            if not isinstance(column.type, String) or column.type.length in (None, ID_LENGTH):
                continue
            key = (model.__tablename__, column.name)
            assert key in checked or key in OWN_COLUMNS, key


def test_taxonomy_names_come_from_terms_and_fit():
    assert length("taxonomy", "name") >= length("taxonomy_term", "taxonomy")


def long(limit_of: int) -> str:
    """A value longer than `limit_of`, so the cut shows which limit the importer used."""
    return "x" * (limit_of + 50)


def overlong_service() -> dict[str, Any]:
    """An ORUK 3.0 service with every length-limited field too long (the name just fits)."""

    def values(oruk_object: str) -> dict[str, str]:
        return {
            field.oruk_name or field.column: long(field.length) for field in FIELDS[oruk_object]
        }

    service = values("service") | {"id": long(FEED_ID_LENGTH), "status": "active"}
    service["name"] = "n" * length("service", "name")
    term = values("taxonomy_term") | {"id": "t1"}
    contact = values("contact") | {"id": "c1", "phones": [values("phone") | {"id": "p1"}]}
    location = values("location") | {"id": "l1", "addresses": [values("address") | {"id": "a1"}]}
    return service | {
        "organization": values("organization") | {"id": "o1"},
        "service_at_locations": [{"id": "sl1", "location": location}],
        "contacts": [contact],
        "schedules": [values("schedule") | {"id": "sc1"}],
        "cost_options": [values("cost_option") | {"id": "co1"}],
        "service_areas": [values("service_area") | {"id": "sa1"}],
        "attributes": [values("attribute") | {"id": "at1", "taxonomy_term": term}],
    }


def test_the_importer_cuts_every_field_to_the_tables_length():
    record = parse_service(overlong_service())
    rows = {
        "organization": record.organization,
        "service": record.service,
        "location": record.locations[0],
        "address": record.locations[0],
        "contact": record.contacts[0],
        "phone": record.phones[0] if record.phones else {},
        "schedule": record.schedules[0],
        "cost_option": record.cost_options[0],
        "service_area": record.service_areas[0],
        "taxonomy_term": record.terms[0],
        "attribute": record.attributes[0],
    }

    for oruk_object, fields in FIELDS.items():
        if oruk_object == "taxonomy":  # no taxonomy rows of its own: see the test above
            continue
        for field in fields:
            if (oruk_object, field.column) == ("service", "status"):
                continue  # one of STATUSES, never cut
            if (oruk_object, field.column) in CHECKED_FIELDS:
                # A cut address is a wrong one: it is dropped (and the summary says so).
                assert not rows[oruk_object].get(field.column), (oruk_object, field.column)
                continue
            if oruk_object == "phone" and not record.phones:
                continue  # the phone went with its dropped number
            value = rows[oruk_object][field.column]
            assert len(value) == field.length, (oruk_object, field.column, len(value))
    assert len(record.feed_id) == FEED_ID_LENGTH
