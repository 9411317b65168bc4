"""Plain-English wording for directory facts: ages, opening times, costs, review dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from wizard.core.derive import add_months

DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
ORDER = list(DAYS)


def _age(value: float) -> str:
    return f"{value:g}"


def age_range(minimum: float | None, maximum: float | None) -> str:
    """'Ages 0 to 25', 'Age 16 and over', 'Up to age 5', or 'All ages'."""
    if minimum is not None and maximum is not None:
        if minimum == maximum:
            return f"Age {_age(minimum)}"
        return f"Ages {_age(minimum)} to {_age(maximum)}"
    if minimum is not None:
        return f"Age {_age(minimum)} and over"
    if maximum is not None:
        return f"Up to age {_age(maximum)}"
    return "All ages"


def clock(value: str) -> str:
    """'09:00:00' -> '9am', '13:30' -> '1:30pm', '12:00' -> 'midday'; unreadable text is kept."""
    parts = value.split(":")
    if len(parts) < 2 or not (parts[0].isdigit() and parts[1].isdigit()):
        return value
    hour, minute = int(parts[0]), int(parts[1])
    if not (0 <= hour < 24 and 0 <= minute < 60):
        return value
    if (hour, minute) == (12, 0):
        return "midday"
    if (hour, minute) == (0, 0):
        return "midnight"
    suffix = "am" if hour < 12 else "pm"
    shown = hour % 12 or 12
    return f"{shown}{suffix}" if minute == 0 else f"{shown}:{minute:02d}{suffix}"


def days(byday: str) -> str:
    """'MO,TU,WE,TH,FR' -> 'Monday to Friday'; 'TU,TH' -> 'Tuesday and Thursday'."""
    codes = [code.strip().upper()[-2:] for code in byday.split(",") if code.strip()]
    known = sorted({code for code in codes if code in DAYS}, key=ORDER.index)
    if not known:
        return byday.strip()
    positions = [ORDER.index(code) for code in known]
    if len(known) >= 3 and positions == list(range(positions[0], positions[-1] + 1)):
        return f"{DAYS[known[0]]} to {DAYS[known[-1]]}"
    names = [DAYS[code] for code in known]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def opening_line(schedule: Any) -> str:
    """One schedule as a sentence, e.g. 'Monday to Friday, 9am to 5pm'."""
    parts = []
    if schedule.byday:
        parts.append(days(schedule.byday))
    if schedule.opens_at and schedule.closes_at:
        parts.append(f"{clock(schedule.opens_at)} to {clock(schedule.closes_at)}")
    line = ", ".join(parts)
    if schedule.freq == "MONTHLY" and schedule.bymonthday:
        line = f"{line} (on day {schedule.bymonthday} of the month)".strip()
    return line


def money(amount: float) -> str:
    """£35 or £2.50."""
    return f"£{amount:,.0f}" if float(amount).is_integer() else f"£{amount:,.2f}"


def cost_lines(free: bool, fees: str, options: Sequence[Any]) -> list[str]:
    """What the service costs, line by line."""
    lines = []
    for option in options:
        if option.amount:
            text = money(option.amount)
            if option.amount_description:
                text += f" {option.amount_description}"
        else:
            text = option.amount_description or "Free"
        if option.option:
            text = f"{option.option}: {text}"
        lines.append(text)
    if fees:
        lines.append(fees)
    if not lines:
        lines.append("Free" if free else "Ask the service what it costs.")
    return lines


def review_due(assured: date | None, months: int) -> date | None:
    """When the listing should next be checked, or None when it never has been."""
    return add_months(assured, months) if assured is not None else None


def is_overdue(assured: date | None, months: int, today: date) -> bool:
    """Whether the listing's check is overdue (or it was never checked)."""
    due = review_due(assured, months)
    return due is None or due < today


def last_checked(value: date | str | None) -> str:
    """'Last checked: 3 March 2026' (from a date or an ISO date), or 'Not yet checked'."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            value = None
    if value is None:
        return "Not yet checked"
    return f"Last checked: {value.day} {value.strftime('%B %Y')}"
