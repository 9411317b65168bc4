"""Open Referral UK records, version 1.0 or 3.0, turned into the rows our directory tables hold.

Both versions end up in one shape (ORUK 3.0's): ages on the service, classification as attributes
pointing at taxonomy terms, schedules, and one postal address per location. Ids that are not UUIDs
(common in 1.0 feeds) become stable UUIDs derived from the id, so republishing as 3.0 stays valid and
re-importing the same feed updates the same rows.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from wizard.oruk_fields import (
    EMAIL_FIELDS,
    FEED_ID_LENGTH,
    SERVICE_PARTS,
    STATUSES,
    TEXT_LENGTH,
    URL_FIELDS,
    length,
)

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


def _may_be_unstorable(raw: object) -> bool:
    """False when no string in `raw` can hold NUL or a lone surrogate: one pass in C through the
    JSON encoder, which writes NUL as the escape \\u0000 and leaves a lone surrogate as it is.
    Walking every key and value with its path took a fifth of a 10,000-service import; the walk
    now runs only to name the field once this finds something (or cannot tell)."""
    try:
        text = json.dumps(raw, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):  # not plain JSON, or nested past the encoder
        return True
    return "\\u0000" in text or _SURROGATE.search(text) is not None


def unstorable_text(raw: object) -> str | None:
    """Why a record cannot be stored, naming the field, when a key or value holds a character no
    database text column takes: NUL (PostgreSQL refuses it; SQLite would keep it, but a feed is
    treated the same on both) or a lone surrogate (not UTF-8). None when every string is fine.
    """
    if not _may_be_unstorable(raw):
        return None
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
    contact_phones: list[dict[str, Any]] = field(default_factory=list)
    service_phones: list[dict[str, Any]] = field(default_factory=list)
    schedules: list[dict[str, Any]] = field(default_factory=list)
    cost_options: list[dict[str, Any]] = field(default_factory=list)
    service_areas: list[dict[str, Any]] = field(default_factory=list)
    terms: list[dict[str, Any]] = field(default_factory=list)
    attributes: list[dict[str, Any]] = field(default_factory=list)
    #: The service columns and parts (SERVICE_PARTS) the record gave; the rest keep stored values.
    given: frozenset[str] = frozenset()
    #: Parts whose rows join the stored ones instead of replacing them (a service_at_location
    #: names one place of a service, not all of them).
    added: frozenset[str] = frozenset()
    #: Fields dropped or cut on the way in, for the import summary.
    notes: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The service's UUID."""
        found: str = self.service["id"]
        return found

    @property
    def phones(self) -> list[dict[str, Any]]:
        """Every phone row: the contacts' first, then the service's own."""
        return self.contact_phones + self.service_phones

    def is_complete(self) -> bool:
        """Whether the record gave every part of a service, so nothing stored is kept."""
        return set(SERVICE_PARTS) <= self.given


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


def text(value: object, limit: int = TEXT_LENGTH) -> str:
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


_EMAIL = re.compile(
    r"[^@\s<>()\[\],;:\"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)
# Digits with the spacing and punctuation people write, a leading + and an optional extension.
_PHONE = re.compile(r"\+?[0-9][0-9 ()\-.]*(?:\s*(?:ext\.?|extension|x)\s*[0-9]{1,6})?", re.I)
_SHOWN = 60


def shown(value: str) -> str:
    """A value quoted for a report: printable, and cut short when long."""
    cut = value if len(value) <= _SHOWN else value[:_SHOWN] + "..."
    return f"'{printable(cut)}'"


def url_problem(value: str) -> str | None:
    """Why `value` is not a web address we link to (http or https only), or None when it is."""
    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError:
        return "it is not a web address"
    if parts.scheme.lower() not in ("http", "https"):
        return "it is not an http or https address"
    if not parts.hostname or re.search(r"[\s\x00-\x1f\x7f]", value):
        return "it is not a complete web address"
    return None


def email_problem(value: str) -> str | None:
    """Why `value` is not an email address, or None when it is one."""
    return None if _EMAIL.fullmatch(value) else "it is not an email address"


def phone_problem(value: str) -> str | None:
    """Why `value` is not a telephone number (3 to 15 digits, as written), or None."""
    number = re.split(r"(?i)ext|extension|x", value)[0]
    digits = sum(character.isdigit() for character in number)
    if _PHONE.fullmatch(value) and 3 <= digits <= 15:
        return None
    return "it is not a telephone number"


class Cleaner:
    """Checks one record's fields on the way in, noting every field it drops or cuts."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def field(self, value: object, oruk_object: str, column: str, where: str) -> str:
        """A length-limited field (see wizard/oruk_fields.py): addresses checked, text cut."""
        found = self._text(value, where)
        if not found:
            return ""
        limit = length(oruk_object, column)
        key = (oruk_object, column)
        problem = None
        if key in URL_FIELDS:
            problem = url_problem(found)
        elif key in EMAIL_FIELDS:
            problem = email_problem(found)
        elif key == ("phone", "number"):
            problem = phone_problem(found)
        else:
            return self._cut(found, limit, where)
        if problem is None and len(found) > limit:
            problem = f"it is longer than {limit} characters"  # a cut address is a wrong one
        if problem:
            self.notes.append(f"{where} {shown(found)} was dropped: {problem}")
            return ""
        return found

    def long_text(self, value: object, where: str) -> str:
        """A free-text field, cut to TEXT_LENGTH."""
        return self._cut(self._text(value, where), TEXT_LENGTH, where)

    def _text(self, value: object, where: str) -> str:
        if isinstance(value, (dict, list)):
            self.notes.append(f"{where} was dropped: it is not text")
            return ""
        return "" if value is None else str(value).strip()

    def _cut(self, value: str, limit: int, where: str) -> str:
        if len(value) > limit:
            self.notes.append(f"{where} was cut to {limit} characters")
            return value[:limit]
        return value


#: Service columns and the keys (3.0 first, then 1.0) that give them; a key left out (or null)
#: leaves the stored value as it is. The id and the name are always given.
SERVICE_COLUMNS: dict[str, tuple[str, ...]] = {
    "organization_id": ("organization", "organization_id"),
    "description": ("description",),
    "url": ("url",),
    "email": ("email",),
    "status": ("status",),
    "fees": ("fees", "fees_description"),
    "accreditations": ("accreditations",),
    "eligibility_description": ("eligibility_description",),
    "application_process": ("application_process",),
    "decision_process": ("decision_process",),
    "alert": ("alert",),
    "minimum_age": ("minimum_age",),
    "maximum_age": ("maximum_age",),
    "assured_date": ("assured_date",),
    "assurer_email": ("assurer_email",),
    "last_modified": ("last_modified",),
}
_V1_ELIGIBILITY = ("eligibilitys", "eligibilities", "eligibility")


def given_parts(raw: Mapping[str, Any], v1: bool, organization: object = None) -> frozenset[str]:
    """The service columns and parts a raw record gives: keys present with a value (not null)."""
    given = {"id", "name"}
    for column, keys in SERVICE_COLUMNS.items():
        if any(raw.get(key) is not None for key in keys):
            given.add(column)
    if organization is not None:
        given.add("organization_id")
    if v1 and any(isinstance(raw.get(key), (list, Mapping)) for key in _V1_ELIGIBILITY):
        given |= {"minimum_age", "maximum_age", "eligibility_description"}
    for part, keys in SERVICE_PARTS.items():
        if any(isinstance(raw.get(key), (list, Mapping)) for key in keys):
            given.add(part)
    return frozenset(given)


def _ages(
    record: Mapping[str, Any], v1: bool, clean: Cleaner
) -> tuple[float | None, float | None, str]:
    eligibility = clean.long_text(record.get("eligibility_description"), "eligibility_description")
    low, high = record.get("minimum_age"), record.get("maximum_age")
    if v1:
        for item in items(record, *_V1_ELIGIBILITY):
            low = item.get("minimum_age", low)
            high = item.get("maximum_age", high)
            eligibility = eligibility or clean.long_text(item.get("eligibility"), "eligibility")
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


def organization_row(raw: Mapping[str, Any], clean: Cleaner, where: str = "") -> dict[str, Any]:
    """An organisation's row (ORUK 3.0 organization, or 1.0), its fields checked."""
    if raw.get("id") in (None, "") or isinstance(raw.get("id"), (dict, list, bool)):
        raise RecordProblem("the organisation has no id")
    prefix = f"{where}." if where else ""
    name = clean.field(raw.get("name"), "organization", "name", f"{prefix}name")
    return {
        "id": oruk_id("organization", raw["id"]),
        "name": name,
        "description": clean.long_text(raw.get("description"), f"{prefix}description"),
        "email": clean.field(raw.get("email"), "organization", "email", f"{prefix}email"),
        "website": clean.field(
            raw.get("website") or raw.get("url"), "organization", "website", f"{prefix}website"
        ),
    }


def _organization(raw: object, fallback_id: object, clean: Cleaner) -> dict[str, Any] | None:
    if not isinstance(raw, Mapping):
        if fallback_id in (None, "") or isinstance(fallback_id, (dict, list, bool)):
            return None
        return {"id": oruk_id("organization", fallback_id), "name": "", "description": ""}
    if raw.get("id") in (None, ""):
        return None
    return organization_row(raw, clean, "organization")


def _address(location: Mapping[str, Any]) -> Mapping[str, Any]:
    found = items(location, "addresses", "physical_addresses", "postal_addresses")
    postal = [a for a in found if a.get("address_type") in (None, "postal", "physical")]
    return (postal or found or [{}])[0]


def _locations(
    record: ServiceRecord, links: list[Mapping[str, Any]], clean: Cleaner, where: str
) -> None:
    service_id = record.id
    for position, link in enumerate(links):
        location = link.get("location")
        if not isinstance(location, Mapping) or location.get("id") in (None, ""):
            continue
        at = f"{where}[{position}].location"
        location_id = oruk_id("location", location["id"])
        address = _address(location)
        access = items(location, "accessibility", "accessibility_for_disabilities")

        def place(value: object, oruk_object: str, column: str, at: str = at) -> str:
            return clean.field(value, oruk_object, column, f"{at}.{column}")

        record.locations.append(
            {
                "id": location_id,
                "location_type": place(location.get("location_type"), "location", "location_type")
                or "physical",
                "name": place(location.get("name"), "location", "name"),
                "description": clean.long_text(location.get("description"), f"{at}.description"),
                "latitude": number(location.get("latitude")),
                "longitude": number(location.get("longitude")),
                "address_id": child_id(address, "address", location_id, 0) if address else None,
                "address_1": place(address.get("address_1"), "address", "address_1"),
                "city": place(address.get("city"), "address", "city"),
                "region": place(address.get("region"), "address", "region"),
                "state_province": place(address.get("state_province"), "address", "state_province"),
                "postal_code": place(address.get("postal_code"), "address", "postal_code"),
                "country": place(address.get("country"), "address", "country") or "GB",
                "accessibility": clean.long_text(
                    " ".join(
                        text(a.get("description") or a.get("accessibility")) for a in access
                    ).strip(),
                    f"{at}.accessibility",
                ),
            }
        )
        record.service_at_locations.append(
            {
                "id": child_id(link, "service_at_location", service_id, position),
                "service_id": service_id,
                "location_id": location_id,
            }
        )


def _contacts(record: ServiceRecord, raw: Mapping[str, Any], clean: Cleaner) -> None:
    service_id = record.id
    for position, contact in enumerate(items(raw, "contacts")):
        contact_id = child_id(contact, "contact", service_id, position)
        at = f"contacts[{position}]"
        record.contacts.append(
            {
                "id": contact_id,
                "service_id": service_id,
                "name": clean.field(contact.get("name"), "contact", "name", f"{at}.name"),
                "title": clean.field(contact.get("title"), "contact", "title", f"{at}.title"),
                "email": clean.field(contact.get("email"), "contact", "email", f"{at}.email"),
            }
        )
        for number_at, phone in enumerate(items(contact, "phones")):
            row = _phone(record.id, phone, contact_id, f"{contact_id}:{number_at}", clean, at)
            if row:
                record.contact_phones.append(row)
    for number_at, phone in enumerate(items(raw, "phones")):
        row = _phone(record.id, phone, None, f"{service_id}:{number_at}", clean, "")
        if row:
            record.service_phones.append(row)


def _phone(
    service_id: str,
    phone: Mapping[str, Any],
    contact_id: str | None,
    key: str,
    clean: Cleaner,
    where: str,
) -> dict[str, Any] | None:
    position = key.rsplit(":", 1)[1]
    at = f"{where}.phones[{position}]" if where else f"phones[{position}]"
    number_text = clean.field(phone.get("number"), "phone", "number", f"{at}.number")
    if not number_text:
        return None
    return {
        "id": child_id(phone, "phone", key, 0),
        "service_id": service_id,
        "contact_id": contact_id,
        "position": int(position),
        "number": number_text,
        "description": clean.field(
            phone.get("description") or phone.get("type"), "phone", "description", f"{at}.type"
        ),
    }


def _schedules(record: ServiceRecord, raw: Mapping[str, Any], clean: Cleaner) -> None:
    service_id = record.id
    for position, item in enumerate(items(raw, "schedules", "regular_schedules")):
        at = f"schedules[{position}]"

        def when(value: object, column: str, at: str = at) -> str:
            return clean.field(value, "schedule", column, f"{at}.{column}")

        interval = number(item.get("interval"))
        byday = when(item.get("byday"), "byday") or when(item.get("weekday"), "byday")
        record.schedules.append(
            {
                "id": child_id(item, "schedule", service_id, position),
                "service_id": service_id,
                "position": position,
                "freq": when(item.get("freq"), "freq").upper(),
                "interval": int(interval) if interval is not None else None,
                "byday": byday,
                "bymonthday": when(item.get("bymonthday"), "bymonthday"),
                "opens_at": when(item.get("opens_at"), "opens_at"),
                "closes_at": when(item.get("closes_at"), "closes_at"),
                "valid_from": day(item.get("valid_from")),
                "valid_to": day(item.get("valid_to")),
                "description": clean.long_text(item.get("description"), f"{at}.description"),
                "attending_type": when(item.get("attending_type"), "attending_type"),
                "notes": clean.long_text(item.get("notes"), f"{at}.notes"),
            }
        )


def _costs(record: ServiceRecord, raw: Mapping[str, Any], clean: Cleaner) -> None:
    service_id = record.id
    for position, item in enumerate(items(raw, "cost_options")):
        at = f"cost_options[{position}]"
        amount = number(item.get("amount"))
        if item.get("amount") not in (None, "") and amount is None:
            raise RecordProblem(f"a cost has an amount that is not a number ({item['amount']!r})")
        record.cost_options.append(
            {
                "id": child_id(item, "cost_option", service_id, position),
                "service_id": service_id,
                "position": position,
                "option": clean.field(item.get("option"), "cost_option", "option", f"{at}.option"),
                "amount": amount,
                "amount_description": clean.field(
                    item.get("amount_description"),
                    "cost_option",
                    "amount_description",
                    f"{at}.amount_description",
                ),
                "valid_from": day(item.get("valid_from")),
                "valid_to": day(item.get("valid_to")),
            }
        )


def _areas(record: ServiceRecord, raw: Mapping[str, Any], clean: Cleaner) -> None:
    service_id = record.id
    for position, item in enumerate(items(raw, "service_areas")):
        at = f"service_areas[{position}]"
        extent = item.get("extent")
        record.service_areas.append(
            {
                "id": child_id(item, "service_area", service_id, position),
                "service_id": service_id,
                "name": clean.field(
                    item.get("name") or item.get("service_area"),
                    "service_area",
                    "name",
                    f"{at}.name",
                ),
                "description": clean.long_text(
                    item.get("description") or item.get("service_area"), f"{at}.service_area"
                ),
                "extent": clean.long_text(
                    extent if isinstance(extent, str) else "", f"{at}.extent"
                ),
                "extent_type": clean.field(
                    item.get("extent_type"), "service_area", "extent_type", f"{at}.extent_type"
                ),
                "uri": clean.field(item.get("uri"), "service_area", "uri", f"{at}.uri"),
            }
        )


def term_row(
    raw: Mapping[str, Any],
    taxonomy: str = "",
    clean: Cleaner | None = None,
    where: str = "",
    taxonomy_id: str | None = None,
) -> dict[str, Any]:
    """A taxonomy term's row (ORUK 3.0 taxonomy_term, or ORUK 1.0 taxonomy)."""
    if raw.get("id") in (None, "") or not text(raw.get("name")):
        raise RecordProblem("a taxonomy term has no id or no name")
    unstorable = unstorable_text(raw)
    if unstorable:
        raise RecordProblem(unstorable)
    clean = clean or Cleaner()
    prefix = f"{where}." if where else ""
    parent = raw.get("parent_id")
    vocabulary = raw.get("taxonomy") or raw.get("vocabulary") or taxonomy
    detail = raw.get("taxonomy_detail")
    if isinstance(detail, Mapping):
        vocabulary = detail.get("name") or vocabulary
    own_taxonomy = raw.get("taxonomy_id")
    return {
        "id": oruk_id("taxonomy_term", raw["id"]),
        "name": clean.field(raw.get("name"), "taxonomy_term", "name", f"{prefix}name"),
        "description": clean.long_text(raw.get("description"), f"{prefix}description"),
        "code": clean.field(
            raw.get("term") or raw.get("code"), "taxonomy_term", "code", f"{prefix}term"
        ),
        "parent_id": oruk_id("taxonomy_term", parent) if parent not in (None, "") else None,
        "taxonomy": clean.field(
            vocabulary if isinstance(vocabulary, str) else "",
            "taxonomy_term",
            "taxonomy",
            f"{prefix}taxonomy",
        ),
        "taxonomy_id": (
            oruk_id("taxonomy", own_taxonomy)
            if own_taxonomy not in (None, "") and not isinstance(own_taxonomy, (dict, list))
            else taxonomy_id
        ),
        "term_uri": clean.field(
            raw.get("term_uri"), "taxonomy_term", "term_uri", f"{prefix}term_uri"
        ),
    }


def taxonomy_rows(
    raw: Mapping[str, Any], clean: Cleaner
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A taxonomy's row and the rows of the terms it lists (ORUK 3.0 taxonomy)."""
    if raw.get("id") in (None, "") or not text(raw.get("name")):
        raise RecordProblem("a taxonomy has no id or no name")
    unstorable = unstorable_text(raw)
    if unstorable:
        raise RecordProblem(unstorable)
    row = {
        "id": oruk_id("taxonomy", raw["id"]),
        "name": clean.field(raw.get("name"), "taxonomy", "name", "name"),
        "description": clean.long_text(raw.get("description"), "description"),
        "uri": clean.field(raw.get("uri"), "taxonomy", "uri", "uri"),
        "version": clean.field(raw.get("version"), "taxonomy", "version", "version"),
    }
    terms = [
        term_row(term, row["name"], clean, f"taxonomy_terms[{n}]", row["id"])
        for n, term in enumerate(items(raw, "taxonomy_terms"))
    ]
    return row, terms


def _attributes(record: ServiceRecord, raw: Mapping[str, Any], clean: Cleaner) -> None:
    service_id = record.id
    seen: set[str] = set()
    links = [(a, a.get("taxonomy_term"), "attributes") for a in items(raw, "attributes")]
    links += [
        (a, a.get("taxonomy"), "service_taxonomys")
        for a in items(raw, "service_taxonomys", "service_taxonomies")
    ]
    for position, (link, term, key) in enumerate(links):
        if not isinstance(term, Mapping):
            continue
        row = term_row(term, clean=clean, where=f"{key}[{position}].taxonomy_term")
        if row["id"] in seen:
            continue
        seen.add(row["id"])
        record.terms.append(row)
        record.attributes.append(
            {
                "id": child_id(link, "attribute", service_id, position),
                "service_id": service_id,
                "taxonomy_term_id": row["id"],
                "link_type": clean.field(
                    link.get("link_type"), "attribute", "link_type", f"{key}[{position}].link_type"
                ),
            }
        )


def parse_service(
    raw: object,
    organization: Mapping[str, Any] | None = None,
    source: str = "",
    *,
    located: Mapping[str, Any] | None = None,
) -> ServiceRecord:
    """Turn one ORUK 1.0 or 3.0 service object into rows, or raise RecordProblem saying why.

    `organization` is the organisation whose `services` list held the record; `located` is the
    service_at_location that held it, whose place joins the service's other places.
    """
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
    clean = Cleaner()
    v1 = is_v1_service(raw)
    minimum, maximum, eligibility = _ages(raw, v1, clean)
    service_id = oruk_id("service", raw["id"])
    own = raw.get("organization")
    # An organisation holding the record is checked (and its notes made) once, as an organisation.
    org = _organization(
        own if own is not None else organization,
        raw.get("organization_id"),
        clean if own is not None else Cleaner(),
    )

    def long(key: str, *more: str) -> str:
        value = raw.get(key)
        for other in more:
            value = value or raw.get(other)
        return clean.long_text(value, key)

    service = {
        "id": service_id,
        "organization_id": org["id"] if org else None,
        "name": name,
        "description": long("description"),
        "url": clean.field(raw.get("url"), "service", "url", "url"),
        "email": clean.field(raw.get("email"), "service", "email", "email"),
        "status": status,
        "fees": long("fees", "fees_description"),
        "accreditations": long("accreditations"),
        "eligibility_description": eligibility,
        "application_process": long("application_process"),
        "decision_process": long("decision_process"),
        "alert": long("alert"),
        "minimum_age": minimum,
        "maximum_age": maximum,
        "assured_date": day(raw.get("assured_date")),
        "assurer_email": clean.field(
            raw.get("assurer_email"), "service", "assurer_email", "assurer_email"
        ),
        "last_modified": moment(raw.get("last_modified")),
    }
    record = ServiceRecord(
        feed_id=text(raw["id"], FEED_ID_LENGTH),
        service=service,
        organization=org,
        given=given_parts(raw, v1, organization),
        notes=clean.notes,
    )
    # ORUK 1.0 feeds sometimes list locations directly under the service.
    links = items(raw, "service_at_locations")
    links += [{"location": location} for location in items(raw, "locations")]
    _locations(record, links, clean, "service_at_locations")
    if located is not None:
        record.added = frozenset({"locations"})
        _locations(record, [located], clean, "service_at_location")
    _contacts(record, raw, clean)
    _schedules(record, raw, clean)
    _costs(record, raw, clean)
    _areas(record, raw, clean)
    _attributes(record, raw, clean)
    return record


def parse_located(raw: Mapping[str, Any]) -> ServiceRecord:
    """The service a service_at_location holds, with that place added to its places."""
    unstorable = unstorable_text(raw)
    if unstorable:
        raise RecordProblem(unstorable)
    service = raw.get("service")
    if not isinstance(service, Mapping):
        raise RecordProblem("the service_at_location holds no service")
    link = {"id": raw.get("id"), "location": raw.get("location")}
    return parse_service(service, located=link)


def feed_id_of(raw: object) -> str:
    """The id a report should name for a raw record (or a placeholder when it has none)."""
    if isinstance(raw, Mapping) and raw.get("id") not in (None, ""):
        return printable(text(raw.get("id"), FEED_ID_LENGTH))
    return "(no id)"
