"""Jinja filters for dates written out in full, GOV.UK style."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask

from wizard.core.graph import long_date
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


def init_app(app: Flask) -> None:
    """Register the filters."""
    app.add_template_filter(long_date_filter, "long_date")
    app.add_template_filter(plain_date_filter, "plain_date")
    app.add_template_filter(uk_time_filter, "uk_time")
