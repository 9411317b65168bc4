"""Local Offer directory tables, modelled on Open Referral UK 3.0 (HSDS 3.0 UK profile).

Ids are ORUK ids (UUIDs; a feed's other ids are turned into stable UUIDs on import, see
wizard/directory/records.py). Child rows belong to one service and are replaced with it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from wizard.oruk_fields import FEED_ID_LENGTH, length
from wizard.storage.models import Base, utcnow

ID = String(36)


class Organization(Base):
    """Who runs one or more services."""

    __tablename__ = "dir_organization"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(length("organization", "name")))
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(length("organization", "email")), default="")
    website: Mapped[str] = mapped_column(String(length("organization", "website")), default="")


class Service(Base):
    """One service in the Local Offer, with the SEND facts our pages and matching need."""

    __tablename__ = "dir_service"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    #: The id exactly as the feed gave it (ORUK 1.0 feeds often use numbers or slugs).
    feed_id: Mapped[str] = mapped_column(String(FEED_ID_LENGTH))
    #: Where the record came from (a file name or an API's base URL); full syncs work per source.
    source: Mapped[str] = mapped_column(String(500), index=True)
    organization_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("dir_organization.id"), nullable=True, index=True
    )
    name: Mapped[str] = mapped_column(String(length("service", "name")))
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(length("service", "url")), default="")
    email: Mapped[str] = mapped_column(String(length("service", "email")), default="")
    status: Mapped[str] = mapped_column(String(length("service", "status")), default="active")
    fees: Mapped[str] = mapped_column(Text, default="")
    accreditations: Mapped[str] = mapped_column(Text, default="")
    eligibility_description: Mapped[str] = mapped_column(Text, default="")
    application_process: Mapped[str] = mapped_column(Text, default="")
    decision_process: Mapped[str] = mapped_column(Text, default="")
    alert: Mapped[str] = mapped_column(Text, default="")
    minimum_age: Mapped[float | None] = mapped_column(Float, nullable=True)
    maximum_age: Mapped[float | None] = mapped_column(Float, nullable=True)
    assured_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    assurer_email: Mapped[str] = mapped_column(
        String(length("service", "assurer_email")), default=""
    )
    last_modified: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    in_area: Mapped[bool] = mapped_column(Boolean, default=True)
    free: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Lower-case name, description, organisation and terms, for keyword search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: A hash of the record as imported: re-importing an unchanged record writes nothing.
    record_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


Index("ix_dir_service_status_name", Service.status, Service.name)
#: The order every listing is paged in: a filtered page can stop at its end (ADR 0038).
Index("ix_dir_service_name_id", Service.name, Service.id)


class Location(Base):
    """A place where services are delivered, with its postal address."""

    __tablename__ = "dir_location"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    location_type: Mapped[str] = mapped_column(
        String(length("location", "location_type")), default="physical"
    )
    name: Mapped[str] = mapped_column(String(length("location", "name")), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    address_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    address_1: Mapped[str] = mapped_column(String(length("address", "address_1")), default="")
    city: Mapped[str] = mapped_column(String(length("address", "city")), default="")
    region: Mapped[str] = mapped_column(String(length("address", "region")), default="")
    state_province: Mapped[str] = mapped_column(
        String(length("address", "state_province")), default=""
    )
    postal_code: Mapped[str] = mapped_column(String(length("address", "postal_code")), default="")
    country: Mapped[str] = mapped_column(String(length("address", "country")), default="GB")
    accessibility: Mapped[str] = mapped_column(Text, default="")


class ServiceAtLocation(Base):
    """Links a service to a place it is delivered."""

    __tablename__ = "dir_service_at_location"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    service_id: Mapped[str] = mapped_column(
        ID, ForeignKey("dir_service.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[str] = mapped_column(ID, ForeignKey("dir_location.id"), index=True)


class Contact(Base):
    """A named contact for a service (a role, not a private person's details)."""

    __tablename__ = "dir_contact"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    service_id: Mapped[str] = mapped_column(
        ID, ForeignKey("dir_service.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(length("contact", "name")), default="")
    title: Mapped[str] = mapped_column(String(length("contact", "title")), default="")
    email: Mapped[str] = mapped_column(String(length("contact", "email")), default="")


class Phone(Base):
    """A telephone number for a service or one of its contacts."""

    __tablename__ = "dir_phone"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    service_id: Mapped[str] = mapped_column(
        ID, ForeignKey("dir_service.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    #: Its place among its owner's numbers (the service's own, or one contact's), as the feed or
    #: the provider gave them. Pages and /oruk/ list numbers by it, so an id never has to change
    #: to keep the order (ADR 0043).
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    number: Mapped[str] = mapped_column(String(length("phone", "number")))
    description: Mapped[str] = mapped_column(String(length("phone", "description")), default="")


class Schedule(Base):
    """When a service is open (ORUK 3.0 schedule; ORUK 1.0 regular_schedule)."""

    __tablename__ = "dir_schedule"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    service_id: Mapped[str] = mapped_column(
        ID, ForeignKey("dir_service.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    freq: Mapped[str] = mapped_column(String(length("schedule", "freq")), default="")
    interval: Mapped[int | None] = mapped_column(Integer, nullable=True)
    byday: Mapped[str] = mapped_column(String(length("schedule", "byday")), default="")
    bymonthday: Mapped[str] = mapped_column(String(length("schedule", "bymonthday")), default="")
    opens_at: Mapped[str] = mapped_column(String(length("schedule", "opens_at")), default="")
    closes_at: Mapped[str] = mapped_column(String(length("schedule", "closes_at")), default="")
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    attending_type: Mapped[str] = mapped_column(
        String(length("schedule", "attending_type")), default=""
    )
    notes: Mapped[str] = mapped_column(Text, default="")


class CostOption(Base):
    """What a service costs, and for whom."""

    __tablename__ = "dir_cost_option"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    service_id: Mapped[str] = mapped_column(
        ID, ForeignKey("dir_service.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    option: Mapped[str] = mapped_column(String(length("cost_option", "option")), default="")
    amount: Mapped[float | None] = mapped_column(Float, nullable=True)
    amount_description: Mapped[str] = mapped_column(
        String(length("cost_option", "amount_description")), default=""
    )
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)


class ServiceArea(Base):
    """The area a service covers."""

    __tablename__ = "dir_service_area"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    service_id: Mapped[str] = mapped_column(
        ID, ForeignKey("dir_service.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(length("service_area", "name")), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    extent: Mapped[str] = mapped_column(Text, default="")
    extent_type: Mapped[str] = mapped_column(
        String(length("service_area", "extent_type")), default=""
    )
    uri: Mapped[str] = mapped_column(String(length("service_area", "uri")), default="")


class Taxonomy(Base):
    """A vocabulary of terms (a council's own list, or the LGA's)."""

    __tablename__ = "dir_taxonomy"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(length("taxonomy", "name")))
    description: Mapped[str] = mapped_column(Text, default="")
    uri: Mapped[str] = mapped_column(String(length("taxonomy", "uri")), default="")
    version: Mapped[str] = mapped_column(String(length("taxonomy", "version")), default="")


class TaxonomyTerm(Base):
    """One term of a vocabulary; services are classified by terms through attributes."""

    __tablename__ = "dir_taxonomy_term"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(length("taxonomy_term", "name")))
    description: Mapped[str] = mapped_column(Text, default="")
    code: Mapped[str] = mapped_column(String(length("taxonomy_term", "code")), default="")
    parent_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    taxonomy: Mapped[str] = mapped_column(String(length("taxonomy_term", "taxonomy")), default="")
    taxonomy_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    term_uri: Mapped[str] = mapped_column(String(length("taxonomy_term", "term_uri")), default="")


class Attribute(Base):
    """Classifies a service with a taxonomy term (ORUK 3.0 attribute; ORUK 1.0 service_taxonomy)."""

    __tablename__ = "dir_attribute"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    service_id: Mapped[str] = mapped_column(
        ID, ForeignKey("dir_service.id", ondelete="CASCADE"), index=True
    )
    taxonomy_term_id: Mapped[str] = mapped_column(
        ID, ForeignKey("dir_taxonomy_term.id"), index=True
    )
    link_type: Mapped[str] = mapped_column(String(length("attribute", "link_type")), default="")


class ServiceTag(Base):
    """What the SEND mapping made of a service's terms: a category, a needs area, a plan action or a
    condition the service is only for."""

    __tablename__ = "dir_service_tag"

    service_id: Mapped[str] = mapped_column(
        ID, ForeignKey("dir_service.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(64), primary_key=True)


Index("ix_dir_service_tag_kind_value", ServiceTag.kind, ServiceTag.value)


class ListingReport(Base):
    """A problem with a listing reported by the public: what is wrong, and contact details only if
    the person chose to give them. Both are sealed with the report's own key
    (wizard/storage/listing_reports.py); the contact details are deleted once it is dealt with."""

    __tablename__ = "dir_listing_report"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[str] = mapped_column(
        ID, ForeignKey("dir_service.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: This report's own key, wrapped by the server key.
    data_key: Mapped[str] = mapped_column(String(120))
    sealed_problem: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: Name, email and phone as given; None when none was given or once the report is dealt with.
    sealed_contact: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    dealt_with_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True, index=True
    )


class ImportRun(Base):
    """One run of `flask directory import` or `sync`: when, what it did, and what failed."""

    __tablename__ = "dir_import_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: "sync" (the configured feed, all or nothing) or "import" (a source named on the command line).
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(500))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    #: None while running, or when the run was killed before it could say how it ended.
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    #: "succeeded", "failed" (nothing changed) or "partly imported" (a manual import's good batches).
    outcome: Mapped[str] = mapped_column(String(32), default="running")
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    inactivated: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    #: What went wrong, a line each (feed parts and record ids, never personal data).
    failures: Mapped[list[str]] = mapped_column(JSON, default=list)
