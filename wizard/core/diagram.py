"""Draw the question graph as Mermaid or Graphviz DOT text, for content designers and reviews."""

from __future__ import annotations

import json

from wizard.core.graph import Graph, Node

_SHAPES = {"end": ("([", "])"), "info": ("[/", "/]")}


def _label(node: Node) -> str:
    title = node.title.default
    return title if len(title) <= 60 else title[:57] + "..."


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;")


def to_mermaid(graph: Graph) -> str:
    """A Mermaid flowchart: one box per node, one arrow per route (labelled) and default next."""
    lines = ["flowchart TD"]
    for node in graph.nodes.values():
        opening, closing = _SHAPES.get(node.type, ('["', '"]'))
        if node.type in _SHAPES:
            opening, closing = opening + '"', '"' + closing
        lines.append(f"  {node.id}{opening}{_mermaid_text(node.id + ': ' + _label(node))}{closing}")
    for node in graph.nodes.values():
        for route in node.routes:
            lines.append(f'  {node.id} -->|"{_mermaid_text(route.when.source)}"| {route.to}')
        if node.next is not None:
            lines.append(f"  {node.id} --> {node.next}")
    return "\n".join(lines) + "\n"


def to_dot(graph: Graph) -> str:
    """A Graphviz digraph of the same shape (render with `dot -Tsvg`)."""
    lines = ["digraph questions {", '  rankdir=TB; node [shape=box, fontname="Arial"];']
    for node in graph.nodes.values():
        shape = {"end": "doubleoctagon", "info": "note"}.get(node.type, "box")
        label = json.dumps(f"{node.id}\n{_label(node)}")
        lines.append(f"  {json.dumps(node.id)} [label={label}, shape={shape}];")
    for node in graph.nodes.values():
        for route in node.routes:
            lines.append(
                f"  {json.dumps(node.id)} -> {json.dumps(route.to)} [label={json.dumps(route.when.source)}];"
            )
        if node.next is not None:
            lines.append(
                f'  {json.dumps(node.id)} -> {json.dumps(node.next)} [style=dashed, label="otherwise"];'
            )
    lines.append("}")
    return "\n".join(lines) + "\n"
