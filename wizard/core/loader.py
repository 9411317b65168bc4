"""Load the question graph from questions/*.yaml: schema, structure and conditions, all checked.

Every problem is collected (not just the first) and names the file, the line and the node id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from wizard.core.conditions import (
    Condition,
    ConditionError,
    FactType,
    bind_groups,
    parse,
    type_check,
)
from wizard.core.content_ids import AGE, BIRTH_MONTH, COMPULSORY_SCHOOL_AGE_ENDS, SCHOOL_YEAR
from wizard.core.gcpause import paused_gc
from wizard.core.graph import (
    ANSWER_KINDS,
    ANSWER_PLACEHOLDER,
    PLACEHOLDER,
    Details,
    Graph,
    Node,
    NodeType,
    Option,
    Route,
    Section,
    Text,
    Validation,
    Variant,
    Voice,
)
from wizard.core.schema import validate
from wizard.core.yamlsource import ContentError, ContentProblems, SourceDocument, load_yaml_file

SCHEMA_FILE = (
    Path(__file__).resolve().parents[2] / "questions" / "schemas" / "questions.schema.json"
)
DERIVED_TYPES = {
    AGE: FactType("number", derived=True),
    SCHOOL_YEAR: FactType("number", derived=True),
    COMPULSORY_SCHOOL_AGE_ENDS: FactType("date", derived=True),
}


def load_checked_file(path: Path, schema_file: Path) -> SourceDocument:
    """Read one content file and check it against its schema; raise ContentProblems listing every
    mistake with its file and line."""
    try:
        document = load_yaml_file(path, display_name=path.name)
    except ContentError as error:
        raise ContentProblems([error]) from error
    problems = validate(document, schema_file)
    if problems:
        raise ContentProblems(problems)
    return document


def graph_files(directory: Path) -> list[Path]:
    """The files that make up the graph: graph.yaml, then nodes/*.yaml in name order."""
    files = [directory / "graph.yaml"] if (directory / "graph.yaml").exists() else []
    return files + sorted((directory / "nodes").glob("*.yaml"))


def content_version(paths: Iterable[Path], root: Path) -> str:
    """A short hash of the content files' names and bytes: changes whenever any content changes."""
    digest = hashlib.sha256()
    base = root.resolve()
    for path in sorted(p.resolve() for p in paths):
        name = path.relative_to(base) if base in path.parents else path.name
        digest.update(str(name).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def load_graph(
    directory: Path,
    files: Sequence[Path] | None = None,
    version: str | None = None,
    constants: Mapping[str, str] | None = None,
) -> Graph:
    """Load and check the graph in `directory`; raise ContentProblems listing every mistake.

    `constants` are terms every text may use whoever is answering, such as {council}.
    """
    with paused_gc():
        return _load_graph(directory, files, version, constants)


def _load_graph(
    directory: Path,
    files: Sequence[Path] | None,
    version: str | None,
    constants: Mapping[str, str] | None,
) -> Graph:
    paths = list(files) if files is not None else graph_files(directory)
    if not paths:
        raise ContentProblems([ContentError(str(directory), None, "no question files found")])
    documents: list[SourceDocument] = []
    problems: list[ContentError] = []
    for path in paths:
        try:
            document = load_yaml_file(path, display_name=_display(path, directory))
        except ContentError as error:
            problems.append(error)
            continue
        found = validate(document, SCHEMA_FILE)
        problems.extend(found)
        if not found:
            documents.append(document)
    if problems:
        raise ContentProblems(problems)
    builder = ContentReader(documents, dict(constants or {}))
    graph = builder.build(version or content_version(paths, directory))
    if builder.problems:
        raise ContentProblems(builder.problems)
    return graph


def _display(path: Path, directory: Path) -> str:
    try:
        return str(path.relative_to(directory))
    except ValueError:
        return path.name


class ContentReader:
    """Turns schema-valid documents into a Graph, collecting structural and condition problems.

    `for_graph` makes one that reads other content (the actions) against a loaded graph.
    """

    @classmethod
    def for_graph(cls, graph: Graph) -> ContentReader:
        """A reader that checks conditions, terms and answers against `graph`."""
        reader = cls([], dict(graph.constants))
        reader.types = graph.fact_types()
        reader.groups = dict(graph.groups)
        reader.terms = {term for voice in graph.voices for term in voice.terms} | set(
            graph.constants
        )
        return reader

    def __init__(self, documents: list[SourceDocument], constants: dict[str, str]):
        self.documents = documents
        self.constants = constants
        self.problems: list[ContentError] = []
        self.groups: dict[str, tuple[str, ...]] = {}
        self.types: dict[str, FactType] = {}
        self.terms: set[str] = set(constants)
        self._node_lines: dict[str, dict[int, dict[tuple[str | int, ...], int]]] = {}

    def problem(
        self,
        document: SourceDocument,
        path: tuple[str | int, ...],
        message: str,
        node: str | None = None,
    ) -> None:
        self.problems.append(document.error(path, message, node))

    def build(self, version: str) -> Graph:
        start: tuple[str, SourceDocument] | None = None
        sections: list[Section] = []
        raw_sections: list[tuple[SourceDocument, int, dict[str, Any]]] = []
        raw_voices: tuple[SourceDocument, list[dict[str, Any]]] | None = None
        raw_nodes: list[tuple[SourceDocument, int, dict[str, Any]]] = []
        seen_nodes: dict[str, tuple[SourceDocument, int]] = {}
        for document in self.documents:
            data = document.data or {}
            if "start" in data:
                if start is not None:
                    self.problem(
                        document,
                        ("start",),
                        f"a second start node; the first is in {start[1].file}",
                    )
                else:
                    start = (data["start"], document)
            for name, values in data.get("groups", {}).items():
                if name in self.groups:
                    self.problem(document, ("groups", name), f"the group '{name}' is defined twice")
                if len(set(values)) != len(values):
                    self.problem(document, ("groups", name), f"the group '{name}' repeats a value")
                self.groups[name] = tuple(values)
            raw_sections += [(document, i, raw) for i, raw in enumerate(data.get("sections", []))]
            if "voices" in data:
                if raw_voices is not None:
                    self.problem(document, ("voices",), "voices are defined twice")
                else:
                    raw_voices = (document, data["voices"])
            for index, raw_node in enumerate(data.get("nodes", [])):
                node_id = raw_node["id"]
                if node_id in seen_nodes:
                    first_document, first_index = seen_nodes[node_id]
                    first_line = first_document.line_of(("nodes", first_index))
                    self.problem(
                        document,
                        ("nodes", index),
                        f"the id '{node_id}' is used twice (first at {first_document.file}:{first_line})",
                        node_id,
                    )
                    continue
                seen_nodes[node_id] = (document, index)
                raw_nodes.append((document, index, raw_node))
        for _document, _index, raw_node in raw_nodes:
            if raw_node["type"] in ANSWER_KINDS:
                values = tuple(option["value"] for option in raw_node.get("options", []))
                self.types[raw_node["id"]] = FactType(ANSWER_KINDS[raw_node["type"]], values)
        birth = next((raw for _d, _i, raw in raw_nodes if raw["id"] == BIRTH_MONTH), None)
        if birth is not None and birth["type"] == "month":
            for name, fact in DERIVED_TYPES.items():
                self.types.setdefault(name, fact)
        voices, plan_voices = self.voices(raw_voices)
        for document, index, raw_section in raw_sections:
            if any(s.id == raw_section["id"] for s in sections):
                self.problem(
                    document,
                    ("sections", index),
                    f"the section '{raw_section['id']}' is defined twice",
                )
            title = self.text(document, ("sections", index, "title"), raw_section["title"], None)
            sections.append(Section(raw_section["id"], title))
        nodes = {
            raw["id"]: self.node(document, index, raw, {s.id for s in sections})
            for document, index, raw in raw_nodes
        }
        if start is None:
            first = self.documents[0] if self.documents else None
            self.problems.append(
                ContentError(
                    first.file if first else "questions",
                    None,
                    "no start node: add `start: <node id>` to graph.yaml",
                )
            )
            start_id, start_document = "", None
        else:
            start_id, start_document = start
            if start_id not in nodes:
                self.problem(
                    start_document, ("start",), f"the start node '{start_id}' does not exist"
                )
        return Graph(
            nodes=nodes,
            start=start_id,
            sections=tuple(sections),
            groups=dict(self.groups),
            version=version,
            start_file=start_document.file if start_document else "",
            start_line=start_document.line_of(("start",)) if start_document else None,
            voices=voices,
            constants=self.constants,
            plan_voices=plan_voices if plan_voices != voices else None,
        )

    def node_lines(self, document: SourceDocument) -> dict[int, dict[tuple[str | int, ...], int]]:
        """Each node's lines, relative to the node, indexed once per file (not once per node)."""
        if document.file not in self._node_lines:
            by_node: dict[int, dict[tuple[str | int, ...], int]] = {}
            for path, line in document.lines.items():
                if len(path) >= 2 and path[0] == "nodes" and isinstance(path[1], int):
                    by_node.setdefault(path[1], {})[path[2:]] = line
            self._node_lines[document.file] = by_node
        return self._node_lines[document.file]

    def voices(
        self, raw: tuple[SourceDocument, list[dict[str, Any]]] | None
    ) -> tuple[tuple[Voice, ...], tuple[Voice, ...]]:
        """Parse the voices of the question pages and of the plan; every voice defines the same
        terms, and the last has no condition and serves both."""
        if raw is None:
            return (), ()
        document, items = raw
        pages: list[Voice] = []
        plan: list[Voice] = []
        expected = set(items[-1]["terms"])
        for index, item in enumerate(items):
            when = None
            last = index == len(items) - 1
            if "when" in item:
                if last:
                    self.problem(document, ("voices", index), "the last voice must have no `when`")
                when = self.condition(document, ("voices", index, "when"), item["when"], None)
            elif not last:
                self.problem(
                    document, ("voices", index), "only the last voice may leave out `when`"
                )
            readers = set(item.get("for", ("questions", "plan")))
            if last and readers != {"questions", "plan"}:
                self.problem(
                    document,
                    ("voices", index, "for"),
                    "the last voice must serve questions and plan",
                )
            if set(item["terms"]) != expected:
                differ = sorted(set(item["terms"]) ^ expected)
                self.problem(
                    document,
                    ("voices", index, "terms"),
                    f"every voice must define the same terms; this one differs in {differ}",
                )
            voice = Voice(dict(item["terms"]), when)
            if "questions" in readers or last:
                pages.append(voice)
            if "plan" in readers or last:
                plan.append(voice)
        self.terms = expected | set(self.constants)
        return tuple(pages), tuple(plan)

    def condition(
        self,
        document: SourceDocument,
        path: tuple[str | int, ...],
        source: str,
        node_id: str | None,
    ) -> Condition | None:
        try:
            condition = parse(source)
        except ConditionError as error:
            self.problem(document, path, f"condition '{source}': {error}", node_id)
            return None
        found = type_check(condition, self.types, self.groups)
        for message in found:
            self.problem(document, path, f"condition '{condition.source}': {message}", node_id)
        return None if found else bind_groups(condition, self.groups)

    def text(
        self, document: SourceDocument, path: tuple[str | int, ...], raw: Any, node_id: str | None
    ) -> Text:
        if isinstance(raw, str):
            raw = [{"text": raw}]
        variants: list[Variant] = []
        for index, item in enumerate(raw):
            item_path = (*path, index)
            when = None
            if "when" in item:
                when = self.condition(document, (*item_path, "when"), item["when"], node_id)
                if when is None:
                    continue
            elif index != len(raw) - 1:
                self.problem(
                    document, item_path, "only the last wording may leave out `when`", node_id
                )
            line = document.line_of(item_path if len(raw) > 1 else path)
            variants.append(Variant(" ".join(item["text"].split()), when, line))
        if raw and "when" in raw[-1]:
            self.problem(
                document,
                (*path, len(raw) - 1),
                "the last wording must have no `when`: it is shown when no other fits",
                node_id,
            )
        for variant in variants:
            for name in ANSWER_PLACEHOLDER.findall(variant.text):
                if name not in self.types:
                    self.problem(
                        document,
                        path,
                        f"{{={name}}} is not a question id or derived value",
                        node_id,
                    )
            unknown = sorted(set(PLACEHOLDER.findall(variant.text)) - self.terms)
            if unknown:
                known = ", ".join(sorted(self.terms)) or "none: add voices to graph.yaml"
                self.problem(
                    document, path, f"unknown term {{{unknown[0]}}} (known terms: {known})", node_id
                )
        return Text(tuple(variants) or (Variant("", None),))

    def node(
        self, document: SourceDocument, index: int, raw: dict[str, Any], sections: set[str]
    ) -> Node:
        node_id = raw["id"]
        base: tuple[str | int, ...] = ("nodes", index)
        node_type = cast(NodeType, raw["type"])

        def text(key: str | int, value: Any, *prefix: str | int) -> Text:
            return self.text(document, (*base, *prefix, key), value, node_id)

        def problem(message: str, *path: str | int) -> None:
            self.problem(document, (*base, *path), message, node_id)

        if node_type in ("radios", "checkboxes") and "options" not in raw:
            problem(f"a {node_type} question needs options")
        if node_type not in ("radios", "checkboxes") and "options" in raw:
            problem(f"only radios and checkboxes have options, not {node_type}", "options")
        if node_type == "end" and ("next" in raw or "routes" in raw):
            problem("an end node has no next or routes")
        if node_type != "end" and "next" not in raw:
            problem("every node except an end node needs a default `next`")
        if "section" in raw and sections and raw["section"] not in sections:
            problem(f"the section '{raw['section']}' is not defined in graph.yaml", "section")
        if node_type not in ANSWER_KINDS and ("errors" in raw or "validation" in raw):
            problem(f"a {node_type} page takes no answer, so it has no errors or validation")

        options = []
        seen_values: set[str] = set()
        for option_index, raw_option in enumerate(raw.get("options", [])):
            if raw_option["value"] in seen_values:
                problem(
                    f"the option value '{raw_option['value']}' is used twice",
                    "options",
                    option_index,
                )
            seen_values.add(raw_option["value"])
            if raw_option.get("exclusive") and node_type != "checkboxes":
                problem("only checkbox options can be exclusive", "options", option_index)
            options.append(
                Option(
                    value=raw_option["value"],
                    label=text("label", raw_option["label"], "options", option_index),
                    hint=text("hint", raw_option["hint"], "options", option_index)
                    if "hint" in raw_option
                    else None,
                    exclusive=bool(raw_option.get("exclusive", False)),
                    answer=text("answer", raw_option["answer"], "options", option_index)
                    if "answer" in raw_option
                    else None,
                )
            )
        raw_validation = raw.get("validation", {})
        validation = Validation(
            required=bool(raw_validation.get("required", True)),
            min=raw_validation.get("min"),
            max=raw_validation.get("max"),
            max_length=raw_validation.get("max_length"),
            not_future=bool(raw_validation.get("not_future", False)),
            max_years_ago=raw_validation.get("max_years_ago"),
        )
        self._check_validation(node_type, validation, problem)
        routes = []
        for route_index, raw_route in enumerate(raw.get("routes", [])):
            when = self.condition(
                document, (*base, "routes", route_index, "when"), raw_route["when"], node_id
            )
            if when is not None:
                routes.append(
                    Route(when, raw_route["to"], document.line_of((*base, "routes", route_index)))
                )
        details = None
        if "details" in raw:
            details = Details(
                title=text("title", raw["details"]["title"], "details"),
                body=tuple(
                    text(i, paragraph, "details", "body")
                    for i, paragraph in enumerate(raw["details"]["body"])
                ),
            )
        lines = self.node_lines(document).get(index, {})
        return Node(
            id=node_id,
            type=node_type,
            title=text("title", raw["title"]),
            file=document.file,
            line=document.line_of(base) or 0,
            section=raw.get("section"),
            summary=text("summary", raw["summary"]) if "summary" in raw else None,
            hint=text("hint", raw["hint"]) if "hint" in raw else None,
            body=tuple(
                text(i, paragraph, "body") for i, paragraph in enumerate(raw.get("body", []))
            ),
            details=details,
            suffix=raw.get("suffix", ""),
            options=tuple(options),
            errors={
                key: text(key, value, "errors") for key, value in raw.get("errors", {}).items()
            },
            validation=validation,
            next=raw.get("next"),
            routes=tuple(routes),
            lines=lines,
        )

    @staticmethod
    def _check_validation(node_type: str, validation: Validation, problem: Any) -> None:
        if (validation.min is not None or validation.max is not None) and node_type != "number":
            problem("min and max are for number questions", "validation")
        if (
            validation.min is not None
            and validation.max is not None
            and validation.min > validation.max
        ):
            problem("validation min is greater than max", "validation")
        if validation.max_length is not None and node_type not in ("text", "textarea"):
            problem("max_length is for text and textarea questions", "validation")
        if (validation.not_future or validation.max_years_ago) and node_type not in (
            "month",
            "date",
        ):
            problem("not_future and max_years_ago are for month and date questions", "validation")
