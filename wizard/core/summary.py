"""The answers in words, grouped by section: for check your answers, the plan and the PDF."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wizard.core.engine import Progress
from wizard.core.graph import Graph, Node, format_value


@dataclass(frozen=True)
class AnswerRow:
    """One answered (or skipped) question: its short label and the answer as lines of text."""

    question: str
    label: str
    answer: tuple[str, ...]


@dataclass(frozen=True)
class SectionRows:
    """A section's title and its rows, in journey order."""

    section: str
    title: str
    rows: tuple[AnswerRow, ...]


def answer_lines(graph: Graph, node: Node, value: Any, facts: Mapping[str, Any]) -> tuple[str, ...]:
    """An answer in words: the option's answer wording (else its label), 'Yes', '2.5 miles'."""
    if value is None:
        return ()
    if node.type in ("radios", "checkboxes"):
        chosen = [value] if isinstance(value, str) else list(value)
        return tuple(
            graph.words(option.answer or option.label, facts)
            for option in node.options
            if option.value in chosen
        )
    if node.type == "yesno":
        return ("Yes" if value else "No",)
    if node.type == "number":
        return (f"{format_value(value)} {node.suffix}".strip(),)
    if node.type == "textarea":
        return tuple(line for line in str(value).splitlines() if line.strip()) or (str(value),)
    return (format_value(value),)


def summarise(graph: Graph, progress: Progress) -> list[SectionRows]:
    """Every question on the path, answered or skipped, grouped by section in order."""
    facts = progress.facts()
    groups: dict[str, list[AnswerRow]] = {}
    for node_id in progress.path:
        node = graph.nodes[node_id]
        if not node.is_question:
            continue
        label = graph.words(node.summary or node.title, facts)
        row = AnswerRow(
            node_id, label, answer_lines(graph, node, progress.answers.get(node_id), facts)
        )
        groups.setdefault(node.section or "", []).append(row)
    sections = []
    for section_id, rows in groups.items():
        section = graph.section(section_id)
        title = graph.words(section.title, facts) if section else ""
        sections.append(SectionRows(section_id, title, tuple(rows)))
    return sections
