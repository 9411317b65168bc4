"""The replay engine: from the start node, follow the answers through the routes to where they stop.

Two modes. Replay (the API and CLI, `passed=None`) moves past information pages and unanswered
optional questions along their default route. Journey (the web, `passed` = the pages the user has
read or skipped) stops at any such page not yet passed, so the user sees it once.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wizard.core.answers import AnswerError, AnswerValue, Context, check_answer
from wizard.core.conditions import FactValue
from wizard.core.content_ids import BIRTH_MONTH
from wizard.core.derive import derived_values
from wizard.core.graph import Graph, Node


class EngineError(RuntimeError):
    """The graph cannot be replayed (a cycle or a missing node the static checks should have caught)."""


class NotOnPath(ValueError):
    """An answer was given for a question that is not on the user's current path."""

    def __init__(self, question: str):
        self.question = question
        super().__init__(f"'{question}' is not on the current path")


@dataclass(frozen=True)
class Progress:
    """Where a set of answers leads."""

    path: tuple[str, ...]
    current: str | None
    complete: bool
    answers: Mapping[str, AnswerValue]
    ignored: tuple[str, ...]
    invalid: tuple[str, ...] = ()
    derived: Mapping[str, int | date | None] = field(default_factory=dict)

    def facts(self) -> dict[str, FactValue]:
        """The on-path answers and derived values, as conditions see them."""
        return facts_from(self.answers, self.derived)


def facts_from(answers: Mapping[str, Any], derived: Mapping[str, Any]) -> dict[str, FactValue]:
    """Merge answers and derived values (a derived value of None stays unknown)."""
    facts: dict[str, FactValue] = dict(answers)
    facts.update({key: value for key, value in derived.items() if value is not None})
    return facts


def next_node(node: Node, facts: Mapping[str, FactValue]) -> str | None:
    """The first route whose condition holds, else the default next."""
    for route in node.routes:
        if route.when.evaluate(facts):
            return route.to
    return node.next


def resolve(
    graph: Graph,
    answers: Mapping[str, Any],
    as_of: date,
    *,
    passed: Collection[str] | None = None,
) -> Progress:
    """Replay `answers` from the start; return the path, the current node and what was ignored."""
    path: list[str] = []
    on_path: dict[str, AnswerValue] = {}
    invalid: list[str] = []
    derived: dict[str, int | date | None] = dict(derived_values(None, as_of))
    facts: dict[str, FactValue] = {}
    node_id: str | None = graph.start
    current: str | None = None
    complete = False
    limit = len(graph.nodes) + 1
    while node_id is not None:
        if len(path) >= limit or node_id in path:
            raise EngineError(f"the route through '{node_id}' loops back on itself")
        node = graph.nodes.get(node_id)
        if node is None:
            raise EngineError(f"the route leads to '{node_id}', which does not exist")
        path.append(node_id)
        if node.type == "end":
            complete = True
            break
        if node.is_question:
            value = _valid_answer(node, answers.get(node_id), as_of, facts)
            if value is not None:
                on_path[node_id] = value
                facts[node_id] = value
                if node_id == BIRTH_MONTH and isinstance(value, str):
                    derived = dict(derived_values(value, as_of))
                    facts.update({k: v for k, v in derived.items() if v is not None})
            else:
                if answers.get(node_id) is not None:
                    invalid.append(node_id)
                if node.validation.required or (passed is not None and node_id not in passed):
                    current = node_id
                    break
        elif passed is not None and node_id not in passed:  # an information page not yet read
            current = node_id
            break
        node_id = next_node(node, facts)
    else:
        raise EngineError(f"'{path[-1]}' has nowhere to go")
    ignored = tuple(sorted(key for key in answers if key not in on_path and key not in invalid))
    return Progress(
        path=tuple(path),
        current=current,
        complete=complete,
        answers=on_path,
        ignored=ignored,
        invalid=tuple(invalid),
        derived=derived,
    )


def _valid_answer(
    node: Node, value: Any, as_of: date, facts: Mapping[str, FactValue]
) -> AnswerValue | None:
    """A stored answer that still fits its question (content may have changed since), else None."""
    if value is None:
        return None
    try:  # only validity matters here, so no voice is needed for messages
        return check_answer(node, value, Context(as_of, facts))
    except AnswerError:
        return None


@dataclass(frozen=True)
class Submission:
    """The answers after one accepted submission, and where they now lead."""

    answers: dict[str, Any]
    progress: Progress


def submit(
    graph: Graph,
    answers: Mapping[str, Any],
    question: str,
    value: Any,
    as_of: date,
    *,
    passed: Collection[str] | None = None,
    before: Progress | None = None,
) -> Submission:
    """Check one answer against its node and add it; later answers are kept, not deleted.

    `before` is where `answers` lead now, if the caller has already resolved them (same date and
    passed pages). Raises NotOnPath for a question the user cannot reach with their answers, and
    AnswerError (with the content's message) for an answer the question does not accept.
    """
    if before is None:
        before = resolve(graph, answers, as_of, passed=passed)
    node = graph.nodes.get(question)
    if node is None or question not in before.path or not node.is_question:
        raise NotOnPath(question)
    index = before.path.index(question)
    facts = facts_from(
        {k: v for k, v in before.answers.items() if k in before.path[:index]},
        before.derived if BIRTH_MONTH in before.path[:index] else {},
    )
    checked = check_answer(node, value, Context(as_of, facts, graph.terms(facts)))
    updated = dict(answers)
    if checked is None:
        updated.pop(question, None)
    else:
        updated[question] = checked
    return Submission(updated, resolve(graph, updated, as_of, passed=passed))
