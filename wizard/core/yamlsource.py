"""Load YAML content while remembering the line each value came from, for precise error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PathKey = tuple[str | int, ...]

#: libyaml's parser when available (much faster on large content), with the safe constructor.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(ValueError):
    """A mistake in a content file, located by file, line and (where known) question id."""

    def __init__(self, file: str, line: int | None, message: str, node_id: str | None = None):
        self.file = file
        self.line = line
        self.node_id = node_id
        self.message = message
        super().__init__(self.describe())

    def describe(self) -> str:
        """Return the problem as 'file:line: [node] message'."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        node = f" [{self.node_id}]" if self.node_id else ""
        return f"{where}:{node} {self.message}"


@dataclass
class SourceDocument:
    """A parsed YAML file: its data and the line of every mapping key and list item."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, path: PathKey) -> int | None:
        """Return the line of `path`, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while True:
            if probe in self.lines:
                return self.lines[probe]
            if not probe:
                return None
            probe = probe[:-1]

    def error(self, path: PathKey, message: str, node_id: str | None = None) -> ContentError:
        """Make a ContentError located at `path` in this file."""
        return ContentError(self.file, self.line_of(path), message, node_id)


def _scalar_key(node: yaml.Node) -> str:
    return str(node.value)


def _index_lines(
    node: yaml.Node, path: PathKey, lines: dict[PathKey, int], problems: list[str]
) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = _scalar_key(key_node)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(f"line {line}: duplicate key '{key}' (first at line {seen[key]})")
            seen[key] = line
            lines[(*path, key)] = line
            _index_lines(value_node, (*path, key), lines, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            _index_lines(item, (*path, index), lines, problems)


def parse_yaml(text: str, file: str) -> SourceDocument:
    """Parse YAML text safely; duplicate keys and syntax errors raise ContentError with a line."""
    loader = _Loader(text)
    try:
        # One parse: the node tree gives the lines, the same tree is then built into Python data.
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ContentError(file, line, f"this is not valid YAML: {exc.problem or exc}") from exc
    finally:
        loader.dispose()
    lines: dict[PathKey, int] = {}
    problems: list[str] = []
    if root is not None:
        lines[()] = root.start_mark.line + 1
        _index_lines(root, (), lines, problems)
    if problems:
        first = problems[0]
        line = int(first.split(":", 1)[0].removeprefix("line "))
        raise ContentError(file, line, first.split(": ", 1)[1])
    return SourceDocument(file=file, data=data, lines=lines)


def load_yaml_file(path: Path, display_name: str | None = None) -> SourceDocument:
    """Read and parse one YAML file; the display name is what error messages call it."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(name, None, f"cannot be read: {exc.strerror}") from exc
    return parse_yaml(text, name)
