"""Derived values (age, school year, end of compulsory school age) and deadline arithmetic.

Definitions follow the data dictionary exactly; every function takes the as-of date explicitly so
the same answers always give the same plan.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from wizard.core.content_ids import AGE, BIRTH_MONTH, COMPULSORY_SCHOOL_AGE_ENDS, SCHOOL_YEAR

FIRST_SCHOOL_YEAR = 0  # Reception
LAST_SCHOOL_YEAR = 13

#: Derived values, the answer each is computed from, and its kind in the condition language.
DERIVED_FROM = {
    AGE: BIRTH_MONTH,
    SCHOOL_YEAR: BIRTH_MONTH,
    COMPULSORY_SCHOOL_AGE_ENDS: BIRTH_MONTH,
}


def parse_month(text: str) -> date:
    """Turn 'YYYY-MM' into the first day of that month; ValueError if it is not a real month."""
    if len(text) != 7 or text[4] != "-":
        raise ValueError(f"not a month: {text!r}")
    return date(int(text[:4]), int(text[5:]), 1)


def academic_year_start(day: date) -> int:
    """The calendar year in which the academic year containing `day` began (1 September cut-off)."""
    return day.year if day.month >= 9 else day.year - 1


def age_on(birth_month: date, as_of: date) -> int:
    """Whole years from the first day of the birth month to `as_of`."""
    years = as_of.year - birth_month.year
    if (as_of.month, as_of.day) < (birth_month.month, birth_month.day):
        years -= 1
    return years


def _birth_cohort(birth_month: date) -> int:
    """The start year of the academic year the child was born in."""
    return birth_month.year if birth_month.month >= 9 else birth_month.year - 1


def school_year_number(birth_month: date, as_of: date) -> int:
    """England's year group (0 = Reception) in the academic year containing `as_of`, unbounded."""
    return (academic_year_start(as_of) - 5) - _birth_cohort(birth_month)


def school_year(birth_month: date, as_of: date) -> int | None:
    """The year group, or None outside Reception to Year 13."""
    number = school_year_number(birth_month, as_of)
    return number if FIRST_SCHOOL_YEAR <= number <= LAST_SCHOOL_YEAR else None


def academic_year_when(birth_month: date, year_group: int) -> int:
    """The start year of the academic year in which the child is in `year_group`."""
    return _birth_cohort(birth_month) + 5 + year_group


def last_weekday_of_month(year: int, month: int, weekday: int) -> date:
    """The last given weekday (Monday = 0) of a month."""
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def compulsory_school_age_ends(birth_month: date) -> date:
    """The last Friday in June of the academic year in which the child is in Year 11."""
    year = (
        academic_year_when(birth_month, 11) + 1
    )  # June falls in the academic year's second calendar year
    return last_weekday_of_month(year, 6, calendar.FRIDAY)


def derived_values(birth_month_text: str | None, as_of: date) -> dict[str, int | date | None]:
    """All derived values from a 'YYYY-MM' birth month (all None when it is unknown)."""
    if not birth_month_text:
        return {AGE: None, SCHOOL_YEAR: None, COMPULSORY_SCHOOL_AGE_ENDS: None}
    birth_month = parse_month(birth_month_text)
    return {
        AGE: age_on(birth_month, as_of),
        SCHOOL_YEAR: school_year(birth_month, as_of),
        COMPULSORY_SCHOOL_AGE_ENDS: compulsory_school_age_ends(birth_month),
    }


def add_days(start: date, days: int) -> date:
    """`start` plus a number of calendar days."""
    return start + timedelta(days=days)


def add_weeks(start: date, weeks: int) -> date:
    """`start` plus whole weeks, counted as 7 days each."""
    return start + timedelta(days=7 * weeks)


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or that month's last day where the day does not exist."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))
