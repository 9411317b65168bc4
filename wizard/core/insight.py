"""Insight for commissioners: the anonymous record of a finished plan, counting, and suppression.

A finished plan leaves one anonymous record (`AnonymousPlan`): the month it was finished, an age
band, and the values chosen from fixed option lists (setting, needs areas, EHC status) with the ids
of the actions recommended and of those no open in-area service meets. It holds no id, token, date
of birth, name or free text, so it cannot be joined back to the family's answers (ADR 0035).

Every count shown is suppressed: a cell under 10 reads "fewer than 10", and a total is shown only
when every number it adds up is shown (`suppress`).

Records and counters are kept by month. A council with few plans a month can count by calendar
quarter instead (the grain, INSIGHT_GRAIN): month counts are added up into quarters when they are
read, and the inner cells are then (value, quarter) counts, suppressed by the same rules (ADR 0045).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, TypeVarTuple

from wizard.core.content_ids import AGE, NEEDS_AREAS, SETTING
from wizard.core.graph import Graph
from wizard.core.pathway import Pathway

#: The EHC status question (questions/nodes/04-ehc.yaml); tests check it is in the real graph.
EHC_STATUS = "ehc_status"
#: A count below this is never shown.
THRESHOLD = 10
#: Written for a question the family was not asked or skipped.
NOT_ANSWERED = "not_answered"
#: Age bands by the first age in each (whole years); the last runs to 25.
AGE_BANDS: tuple[tuple[str, int], ...] = (
    ("0 to 4", 0),
    ("5 to 10", 5),
    ("11 to 15", 11),
    ("16 to 18", 16),
    ("19 to 25", 19),
)
AGE_UNKNOWN = "Not known"

#: The units insight counts by: months, or calendar quarters for a small area (ADR 0045).
Grain = Literal["month", "quarter"]
GRAINS: tuple[Grain, ...] = ("month", "quarter")
MONTHS_PER_UNIT: dict[Grain, int] = {"month": 1, "quarter": 3}


@dataclass(frozen=True)
class AnonymousPlan:
    """What insight keeps of a finished plan: no id, no date finer than a month, no free text."""

    month: str
    age_band: str
    setting: str
    ehc_status: str
    needs_areas: tuple[str, ...]
    actions: tuple[str, ...]
    unmet: tuple[str, ...]


def month_of(day: date) -> str:
    """The month a date falls in, as 'YYYY-MM' (the finest time insight keeps)."""
    return f"{day.year:04d}-{day.month:02d}"


def age_band(age: int | None) -> str:
    """The age band of an age in whole years."""
    if age is None or age < 0:
        return AGE_UNKNOWN
    band = AGE_UNKNOWN
    for label, start in AGE_BANDS:
        if age >= start:
            band = label
    return band


def _chosen(graph: Graph, node_id: str, value: Any) -> tuple[str, ...]:
    """The answer's values that are options of the question: free text can never get through."""
    node = graph.nodes.get(node_id)
    if node is None:
        return ()
    allowed = set(node.option_values)
    values = value if isinstance(value, list) else [value]
    return tuple(sorted({v for v in values if isinstance(v, str) and v in allowed}))


def unmet_actions(pathway: Pathway) -> tuple[str, ...]:
    """Actions that send families to Local Offer services but found no open one in the area."""
    return tuple(
        sorted(
            action.id
            for action in pathway.actions
            if action.categories
            and not any(s.get("in_area") and not s.get("closed") for s in action.services)
        )
    )


def anonymous_plan(graph: Graph, pathway: Pathway, finished_on: date) -> AnonymousPlan:
    """The anonymous record of a plan finished on `finished_on` (its services already found)."""
    age = pathway.derived.get(AGE)
    setting = _chosen(graph, SETTING, pathway.answers.get(SETTING))
    ehc = _chosen(graph, EHC_STATUS, pathway.answers.get(EHC_STATUS))
    return AnonymousPlan(
        month=month_of(finished_on),
        age_band=age_band(age if isinstance(age, int) else None),
        setting=setting[0] if setting else NOT_ANSWERED,
        ehc_status=ehc[0] if ehc else NOT_ANSWERED,
        needs_areas=_chosen(graph, NEEDS_AREAS, pathway.answers.get(NEEDS_AREAS)),
        actions=tuple(sorted({action.id for action in pathway.actions})),
        unmet=unmet_actions(pathway),
    )


def months_between(first: str, last: str) -> tuple[str, ...]:
    """Every month from `first` to `last` ('YYYY-MM'), in order."""
    year, month = int(first[:4]), int(first[5:])
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(found)


# --- the grain: months or calendar quarters -------------------------------------------------------


def shift_month(month: str, by: int) -> str:
    """The month ('YYYY-MM') `by` months after `month` (before it when `by` is negative)."""
    index = int(month[:4]) * 12 + int(month[5:]) - 1 + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def quarter_of(month: str) -> str:
    """The calendar quarter a month ('YYYY-MM') falls in, as 'YYYY-Qn' (Q1 is January to March)."""
    return f"{month[:4]}-Q{(int(month[5:]) - 1) // 3 + 1}"


def unit_of(month: str, grain: Grain) -> str:
    """The unit of the grain that a month falls in: the month itself, or its quarter."""
    return quarter_of(month) if grain == "quarter" else month


def newest_month_offered(this_month: str, grain: Grain) -> str:
    """The newest month a period may end on: this month, by month; by quarter, the last month of
    the last quarter that has ended. A quarter still under way would grow month by month in front
    of its readers, and the growth is the month counts the quarter was chosen to hide (ADR 0045)."""
    if grain == "quarter":
        return shift_month(months_of(quarter_of(this_month))[0], -1)
    return this_month


def months_of(unit: str) -> tuple[str, ...]:
    """The months ('YYYY-MM') a unit covers: a month is itself, a quarter ('YYYY-Qn') its three."""
    if "-Q" not in unit:
        return (unit,)
    first = f"{unit[:4]}-{(int(unit[6:]) - 1) * 3 + 1:02d}"
    return (first, shift_month(first, 1), shift_month(first, 2))


def units_between(first: str, last: str, grain: Grain) -> tuple[str, ...]:
    """The units of the grain from the one holding month `first` to the one holding `last`."""
    return tuple(dict.fromkeys(unit_of(month, grain) for month in months_between(first, last)))


def recent_units(this_month: str, count: int, grain: Grain) -> tuple[str, ...]:
    """The `count` units of the grain up to and including the one holding `this_month`, oldest
    first (the periods a chooser offers)."""
    step = MONTHS_PER_UNIT[grain]
    return tuple(unit_of(shift_month(this_month, -step * n), grain) for n in reversed(range(count)))


Head = TypeVarTuple("Head")


def in_units(counts: Mapping[tuple[*Head, str], int], grain: Grain) -> Counter[tuple[*Head, str]]:
    """Month counts keyed with the month last, such as (value, month), added up into the grain's
    units: (value, quarter) by quarter, the same counts by month."""
    found: Counter[tuple[*Head, str]] = Counter()
    for key, count in counts.items():
        found[(*key[:-1], unit_of(key[-1], grain))] += count
    return found


# --- counting -------------------------------------------------------------------------------------


def count_pairs(pairs: Iterable[tuple[str, str]]) -> Counter[tuple[str, str]]:
    """Count (row, column) pairs, e.g. (setting, month) for each record."""
    return Counter(pairs)


# --- suppression ----------------------------------------------------------------------------------

TOTAL = "Total"


@dataclass(frozen=True)
class Cell:
    """One shown number: the value, or None when it is hidden (`primary`: it is under 10)."""

    value: int | None
    primary: bool = False

    @property
    def hidden(self) -> bool:
        """Whether the number is not shown."""
        return self.value is None


@dataclass(frozen=True)
class SafeTable:
    """A table of counts with its totals, after suppression: only safe numbers remain."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    #: cells[i][j] for rows[i], columns[j]; the last row and column are the totals.
    cells: tuple[tuple[Cell, ...], ...]

    def cell(self, row: str, column: str) -> Cell:
        """The cell for a row and column (TOTAL for the totals)."""
        rows = (*self.rows, TOTAL)
        columns = (*self.columns, TOTAL)
        return self.cells[rows.index(row)][columns.index(column)]

    def row_total(self, row: str) -> Cell:
        """A row's total over the columns."""
        return self.cell(row, TOTAL)


def suppress(
    counts: Mapping[tuple[str, str], int], rows: Sequence[str], columns: Sequence[str]
) -> SafeTable:
    """The table with its row, column and grand totals: every cell under 10 hidden (primary), and
    a total shown only when every number it adds up is shown ("hidden" otherwise).

    A shown cell is then its own count whatever else the table holds, and a shown total adds up
    only shown cells: nothing hidden can be worked out from one table, nor by setting two tables
    side by side, such as two periods that overlap (one month's cells are the same in both). An
    earlier rule hid extra inner cells chosen for each table, and two periods then gave a hidden
    count away by subtraction (ADR 0035).
    """
    grid = [[counts.get((r, c), 0) for c in columns] for r in rows]
    hidden = {
        (i, j) for i, line in enumerate(grid) for j, value in enumerate(line) if value < THRESHOLD
    }
    return _with_totals(rows, columns, grid, hidden)


def suppress_over_units(
    counts: Mapping[tuple[str, str, str], int],
    rows: Sequence[str],
    columns: Sequence[str],
    units: Sequence[str],
) -> SafeTable:
    """A table of counts over a period from (row, column, unit) counts, a unit being a month or a
    quarter (the grain): a cell is shown only when its count in every unit of the period is 10 or
    more, so two periods that overlap cannot be subtracted to give away a unit's small count;
    totals as in `suppress`."""
    grid = [[sum(counts.get((r, c, u), 0) for u in units) for c in columns] for r in rows]
    hidden = {
        (i, j)
        for i, r in enumerate(rows)
        for j, c in enumerate(columns)
        if any(counts.get((r, c, u), 0) < THRESHOLD for u in units)
    }
    return _with_totals(rows, columns, grid, hidden)


def _with_totals(
    rows: Sequence[str], columns: Sequence[str], grid: list[list[int]], hidden: set[tuple[int, int]]
) -> SafeTable:
    """The inner cells with their totals; a total is hidden when any number it adds up is."""
    m, n = len(rows), len(columns)
    full = [[*line, sum(line)] for line in grid]
    full.append([sum(full[i][j] for i in range(m)) for j in range(n + 1)])
    hidden = set(hidden)
    hidden |= {(i, n) for i in range(m) if any((i, j) in hidden for j in range(n))}
    hidden |= {(m, j) for j in range(n) if any((i, j) in hidden for i in range(m))}
    if hidden:
        hidden.add((m, n))
    primary = {(i, j) for i in range(m + 1) for j in range(n + 1) if full[i][j] < THRESHOLD}
    hidden |= primary
    cells = tuple(
        tuple(
            Cell(None, (i, j) in primary) if (i, j) in hidden else Cell(full[i][j])
            for j in range(n + 1)
        )
        for i in range(m + 1)
    )
    return SafeTable(tuple(rows), tuple(columns), cells)
