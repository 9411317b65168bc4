"""Import an Open Referral UK feed into the directory: parse, map, and upsert batch by batch."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from wizard.directory.feeds import Batch, FeedProblem, Fetch, Limits, read_source
from wizard.directory.mapping import DirectoryMapping
from wizard.directory.records import (
    Cleaner,
    RecordProblem,
    ServiceRecord,
    feed_id_of,
    organization_row,
    parse_located,
    parse_service,
    printable,
    taxonomy_rows,
    term_row,
    unstorable_text,
)
from wizard.storage import directory as store
from wizard.storage.directory_models import (
    Attribute,
    Contact,
    CostOption,
    Phone,
    Schedule,
    ServiceArea,
    ServiceAtLocation,
    ServiceTag,
)

log = logging.getLogger(__name__)


@dataclass
class ImportSummary:
    """What an import did, for the command's report."""

    source: str
    version: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    terms: int = 0
    organizations: int = 0
    taxonomies: int = 0
    inactivated: int = 0
    rejected: list[tuple[str, str, str]] = field(default_factory=list)
    problems: list[FeedProblem] = field(default_factory=list)
    unmapped: Counter[str] = field(default_factory=Counter)
    full_sync_skipped: str = ""
    #: Fields dropped or cut, as (batch label, record id, what was done and why).
    cleaned: list[tuple[str, str, str]] = field(default_factory=list)
    #: Services the feed lists more than once: feed id -> how many times.
    duplicates: dict[str, int] = field(default_factory=dict)
    #: Items read but not imported (not a service, say), as (batch label, id, why).
    passed_over: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether every part of the feed was read and saved."""
        return not self.problems

    def report(self) -> list[str]:
        """The summary as lines of plain text."""
        lines = [
            f"Imported {self.source} (Open Referral UK {self.version or 'unknown version'}):",
            f"  {self.created} new, {self.updated} updated, {self.unchanged} unchanged services;"
            f" {self.terms} taxonomy terms read",
        ]
        if self.organizations or self.taxonomies:
            lines.append(
                f"  {self.organizations} organisations and {self.taxonomies} taxonomies read"
            )
        if self.inactivated or self.full_sync_skipped:
            lines.append(f"  {self.inactivated} services no longer in the feed marked inactive")
        if self.full_sync_skipped:
            lines.append(f"  Full sync not done: {self.full_sync_skipped}")
        if self.duplicates:
            lines.append(
                f"  {len(self.duplicates)} services are listed more than once"
                " (each listing was applied in feed order, the last one's fields win):"
            )
            lines += [
                f"    {feed_id}: listed {count} times"
                for feed_id, count in sorted(self.duplicates.items())
            ]
        if self.rejected:
            lines.append(f"  {len(self.rejected)} records skipped:")
            lines += [f"    {label}: {rid}: {reason}" for label, rid, reason in self.rejected]
        if self.cleaned:
            lines.append(f"  {len(self.cleaned)} fields dropped or cut:")
            lines += [f"    {label}: {rid}: {note}" for label, rid, note in self.cleaned]
        if self.passed_over:
            lines.append(f"  {len(self.passed_over)} items not imported:")
            lines += [f"    {label}: {rid}: {reason}" for label, rid, reason in self.passed_over]
        if self.problems:
            lines.append(f"  {len(self.problems)} parts of the feed could not be imported:")
            lines += [f"    {p.label}: {p.message}" for p in self.problems]
        if self.unmapped:
            lines.append(
                f"  {len(self.unmapped)} taxonomy terms are not in questions/directory/mapping.yaml:"
            )
            lines += [
                f"    {term} ({count} services)" for term, count in sorted(self.unmapped.items())
            ]
        return lines


def record_hash(record: ServiceRecord, source: str, mapping: DirectoryMapping) -> str:
    """A fingerprint of everything the record writes, and of the mapping (its tags derive from it)."""
    parts = [
        source,
        mapping.fingerprint,
        record.service,
        record.organization,
        record.locations,
        record.service_at_locations,
        record.contacts,
        record.phones,
        record.schedules,
        record.cost_options,
        record.service_areas,
        record.terms,
        record.attributes,
        sorted(record.given),
        sorted(record.added),
    ]
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def is_free(record: ServiceRecord) -> bool:
    """Free when every cost option costs nothing, or, with none given, the fees text says free."""
    if record.cost_options:
        return all(not option["amount"] for option in record.cost_options) and not any(
            "£" in option["amount_description"] for option in record.cost_options
        )
    fees = record.service["fees"].lower()
    return fees.startswith("free") or fees in ("none", "no charge", "no cost")


def search_text(record: ServiceRecord) -> str:
    """What keyword search looks in: names, description, who it is for, and the terms."""
    org = record.organization or {}
    words = [
        record.service["name"],
        record.service["description"],
        record.service["eligibility_description"],
        org.get("name", ""),
        *(term["name"] for term in record.terms),
        *(location["city"] for location in record.locations),
    ]
    return " ".join(word for word in words if word).lower()


#: The ServiceRecord lists that hold each part of a service.
PART_FIELDS: dict[str, tuple[str, ...]] = {
    "locations": ("locations", "service_at_locations"),
    "contacts": ("contacts", "contact_phones"),
    "phones": ("service_phones",),
    "schedules": ("schedules",),
    "cost_options": ("cost_options",),
    "service_areas": ("service_areas",),
    "attributes": ("attributes", "terms"),
}
#: Columns a record always gives, or whose absence means "now" rather than "as stored".
_ALWAYS = ("id", "name", "last_modified")


def _by_id(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with one per id, the later winning, in first-seen order."""
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        found[row["id"]] = row
    return list(found.values())


def _parts_mode(record: ServiceRecord, part: str) -> str:
    if part in record.given:
        return "given"
    return "added" if part in record.added else ""


def overlay(base: ServiceRecord, top: ServiceRecord) -> ServiceRecord:
    """`top` applied over `base`, as importing one after the other would store them: what `top`
    gives wins, what it leaves out stays as `base` had it, and added places join."""
    service = {
        key: top.service[key] if key in top.given or key not in base.given else base.service[key]
        for key in top.service
    }
    organization = top.organization if "organization_id" in top.given else base.organization
    merged = replace(
        top,
        service=service,
        organization=organization,
        given=base.given | top.given,
        notes=base.notes + top.notes,
    )
    added = set()
    for part, names in PART_FIELDS.items():
        mode = _parts_mode(top, part)
        for name in names:
            if mode == "added":
                setattr(merged, name, _by_id(getattr(base, name) + getattr(top, name)))
            elif not mode:
                setattr(merged, name, list(getattr(base, name)))
        if part not in merged.given and (part in base.added or part in top.added):
            added.add(part)
    merged.added = frozenset(added)
    return merged


def _stored_part(stored: store.StoredService, part: str) -> dict[str, list[dict[str, Any]]]:
    """A stored service's rows for one part, by ServiceRecord list name."""
    children = stored.children
    phones = children[Phone]
    found: dict[str, list[dict[str, Any]]] = {
        "locations": stored.locations,
        "service_at_locations": children[ServiceAtLocation],
        "contacts": children[Contact],
        "contact_phones": [row for row in phones if row["contact_id"] is not None],
        "service_phones": [row for row in phones if row["contact_id"] is None],
        "schedules": children[Schedule],
        "cost_options": children[CostOption],
        "service_areas": children[ServiceArea],
        "attributes": children[Attribute],
        "terms": stored.terms,
    }
    return {name: found[name] for name in PART_FIELDS[part]}


def complete(record: ServiceRecord, stored: store.StoredService | None) -> ServiceRecord:
    """The record with what it leaves out filled from what is stored: a field or list the feed
    did not send is not one it emptied."""
    if stored is None:
        return record
    service = dict(record.service)
    for key in service:
        if key not in record.given and key not in _ALWAYS and key in stored.service:
            service[key] = stored.service[key]
    organization = record.organization
    if "organization_id" not in record.given:
        organization = stored.organization
    merged = replace(record, service=service, organization=organization)
    for part in PART_FIELDS:
        mode = _parts_mode(record, part)
        if mode == "given":
            continue
        for name, rows in _stored_part(stored, part).items():
            own = getattr(record, name) if mode == "added" else []
            setattr(merged, name, _by_id([dict(row) for row in rows] + own))
    return merged


def service_rows(
    record: ServiceRecord,
    source: str,
    mapping: DirectoryMapping,
    now: datetime,
    stored: store.StoredService | None = None,
) -> tuple[store.ServiceRows, list[str]]:
    """Everything one record writes, and the term names the mapping does not know.

    With `stored` (the service as it is now), the parts the record leaves out keep their rows,
    and what is worked out from them (tags, area, cost, search words) uses the stored ones.
    """
    full = complete(record, stored)
    tags, unmapped = mapping.tags_for(full.terms)
    digest = record_hash(record, source, mapping)
    in_area = mapping.in_area(
        (area["name"] for area in full.service_areas),
        (location["postal_code"] for location in full.locations),
    )
    row = dict(
        full.service,
        feed_id=record.feed_id,
        source=source,
        in_area=in_area,
        free=is_free(full),
        search_text=search_text(full),
        record_hash=digest,
        imported_at=now,
        last_modified=full.service["last_modified"] or now,
    )
    org = record.organization if "organization_id" in record.given else None
    if org is not None:
        org = {"email": "", "website": "", **org}
    replaced = frozenset(part for part in PART_FIELDS if _parts_mode(record, part))
    parts: dict[Any, list[dict[str, Any]]] = {
        ServiceAtLocation: full.service_at_locations if "locations" in replaced else [],
        Contact: full.contacts if "contacts" in replaced else [],
        Phone: (full.contact_phones if "contacts" in replaced else [])
        + (full.service_phones if "phones" in replaced else []),
        Schedule: full.schedules if "schedules" in replaced else [],
        CostOption: full.cost_options if "cost_options" in replaced else [],
        ServiceArea: full.service_areas if "service_areas" in replaced else [],
        Attribute: full.attributes if "attributes" in replaced else [],
        ServiceTag: tags.rows(record.id),
    }
    return (
        store.ServiceRows(
            id=record.id,
            row=row,
            organization=org,
            locations=record.locations,
            terms=record.terms,
            children=parts,
            replace=replaced,
        ),
        unmapped,
    )


@dataclass
class _Parsed:
    """One batch, parsed: the records to save and the rows of everything else it held."""

    records: list[ServiceRecord] = field(default_factory=list)
    terms: list[dict[str, Any]] = field(default_factory=list)
    organizations: list[dict[str, Any]] = field(default_factory=list)
    taxonomies: list[dict[str, Any]] = field(default_factory=list)
    #: How many times the batch lists each service (by id), and the feed id it lists it by.
    listed: Counter[str] = field(default_factory=Counter)
    feed_ids: dict[str, str] = field(default_factory=dict)


def _parse_batch(batch: Batch, summary: ImportSummary) -> _Parsed:
    parsed = _Parsed()
    records: dict[str, ServiceRecord] = {}

    def keep(record: ServiceRecord, listed: bool) -> None:
        for note in record.notes:
            summary.cleaned.append((batch.label, printable(record.feed_id), note))
        record.notes = []
        earlier = records.get(record.id)
        # The same service twice: the later applies over the earlier, as a second import would.
        records[record.id] = overlay(earlier, record) if earlier else record
        if listed:
            parsed.listed[record.id] += 1
            parsed.feed_ids.setdefault(record.id, printable(record.feed_id))

    for raw, organization in batch.services:
        try:
            keep(parse_service(raw, organization), listed=True)
        except RecordProblem as problem:
            summary.rejected.append((batch.label, feed_id_of(raw), str(problem)))
    for raw in batch.located:
        try:
            keep(parse_located(raw), listed=False)
        except RecordProblem as problem:
            summary.rejected.append((batch.label, feed_id_of(raw), str(problem)))
    for raw in batch.organizations:
        clean = Cleaner()
        try:
            unstorable = unstorable_text({k: v for k, v in raw.items() if k != "services"})
            if unstorable and raw.get("services"):
                continue  # each of its services is skipped, saying where
            if unstorable:
                raise RecordProblem(unstorable)
            row = organization_row(raw, clean)
            if not row["name"]:
                raise RecordProblem("the organisation has no name")
        except RecordProblem as problem:
            summary.rejected.append((batch.label, feed_id_of(raw), str(problem)))
            continue
        parsed.organizations.append(row)
        summary.cleaned += [(batch.label, feed_id_of(raw), note) for note in clean.notes]
    for raw in batch.taxonomies:
        clean = Cleaner()
        try:
            taxonomy, terms = taxonomy_rows(raw, clean)
        except RecordProblem as problem:
            summary.rejected.append((batch.label, feed_id_of(raw), str(problem)))
            continue
        parsed.taxonomies.append(taxonomy)
        parsed.terms += terms
        summary.cleaned += [(batch.label, feed_id_of(raw), note) for note in clean.notes]
    for raw in batch.terms:
        clean = Cleaner()
        try:
            parsed.terms.append(term_row(raw, clean=clean))
        except RecordProblem as problem:
            summary.rejected.append((batch.label, feed_id_of(raw), str(problem)))
            continue
        summary.cleaned += [(batch.label, feed_id_of(raw), note) for note in clean.notes]
    for feed_id, reason in batch.unreadable:
        summary.rejected.append((batch.label, feed_id, reason))
    summary.passed_over += [(batch.label, rid, reason) for rid, reason in batch.passed_over]
    parsed.records = list(records.values())
    return parsed


def run_import(
    sessions: Callable[[], Session],
    source: str,
    mapping: DirectoryMapping,
    *,
    source_name: str | None = None,
    full_sync: bool = False,
    limits: Limits | None = None,
    chunk: int = 500,
    fetch: Fetch | None = None,
    now: datetime | None = None,
) -> ImportSummary:
    """Import SOURCE; each batch commits whole or not at all; optionally inactivate missing services."""
    name = source_name or source
    moment = now or datetime.now(UTC)
    summary = ImportSummary(name)
    seen: set[str] = set()
    listed: Counter[str] = Counter()
    feed_ids: dict[str, str] = {}
    incomplete_reads = False
    for batch in read_source(source, limits or Limits(), chunk, fetch):
        if isinstance(batch, FeedProblem):
            summary.problems.append(batch)
            continue
        summary.version = summary.version or batch.version
        parsed = _parse_batch(batch, summary)
        incomplete_reads = incomplete_reads or bool(batch.unreadable)
        listed.update(parsed.listed)
        for service_id, feed_id in parsed.feed_ids.items():
            feed_ids.setdefault(service_id, feed_id)
        if _save(sessions, batch.label, parsed, name, mapping, moment, summary):
            seen.update(record.id for record in parsed.records)
    summary.duplicates = {feed_ids[key]: count for key, count in listed.items() if count > 1}
    if full_sync:
        _full_sync(sessions, name, seen, moment, summary, incomplete_reads)
    if summary.created or summary.updated or summary.inactivated:
        with sessions() as session, session.begin():
            store.refresh_statistics(session)
    log.info(
        "directory import: %s new, %s updated, %s unchanged, %s skipped, %s problems",
        summary.created,
        summary.updated,
        summary.unchanged,
        len(summary.rejected),
        len(summary.problems),
    )
    return summary


def _save(
    sessions: Callable[[], Session],
    label: str,
    parsed: _Parsed,
    name: str,
    mapping: DirectoryMapping,
    moment: datetime,
    summary: ImportSummary,
) -> bool:
    records = parsed.records
    unmapped: Counter[str] = Counter()
    try:
        with sessions() as session, session.begin():
            hashes = store.stored_hashes(session, [record.id for record in records])
            # Only a changed record that exists needs what is stored, to keep what it leaves out.
            changed = [
                record.id
                for record in records
                if record.id in hashes and hashes[record.id] != record_hash(record, name, mapping)
            ]
            stored = store.stored_services(session, changed)
            prepared = []
            for record in records:
                rows, missing = service_rows(record, name, mapping, moment, stored.get(record.id))
                prepared.append(rows)
                unmapped.update(missing)
            store.save_organizations(session, parsed.organizations)
            store.save_taxonomies(session, parsed.taxonomies)
            store.save_terms(session, parsed.terms)
            counts = store.save_services(session, prepared)
    except SQLAlchemyError as error:
        summary.problems.append(
            FeedProblem(label, f"the database refused this batch ({error.__class__.__name__})")
        )
        return False
    summary.unmapped.update(unmapped)
    terms = {t["id"] for t in parsed.terms} | {t["id"] for r in records for t in r.terms}
    summary.terms += len(terms)
    summary.organizations += len({row["id"] for row in parsed.organizations})
    summary.taxonomies += len({row["id"] for row in parsed.taxonomies})
    summary.created += counts.created
    summary.updated += counts.updated
    summary.unchanged += counts.unchanged
    return True


def _full_sync(
    sessions: Callable[[], Session],
    name: str,
    seen: set[str],
    moment: datetime,
    summary: ImportSummary,
    incomplete_reads: bool,
) -> None:
    # Inactivating on a partial read would hide services that are still running.
    if summary.problems or incomplete_reads:
        summary.full_sync_skipped = "part of the feed could not be read, so nothing was inactivated"
        return
    with sessions() as session, session.begin():
        summary.inactivated = store.inactivate_missing(session, name, seen, moment)
