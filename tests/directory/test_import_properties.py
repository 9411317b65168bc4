"""Properties of any import (Hypothesis): importing the same feed again changes nothing, and an
import never changes how many children a service has except for the parts its record gives."""

from __future__ import annotations

import json
import uuid
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from tests.support.directory import import_into
from wizard.storage.directory_models import Contact, Phone, ServiceArea, ServiceAtLocation
from wizard.storage.models import Base

# How many examples comes from the Hypothesis profile (tests/conftest.py), as in
# tests/core/test_properties.py; the database is shared by the examples of one test.
FAST = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

SERVICE_IDS = [str(uuid.UUID(int=n)) for n in range(1, 4)]
LABELS = st.text(alphabet="abcdefghij klm", min_size=1, max_size=12).map(str.strip).filter(bool)


def _children(part: str, service_id: str, count: int) -> list[dict[str, Any]]:
    """`count` children of one part, with ids of their own (unique per service)."""
    made = []
    for n in range(count):
        own = f"{service_id[-4:]}-{part}-{n}"
        made.append(
            {
                "contacts": {"id": own, "name": f"Desk {n}"},
                "phones": {"id": own, "number": f"01632 960 {100 + n}"},
                "schedules": {"id": own, "freq": "WEEKLY", "byday": "MO", "opens_at": "09:00"},
                "cost_options": {"id": own, "amount": n, "amount_description": "per visit"},
                "service_areas": {"id": own, "name": f"Area {n}"},
                "service_at_locations": {"id": own, "location": {"id": own, "name": f"Hall {n}"}},
                "attributes": {"id": own, "taxonomy_term": {"id": f"term-{n}", "name": f"T{n}"}},
            }[part]
        )
    return made


PARTS = (
    "contacts",
    "phones",
    "schedules",
    "cost_options",
    "service_areas",
    "service_at_locations",
    "attributes",
)
#: A part is left out, sent as null (also left out), or sent with 0 to 3 children.
PART_VALUES = st.one_of(st.just("omit"), st.just(None), st.integers(0, 3))


@st.composite
def services(draw: st.DrawFn, service_id: str | None = None) -> dict[str, Any]:
    """An ORUK 3.0 service with any mix of its fields and parts left out."""
    chosen = service_id or draw(st.sampled_from(SERVICE_IDS))
    record: dict[str, Any] = {"id": chosen, "name": draw(LABELS)}
    for key in ("status", "description", "minimum_age", "email", "url"):
        if draw(st.booleans()):
            record[key] = {
                "status": draw(st.sampled_from(["active", "temporarily closed"])),
                "description": draw(LABELS),
                "minimum_age": draw(st.integers(0, 10)),
                "email": draw(st.sampled_from(["desk@example.com", "not an email"])),
                "url": draw(st.sampled_from(["https://example.com", "javascript:x"])),
            }[key]
    if "status" not in record:
        record["organization_id"] = "7d0c7c40-0000-4000-8000-000000000001"  # still a service
    for part in PARTS:
        value = draw(PART_VALUES)
        if value == "omit":
            continue
        record[part] = None if value is None else _children(part, chosen, value)
    return record


def snapshot(app) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every directory table, in a stable order."""
    with app.extensions["db_engine"].connect() as connection:
        return {
            name: sorted(
                (
                    tuple(map(str, row))
                    for row in connection.execute(text(f'SELECT * FROM "{name}"'))
                ),
            )
            for name in Base.metadata.tables
            if name.startswith("dir_")
        }


def _write(tmp_path, records) -> str:
    path = tmp_path / f"{uuid.uuid4()}.json"
    path.write_text(json.dumps({"contents": records}))
    return str(path)


@FAST
@given(feed=st.lists(services(), min_size=1, max_size=6))
def test_importing_the_same_feed_again_changes_nothing(any_app, tmp_path, feed):
    path = _write(tmp_path, feed)
    import_into(any_app, path, source_name="feed.json")
    before = snapshot(any_app)

    again = import_into(any_app, path, source_name="feed.json")

    assert (again.created, again.updated) == (0, 0), again.report()
    assert again.unchanged == len({record["id"] for record in feed})
    assert snapshot(any_app) == before


COUNTED = {
    "contacts": lambda session, sid: session.scalars(
        select(Contact.id).where(Contact.service_id == sid)
    ),
    "phones": lambda session, sid: session.scalars(
        select(Phone.id).where(Phone.service_id == sid, Phone.contact_id.is_(None))
    ),
    "service_areas": lambda session, sid: session.scalars(
        select(ServiceArea.id).where(ServiceArea.service_id == sid)
    ),
    "service_at_locations": lambda session, sid: session.scalars(
        select(ServiceAtLocation.id).where(ServiceAtLocation.service_id == sid)
    ),
}


def counts(app, service_id: str) -> dict[str, int]:
    """How many children of each counted part the service has."""
    with app.extensions["db_sessionmaker"]() as session:
        return {part: len(list(count(session, service_id))) for part, count in COUNTED.items()}


@FAST
@given(first=services(service_id=SERVICE_IDS[0]), then=services(service_id=SERVICE_IDS[0]))
def test_an_import_changes_a_services_children_only_where_its_record_says(
    any_app, tmp_path, first, then
):
    import_into(any_app, _write(tmp_path, [first]))
    before = counts(any_app, first["id"])

    import_into(any_app, _write(tmp_path, [then]))

    after = counts(any_app, first["id"])
    for part in COUNTED:
        if isinstance(then.get(part), list):
            assert after[part] == len(then[part]), part  # the record says how many
        else:
            assert after[part] == before[part], part  # left out: never fewer, never more
