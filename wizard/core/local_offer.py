"""What the Local Offer must contain (questions/local-offer/schedule-2.yaml): load it and check it.

Each item of Schedule 2 to the SEND Regulations 2014 says how the compliance report finds what
covers it: directory tags, fields every listing should fill in, this service's action pages,
council profile contacts, or pages the council must publish that this service cannot see.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from wizard.core.locality import Locality, Organisation
from wizard.core.schema import validate
from wizard.core.yamlsource import ContentError, ContentProblems, SourceDocument, load_yaml_file

SCHEMA_FILE = (
    Path(__file__).resolve().parents[2]
    / "questions"
    / "schemas"
    / "local-offer-schedule.schema.json"
)
#: How the file's problems are headed.
SUBJECT = "What the Local Offer must contain"
#: What `paragraph` says when the number was not read in the Regulations themselves.
UNCONFIRMED = "unconfirmed"
#: What `paragraph` says for an item the Act requires that no paragraph of Schedule 2 repeats.
ACT = "act"
#: How many paragraphs Schedule 2 has (SEND Regulations 2014, Schedule 2, paragraphs 1 to 23).
PARAGRAPHS = 23
#: The listing fields an item may ask every listed service to fill in, with what they tell.
LISTING_FIELDS = {
    "eligibility_description": "who the service is for",
    "application_process": "how to apply",
}
#: The council profile facts an item may name, with what the report calls them.
LOCALITY_FACTS = {
    "send_team": "The council's SEND team",
    "sendiass": "The SEND Information, Advice and Support Service",
    "parent_carer_forum": "The parent carer forum",
    "mediation_service": "The mediation service",
    "local_offer_url": "The Local Offer's web address",
    "short_breaks_statement_url": "The short breaks services statement",
    "home_to_school_transport_policy_url": "The home to school transport policy",
    "post16_transport_policy_url": "The post-16 transport policy statement",
}
CERTAINTY = {"V": "Verified", "S": "Sourced", "U": "Unverified"}


@dataclass(frozen=True)
class DirectoryCheck:
    """Which listed services cover an item: any of these tags, from where (`area`)."""

    categories: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    #: "inside" (the council's area only), "outside", or "any".
    area: str = "any"

    def tags(self) -> tuple[tuple[str, str], ...]:
        """The (kind, value) tags of dir_service_tag that count, as the mapping writes them."""
        return (
            *(("category", value) for value in self.categories),
            *(("need", value) for value in self.needs),
            *(("action", value) for value in self.actions),
        )


@dataclass(frozen=True)
class ScheduleItem:
    """One thing the Local Offer must contain, its source and how coverage is found."""

    id: str
    paragraph: str
    source: str
    certainty: str
    title: str
    plain: str
    directory: DirectoryCheck | None
    #: Fields of LISTING_FIELDS every listed service should fill in.
    listings: tuple[str, ...]
    plan_actions: tuple[str, ...]
    locality: tuple[str, ...]
    council_pages: tuple[str, ...]
    line: int | None

    @property
    def paragraph_label(self) -> str:
        """'Schedule 2, paragraph 5', the Act for an item Schedule 2 does not repeat, or a plain
        note that the number is not confirmed."""
        if self.paragraph == UNCONFIRMED:
            return "Schedule 2 (paragraph number not confirmed)"
        if self.paragraph == ACT:
            return "Children and Families Act 2014 (not a paragraph of Schedule 2)"
        return f"Schedule 2, paragraph {self.paragraph}"

    @property
    def certainty_label(self) -> str:
        """'Verified', 'Sourced' or 'Unverified'."""
        return CERTAINTY[self.certainty]


@dataclass(frozen=True)
class Schedule:
    """Every item, in the file's order, and when they were checked."""

    items: tuple[ScheduleItem, ...]
    checked: date
    file: str


def locality_fact(locality: Locality, key: str) -> tuple[str, str]:
    """What the profile calls one fact and what it says (a name or web address; "" when blank)."""
    if key == "send_team":
        text = locality.send_team_name
    else:
        value: Any = getattr(locality, key)
        text = value.name if isinstance(value, Organisation) else value
    return LOCALITY_FACTS[key], str(text or "").strip()


def _item_at(document: SourceDocument, line: int | None) -> str | None:
    """The id of the item a line falls in, so a schema problem names its item."""
    items = document.data.get("items") if isinstance(document.data, dict) else None
    if line is None or not isinstance(items, list):
        return None
    found = None
    for index, item in enumerate(items):
        start = document.lines.get(("items", index))
        if start is not None and start <= line:
            found = item.get("id") if isinstance(item, dict) else None
    return found if isinstance(found, str) else None


def _named(document: SourceDocument, problems: list[ContentError]) -> list[ContentError]:
    return [
        ContentError(p.file, p.line, p.message, p.node_id or _item_at(document, p.line))
        for p in problems
    ]


def load_schedule(
    path: Path,
    categories: Collection[str],
    needs: Collection[str],
    action_ids: Collection[str],
    display_name: str | None = None,
) -> Schedule:
    """Load and check the file against its schema and against the content's categories, needs
    areas and action ids; raise ContentProblems naming every mistake's file, line and item id."""
    try:
        document = load_yaml_file(
            path, display_name=display_name or f"questions/local-offer/{path.name}"
        )
    except ContentError as error:
        raise ContentProblems([error], SUBJECT) from error
    problems = _named(document, validate(document, SCHEMA_FILE))
    if problems:
        raise ContentProblems(problems, SUBJECT)
    data = document.data
    known: Mapping[str, tuple[Collection[str], str, str]] = {
        "categories": (categories, "Local Offer category", "questions/actions/00-categories.yaml"),
        "needs": (needs, "needs area", "questions/directory/mapping.yaml"),
        "actions": (action_ids, "plan action", "questions/actions/"),
    }
    seen: dict[str, int | None] = {}
    items = []
    for index, entry in enumerate(data["items"]):
        item_id = entry["id"]
        where = ("items", index)
        if item_id in seen:
            problems.append(
                document.error(
                    (*where, "id"),
                    f"the id '{item_id}' is used twice (first at line {seen[item_id]})",
                    item_id,
                )
            )
        seen.setdefault(item_id, document.line_of(where))
        number = re.match(r"\d+", entry["paragraph"])
        if number and int(number.group()) > PARAGRAPHS:
            problems.append(
                document.error(
                    (*where, "paragraph"),
                    f"Schedule 2 has {PARAGRAPHS} paragraphs: there is no paragraph {number.group()}",
                    item_id,
                )
            )
        coverage = entry["coverage"]
        directory = coverage.get("directory")
        for key, (allowed, label, file) in known.items():
            for position, value in enumerate((directory or {}).get(key, [])):
                if value not in allowed:
                    path_key = (*where, "coverage", "directory", key, position)
                    problems.append(
                        document.error(
                            path_key, f"'{value}' is not a {label} (see {file})", item_id
                        )
                    )
        for position, value in enumerate(coverage.get("plan_actions", [])):
            if value not in action_ids:
                problems.append(
                    document.error(
                        (*where, "coverage", "plan_actions", position),
                        f"'{value}' is not a plan action (see questions/actions/)",
                        item_id,
                    )
                )
        for position, value in enumerate(coverage.get("locality", [])):
            if value not in LOCALITY_FACTS:
                problems.append(
                    document.error(
                        (*where, "coverage", "locality", position),
                        f"'{value}' is not a council profile fact (one of: {', '.join(LOCALITY_FACTS)})",
                        item_id,
                    )
                )
        items.append(
            ScheduleItem(
                id=item_id,
                paragraph=entry["paragraph"],
                source=entry["source"],
                certainty=entry["certainty"],
                title=" ".join(entry["title"].split()),
                plain=" ".join(entry["plain"].split()),
                directory=None
                if directory is None
                else DirectoryCheck(
                    tuple(directory.get("categories", [])),
                    tuple(directory.get("needs", [])),
                    tuple(directory.get("actions", [])),
                    directory.get("area", "any"),
                ),
                listings=tuple(coverage.get("listings", [])),
                plan_actions=tuple(coverage.get("plan_actions", [])),
                locality=tuple(coverage.get("locality", [])),
                council_pages=tuple(" ".join(p.split()) for p in coverage.get("council_pages", [])),
                line=document.line_of(where),
            )
        )
    try:
        checked = date.fromisoformat(data["checked"])
    except ValueError:
        problems.append(document.error(("checked",), "checked must be a real date"))
    if problems:
        raise ContentProblems(sorted(problems, key=lambda p: p.line or 0), SUBJECT)
    return Schedule(tuple(items), checked, document.file)
