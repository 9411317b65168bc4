"""Today's date and the time now for the web (a test or a demo can fix them with settings)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import current_app

from wizard.dates import today_in_london


def today() -> date:
    """Today in Europe/London, or the app's FIXED_TODAY (an ISO date) when one is set."""
    fixed = current_app.config.get("FIXED_TODAY")
    return date.fromisoformat(fixed) if fixed else today_in_london()


def now() -> datetime:
    """The current time in UTC, or the app's STAFF_NOW (an ISO date-time) when one is set."""
    fixed = current_app.config.get("STAFF_NOW")
    return datetime.fromisoformat(fixed) if fixed else datetime.now(UTC)
