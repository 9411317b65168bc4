"""Build small question graphs from YAML text for tests, and ask where answers lead."""

from __future__ import annotations

import textwrap
from collections.abc import Collection, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from wizard.core.engine import resolve
from wizard.core.graph import Graph
from wizard.core.loader import load_graph

AS_OF = date(2026, 11, 30)

#: A small graph using every node type, a group, a voice, a route and an optional question.
BASIC = {
    "graph.yaml": """\
        start: who
        sections:
          - id: you
            title: About you
        groups:
          big: [large, huge]
        voices:
          - when: who is young
            terms: {child: you}
          - terms: {child: your child}
        """,
    "nodes/basic.yaml": """\
        nodes:
          - id: who
            type: radios
            section: you
            title: Who are you?
            options:
              - {value: parent, label: A parent}
              - {value: young, label: A young person}
            errors: {required: Select who you are}
            next: birth_month
          - id: birth_month
            type: month
            title: When was {child} born?
            validation: {not_future: true}
            errors: {required: Enter a month, invalid: Enter a real month, future: Must be in the past}
            next: size
          - id: size
            type: radios
            title: How big?
            options:
              - {value: small, label: Small}
              - {value: large, label: Large}
              - {value: huge, label: Huge}
            errors: {required: Select a size}
            routes:
              - when: size in big
                to: big_info
            next: pets
          - id: big_info
            type: info
            title: Big things need room
            body: [Read this before you go on.]
            next: pets
          - id: pets
            type: checkboxes
            title: Which pets?
            options:
              - {value: cat, label: Cat}
              - {value: dog, label: Dog}
              - {value: none, label: None, exclusive: true}
            errors: {required: Select pets, exclusive: Select none on its own}
            routes:
              - when: pets includes dog
                to: walks
            next: note
          - id: walks
            type: number
            title: How many walks a day?
            validation: {min: 0, max: 10}
            errors: {required: Enter walks, invalid: Enter a number, min: Too few, max: Too many}
            next: note
          - id: note
            type: textarea
            title: Anything else?
            validation: {required: false, max_length: 20}
            errors: {max_length: Note must be 20 characters or less}
            next: happy
          - id: happy
            type: yesno
            title: Are you happy?
            errors: {required: Select yes if you are happy}
            routes:
              - when: age < 5 and happy is true
                to: when
            next: done
          - id: when
            type: date
            title: When did it start?
            validation: {not_future: true}
            errors: {required: Enter a date, invalid: Enter a real date, future: Must be in the past}
            next: done
          - id: done
            type: end
            title: Finished
        """,
}


def write_content(root: Path, files: Mapping[str, str]) -> Path:
    """Write content files (YAML text, dedented) under `root` and return it."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def variant(
    old: str, new: str, file: str = "nodes/basic.yaml", base: Mapping[str, str] = BASIC
) -> dict[str, str]:
    """BASIC with one piece of text replaced (the old text must be there: a test cannot miss)."""
    text = textwrap.dedent(base[file])
    assert old in text, f"{old!r} is not in {file}"
    return {**base, file: text.replace(old, new, 1)}


def build(root: Path, files: Mapping[str, str] = BASIC) -> Graph:
    """Write the files under `root` and load them as a graph."""
    return load_graph(write_content(root, files))


def line_of(files: Mapping[str, str], file: str, fragment: str) -> int:
    """The 1-based line of the first line containing `fragment` (to assert messages name it)."""
    for number, line in enumerate(textwrap.dedent(files[file]).splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not found in {file}")


def next_page(
    graph: Graph, answers: Mapping[str, Any], passed: Collection[str] = (), as_of: date = AS_OF
) -> str | None:
    """Given these answers (and pages read or skipped), the page the journey shows next."""
    return resolve(graph, answers, as_of, passed=set(passed)).current
