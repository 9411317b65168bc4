"""Suppression as properties: no count under 10 is shown, and no hidden count can be worked out
from the numbers shown (checked by linear algebra, independently of the bridge rule used). The
same properties hold at each grain, with month counts added up into quarters (ADR 0045)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.core.insight import (
    GRAINS,
    TOTAL,
    in_units,
    months_between,
    months_of,
    shift_month,
    suppress,
    suppress_over_units,
    units_between,
)


def _grid(counts, rows, columns):
    grid = [[counts.get((r, c), 0) for c in columns] for r in rows]
    for line in grid:
        line.append(sum(line))
    grid.append([sum(grid[i][j] for i in range(len(rows))) for j in range(len(columns) + 1)])
    return grid


def _rank(matrix):
    rows = [[Fraction(x) for x in row] for row in matrix]
    rank, width = 0, len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][col] != 0:
                factor = rows[r][col] / rows[rank][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def determinable(hidden, m, n):
    """The hidden cells whose value follows from the shown ones: e_c is in the row space of the
    row and column equations restricted to the hidden cells."""
    cells = sorted(hidden)
    equations = [
        [(1 if b < n else -1) if a == i else 0 for a, b in cells] for i in range(m + 1)
    ] + [[(1 if a < m else -1) if b == j else 0 for a, b in cells] for j in range(n + 1)]
    base = _rank(equations)
    found = []
    for k, cell in enumerate(cells):
        unit = [1 if x == k else 0 for x in range(len(cells))]
        if _rank([*equations, unit]) == base:
            found.append(cell)
    return found


tables = st.integers(1, 4).flatmap(
    lambda m: st.integers(1, 4).flatmap(
        lambda n: st.tuples(
            st.just(m),
            st.just(n),
            st.lists(st.lists(st.integers(0, 40), min_size=n, max_size=n), min_size=m, max_size=m),
        )
    )
)


def _table(m, n, values):
    rows = [f"r{i}" for i in range(m)]
    columns = [f"c{j}" for j in range(n)]
    counts = {(rows[i], columns[j]): values[i][j] for i in range(m) for j in range(n)}
    return rows, columns, counts, suppress(counts, rows, columns)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_count_under_10_is_shown_and_shown_counts_are_true(table):
    m, n, values = table
    rows, columns, counts, safe = _table(m, n, values)
    grid = _grid(counts, rows, columns)
    for i in range(m + 1):
        for j in range(n + 1):
            cell = safe.cells[i][j]
            if grid[i][j] < 10:
                assert cell.hidden and cell.primary
            if not cell.hidden:
                assert cell.value == grid[i][j]


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_count_can_be_worked_out_from_the_totals(table):
    m, n, values = table
    _rows, _columns, _counts, safe = _table(m, n, values)
    hidden = {(i, j) for i in range(m + 1) for j in range(n + 1) if safe.cells[i][j].hidden}
    assert determinable(hidden, m, n) == []


@settings(max_examples=300, deadline=None)
@given(tables)
def test_a_shown_total_never_leaves_fewer_than_10_among_the_hidden_cells_beside_it(table):
    m, n, values = table
    rows, columns, counts, safe = _table(m, n, values)
    grid = _grid(counts, rows, columns)
    lines = [[(i, j) for j in range(n + 1)] for i in range(m + 1)]
    lines += [[(i, j) for i in range(m + 1)] for j in range(n + 1)]
    for *inner, (a, b) in lines:
        if not safe.cells[a][b].hidden:
            group = sum(grid[i][j] for i, j in inner if safe.cells[i][j].hidden)
            assert group == 0 or group >= 10


def test_a_small_cell_hides_the_totals_it_is_in_and_nothing_else():
    counts = {("a", "x"): 3, ("a", "y"): 50, ("b", "x"): 40, ("b", "y"): 60}
    safe = suppress(counts, ["a", "b"], ["x", "y"])

    assert safe.cell("a", "x").hidden and safe.cell("a", "x").primary
    assert safe.cell("a", "y").value == 50 and safe.cell("b", "x").value == 40
    assert safe.row_total("a").hidden and not safe.row_total("a").primary  # else 53 - 50 = 3
    assert safe.cell(TOTAL, "x").hidden  # else 43 - 40 = 3 down the column
    assert safe.cell(TOTAL, TOTAL).hidden
    assert safe.row_total("b").value == 100 and safe.cell(TOTAL, "y").value == 110


months = st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=2), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(months, st.integers(0, 2), st.integers(1, 3))
def test_two_periods_that_overlap_never_give_away_a_small_month(values, start, length):
    # Rows, with counts for months m0..mK; a table for the whole span and one for a part of it.
    span = [f"m{k}" for k in range(len(values[0]) + 1)]
    rows = [f"r{i}" for i in range(len(values))]
    counts = {(rows[i], span[k]): v for i, line in enumerate(values) for k, v in enumerate(line)}
    part = span[start : start + length] or span[:1]
    whole_table, part_table = suppress(counts, rows, span), suppress(counts, rows, part)
    for row in rows:
        for month in span:
            if counts.get((row, month), 0) >= 10:
                continue
            # Every number either table shows: none may add up to this small count with others.
            for table in (whole_table, part_table):
                if month in table.columns:
                    assert table.cell(row, month).hidden
                    assert table.row_total(row).hidden and table.cell(TOTAL, month).hidden
    for table in (whole_table, part_table):
        for row in rows:
            for month in table.columns:
                shown = table.cell(row, month)
                assert shown.hidden or shown.value == counts.get((row, month), 0)


def test_over_units_a_cell_is_shown_only_when_each_of_its_months_counts_10_or_more():
    counts = {("a", "x", "m1"): 3, ("a", "x", "m2"): 50, ("a", "y", "m1"): 12, ("a", "y", "m2"): 11}
    both = suppress_over_units(counts, ["a"], ["x", "y"], ["m1", "m2"])
    second = suppress_over_units(counts, ["a"], ["x", "y"], ["m2"])
    assert both.cell("a", "x").hidden and not both.cell("a", "x").primary  # 53, but m1 is 3
    assert second.cell("a", "x").value == 50
    assert both.cell("a", "y").value == 23
    assert both.row_total("a").hidden


def test_the_checker_sees_a_count_a_total_gives_away():
    # Only (0, 0) hidden in a 2 x 2 table with totals: row 0's total gives it away.
    assert determinable({(0, 0)}, 2, 2) == [(0, 0)]
    assert determinable({(0, 0), (0, 1), (1, 0), (1, 1)}, 2, 2) == []


# --- the same properties at each grain, from month counts as they are stored -----------------------

#: Month counts for 1 to 3 rows over 1 to 9 months from a month of 2026: small numbers, so that
#: months under 10 add up to quarters both under and over 10.
stored = st.tuples(st.integers(1, 3), st.integers(1, 9), st.integers(0, 11)).flatmap(
    lambda shape: st.tuples(
        st.just(shift_month("2026-01", shape[2])),
        st.lists(
            st.lists(st.integers(0, 14), min_size=shape[1], max_size=shape[1]),
            min_size=shape[0],
            max_size=shape[0],
        ),
    )
)


def _stored_counts(first, values):
    """(row, month) counts as the counters hold them, and the period's first and last month."""
    months = [shift_month(first, k) for k in range(len(values[0]))]
    rows = [f"r{i}" for i in range(len(values))]
    counts = {(rows[i], months[k]): v for i, line in enumerate(values) for k, v in enumerate(line)}
    return rows, counts, months[0], months[-1]


def _whole(first, last, grain):
    """The period widened to whole units of the grain, as the period form only offers them."""
    units = units_between(first, last, grain)
    return months_of(units[0])[0], months_of(units[-1])[-1]


def _at_grain(data, grain):
    """Stored month counts over a period of whole units of the grain, and the table shown."""
    rows, counts, first, last = _stored_counts(*data)
    first, last = _whole(first, last, grain)
    units = units_between(first, last, grain)
    return rows, counts, units, suppress(in_units(counts, grain), rows, units)


@pytest.mark.parametrize("grain", GRAINS)
@settings(max_examples=300, deadline=None)
@given(stored)
def test_at_each_grain_no_count_under_10_is_shown_and_shown_counts_are_true(grain, data):
    rows, counts, units, safe = _at_grain(data, grain)
    truth = {(r, u): sum(counts.get((r, m), 0) for m in months_of(u)) for r in rows for u in units}
    grid = _grid(truth, rows, units)
    for i in range(len(rows) + 1):
        for j in range(len(units) + 1):
            cell = safe.cells[i][j]
            if grid[i][j] < 10:
                assert cell.hidden and cell.primary
            if not cell.hidden:
                assert cell.value == grid[i][j]


@pytest.mark.parametrize("grain", GRAINS)
@settings(max_examples=300, deadline=None)
@given(stored)
def test_at_each_grain_no_hidden_count_can_be_worked_out_from_the_totals(grain, data):
    rows, _counts, units, safe = _at_grain(data, grain)
    m, n = len(rows), len(units)
    hidden = {(i, j) for i in range(m + 1) for j in range(n + 1) if safe.cells[i][j].hidden}
    assert determinable(hidden, m, n) == []


@pytest.mark.parametrize("grain", GRAINS)
@settings(max_examples=300, deadline=None)
@given(stored, st.integers(0, 8), st.integers(1, 9))
def test_at_each_grain_two_periods_that_overlap_show_the_same_cells(grain, data, skip, length):
    rows, counts, first, last = _stored_counts(*data)
    first, last = _whole(first, last, grain)
    span = months_between(first, last)
    part_first, part_last = _whole(
        span[min(skip, len(span) - 1)], span[min(skip + length, len(span)) - 1], grain
    )
    by_unit = in_units(counts, grain)
    whole_table = suppress(by_unit, rows, units_between(first, last, grain))
    part_table = suppress(by_unit, rows, units_between(part_first, part_last, grain))
    assert set(part_table.columns) <= set(whole_table.columns)
    for row in rows:
        for unit in part_table.columns:
            # One unit's cell reads the same in both tables, so subtracting them tells nothing.
            assert part_table.cell(row, unit) == whole_table.cell(row, unit)
            if by_unit.get((row, unit), 0) < 10:
                for table in (whole_table, part_table):
                    assert table.row_total(row).hidden and table.cell(TOTAL, unit).hidden


@settings(max_examples=300, deadline=None)
@given(stored, st.integers(0, 14))
def test_over_quarters_a_cell_is_shown_only_when_each_quarter_counts_10_or_more(data, area_b):
    rows, counts, first, last = _stored_counts(*data)
    first, last = _whole(first, last, "quarter")
    by_area = {(r, "a", m): n for (r, m), n in counts.items()}
    by_area |= {(r, "b", m): area_b for (r, m) in counts}
    quarters = units_between(first, last, "quarter")
    by_quarter = in_units(by_area, "quarter")
    safe = suppress_over_units(by_quarter, rows, ["a", "b"], quarters)
    for row in rows:
        for area in ("a", "b"):
            cell = safe.cell(row, area)
            each = [by_quarter.get((row, area, q), 0) for q in quarters]
            assert cell.hidden == any(n < 10 for n in each)
            if not cell.hidden:
                assert cell.value == sum(each)
