"""Derived values exactly as the data dictionary defines them, and deadline arithmetic."""

from __future__ import annotations

from datetime import date

import pytest

from wizard.core.derive import (
    add_months,
    add_weeks,
    age_on,
    compulsory_school_age_ends,
    derived_values,
    parse_month,
    school_year,
)


def test_the_spec_example():
    assert derived_values("2016-03", date(2026, 11, 30)) == {
        "age": 10,
        "school_year": 6,
        "compulsory_school_age_ends": date(2032, 6, 25),
    }


@pytest.mark.parametrize(
    ("birth", "as_of", "age"),
    [
        ("2016-03", date(2026, 2, 28), 9),
        ("2016-03", date(2026, 3, 1), 10),  # from the first day of the birth month
        ("2021-11", date(2026, 10, 31), 4),
        ("2021-11", date(2026, 11, 1), 5),
        ("2001-12", date(2026, 11, 30), 24),
        ("2001-12", date(2026, 12, 1), 25),
    ],
)
def test_age_counts_from_the_first_of_the_birth_month(birth, as_of, age):
    assert age_on(parse_month(birth), as_of) == age


@pytest.mark.parametrize(
    ("birth", "as_of", "year"),
    [
        ("2020-08", date(2024, 9, 1), 0),  # summer-born: Reception just after turning 4
        ("2020-08", date(2025, 9, 1), 1),
        ("2020-09", date(2024, 9, 1), None),  # autumn-born: a year later
        ("2020-09", date(2025, 9, 1), 0),
        ("2015-09", date(2026, 11, 30), 6),
        ("2016-08", date(2026, 11, 30), 6),
        ("2016-09", date(2026, 11, 30), 5),
        ("2010-01", date(2026, 8, 31), 11),
        ("2010-01", date(2026, 9, 1), 12),
        ("2008-09", date(2026, 11, 30), 13),
        ("2008-08", date(2026, 11, 30), None),  # beyond Year 13
    ],
)
def test_school_year_uses_the_1_september_cut_off(birth, as_of, year):
    assert school_year(parse_month(birth), as_of) == year


@pytest.mark.parametrize(
    ("birth", "ends"),
    [
        ("2016-03", date(2032, 6, 25)),
        ("2016-08", date(2032, 6, 25)),
        ("2016-09", date(2033, 6, 24)),
        ("2010-12", date(2027, 6, 25)),
    ],
)
def test_compulsory_school_age_ends_on_the_last_friday_in_june_of_year_11(birth, ends):
    result = compulsory_school_age_ends(parse_month(birth))
    assert result == ends
    assert result.weekday() == 4 and result.month == 6 and result.day > 23


def test_unknown_birth_month_means_unknown_values():
    assert derived_values(None, date(2026, 11, 30)) == {
        "age": None,
        "school_year": None,
        "compulsory_school_age_ends": None,
    }


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),  # leap year
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 8, 15), 2, date(2026, 10, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_months_clamp_to_the_end_of_the_month(start, months, expected):
    assert add_months(start, months) == expected


def test_weeks_are_seven_days():
    assert add_weeks(date(2026, 11, 30), 6) == date(2027, 1, 11)
    assert add_weeks(date(2026, 11, 30), 20) == date(2027, 4, 19)
