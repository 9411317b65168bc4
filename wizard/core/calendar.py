"""The plan's deadlines as an iCalendar file (RFC 5545): all-day events with a reminder a week before.

UIDs come from the plan's reference and the deadline's id, so downloading again updates the same
events in a calendar app instead of adding copies. A deadline before the plan's date has passed: it
is left out, as there is nothing left to remind anyone of.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

LINE_LIMIT = 75  # octets, before folding


@dataclass(frozen=True)
class CalendarEvent:
    """One deadline to put in a diary."""

    key: str
    day: date
    summary: str
    description: str


def escape_text(text: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and new lines (RFC 5545 section 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets, continuing with CRLF and a space (section 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= LINE_LIMIT:
        return line
    parts: list[str] = []
    current = b""
    limit = LINE_LIMIT
    for character in line:
        piece = character.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = LINE_LIMIT - 1  # continuation lines start with a space
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def event_uid(reference: str, key: str) -> str:
    """A stable, opaque UID for one deadline of one family's plan."""
    digest = hashlib.sha256(f"{reference}:{key}".encode()).hexdigest()[:32]
    return f"{digest}@send-pathway-planner"


def upcoming(events: Iterable[CalendarEvent], as_of: date) -> list[CalendarEvent]:
    """The events that have not passed on `as_of` (an event on that day has not)."""
    return [event for event in events if event.day >= as_of]


def build_calendar(
    events: Iterable[CalendarEvent], reference: str, stamp: date, producer: str
) -> str:
    """The whole .ics file, with CRLF line endings; `stamp` is the plan's date, and the events
    before it have passed and are left out."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{escape_text(producer)}//SEND Pathway Planner//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for event in upcoming(events, stamp):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event_uid(reference, event.key)}",
            f"DTSTAMP:{stamp.strftime('%Y%m%d')}T000000Z",
            f"DTSTART;VALUE=DATE:{event.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(event.day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape_text(event.summary)}",
            f"DESCRIPTION:{escape_text(event.description)}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER:-P7D",
            f"DESCRIPTION:{escape_text('In a week: ' + event.summary)}",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
