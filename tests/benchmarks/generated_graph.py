"""Generate large, valid question graphs shaped like real content, for the engine benchmarks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

NODES_PER_FILE = 500


def blocks(count: int) -> list[dict[str, Any]]:
    """About `count` nodes, in blocks of four: a choice, a follow-up for one option, a yes/no, a number."""
    nodes: list[dict[str, Any]] = []
    block = 0
    while len(nodes) + 4 <= count - 1:
        ask, follow, check, amount = (
            f"q{block}_ask",
            f"q{block}_follow",
            f"q{block}_check",
            f"q{block}_amount",
        )
        after = f"q{block + 1}_ask"
        nodes += [
            {
                "id": ask,
                "type": "radios",
                "title": f"Which option fits best ({block})?",
                "options": [{"value": v, "label": v.title()} for v in ("alpha", "beta", "gamma")],
                "errors": {"required": "Select an option"},
                "routes": [{"when": f"{ask} is beta", "to": follow}],
                "next": check,
            },
            {
                "id": follow,
                "type": "checkboxes",
                "title": f"Which of these apply ({block})?",
                "options": [
                    {"value": "one", "label": "One"},
                    {"value": "two", "label": "Two"},
                    {"value": "none", "label": "None", "exclusive": True},
                ],
                "errors": {
                    "required": "Select what applies",
                    "exclusive": "Select none on its own",
                },
                "next": check,
            },
            {
                "id": check,
                "type": "yesno",
                "title": f"Is this true ({block})?",
                "errors": {"required": "Select yes or no"},
                "routes": [{"when": f"{check} is true and {ask} in [alpha, gamma]", "to": amount}],
                "next": after,
            },
            {
                "id": amount,
                "type": "number",
                "title": f"How many ({block})?",
                "validation": {"min": 0, "max": 100},
                "errors": {
                    "required": "Enter a number",
                    "invalid": "Enter a number",
                    "min": "Too small",
                    "max": "Too big",
                },
                "next": after,
            },
        ]
        block += 1
    last = f"q{block}_ask"
    for node in nodes:  # the final block's links point at the end node
        node["next"] = "finish" if node.get("next") == last else node["next"]
        for route in node.get("routes", []):
            route["to"] = "finish" if route["to"] == last else route["to"]
    nodes.append({"id": "finish", "type": "end", "title": "Done"})
    return nodes


def write_generated_graph(root: Path, count: int) -> Path:
    """Write a graph of `count` nodes as graph.yaml plus nodes/*.yaml of 500 nodes each."""
    nodes = blocks(count)
    (root / "nodes").mkdir(parents=True, exist_ok=True)
    (root / "graph.yaml").write_text(yaml.safe_dump({"start": nodes[0]["id"]}), encoding="utf-8")
    for index in range(0, len(nodes), NODES_PER_FILE):
        chunk = nodes[index : index + NODES_PER_FILE]
        path = root / "nodes" / f"part-{index // NODES_PER_FILE:03d}.yaml"
        path.write_text(yaml.safe_dump({"nodes": chunk}, sort_keys=False), encoding="utf-8")
    return root


def answers_for_path(length: int) -> dict[str, Any]:
    """Answers that walk `length` questions of a generated graph (beta, then 'one', then yes)."""
    answers: dict[str, Any] = {}
    block = 0
    while len(answers) < length:
        answers[f"q{block}_ask"] = "beta"
        answers[f"q{block}_follow"] = ["one"]
        answers[f"q{block}_check"] = True
        block += 1
    return dict(list(answers.items())[:length])
