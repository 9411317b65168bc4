"""Content checks of a loaded graph: `check_graph` runs every static check (flow analysis,
error messages, dictionary conformance), and `summary` describes a graph that passed.

Each check returns ContentErrors naming the file, the line and the node, so a content designer can
go straight to the mistake; none of them raises on a strange graph.
"""

from __future__ import annotations

from collections.abc import Iterable

from wizard.core.answers import error_keys
from wizard.core.conformance import check_asked_when, check_dictionary
from wizard.core.dictionary import Dictionary
from wizard.core.flow_analysis import (
    check_condition_order,
    check_cycles,
    check_dead_routes,
    check_reachable,
    check_reaches_end,
    check_targets,
    problem_at,
)
from wizard.core.gcpause import paused_gc
from wizard.core.graph import Graph
from wizard.core.yamlsource import ContentError


def check_graph(
    graph: Graph, dictionary: Dictionary | None = None, samples: int = 400
) -> list[ContentError]:
    """Run every check; with a dictionary, also conformance and `asked_when` replay of `samples` answer sets."""
    with paused_gc():
        return _check_graph(graph, dictionary, samples)


def _check_graph(graph: Graph, dictionary: Dictionary | None, samples: int) -> list[ContentError]:
    problems = check_targets(graph)
    problems += check_cycles(graph)
    problems += check_reachable(graph)
    problems += check_reaches_end(graph)
    problems += check_messages(graph)
    if not problems:  # the flow analyses need a well-formed, acyclic graph
        problems += check_condition_order(graph)
        problems += check_dead_routes(graph)
    if dictionary is not None:
        conformance = check_dictionary(graph, dictionary)
        problems += conformance
        if not problems:
            problems += check_asked_when(graph, dictionary, samples=samples)
    return _unique(problems)


def _unique(problems: Iterable[ContentError]) -> list[ContentError]:
    seen: set[str] = set()
    found = []
    for problem in problems:
        if problem.describe() not in seen:
            seen.add(problem.describe())
            found.append(problem)
    return found


def check_messages(graph: Graph) -> list[ContentError]:
    """Every way an answer can be invalid has a message; no message is given for a rule that cannot fail."""
    problems = []
    for node in graph.nodes.values():
        needed = error_keys(node)
        for key in needed:
            if key not in node.errors:
                problems.append(
                    problem_at(node, f"no error message for '{key}': add errors.{key}", "errors")
                )
        for key in node.errors:
            if key not in needed:
                problems.append(
                    problem_at(
                        node, f"errors.{key} can never be shown for this question", "errors", key
                    )
                )
        if node.type == "checkboxes" and sum(option.exclusive for option in node.options) > 1:
            problems.append(problem_at(node, "only one option can be exclusive", "options"))
    return problems


def summary(graph: Graph) -> str:
    """One line describing the checked graph."""
    questions = len(graph.questions())
    ends = sum(1 for node in graph.nodes.values() if node.type == "end")
    routes = sum(len(node.routes) for node in graph.nodes.values())
    return (
        f"OK: {len(graph.nodes)} nodes ({questions} questions, {ends} end), {routes} routes, "
        f"{len(graph.sections)} sections; content version {graph.version}"
    )
