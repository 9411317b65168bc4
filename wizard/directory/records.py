"""Open Referral UK records, version 1.0 or 3.0, turned into the rows our directory tables hold.

Both versions end up in one shape (ORUK 3.0's): ages on the service, classification as attributes
pointing at taxonomy terms, schedules, and one postal address per location. Ids that are not UUIDs
(common in 1.0 feeds) become stable UUIDs derived from the id, so republishing as 3.0 stays valid and
re-importing the same feed updates the same rows.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from wizard.oruk_fields import FEED_ID_LENGTH, STATUSES, length

#: Namespace for ids derived from a feed's non-UUID ids (fixed: changing it would duplicate rows).
ID_NAMESPACE = uuid.UUID("6f2d0f0e-8c52-4c1f-9d8e-3b0b6b5a7c11")
MAX_AGE = 130


class RecordProblem(ValueError):
    """A record that cannot be imported; the message says why in plain English."""


_SURROGATE = re.compile("[\ud800-\udfff]")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def printable(value: str) -> str:
    """`value` with control characters and lone surrogates written as escapes, for a report."""
    return _UNPRINTABLE.sub(lambda found: f"\\u{ord(found.group()):04x}", value)


def _unstorable(value: str) -> str | None:
    if "\x00" in value:
        return "a NUL character (\\u0000)"
    if _SURROGATE.search(value):
        return "half of a surrogate pair (such as \\ud800) on its own"
    return None


def unstorable_text(raw: object) -> str | None:
    """Why a record cannot be stored, naming the field, when a key or value holds a character no
    database text column takes: NUL (PostgreSQL refuses it; SQLite would keep it, but a feed is
    treated the same on both) or a lone surrogate (not UTF-8). None when every string is fine.
    """
    stack: list[tuple[str, object]] = [("", raw)]
    while stack:  # a loop, not recursion: a feed nested as deeply as JSON allows is still checked
        path, value = stack.pop()
        if isinstance(value, str):
            problem = _unstorable(value)
            if problem:
                return f"the record holds {problem} in {printable(path)}, which cannot be stored"
        elif isinstance(value, Mapping):
            for key, item in reversed(list(value.items())):
                name = f"{path}.{key}" if path else str(key)
                stack += [(name, item), (name, str(key))]  # the key first, then its value
        elif isinstance(value, list):
            stack += reversed([(f"{path}[{n}]", item) for n, item in enumerate(value)])
    return None


@dataclass
class ServiceRecord:
    """One service and everything that hangs off it, as table rows."""

    feed_id: str
    service: dict[str, Any]
    organization: dict[str, Any] | None = None
    locations: list[dict[str, Any]] = field(default_factory=list)
    service_at_locations: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    phones: list[dict[str, Any]] = field(default_factory=list)
    schedules: list[dict[str, Any]] = field(default_factory=list)
    cost_options: list[dict[str, Any]] = field(default_factory=list)
    service_areas: list[dict[str, Any]] = field(default_factory=list)
    taxonomies: list[dict[str, Any]] = field(default_factory=list)
    terms: list[dict[str, Any]] = field(default_factory=list)
    attributes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The service's UUID."""
        found: str = self.service["id"]
        return found


def oruk_id(kind: str, raw: object) -> str:
    """The record's id as a UUID: itself when it is one, else derived from it (stable)."""
    text = str(raw).strip()
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{text}"))


def child_id(item: Mapping[str, Any], kind: str, parent: str, position: int) -> str:
    """A child row's id: its own UUID, else one derived from its parent and its own id or position.

    Feeds that number children 1, 2, 3 in every service would otherwise clash between services.
    """
    raw = item.get("id")
    if raw not in (None, ""):
        try:
            return str(uuid.UUID(str(raw).strip()))
        except ValueError:
            return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{parent}:id:{raw}"))
    return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{parent}:{position}"))


def text(value: object, limit: int = 10_000) -> str:
    """A string field: None becomes empty, whitespace is trimmed, overlong text is cut."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return ""
    return str(value).strip()[:limit]


def day(value: object) -> date | None:
    """A date field (ISO date, or the date part of an ISO date-time); anything else is unknown."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def moment(value: object) -> datetime | None:
    """An ISO date-time (UTC when no zone is given); anything else is unknown."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def number(value: object) -> float | None:
    """A numeric field; numeric strings are accepted, anything else is unknown."""
    if isinstance(value, bool) or value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def items(record: Mapping[str, Any], *keys: str) -> list[Mapping[str, Any]]:
    """The objects in the first of `keys` that holds a list (feeds spell plurals differently)."""
    for key in keys:
        found = record.get(key)
        if isinstance(found, list):
            return [item for item in found if isinstance(item, Mapping)]
        if isinstance(found, Mapping):
            return [found]
    return []


def is_v1_service(record: Mapping[str, Any]) -> bool:
    """Whether a service object is ORUK 1.0 (its ages and terms live in child tables)."""
    v1_keys = (
        "eligibilitys",
        "eligibilities",
        "service_taxonomys",
        "service_taxonomies",
        "regular_schedules",
        "attending_access",
        "deliverable_type",
    )
    return any(key in record for key in v1_keys)


def _ages(record: Mapping[str, Any], v1: bool) -> tuple[float | None, float | None, str]:
    eligibility = text(record.get("eligibility_description"))
    low, high = record.get("minimum_age"), record.get("maximum_age")
    if v1:
        for item in items(record, "eligibilitys", "eligibilities", "eligibility"):
            low = item.get("minimum_age", low)
            high = item.get("maximum_age", high)
            eligibility = eligibility or text(item.get("eligibility"))
    minimum, maximum = number(low), number(high)
    for value, raw in ((minimum, low), (maximum, high)):
        if raw not in (None, "") and value is None:
            raise RecordProblem(f"the age range has a value that is not a number ({raw!r})")
        if value is not None and not 0 <= value <= MAX_AGE:
            raise RecordProblem(f"the age {value:g} is outside 0 to {MAX_AGE}")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise RecordProblem(
            f"the minimum age ({minimum:g}) is more than the maximum age ({maximum:g})"
        )
    return minimum, maximum, eligibility


def _organization(raw: object, fallback_id: object) -> dict[str, Any] | None:
    if not isinstance(raw, Mapping):
        if fallback_id in (None, ""):
            return None
        return {"id": oruk_id("organization", fallback_id), "name": "", "description": ""}
    if raw.get("id") in (None, ""):
        return None
    return {
        "id": oruk_id("organization", raw["id"]),
        "name": text(raw.get("name"), length("organization", "name")),
        "description": text(raw.get("description")),
        "email": text(raw.get("email"), length("organization", "email")),
        "website": text(raw.get("website") or raw.get("url"), length("organization", "website")),
    }


def _address(location: Mapping[str, Any]) -> Mapping[str, Any]:
    found = items(location, "addresses", "physical_addresses", "postal_addresses")
    postal = [a for a in found if a.get("address_type") in (None, "postal", "physical")]
    return (postal or found or [{}])[0]


def _locations(record: ServiceRecord, raw: Mapping[str, Any]) -> None:
    service_id = record.id
    links = items(raw, "service_at_locations")
    # ORUK 1.0 feeds sometimes list locations directly under the service.
    links += [{"location": location} for location in items(raw, "locations")]
    for position, link in enumerate(links):
        location = link.get("location")
        if not isinstance(location, Mapping) or location.get("id") in (None, ""):
            continue
        location_id = oruk_id("location", location["id"])
        address = _address(location)
        access = items(location, "accessibility", "accessibility_for_disabilities")
        record.locations.append(
            {
                "id": location_id,
                "location_type": text(
                    location.get("location_type"), length("location", "location_type")
                )
                or "physical",
                "name": text(location.get("name"), length("location", "name")),
                "description": text(location.get("description")),
                "latitude": number(location.get("latitude")),
                "longitude": number(location.get("longitude")),
                "address_id": child_id(address, "address", location_id, 0) if address else None,
                "address_1": text(address.get("address_1"), length("address", "address_1")),
                "city": text(address.get("city"), length("address", "city")),
                "region": text(address.get("region"), length("address", "region")),
                "state_province": text(
                    address.get("state_province"), length("address", "state_province")
                ),
                "postal_code": text(address.get("postal_code"), length("address", "postal_code")),
                "country": text(address.get("country"), length("address", "country")) or "GB",
                "accessibility": " ".join(
                    text(a.get("description") or a.get("accessibility")) for a in access
                ).strip(),
            }
        )
        record.service_at_locations.append(
            {
                "id": child_id(link, "service_at_location", service_id, position),
                "service_id": service_id,
                "location_id": location_id,
            }
        )


def _contacts(record: ServiceRecord, raw: Mapping[str, Any]) -> None:
    service_id = record.id
    for position, contact in enumerate(items(raw, "contacts")):
        contact_id = child_id(contact, "contact", service_id, position)
        record.contacts.append(
            {
                "id": contact_id,
                "service_id": service_id,
                "name": text(contact.get("name"), length("contact", "name")),
                "title": text(contact.get("title"), length("contact", "title")),
                "email": text(contact.get("email"), length("contact", "email")),
            }
        )
        for number_at, phone in enumerate(items(contact, "phones")):
            _phone(record, phone, contact_id, f"{contact_id}:{number_at}")
    for number_at, phone in enumerate(items(raw, "phones")):
        _phone(record, phone, None, f"{service_id}:{number_at}")


def _phone(
    record: ServiceRecord, phone: Mapping[str, Any], contact_id: str | None, key: str
) -> None:
    number_text = text(phone.get("number"), length("phone", "number"))
    if number_text:
        record.phones.append(
            {
                "id": child_id(phone, "phone", key, 0),
                "service_id": record.id,
                "contact_id": contact_id,
                "number": number_text,
                "description": text(
                    phone.get("description") or phone.get("type"), length("phone", "description")
                ),
            }
        )


def _schedules(record: ServiceRecord, raw: Mapping[str, Any]) -> None:
    service_id = record.id
    for position, item in enumerate(items(raw, "schedules", "regular_schedules")):
        interval = number(item.get("interval"))
        byday_limit = length("schedule", "byday")
        byday = text(item.get("byday"), byday_limit) or text(item.get("weekday"), byday_limit)
        record.schedules.append(
            {
                "id": child_id(item, "schedule", service_id, position),
                "service_id": service_id,
                "position": position,
                "freq": text(item.get("freq"), length("schedule", "freq")).upper(),
                "interval": int(interval) if interval is not None else None,
                "byday": byday,
                "bymonthday": text(item.get("bymonthday"), length("schedule", "bymonthday")),
                "opens_at": text(item.get("opens_at"), length("schedule", "opens_at")),
                "closes_at": text(item.get("closes_at"), length("schedule", "closes_at")),
                "valid_from": day(item.get("valid_from")),
                "valid_to": day(item.get("valid_to")),
                "description": text(item.get("description")),
                "attending_type": text(
                    item.get("attending_type"), length("schedule", "attending_type")
                ),
                "notes": text(item.get("notes")),
            }
        )


def _costs(record: ServiceRecord, raw: Mapping[str, Any]) -> None:
    service_id = record.id
    for position, item in enumerate(items(raw, "cost_options")):
        amount = number(item.get("amount"))
        if item.get("amount") not in (None, "") and amount is None:
            raise RecordProblem(f"a cost has an amount that is not a number ({item['amount']!r})")
        record.cost_options.append(
            {
                "id": child_id(item, "cost_option", service_id, position),
                "service_id": service_id,
                "position": position,
                "option": text(item.get("option"), length("cost_option", "option")),
                "amount": amount,
                "amount_description": text(
                    item.get("amount_description"), length("cost_option", "amount_description")
                ),
                "valid_from": day(item.get("valid_from")),
                "valid_to": day(item.get("valid_to")),
            }
        )


def _areas(record: ServiceRecord, raw: Mapping[str, Any]) -> None:
    service_id = record.id
    for position, item in enumerate(items(raw, "service_areas")):
        extent = item.get("extent")
        record.service_areas.append(
            {
                "id": child_id(item, "service_area", service_id, position),
                "service_id": service_id,
                "name": text(
                    item.get("name") or item.get("service_area"), length("service_area", "name")
                ),
                "description": text(item.get("description") or item.get("service_area")),
                "extent": extent if isinstance(extent, str) else "",
                "extent_type": text(item.get("extent_type"), length("service_area", "extent_type")),
                "uri": text(item.get("uri"), length("service_area", "uri")),
            }
        )


def term_row(raw: Mapping[str, Any], taxonomy: str = "") -> dict[str, Any]:
    """A taxonomy term's row (ORUK 3.0 taxonomy_term, or ORUK 1.0 taxonomy)."""
    if raw.get("id") in (None, "") or not text(raw.get("name")):
        raise RecordProblem("a taxonomy term has no id or no name")
    unstorable = unstorable_text(raw)
    if unstorable:
        raise RecordProblem(unstorable)
    parent = raw.get("parent_id")
    vocabulary = raw.get("taxonomy") or raw.get("vocabulary") or taxonomy
    detail = raw.get("taxonomy_detail")
    if isinstance(detail, Mapping):
        vocabulary = detail.get("name") or vocabulary
    return {
        "id": oruk_id("taxonomy_term", raw["id"]),
        "name": text(raw.get("name"), length("taxonomy_term", "name")),
        "description": text(raw.get("description")),
        "code": text(raw.get("term") or raw.get("code"), length("taxonomy_term", "code")),
        "parent_id": oruk_id("taxonomy_term", parent) if parent not in (None, "") else None,
        "taxonomy": text(
            vocabulary if isinstance(vocabulary, str) else "", length("taxonomy_term", "taxonomy")
        ),
        "taxonomy_id": (
            oruk_id("taxonomy", raw["taxonomy_id"])
            if raw.get("taxonomy_id") not in (None, "")
            else None
        ),
        "term_uri": text(raw.get("term_uri"), length("taxonomy_term", "term_uri")),
    }


def _attributes(record: ServiceRecord, raw: Mapping[str, Any]) -> None:
    service_id = record.id
    seen: set[str] = set()
    links = [(a, a.get("taxonomy_term")) for a in items(raw, "attributes")]
    links += [(a, a.get("taxonomy")) for a in items(raw, "service_taxonomys", "service_taxonomies")]
    for position, (link, term) in enumerate(links):
        if not isinstance(term, Mapping):
            continue
        row = term_row(term)
        if row["id"] in seen:
            continue
        seen.add(row["id"])
        record.terms.append(row)
        record.attributes.append(
            {
                "id": child_id(link, "attribute", service_id, position),
                "service_id": service_id,
                "taxonomy_term_id": row["id"],
                "link_type": text(link.get("link_type"), length("attribute", "link_type")),
            }
        )


def parse_service(
    raw: object, organization: Mapping[str, Any] | None = None, source: str = ""
) -> ServiceRecord:
    """Turn one ORUK 1.0 or 3.0 service object into rows, or raise RecordProblem saying why."""
    if not isinstance(raw, Mapping):
        raise RecordProblem("the record is not a JSON object")
    unstorable = unstorable_text(raw) or unstorable_text({"organization": organization})
    if unstorable:
        raise RecordProblem(unstorable)
    if raw.get("id") in (None, "") or isinstance(raw.get("id"), (dict, list, bool)):
        raise RecordProblem("the record has no id")
    name = text(raw.get("name"))
    if not name:
        raise RecordProblem("the service has no name")
    if len(name) > length("service", "name"):
        raise RecordProblem(
            f"the service name is longer than {length('service', 'name')} characters"
        )
    status = text(raw.get("status")).lower() or "active"
    if status not in STATUSES:
        raise RecordProblem(
            f"the status {raw.get('status')!r} is not one of active, inactive, defunct or "
            "temporarily closed"
        )
    v1 = is_v1_service(raw)
    minimum, maximum, eligibility = _ages(raw, v1)
    service_id = oruk_id("service", raw["id"])
    org = _organization(raw.get("organization", organization), raw.get("organization_id"))
    service = {
        "id": service_id,
        "organization_id": org["id"] if org else None,
        "name": name,
        "description": text(raw.get("description")),
        "url": text(raw.get("url"), length("service", "url")),
        "email": text(raw.get("email"), length("service", "email")),
        "status": status,
        "fees": text(raw.get("fees") or raw.get("fees_description")),
        "accreditations": text(raw.get("accreditations")),
        "eligibility_description": eligibility,
        "application_process": text(raw.get("application_process")),
        "decision_process": text(raw.get("decision_process")),
        "alert": text(raw.get("alert")),
        "minimum_age": minimum,
        "maximum_age": maximum,
        "assured_date": day(raw.get("assured_date")),
        "assurer_email": text(raw.get("assurer_email"), length("service", "assurer_email")),
        "last_modified": moment(raw.get("last_modified")),
    }
    record = ServiceRecord(
        feed_id=text(raw["id"], FEED_ID_LENGTH), service=service, organization=org
    )
    _locations(record, raw)
    _contacts(record, raw)
    _schedules(record, raw)
    _costs(record, raw)
    _areas(record, raw)
    _attributes(record, raw)
    return record


def feed_id_of(raw: object) -> str:
    """The id a report should name for a raw record (or a placeholder when it has none)."""
    if isinstance(raw, Mapping) and raw.get("id") not in (None, ""):
        return printable(text(raw.get("id"), FEED_ID_LENGTH))
    return "(no id)"
