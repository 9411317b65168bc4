"""Plan notices (questions/notices.yaml): short news a plan shows near its top, such as proposed
changes to the law, each with the date it was last checked and an optional condition."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from wizard.core.conditions import Condition, FactValue
from wizard.core.graph import Graph, Text
from wizard.core.loader import ContentReader, load_checked_file
from wizard.core.yamlsource import ContentProblems

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "questions" / "schemas" / "notices.schema.json"
NOTICES_FILE = "notices.yaml"


@dataclass(frozen=True)
class NoticeContent:
    """A notice as written: title, paragraphs, when it was checked and when it is shown."""

    id: str
    title: Text
    text: tuple[Text, ...]
    checked: date
    when: Condition | None
    file: str
    line: int


@dataclass(frozen=True)
class Notice:
    """A notice in a family's plan, in their words."""

    id: str
    title: str
    text: tuple[str, ...]
    checked: date


def load_notices(path: Path, graph: Graph) -> tuple[NoticeContent, ...]:
    """Load and check the notices against the graph (none when the file does not exist); raise
    ContentProblems listing every mistake with its file, line and notice id."""
    if not path.exists():
        return ()
    document = load_checked_file(path, SCHEMA_FILE)
    reader = ContentReader.for_graph(graph)
    notices: list[NoticeContent] = []
    for index, raw in enumerate(document.data["notices"]):
        notice_id = raw["id"]
        base: tuple[str | int, ...] = ("notices", index)
        if any(notice.id == notice_id for notice in notices):
            reader.problem(document, base, f"the notice '{notice_id}' is defined twice", notice_id)
            continue
        try:
            checked = date.fromisoformat(raw["checked"])
        except ValueError:
            reader.problem(document, (*base, "checked"), "checked must be a real date", notice_id)
            checked = date.min
        when = None
        if "when" in raw:
            when = reader.condition(document, (*base, "when"), raw["when"], notice_id)
        notices.append(
            NoticeContent(
                id=notice_id,
                title=reader.text(document, (*base, "title"), raw["title"], notice_id),
                text=tuple(
                    reader.text(document, (*base, "text", number), paragraph, notice_id)
                    for number, paragraph in enumerate(raw["text"])
                ),
                checked=checked,
                when=when,
                file=document.file,
                line=document.line_of(base) or 0,
            )
        )
    if reader.problems:
        raise ContentProblems(reader.problems)
    return tuple(notices)


def plan_notices(
    notices: Sequence[NoticeContent], graph: Graph, facts: Mapping[str, FactValue]
) -> tuple[Notice, ...]:
    """The notices these answers show (those with no condition, or whose condition holds)."""
    return tuple(
        Notice(
            id=notice.id,
            title=graph.words(notice.title, facts),
            text=tuple(graph.words(paragraph, facts) for paragraph in notice.text),
            checked=notice.checked,
        )
        for notice in notices
        if notice.when is None or notice.when.evaluate(facts)
    )
