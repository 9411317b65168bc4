"""Today's date for the web journey (a test or a demo can fix it with the FIXED_TODAY setting)."""

from __future__ import annotations

from datetime import date

from flask import current_app

from wizard.dates import today_in_london


def today() -> date:
    """Today in Europe/London, or the app's FIXED_TODAY (an ISO date) when one is set."""
    fixed = current_app.config.get("FIXED_TODAY")
    return date.fromisoformat(fixed) if fixed else today_in_london()
