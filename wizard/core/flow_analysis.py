"""Flow analysis of a loaded graph: targets, reachability, cycles, condition order, dead routes.

Each check returns ContentErrors naming the file, the line and the node; none raises on a strange
graph. The condition-order and dead-route analyses assume a well-formed, acyclic graph.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from wizard.core.conditions import (
    Answered,
    Compare,
    Condition,
    FactType,
    FactValue,
    HasOther,
    Includes,
    Membership,
    atoms,
)
from wizard.core.derive import DERIVED_FROM
from wizard.core.graph import Graph, Node
from wizard.core.yamlsource import ContentError

#: The most combinations of values tried when deciding whether a route can ever be taken.
MAX_ASSIGNMENTS = 4096


def problem_at(node: Node, message: str, *path: str | int) -> ContentError:
    """A ContentError at `path` within `node`, naming its file, line and id."""
    return ContentError(node.file, node.line_of(*path), message, node.id)


# --- structure ---------------------------------------------------------------------------------


def check_targets(graph: Graph) -> list[ContentError]:
    """Every `next` and route target names a node that exists."""
    problems = []
    for node in graph.nodes.values():
        if node.next is not None and node.next not in graph.nodes:
            problems.append(
                problem_at(node, f"`next` goes to '{node.next}', which does not exist", "next")
            )
        for index, route in enumerate(node.routes):
            if route.to not in graph.nodes:
                problems.append(
                    problem_at(
                        node,
                        f"route {index + 1} goes to '{route.to}', which does not exist",
                        "routes",
                        index,
                        "to",
                    )
                )
    return problems


def _successors(graph: Graph, node_id: str) -> tuple[str, ...]:
    node = graph.nodes.get(node_id)
    return tuple(t for t in node.targets() if t in graph.nodes) if node else ()


def reachable_from_start(graph: Graph) -> set[str]:
    """The ids of every node some path from the start can reach."""
    if graph.start not in graph.nodes:
        return set()
    seen = {graph.start}
    queue = deque([graph.start])
    while queue:
        for target in _successors(graph, queue.popleft()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def check_reachable(graph: Graph) -> list[ContentError]:
    """Every node can be reached from the start."""
    reachable = reachable_from_start(graph)
    if graph.start not in graph.nodes:
        return []  # the loader has already said the start node is missing
    return [
        problem_at(
            node, "this node cannot be reached from the start: no route or `next` leads here"
        )
        for node_id, node in graph.nodes.items()
        if node_id not in reachable
    ]


def check_reaches_end(graph: Graph) -> list[ContentError]:
    """From every node some path leads to an end node."""
    ends = [node_id for node_id, node in graph.nodes.items() if node.type == "end"]
    if not ends:
        return [
            ContentError(
                graph.start_file or "graph.yaml",
                graph.start_line,
                "the graph has no end node (type: end)",
            )
        ]
    predecessors: dict[str, list[str]] = {node_id: [] for node_id in graph.nodes}
    for node_id in graph.nodes:
        for target in _successors(graph, node_id):
            predecessors[target].append(node_id)
    seen = set(ends)
    queue = deque(ends)
    while queue:
        for source in predecessors[queue.popleft()]:
            if source not in seen:
                seen.add(source)
                queue.append(source)
    reachable = reachable_from_start(graph)
    return [
        problem_at(node, "no path from this node reaches an end node")
        for node_id, node in graph.nodes.items()
        if node_id not in seen and node_id in reachable
    ]


def check_cycles(graph: Graph) -> list[ContentError]:
    """No route leads back to a node already on the way: the journey must always move forward."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph.nodes, white)
    problems = []
    for root in graph.nodes:
        if colour[root] != white:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(_successors(graph, root)))]
        trail = [root]
        colour[root] = grey
        while stack:
            node_id, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node_id] = black
                stack.pop()
                trail.pop()
            elif colour[child] == grey:
                loop = [*trail[trail.index(child) :], child]
                node = graph.nodes[node_id]
                problems.append(
                    problem_at(
                        node,
                        f"this route makes a loop: {' -> '.join(loop)}",
                        *_route_path(node, child),
                    )
                )
            elif colour[child] == white:
                colour[child] = grey
                trail.append(child)
                stack.append((child, iter(_successors(graph, child))))
    return problems


def _route_path(node: Node, target: str) -> tuple[str | int, ...]:
    for index, route in enumerate(node.routes):
        if route.to == target:
            return ("routes", index)
    return ("next",)


# --- flow analysis -------------------------------------------------------------------------------


def _topological_order(graph: Graph) -> list[str]:
    """Nodes reachable from the start, each before every node it leads to (the graph is acyclic)."""
    reachable = reachable_from_start(graph)
    indegree = dict.fromkeys(reachable, 0)
    for node_id in reachable:
        for target in _successors(graph, node_id):
            indegree[target] += 1
    queue = deque([graph.start])
    order = []
    while queue:
        node_id = queue.popleft()
        order.append(node_id)
        for target in _successors(graph, node_id):
            indegree[target] -= 1
            if indegree[target] == 0:
                queue.append(target)
    return order


class Dominators:
    """Which nodes lie on every path from the start to a node (Cooper, Harvey and Kennedy, on a DAG)."""

    def __init__(self, graph: Graph):
        order = _topological_order(graph)
        self.index = {node_id: position for position, node_id in enumerate(order)}
        predecessors: dict[str, list[str]] = {node_id: [] for node_id in order}
        for node_id in order:
            for target in _successors(graph, node_id):
                predecessors[target].append(node_id)
        self.parent: dict[str, str] = {graph.start: graph.start}
        for node_id in order[1:]:
            chosen: str | None = None
            for source in predecessors[node_id]:
                chosen = source if chosen is None else self._intersect(source, chosen)
            self.parent[node_id] = chosen or graph.start
        self._number_tree(graph.start)

    def _intersect(self, first: str, second: str) -> str:
        while first != second:
            while self.index[first] > self.index[second]:
                first = self.parent[first]
            while self.index[second] > self.index[first]:
                second = self.parent[second]
        return first

    def _number_tree(self, root: str) -> None:
        children: dict[str, list[str]] = {}
        for node_id, parent in self.parent.items():
            if node_id != parent:
                children.setdefault(parent, []).append(node_id)
        self.enter: dict[str, int] = {}
        self.leave: dict[str, int] = {}
        counter = 0
        stack: list[tuple[str, bool]] = [(root, False)]
        while stack:
            node_id, done = stack.pop()
            if done:
                self.leave[node_id] = counter
                counter += 1
                continue
            self.enter[node_id] = counter
            counter += 1
            stack.append((node_id, True))
            stack.extend((child, False) for child in children.get(node_id, []))

    def dominates(self, first: str, second: str) -> bool:
        """True when every path from the start to `second` passes through `first`."""
        if first not in self.enter or second not in self.enter:
            return False
        return self.enter[first] <= self.enter[second] and self.leave[second] <= self.leave[first]


def _path_avoiding(graph: Graph, target: str, avoid: str) -> list[str] | None:
    """A shortest path from the start to `target` that never passes `avoid` (for examples)."""
    if graph.start == avoid:
        return None
    previous: dict[str, str | None] = {graph.start: None}
    queue = deque([graph.start])
    while queue:
        node_id = queue.popleft()
        if node_id == target:
            path = []
            step: str | None = node_id
            while step is not None:
                path.append(step)
                step = previous[step]
            return path[::-1]
        for child in _successors(graph, node_id):
            if child not in previous and child != avoid:
                previous[child] = node_id
                queue.append(child)
    return None


def answer_sources(condition: Condition) -> set[str]:
    """The questions a condition depends on (a derived value depends on the birth month)."""
    sources = set()
    for atom in atoms(condition.expr):
        if isinstance(atom, Answered):
            continue  # asking whether a question was answered is safe anywhere
        sources.add(DERIVED_FROM.get(atom.ident, atom.ident))
    return sources


def check_condition_order(graph: Graph) -> list[ContentError]:
    """Conditions only use questions answered before them on every path to their node."""
    dominators = Dominators(graph)
    problems = []
    uses: list[tuple[Node, Condition, tuple[str | int, ...], bool]] = []
    for node in graph.nodes.values():
        for index, route in enumerate(node.routes):
            uses.append((node, route.when, ("routes", index, "when"), True))
        for text, path in node.texts():
            for variant_index, variant in enumerate(text.variants):
                if variant.when is not None:
                    uses.append((node, variant.when, (*path, variant_index, "when"), False))
    for node, condition, path, own_answer_known in uses:
        for source in sorted(answer_sources(condition)):
            if source == node.id and own_answer_known:
                continue
            if source == node.id or not dominators.dominates(source, node.id):
                example = _path_avoiding(graph, node.id, source)
                why = f" (for example {' -> '.join(example)})" if example else ""
                subject = (
                    "this question's own answer, which is not known yet"
                    if source == node.id
                    else (f"'{source}', which is not answered before this point on every path{why}")
                )
                problems.append(
                    problem_at(node, f"condition '{condition.source}' uses {subject}", *path)
                )
    return problems


# --- routes that can never be taken --------------------------------------------------------------


def _representatives(
    fact: FactType, conditions: list[Condition], ident: str
) -> list[FactValue] | None:
    """A few values of `ident` that between them reach every outcome of the given conditions."""
    mentioned: list[Any] = []
    for condition in conditions:
        for atom in atoms(condition.expr):
            if atom.ident != ident or isinstance(atom, Answered):
                continue
            if isinstance(atom, (Membership, Includes)):
                mentioned += [value.python() for value in atom.values]
            elif isinstance(atom, (HasOther, Compare)):
                mentioned.append(atom.value.python())
    unknown: list[FactValue] = [None]
    if fact.kind == "boolean":
        return [True, False, *unknown]
    if fact.kind == "choice":
        named = [v for v in dict.fromkeys(mentioned) if isinstance(v, str)]
        other = [v for v in fact.values if v not in named][:1]
        return [*named, *other, *unknown]
    if fact.kind == "multichoice":
        named = [v for v in dict.fromkeys(mentioned) if isinstance(v, str)]
        pool = named + [v for v in fact.values if v not in named][:1]
        if len(pool) > 6:
            return None
        subsets: list[FactValue] = [
            frozenset(combo)
            for size in range(1, len(pool) + 1)
            for combo in itertools.combinations(pool, size)
        ]
        return [*subsets, *unknown]
    if fact.kind == "number":
        points = sorted({float(v) for v in mentioned if isinstance(v, float)})
        values: list[FactValue] = [
            *sorted({p + delta for p in points for delta in (-0.5, 0.0, 0.5)})
        ] or [1.0]
        return [*values, *unknown]
    if fact.kind in ("month", "date"):
        days = sorted({v for v in mentioned if isinstance(v, date)})
        spread: list[FactValue] = [
            *sorted({d + timedelta(days=delta) for d in days for delta in (-1, 0, 1)})
        ] or [date(2000, 1, 1)]
        return [*spread, *unknown]
    return ["text", *unknown]


def check_dead_routes(graph: Graph) -> list[ContentError]:
    """Report routes that can never be taken: never true, or always beaten by an earlier route."""
    types = graph.fact_types()
    problems = []
    for node in graph.nodes.values():
        if not node.routes:
            continue
        conditions = [route.when for route in node.routes]
        idents = sorted({atom.ident for condition in conditions for atom in atoms(condition.expr)})
        domains = []
        for ident in idents:
            fact = types.get(ident)
            values = _representatives(fact, conditions, ident) if fact else None
            if values is None:
                break
            domains.append(values)
        else:
            total = 1
            for values in domains:
                total *= len(values)
            if total <= MAX_ASSIGNMENTS:
                problems += _dead_routes_of(node, idents, domains)
    return problems


def _dead_routes_of(
    node: Node, idents: list[str], domains: list[list[FactValue]]
) -> list[ContentError]:
    fires = [False] * len(node.routes)
    satisfiable = [False] * len(node.routes)
    for combination in itertools.product(*domains):
        facts = {
            ident: value
            for ident, value in zip(idents, combination, strict=True)
            if value is not None
        }
        earlier_won = False
        for index, route in enumerate(node.routes):
            holds = route.when.evaluate(facts)
            satisfiable[index] = satisfiable[index] or holds
            if holds and not earlier_won:
                fires[index] = True
                earlier_won = True
        if all(fires):
            return []
    problems = []
    for index, route in enumerate(node.routes):
        if fires[index]:
            continue
        if not satisfiable[index]:
            message = f"route {index + 1} ('{route.when.source}') can never be taken: its condition is never true"
        else:
            message = (
                f"route {index + 1} ('{route.when.source}') can never be taken: "
                "an earlier route always matches first"
            )
        problems.append(problem_at(node, message, "routes", index))
    return problems
