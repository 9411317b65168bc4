"""Load YAML content while remembering the line each value came from, for precise error messages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PathKey = tuple[str | int, ...]

#: libyaml's parser when available, with no implicit typing: _Builder types plain scalars itself,
#: which is several times faster than PyYAML's regular-expression resolver on large content.
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


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


class ContentProblems(ValueError):
    """One or more mistakes in content; `problems` lists each with its file, line and id.

    The one exception for every "list of problems" (questions, council profile, directory
    mapping): `subject` only names what was being loaded, in the message's first line.
    """

    def __init__(self, problems: Sequence[ContentError], subject: str = "The question content"):
        self.problems = list(problems)
        self.subject = subject
        listed = "\n".join(f"  {p.describe()}" for p in self.problems)
        super().__init__(f"{subject} has {len(self.problems)} problem(s):\n{listed}")


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


_BOOLEANS = {
    word: value
    for words, value in ((("yes", "true", "on"), True), (("no", "false", "off"), False))
    for base in words
    for word in (base, base.capitalize(), base.upper())
}
_NULLS = {"", "~", "null", "Null", "NULL"}
_INTEGER = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_FLOAT = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9_]+([eE][-+]?[0-9]+)?")


def _plain_scalar(text: str) -> Any:
    """Type an unquoted scalar as YAML 1.1 does for the values content uses (bool, null, numbers)."""
    if text in _BOOLEANS:
        return _BOOLEANS[text]
    if text in _NULLS:
        return None
    first = text[:1]
    if first.isdigit() or first in "-+.":
        if _INTEGER.fullmatch(text):
            return int(text.replace("_", ""))
        if _FLOAT.fullmatch(text):
            return float(text.replace("_", ""))
    return text  # dates and everything else stay text: content wants "2026-03-01", not a date


class _Builder:
    """Builds Python data and the line index from libyaml's node tree in a single walk."""

    def __init__(self) -> None:
        self.lines: dict[PathKey, int] = {}
        self.problems: list[tuple[int, str]] = []

    @staticmethod
    def scalar(node: yaml.ScalarNode) -> Any:
        if not node.style and not node.tag.startswith("!"):  # plain (libyaml says "", PyYAML None)
            return _plain_scalar(node.value)
        return node.value  # quoted or block text is always a string

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        lines = self.lines
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                child = (*path, index)
                lines[child] = item.start_mark.line + 1
                items.append(self.build(item, child))
            return items
        if isinstance(node, yaml.MappingNode):
            mapping: dict[Any, Any] = {}
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1
                name = str(key_node.value)
                if name in seen:
                    self.problems.append(
                        (line, f"duplicate key '{name}' (first at line {seen[name]})")
                    )
                seen[name] = line
                child = (*path, name)
                lines[child] = line
                # Keys stay text: content keys are names, and YAML 1.1 would turn `on:` into True.
                mapping[name] = self.build(value_node, child)
            return mapping
        raise yaml.constructor.ConstructorError(
            None, None, "unsupported YAML node", node.start_mark
        )


def parse_yaml(text: str, file: str) -> SourceDocument:
    """Parse YAML text safely; duplicate keys and syntax errors raise ContentError with a line."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        builder = _Builder()
        data = None
        if root is not None:
            builder.lines[()] = root.start_mark.line + 1
            data = builder.build(root, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ContentError(file, line, f"this is not valid YAML: {exc.problem or exc}") from exc
    finally:
        loader.dispose()
    if builder.problems:
        line, message = builder.problems[0]
        raise ContentError(file, line, message)
    return SourceDocument(file=file, data=data, lines=builder.lines)


def load_yaml_file(path: Path, display_name: str | None = None) -> SourceDocument:
    """Read and parse one YAML file; the display name is what error messages call it."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(name, None, f"cannot be read: {exc.strerror}") from exc
    return parse_yaml(text, name)
