"""Insight for commissioners: the anonymous record of a finished plan, counting, and suppression.

A finished plan leaves one anonymous record (`AnonymousPlan`): the month it was finished, an age
band, and the values chosen from fixed option lists (setting, needs areas, EHC status) with the ids
of the actions recommended and of those no open in-area service meets. It holds no id, token, date
of birth, name or free text, so it cannot be joined back to the family's answers (ADR 0035).

Every count shown is suppressed: a cell under 10 reads "fewer than 10", and further cells are hidden
until no hidden cell can be worked out from the totals shown (`suppress`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

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
    """The table with its row, column and grand totals, every number under 10 hidden (primary),
    and more numbers hidden until none hidden can be worked out from those shown (secondary).

    With the totals, every row and column is an equation (the cells add up to the total). A hidden
    number can be worked out exactly when it is a bridge in the graph whose nodes are the rows and
    columns and whose edges are the hidden cells: with a cycle through it, its value can move up
    and down the cycle without changing any total shown. So while some hidden cell is a bridge, the
    smallest shown number in its row or column is hidden too. And where a total shown, less the
    numbers shown beside it, would count fewer than 10 people among the hidden ones, the smallest
    shown number in that row or column is hidden as well (ADR 0035).
    """
    m, n = len(rows), len(columns)
    grid = [[counts.get((r, c), 0) for c in columns] for r in rows]
    for line in grid:
        line.append(sum(line))
    grid.append([sum(grid[i][j] for i in range(m)) for j in range(n + 1)])
    primary = {(i, j) for i in range(m + 1) for j in range(n + 1) if grid[i][j] < THRESHOLD}
    hidden = set(primary)
    while True:
        bridges = _bridges(hidden, m + 1)
        cell = _next_to_hide(grid, hidden, bridges) if bridges else _small_group(grid, hidden)
        if cell is None:
            break
        hidden.add(cell)
    cells = tuple(
        tuple(
            Cell(None, (i, j) in primary) if (i, j) in hidden else Cell(grid[i][j])
            for j in range(n + 1)
        )
        for i in range(m + 1)
    )
    return SafeTable(tuple(rows), tuple(columns), cells)


def _next_to_hide(
    grid: list[list[int]], hidden: set[tuple[int, int]], bridges: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The shown cell to hide next: the smallest in the row or column of any bridge, inner cells
    before totals (hiding the fewest people's counts); any shown cell when there is none; None
    when every cell is hidden (nothing shown, so nothing can be worked out)."""
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    near = {
        cell
        for i, j in bridges
        for cell in [(i, k) for k in range(last_column + 1)] + [(k, j) for k in range(last_row + 1)]
        if cell not in hidden
    }
    candidates = near or {
        (a, b) for a in range(last_row + 1) for b in range(last_column + 1) if (a, b) not in hidden
    }
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda c: (c[0] == last_row or c[1] == last_column, grid[c[0]][c[1]], c),
    )


def _small_group(grid: list[list[int]], hidden: set[tuple[int, int]]) -> tuple[int, int] | None:
    """A shown cell to hide where a shown total less the shown cells beside it leaves 1 to 9
    people among the hidden cells of its row or column (None when there is no such line)."""
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    lines = [[(i, j) for j in range(last_column)] + [(i, last_column)] for i in range(last_row + 1)]
    lines += [[(i, j) for i in range(last_row)] + [(last_row, j)] for j in range(last_column + 1)]
    for *inner, total in lines:
        if total in hidden:
            continue
        group = sum(grid[a][b] for a, b in inner if (a, b) in hidden)
        shown = [cell for cell in inner if cell not in hidden]
        if 0 < group < THRESHOLD and shown:
            return min(shown, key=lambda c: (grid[c[0]][c[1]], c))
    return None


def _bridges(hidden: set[tuple[int, int]], row_count: int) -> list[tuple[int, int]]:
    """The hidden cells that are bridges of the row-column graph (Tarjan's algorithm)."""
    adjacency: dict[int, list[tuple[int, tuple[int, int]]]] = {}
    for i, j in hidden:
        a, b = i, row_count + j  # rows and columns as nodes of one graph
        adjacency.setdefault(a, []).append((b, (i, j)))
        adjacency.setdefault(b, []).append((a, (i, j)))
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    found: list[tuple[int, int]] = []
    for root in adjacency:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[int, tuple[int, int] | None, int]] = [(root, None, 0)]
        while stack:
            node, via, index = stack[-1]
            edges = adjacency[node]
            if index < len(edges):
                stack[-1] = (node, via, index + 1)
                nxt, edge = edges[index]
                if edge == via:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                else:
                    order[nxt] = low[nxt] = len(order)
                    stack.append((nxt, edge, 0))
            else:
                stack.pop()
                if stack and via is not None:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.append(via)
    return found
