"""Drive the engine as the web journey does: one page at a time, submitting or skipping."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from wizard.core.answers import AnswerError
from wizard.core.engine import Progress, resolve, submit
from wizard.core.graph import Graph


def step_by_step(graph: Graph, answers: Mapping[str, Any], as_of: date) -> Progress:
    """Answer each page in turn from `answers`; skip optional questions and read information pages.

    Stops where the journey would: at a required question with no acceptable answer.
    """
    given: dict[str, Any] = {}
    passed: set[str] = set()
    for _ in range(len(graph.nodes) + 1):
        progress = resolve(graph, given, as_of, passed=passed)
        if progress.complete or progress.current is None:
            break
        node = graph.nodes[progress.current]
        value = answers.get(node.id)
        if node.is_question and value is not None:
            try:
                given = submit(graph, given, node.id, value, as_of, passed=passed).answers
                passed.add(node.id)
                continue
            except AnswerError:
                pass
        if node.optional or not node.is_question:
            passed.add(node.id)
            continue
        break
    return resolve(graph, given, as_of)
