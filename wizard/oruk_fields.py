"""The Open Referral UK fields we keep, with our length limits: one table for storage and import.

The ORUK 3.0 schemas give no maximum lengths, so the limits are ours. The directory tables size
their columns from this table and the importer cuts text to the same lengths, so the two cannot
drift apart (a longer value would fail on PostgreSQL and be kept on SQLite). This module imports
nothing from the app, so wizard/storage and wizard/directory may both use it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One text field of an ORUK object: our column, its length limit and the ORUK name it holds."""

    column: str
    length: int
    #: The ORUK 3.0 field the column holds, when named differently; None: an ORUK 1.0 field only.
    oruk: str | None = ""

    @property
    def oruk_name(self) -> str | None:
        """The field's ORUK 3.0 name, or None when ORUK 3.0 has no such field."""
        return self.column if self.oruk == "" else self.oruk


#: ORUK 3.0 object name -> its length-limited text fields. Location rows also hold their address.
FIELDS: dict[str, tuple[Field, ...]] = {
    "organization": (Field("name", 255), Field("email", 255), Field("website", 500)),
    "service": (
        Field("name", 255),
        Field("url", 500),
        Field("email", 255),
        Field("status", 32),
        Field("assurer_email", 255),
    ),
    "location": (Field("location_type", 16), Field("name", 255)),
    "address": (
        Field("address_1", 255),
        Field("city", 255),
        Field("region", 255),
        Field("state_province", 255),
        Field("postal_code", 32),
        Field("country", 8),
    ),
    "contact": (Field("name", 255), Field("title", 255), Field("email", 255, oruk=None)),
    "phone": (Field("number", 64), Field("description", 255)),
    "schedule": (
        Field("freq", 16),
        Field("byday", 64),
        Field("bymonthday", 64),
        Field("opens_at", 16),
        Field("closes_at", 16),
        Field("attending_type", 255),
    ),
    "cost_option": (Field("option", 255), Field("amount_description", 255)),
    "service_area": (Field("name", 255), Field("extent_type", 32), Field("uri", 500)),
    "taxonomy": (Field("name", 255), Field("uri", 500), Field("version", 64)),
    "taxonomy_term": (
        Field("name", 255),
        Field("code", 255, oruk="term"),
        Field("taxonomy", 255),
        Field("term_uri", 500),
    ),
    "attribute": (Field("link_type", 64),),
}

#: A feed's own id for a service, kept as given (ORUK 1.0 feeds use numbers or slugs).
FEED_ID_LENGTH = 255
#: Free text (descriptions, eligibility, notes) is stored in unbounded columns; the importer still
#: cuts it here so one careless feed cannot fill the database or a page.
TEXT_LENGTH = 10_000
#: The fields that hold a web address (kept only when http or https) and an email address.
URL_FIELDS = frozenset(
    {
        ("organization", "website"),
        ("service", "url"),
        ("service_area", "uri"),
        ("taxonomy", "uri"),
        ("taxonomy_term", "term_uri"),
    }
)
EMAIL_FIELDS = frozenset(
    {
        ("organization", "email"),
        ("service", "email"),
        ("service", "assurer_email"),
        ("contact", "email"),
    }
)
#: ORUK 3.0 service statuses (the schema's enum).
STATUSES = ("active", "inactive", "defunct", "temporarily closed")
#: The lists a full ORUK 3.0 service record holds and a list item usually leaves out.
SERVICE_LISTS = frozenset(
    {"attributes", "contacts", "cost_options", "schedules", "service_areas", "service_at_locations"}
)
#: The same lists as ORUK 1.0 feeds spell them (plurals vary between feeds).
V1_SERVICE_LISTS = frozenset(
    {
        "service_taxonomys",
        "service_taxonomies",
        "eligibilitys",
        "eligibilities",
        "regular_schedules",
        "locations",
    }
)
#: Keys only a full service record has: a list item without any of them needs its detail fetched.
DETAIL_KEYS = SERVICE_LISTS | V1_SERVICE_LISTS
#: The parts of a service a record may leave out, and the keys (3.0 first, then 1.0) that hold
#: each. A part left out keeps the rows stored for it; a part given replaces them.
SERVICE_PARTS: dict[str, tuple[str, ...]] = {
    "locations": ("service_at_locations", "locations"),
    "contacts": ("contacts",),
    "phones": ("phones",),
    "schedules": ("schedules", "regular_schedules"),
    "cost_options": ("cost_options",),
    "service_areas": ("service_areas",),
    "attributes": ("attributes", "service_taxonomys", "service_taxonomies"),
}

_LENGTHS = {name: {f.column: f.length for f in fields} for name, fields in FIELDS.items()}


def length(oruk_object: str, column: str) -> int:
    """Our length limit for one column of an ORUK object (KeyError when the table lacks it)."""
    return _LENGTHS[oruk_object][column]
