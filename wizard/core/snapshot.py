"""The plan snapshot: what a family was told, frozen when they finish, and read back typed.

The stored form is a JSON dict (`PlanSnapshot.to_json`); `PlanSnapshot.from_json` reads it, and
also the version 1 dicts saved before the snapshot was typed (ADR 0023) and the version 2 dicts
saved before each action had its timing (ADR 0030).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from wizard.core.actions import DOMAINS
from wizard.core.content_ids import RESPONDENT
from wizard.core.engine import Progress
from wizard.core.graph import Graph
from wizard.core.notices import Notice
from wizard.core.pathway import (
    NOW_WITHIN,
    Contact,
    Deadline,
    Pathway,
    PlanLink,
    PlannedAction,
    PlannedClock,
    arrange,
)
from wizard.core.plan_layout import PlanLayout, layout
from wizard.core.summary import AnswerRow, summarise

SNAPSHOT_VERSION = 3


class SnapshotUnreadable(ValueError):
    """A saved plan that cannot be opened: a version this code does not know, or a malformed dict.

    The message never quotes the plan (it holds the family's answers).
    """


@dataclass(frozen=True)
class ToldUsSection:
    """A section of "what you told us": its title and the answers given in it."""

    title: str
    rows: tuple[AnswerRow, ...]


@dataclass(frozen=True)
class PlanSnapshot:
    """Everything the plan page, the PDF, the letter and the calendar need, with no reference back
    to content."""

    graph_version: str
    as_of: date
    respondent: str | None
    #: Values worked out from the answers: ints, dates or None.
    derived: Mapping[str, int | date | None]
    #: The answers as saved (JSON values).
    answers: Mapping[str, Any]
    notices: tuple[Notice, ...]
    actions: tuple[PlannedAction, ...]
    told_us: tuple[ToldUsSection, ...]
    #: The plan's words for the people in it ("child": "Sam" or "you", ...).
    terms: Mapping[str, str]

    @property
    def offers_letter(self) -> bool:
        """Whether the plan includes asking for an EHC needs assessment (so the letter fits)."""
        return any(action.offers_letter for action in self.actions)

    @property
    def has_upcoming_deadlines(self) -> bool:
        """Whether any deadline falls on or after the plan's date (so a calendar is worth having)."""
        return any(d.date >= self.as_of for action in self.actions for d in action.deadlines)

    def layout(self, areas: Mapping[str, str]) -> PlanLayout:
        """The plan as it is read: next steps, then sections by when and area (area headings from
        the content, as they are not part of what the family was told)."""
        return layout(self.actions, areas)

    @property
    def content_checked(self) -> date:
        """When the plan's information was last checked (the plan's date when it has no actions)."""
        return max((action.content_checked for action in self.actions), default=self.as_of)

    def to_json(self) -> dict[str, Any]:
        """The stored form: a JSON dict, dates as ISO strings, tagged with SNAPSHOT_VERSION."""
        snapshot: dict[str, Any] = _jsonable(
            {
                "snapshot_version": SNAPSHOT_VERSION,
                "graph_version": self.graph_version,
                "as_of": self.as_of,
                "respondent": self.respondent,
                "derived": dict(self.derived),
                "answers": dict(self.answers),
                "notices": [asdict(notice) for notice in self.notices],
                "actions": [asdict(action) for action in self.actions],
                "told_us": [
                    {"title": section.title, "rows": [asdict(row) for row in section.rows]}
                    for section in self.told_us
                ],
                "terms": dict(self.terms),
            }
        )
        return snapshot

    @classmethod
    def from_json(cls, data: object) -> PlanSnapshot:
        """Read a stored snapshot of any known version (SnapshotUnreadable when it cannot be)."""
        if not isinstance(data, Mapping):
            raise SnapshotUnreadable("the saved plan is not a JSON object")
        version = data.get("snapshot_version")
        if version == 1:
            data = _to_version_3(_from_version_1(data))
        elif version == 2:
            data = _to_version_3(data)
        elif version != SNAPSHOT_VERSION:
            raise SnapshotUnreadable(f"the saved plan has version {version!r}, not 1, 2 or 3")
        try:
            snapshot = _read(data)
            return _with_timings(snapshot) if version != SNAPSHOT_VERSION else snapshot
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            # The message names the field's type of fault, never its value.
            raise SnapshotUnreadable(
                f"the saved plan is malformed ({type(error).__name__})"
            ) from error


def plan_snapshot(pathway: Pathway, graph: Graph, progress: Progress) -> PlanSnapshot:
    """The snapshot of this pathway, with what the family told us in the plan's voice."""
    facts = progress.facts()
    graph = graph.for_plan()  # the family reads the plan, whoever answered the questions
    return PlanSnapshot(
        graph_version=pathway.graph_version,
        as_of=pathway.as_of,
        respondent=_optional_text(progress.answers.get(RESPONDENT)),
        derived=dict(pathway.derived),
        answers=dict(progress.answers),
        notices=pathway.notices,
        actions=pathway.actions,
        told_us=tuple(
            ToldUsSection(section.title, section.rows) for section in summarise(graph, progress)
        ),
        terms=dict(graph.terms(facts)),
    )


def _legacy_timing(action: PlannedAction, as_of: date) -> str:
    """The timing a version 1 or 2 plan showed: "first" and a date within 8 weeks were "now",
    transitions with no date "later", advice last, the rest "soon"."""
    nearest = action.first_deadline  # a passed date counts: there may still be time to act
    if action.first:
        return "now"
    if action.domain == "advice":
        return "advice"
    if nearest is not None and nearest <= as_of + NOW_WITHIN:
        return "now"
    if action.domain == "transitions" and nearest is None:
        return "later"
    return "soon"


def _with_timings(snapshot: PlanSnapshot) -> PlanSnapshot:
    """A plan saved before actions had timings: the timings it showed, in the plan's order."""
    actions = [
        replace(
            action, timing=_legacy_timing(action, snapshot.as_of), priority=0 if action.first else 5
        )
        for action in snapshot.actions
    ]
    return replace(snapshot, actions=arrange(actions, DOMAINS))


# --- Reading the stored form ----------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


def _from_version_1(data: Mapping[str, Any]) -> dict[str, Any]:
    """A version 1 dict in version 2's shape: the keys added while version 1 was written, filled in.

    Plans saved before notices existed have none; before deadlines said whether they had passed,
    a date before the plan's date had (as the plan page worked it out); before `first`, no action
    came first.
    """
    upgraded = dict(data)
    upgraded.setdefault("notices", [])
    as_of = data.get("as_of")
    actions = data.get("actions")
    if isinstance(actions, list):
        upgraded["actions"] = [_action_from_version_1(action, as_of) for action in actions]
    return upgraded


def _to_version_3(data: Mapping[str, Any]) -> dict[str, Any]:
    """A version 2 dict in version 3's shape: actions without timing, priority or clock get
    placeholders, which _with_timings replaces with what the plan showed."""
    upgraded = dict(data)
    actions = data.get("actions")
    if isinstance(actions, list):
        upgraded["actions"] = [
            {"timing": "soon", "priority": 5, "clock": None, **action}
            if isinstance(action, Mapping)
            else action
            for action in actions
        ]
    return upgraded


def _action_from_version_1(action: Any, as_of: Any) -> Any:
    if not isinstance(action, Mapping):
        return action  # left for the reader to reject
    upgraded = {"first": False, "services": [], **action}
    deadlines = action.get("deadlines")
    if isinstance(deadlines, list):
        upgraded["deadlines"] = [
            {
                "passed": isinstance(d.get("date"), str)
                and isinstance(as_of, str)
                and d["date"] < as_of,  # ISO dates sort as text
                "if_passed": None,
                **d,
            }
            if isinstance(d, Mapping)
            else d
            for d in deadlines
        ]
    return upgraded


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise TypeError("expected a list of text")
    return tuple(_text(item) for item in value)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected true or false")
    return value


def _day(value: Any) -> date:
    return date.fromisoformat(_text(value))


def _mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError("expected an object")
    return value


def _records(value: Any) -> list[Mapping[str, Any]]:
    if not isinstance(value, list | tuple):
        raise TypeError("expected a list")
    return [_mapping(item) for item in value]


def _derived(value: Any) -> dict[str, int | date | None]:
    derived: dict[str, int | date | None] = {}
    for key, item in _mapping(value).items():
        # Derived values are whole numbers or dates; a date is stored as its ISO string.
        if item is None or (isinstance(item, int) and not isinstance(item, bool)):
            derived[key] = item
        else:
            derived[key] = _day(item)
    return derived


def _deadline(raw: Mapping[str, Any]) -> Deadline:
    return Deadline(
        id=_text(raw["id"]),
        date=_day(raw["date"]),
        label=_text(raw["label"]),
        passed=_flag(raw["passed"]),
        if_passed=_optional_text(raw["if_passed"]),
    )


def _contact(raw: Mapping[str, Any]) -> Contact:
    return Contact(
        name=_text(raw["name"]),
        url=_text(raw.get("url", "")),
        email=_text(raw.get("email", "")),
        phone=_text(raw.get("phone", "")),
        description=_text(raw.get("description", "")),
    )


def _action(raw: Mapping[str, Any]) -> PlannedAction:
    return PlannedAction(
        id=_text(raw["id"]),
        domain=_text(raw["domain"]),
        title=_text(raw["title"]),
        summary=_text(raw["summary"]),
        why=_texts(raw["why"]),
        steps=_texts(raw["steps"]),
        expect=_texts(raw["expect"]),
        legal_basis=_texts(raw["legal_basis"]),
        deadlines=tuple(_deadline(d) for d in _records(raw["deadlines"])),
        eligibility=_optional_text(raw["eligibility"]),
        eligibility_text=_text(raw["eligibility_text"]),
        categories=_texts(raw["categories"]),
        contacts=tuple(_contact(c) for c in _records(raw["contacts"])),
        links=tuple(
            PlanLink(_text(link["text"]), _text(link["url"])) for link in _records(raw["links"])
        ),
        offers_letter=_flag(raw["offers_letter"]),
        content_checked=_day(raw["content_checked"]),
        services=tuple(dict(service) for service in _records(raw["services"])),
        first=_flag(raw["first"]),
        timing=_text(raw["timing"]),
        priority=_number(raw["priority"]),
        clock=None if raw["clock"] is None else _clock(_mapping(raw["clock"])),
    )


def _number(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected a whole number")
    return value


def _clock(raw: Mapping[str, Any]) -> PlannedClock:
    return PlannedClock(
        starts=_text(raw["starts"]),
        start=_day(raw["start"]),
        dates=tuple(_deadline(d) for d in _records(raw["dates"])),
        ask=_text(raw["ask"]),
        ask_text=_text(raw["ask_text"]),
    )


def _notice(raw: Mapping[str, Any]) -> Notice:
    return Notice(
        id=_text(raw["id"]),
        title=_text(raw["title"]),
        text=_texts(raw["text"]),
        checked=_day(raw["checked"]),
    )


def _section(raw: Mapping[str, Any]) -> ToldUsSection:
    return ToldUsSection(
        title=_text(raw["title"]),
        rows=tuple(
            AnswerRow(_text(row["question"]), _text(row["label"]), _texts(row["answer"]))
            for row in _records(raw["rows"])
        ),
    )


def _read(data: Mapping[str, Any]) -> PlanSnapshot:
    return PlanSnapshot(
        graph_version=_text(data["graph_version"]),
        as_of=_day(data["as_of"]),
        respondent=_optional_text(data["respondent"]),
        derived=_derived(data["derived"]),
        answers=dict(_mapping(data["answers"])),
        notices=tuple(_notice(n) for n in _records(data["notices"])),
        actions=tuple(_action(a) for a in _records(data["actions"])),
        told_us=tuple(_section(s) for s in _records(data["told_us"])),
        terms={key: _text(value) for key, value in _mapping(data["terms"]).items()},
    )
