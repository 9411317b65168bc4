"""Import an Open Referral UK feed into the directory: parse, map, and upsert batch by batch."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from wizard.directory.feeds import Batch, FeedProblem, Fetch, Limits, read_source
from wizard.directory.mapping import DirectoryMapping
from wizard.directory.records import (
    RecordProblem,
    ServiceRecord,
    feed_id_of,
    parse_service,
    term_row,
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
    inactivated: int = 0
    rejected: list[tuple[str, str, str]] = field(default_factory=list)
    problems: list[FeedProblem] = field(default_factory=list)
    unmapped: Counter[str] = field(default_factory=Counter)
    full_sync_skipped: str = ""

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
        if self.inactivated or self.full_sync_skipped:
            lines.append(f"  {self.inactivated} services no longer in the feed marked inactive")
        if self.full_sync_skipped:
            lines.append(f"  Full sync not done: {self.full_sync_skipped}")
        if self.rejected:
            lines.append(f"  {len(self.rejected)} records skipped:")
            lines += [f"    {label}: {rid}: {reason}" for label, rid, reason in self.rejected]
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


def service_rows(
    record: ServiceRecord, source: str, mapping: DirectoryMapping, now: datetime
) -> tuple[store.ServiceRows, list[str]]:
    """Everything one record writes, and the term names the mapping does not know."""
    tags, unmapped = mapping.tags_for(record.terms)
    digest = record_hash(record, source, mapping)
    in_area = mapping.in_area(
        (area["name"] for area in record.service_areas),
        (location["postal_code"] for location in record.locations),
    )
    row = dict(
        record.service,
        feed_id=record.feed_id,
        source=source,
        in_area=in_area,
        free=is_free(record),
        search_text=search_text(record),
        record_hash=digest,
        imported_at=now,
        last_modified=record.service["last_modified"] or now,
    )
    org = record.organization
    if org is not None:
        org = {"email": "", "website": "", **org}
    children: dict[Any, list[dict[str, Any]]] = {
        ServiceAtLocation: record.service_at_locations,
        Contact: record.contacts,
        Phone: record.phones,
        Schedule: record.schedules,
        CostOption: record.cost_options,
        ServiceArea: record.service_areas,
        Attribute: record.attributes,
        ServiceTag: tags.rows(record.id),
    }
    return (
        store.ServiceRows(
            id=record.id,
            row=row,
            organization=org,
            locations=record.locations,
            terms=record.terms,
            children=children,
        ),
        unmapped,
    )


def _parse_batch(
    batch: Batch, summary: ImportSummary
) -> tuple[list[ServiceRecord], list[dict[str, Any]]]:
    records: dict[str, ServiceRecord] = {}
    for raw, organization in batch.services:
        try:
            record = parse_service(raw, organization)
        except RecordProblem as problem:
            summary.rejected.append((batch.label, feed_id_of(raw), str(problem)))
            continue
        records[record.id] = record  # a repeated id: the later record wins, as in an upsert
    terms = []
    for raw in batch.terms:
        try:
            terms.append(term_row(raw))
        except RecordProblem as problem:
            summary.rejected.append((batch.label, feed_id_of(raw), str(problem)))
    for feed_id, reason in batch.unreadable:
        summary.rejected.append((batch.label, feed_id, reason))
    return list(records.values()), terms


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
    incomplete_reads = False
    for batch in read_source(source, limits or Limits(), chunk, fetch):
        if isinstance(batch, FeedProblem):
            summary.problems.append(batch)
            continue
        summary.version = summary.version or batch.version
        records, terms = _parse_batch(batch, summary)
        incomplete_reads = incomplete_reads or bool(batch.unreadable)
        prepared = []
        for record in records:
            rows, unmapped = service_rows(record, name, mapping, moment)
            prepared.append(rows)
            summary.unmapped.update(unmapped)
        if not _save(sessions, batch.label, prepared, terms, summary):
            continue
        seen.update(rows.id for rows in prepared)
    if full_sync:
        _full_sync(sessions, name, seen, moment, summary, incomplete_reads)
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
    prepared: Iterable[store.ServiceRows],
    terms: list[dict[str, Any]],
    summary: ImportSummary,
) -> bool:
    try:
        with sessions() as session, session.begin():
            prepared = list(prepared)
            store.save_terms(session, terms)
            counts = store.save_services(session, prepared)
    except SQLAlchemyError as error:
        summary.problems.append(
            FeedProblem(label, f"the database refused this batch ({error.__class__.__name__})")
        )
        return False
    summary.terms += len({t["id"] for t in terms} | {t["id"] for p in prepared for t in p.terms})
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
