"""Jinja filters for dates written out in full, GOV.UK style."""

from __future__ import annotations

from datetime import date

from flask import Flask

from wizard.core.graph import long_date


def long_date_filter(value: str | date | None) -> str:
    """'2027-01-11' -> 'Monday 11 January 2027' (empty for no date)."""
    if value is None or value == "":
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return long_date(day)


def init_app(app: Flask) -> None:
    """Register the filters."""
    app.add_template_filter(long_date_filter, "long_date")
