"""Today's date where the service runs: England, so Europe/London."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def today_in_london() -> date:
    """Today's date in Europe/London (the default as-of date for plans)."""
    return datetime.now(LONDON).date()
