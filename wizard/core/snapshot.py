"""The plan snapshot: what a family was told, frozen as JSON when they finish."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from wizard.core.engine import Progress
from wizard.core.graph import Graph
from wizard.core.pathway import Pathway
from wizard.core.summary import summarise

SNAPSHOT_VERSION = 1


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


def plan_snapshot(pathway: Pathway, graph: Graph, progress: Progress) -> dict[str, Any]:
    """Everything the plan page, the PDF and the letter need, with no reference back to content."""
    facts = progress.facts()
    graph = graph.for_plan()  # the family reads the plan, whoever answered the questions
    snapshot: dict[str, Any] = _jsonable(
        {
            "snapshot_version": SNAPSHOT_VERSION,
            "graph_version": pathway.graph_version,
            "as_of": pathway.as_of,
            "respondent": progress.answers.get("respondent"),
            "derived": dict(pathway.derived),
            "answers": dict(progress.answers),
            "notices": [asdict(notice) for notice in pathway.notices],
            "actions": [asdict(action) for action in pathway.actions],
            "told_us": [
                {"title": section.title, "rows": [asdict(row) for row in section.rows]}
                for section in summarise(graph, progress)
            ],
            "terms": dict(graph.terms(facts)),
        }
    )
    return snapshot
