"""Jinja filters: dates written out in full (GOV.UK style), when to act, and page anchors."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from flask import Flask

from wizard.core.graph import long_date
from wizard.core.plan_layout import when_words
from wizard.dates import LONDON


def long_date_filter(value: str | date | None) -> str:
    """'2027-01-11' -> 'Monday 11 January 2027' (empty for no date)."""
    if value is None or value == "":
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return long_date(day)


def plain_date_filter(value: str | date | None) -> str:
    """'2026-12-02' -> '2 December 2026' (empty for no date)."""
    if value is None or value == "":
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return f"{day.day} {day:%B %Y}"


def uk_time_filter(value: datetime | None) -> str:
    """A UTC moment as UK time: '30 November 2026, 4:05pm'."""
    if value is None:
        return ""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    local = aware.astimezone(LONDON)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{local.day} {local:%B %Y}, {hour}:{local.minute:02d}{suffix}"


def slug_filter(value: str) -> str:
    """'Demo Borough SENDIASS' -> 'demo-borough-sendiass' (for in-page links)."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def lower_first_filter(value: str) -> str:
    """A sentence made to follow a comma: its first letter in lower case ('The council' -> 'the
    council'), unless the first word is an acronym such as 'EHC'."""
    first = value.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return value
    return value[:1].lower() + value[1:]


def init_app(app: Flask) -> None:
    """Register the filters."""
    app.add_template_filter(when_words, "when_words")
    app.add_template_filter(slug_filter, "slug")
    app.add_template_filter(lower_first_filter, "lower_first")
    app.add_template_filter(long_date_filter, "long_date")
    app.add_template_filter(plain_date_filter, "plain_date")
    app.add_template_filter(uk_time_filter, "uk_time")
