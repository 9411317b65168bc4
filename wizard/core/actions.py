"""The pathway's actions (questions/actions/*.yaml): load them and check them against the catalogue."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from wizard.core.conditions import Condition, ConditionError, bind_groups, parse, type_check
from wizard.core.conformance import sample_answers
from wizard.core.dictionary import Dictionary
from wizard.core.engine import facts_from, resolve
from wizard.core.gcpause import paused_gc
from wizard.core.graph import PLACEHOLDER, Graph, Text
from wizard.core.loader import ContentReader
from wizard.core.schema import validate
from wizard.core.yamlsource import ContentError, ContentProblems, SourceDocument, load_yaml_file

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "questions" / "schemas" / "actions.schema.json"
CATALOGUE_FILE = (
    Path(__file__).resolve().parents[2] / "questions" / "spec" / "action-catalogue.yaml"
)

#: The order domains appear in the catalogue, used to order actions with no deadline.
DOMAINS = ("education", "health", "social_care", "transitions", "ehc", "rights", "advice")


@dataclass(frozen=True)
class Line:
    """A sentence shown when its condition holds (always, when there is none)."""

    text: Text
    when: Condition | None = None


@dataclass(frozen=True)
class DeadlineRule:
    """How one deadline is worked out: a date answer plus a period, or a day of a school year."""

    id: str
    label: Text
    when: Condition | None = None
    source: str | None = None
    days: int = 0
    weeks: int = 0
    months: int = 0
    day: int = 0
    month: int = 0
    school_year: int | None = None
    #: What to do now, shown when the date is before the plan's as-of date (none: nothing to add).
    if_passed: Text | None = None


@dataclass(frozen=True)
class ContactRule:
    """A contact from the council profile, shown when its condition holds (always, when none)."""

    key: str
    when: Condition | None = None


@dataclass(frozen=True)
class Eligibility:
    """A yes-likely or check-the-rules verdict with what each means."""

    likely_when: Condition
    likely: Text
    check: Text


@dataclass(frozen=True)
class Link:
    """A link the plan shows (its address may be a {term} from the council profile)."""

    text: str
    url: str


@dataclass(frozen=True)
class Timing:
    """When the family should act on an action, beyond what its deadlines say."""

    #: The action is something to do now when this holds (what the family came for).
    now_when: Condition | None = None
    #: The action is planning ahead when this holds (and no date of it is near).
    later_when: Condition | None = None
    #: 1 comes first among actions due at the same time.
    priority: int = 5


@dataclass(frozen=True)
class Clock:
    """A statutory clock the family starts, shown with the dates it gives if it starts today."""

    #: What starts it, as it follows "If" ("the council gets the request").
    starts: Text
    #: The question to change once it has happened (the plan then works out the real dates).
    ask: str
    ask_text: Text
    deadlines: tuple[DeadlineRule, ...]


@dataclass(frozen=True)
class ActionContent:
    """Everything the plan says about one action, and the rule for when it applies."""

    id: str
    domain: str
    title: Text
    summary: Text
    applies_when: Condition
    why: tuple[Line, ...]
    steps: tuple[Line, ...]
    expect: tuple[Line, ...]
    legal_basis: tuple[str, ...]
    deadlines: tuple[DeadlineRule, ...]
    eligibility: Eligibility | None
    categories: tuple[str, ...]
    contacts: tuple[ContactRule, ...]
    links: tuple[Link, ...]
    offers_letter: bool
    content_checked: date
    file: str
    line: int
    #: Shown before every other action (for example: another council is responsible).
    first: bool = False
    timing: Timing = Timing()
    clock: Clock | None = None


@dataclass(frozen=True)
class ActionSet:
    """All actions in content order, the Local Offer categories they are filed under, and the
    plan's areas (a heading for each domain, in the plan's order)."""

    actions: tuple[ActionContent, ...]
    categories: dict[str, str]
    areas: dict[str, str] = field(default_factory=dict)

    def get(self, action_id: str) -> ActionContent | None:
        """The action with this id."""
        return next((a for a in self.actions if a.id == action_id), None)


def action_files(questions_dir: Path) -> list[Path]:
    """The action files, in name order."""
    return sorted((questions_dir / "actions").glob("*.yaml"))


def load_actions(questions_dir: Path, graph: Graph) -> ActionSet:
    """Load and check the actions against the graph; raise ContentProblems listing every mistake."""
    with paused_gc():
        return _load_actions(action_files(questions_dir), questions_dir, graph)


def _load_actions(files: list[Path], root: Path, graph: Graph) -> ActionSet:
    problems: list[ContentError] = []
    documents: list[SourceDocument] = []
    for path in files:
        try:
            document = load_yaml_file(path, display_name=str(path.relative_to(root)))
        except ContentError as error:
            problems.append(error)
            continue
        found = validate(document, SCHEMA_FILE)
        problems += found
        if not found:
            documents.append(document)
    if problems:
        raise ContentProblems(problems)
    if not documents:
        raise ContentProblems([ContentError(str(root / "actions"), None, "no action files found")])
    reader = ContentReader.for_graph(graph)
    categories: dict[str, str] = {}
    areas: dict[str, str] = {}
    for document in documents:
        for index, raw in enumerate((document.data or {}).get("categories", [])):
            if raw["id"] in categories:
                reader.problem(
                    document, ("categories", index), f"the category '{raw['id']}' is defined twice"
                )
            categories[raw["id"]] = raw["title"]
        for index, raw in enumerate((document.data or {}).get("areas", [])):
            if raw["id"] in areas:
                reader.problem(
                    document, ("areas", index), f"the area '{raw['id']}' is defined twice"
                )
            areas[raw["id"]] = raw["title"]
    missing = [domain for domain in DOMAINS if domain not in areas]
    if areas and missing:  # no `areas:` at all: the domains' own names, in catalogue order
        reader.problems.append(
            ContentError(
                documents[0].file,
                None,
                "the plan's areas (`areas:`) need a heading for " + ", ".join(missing),
            )
        )
    actions: list[ActionContent] = []
    for document in documents:
        for index, raw in enumerate((document.data or {}).get("actions", [])):
            if any(action.id == raw["id"] for action in actions):
                reader.problem(
                    document,
                    ("actions", index),
                    f"the action '{raw['id']}' is defined twice",
                    raw["id"],
                )
                continue
            action = _action(reader, document, index, raw, graph, categories)
            if action is not None:
                actions.append(action)
    if reader.problems:
        raise ContentProblems(reader.problems)
    # The plan shows areas in the order the content lists them.
    return ActionSet(tuple(actions), categories, areas)


def _action(
    reader: ContentReader,
    document: SourceDocument,
    index: int,
    raw: dict[str, Any],
    graph: Graph,
    categories: dict[str, str],
) -> ActionContent | None:
    action_id = raw["id"]
    base: tuple[str | int, ...] = ("actions", index)

    def text(value: Any, *path: str | int) -> Text:
        return reader.text(document, (*base, *path), value, action_id)

    def condition(value: str, *path: str | int) -> Condition | None:
        return reader.condition(document, (*base, *path), value, action_id)

    def lines(key: str) -> tuple[Line, ...]:
        found = []
        for number, item in enumerate(raw.get(key, [])):
            if isinstance(item, str):
                found.append(Line(text(item, key, number)))
            else:
                when = condition(item["when"], key, number, "when") if "when" in item else None
                found.append(Line(text(item["text"], key, number, "text"), when))
        return tuple(found)

    applies = condition(raw["applies_when"], "applies_when")
    for number, category in enumerate(raw["categories"]):
        if category not in categories:
            reader.problem(
                document,
                (*base, "categories", number),
                f"'{category}' is not a Local Offer category",
                action_id,
            )

    def deadline_rules(items: list[dict[str, Any]], *path: str | int) -> tuple[DeadlineRule, ...]:
        rules = []
        for number, item in enumerate(items):
            source = item.get("from")
            if source is not None and (
                source not in graph.nodes or graph.nodes[source].type != "date"
            ):
                reader.problem(
                    document,
                    (*base, *path, number, "from"),
                    f"'{source}' is not a date question",
                    action_id,
                )
            period = item.get("add", {})
            on = item.get("on", {})
            rules.append(
                DeadlineRule(
                    id=item["id"],
                    label=text(item["label"], *path, number, "label"),
                    when=condition(item["when"], *path, number, "when") if "when" in item else None,
                    source=source,
                    days=period.get("days", 0),
                    weeks=period.get("weeks", 0),
                    months=period.get("months", 0),
                    day=on.get("day", 0),
                    month=on.get("month", 0),
                    school_year=on.get("school_year"),
                    if_passed=text(item["if_passed"], *path, number, "if_passed")
                    if "if_passed" in item
                    else None,
                )
            )
        return tuple(rules)

    deadlines = deadline_rules(raw.get("deadlines", []), "deadlines")
    timing = Timing()
    if "timing" in raw:
        spec = raw["timing"]
        timing = Timing(
            now_when=condition(spec["now_when"], "timing", "now_when")
            if "now_when" in spec
            else None,
            later_when=condition(spec["later_when"], "timing", "later_when")
            if "later_when" in spec
            else None,
            priority=spec.get("priority", 5),
        )
    clock = None
    if "clock" in raw:
        spec = raw["clock"]
        if spec["ask"] not in graph.nodes or not graph.nodes[spec["ask"]].is_question:
            reader.problem(
                document, (*base, "clock", "ask"), f"'{spec['ask']}' is not a question", action_id
            )
        clock_rules = deadline_rules(spec["deadlines"], "clock", "deadlines")
        for number, rule in enumerate(clock_rules):
            if rule.source is None:
                reader.problem(
                    document,
                    (*base, "clock", "deadlines", number),
                    "a clock's deadline counts from a date question (`from:`)",
                    action_id,
                )
        clock = Clock(
            starts=text(spec["starts"], "clock", "starts"),
            ask=spec["ask"],
            ask_text=text(spec["ask_text"], "clock", "ask_text"),
            deadlines=clock_rules,
        )
    for number, link in enumerate(raw.get("links", [])):
        for name in PLACEHOLDER.findall(link["url"]):
            if name not in graph.constants:
                reader.problem(
                    document,
                    (*base, "links", number, "url"),
                    f"{{{name}}} is not an address from the council profile",
                    action_id,
                )
    contacts = []
    for number, item in enumerate(raw.get("contacts", [])):
        if isinstance(item, str):
            contacts.append(ContactRule(item))
        else:
            when = condition(item["when"], "contacts", number, "when")
            if when is not None:
                contacts.append(ContactRule(item["contact"], when))
    eligibility = None
    if "eligibility" in raw:
        likely_when = condition(raw["eligibility"]["likely_when"], "eligibility", "likely_when")
        if likely_when is not None:
            eligibility = Eligibility(
                likely_when,
                text(raw["eligibility"]["likely"], "eligibility", "likely"),
                text(raw["eligibility"]["check"], "eligibility", "check"),
            )
    try:
        checked = date.fromisoformat(raw["content_checked"])
    except ValueError:
        reader.problem(
            document, (*base, "content_checked"), "content_checked must be a real date", action_id
        )
        checked = date.min
    if applies is None:
        return None
    return ActionContent(
        id=action_id,
        domain=raw["domain"],
        title=text(raw["title"], "title"),
        summary=text(raw["summary"], "summary"),
        applies_when=applies,
        why=lines("why"),
        steps=lines("steps"),
        expect=lines("expect"),
        legal_basis=tuple(raw.get("legal_basis", [])),
        deadlines=deadlines,
        eligibility=eligibility,
        categories=tuple(raw["categories"]),
        contacts=tuple(contacts),
        links=tuple(Link(link["text"], link["url"]) for link in raw.get("links", [])),
        offers_letter=bool(raw.get("offers_letter", False)),
        first=bool(raw.get("first", False)),
        timing=timing,
        clock=clock,
        content_checked=checked,
        file=document.file,
        line=document.line_of(base) or 0,
    )


# --- the catalogue ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueEntry:
    """One action of the shared catalogue: its id, domain, rule and deadline ids."""

    id: str
    domain: str
    applies_when: str
    deadline_ids: tuple[str, ...]
    line: int | None


def load_catalogue(path: Path = CATALOGUE_FILE) -> tuple[SourceDocument, list[CatalogueEntry]]:
    """Read the action catalogue (the contract every plan follows)."""
    document = load_yaml_file(path, display_name=f"spec/{path.name}")
    entries = []
    for action_id, raw in (document.data or {}).get("actions", {}).items():
        entries.append(
            CatalogueEntry(
                id=action_id,
                domain=raw["domain"],
                applies_when=" ".join(str(raw["applies_when"]).split()),
                deadline_ids=tuple((raw.get("deadlines") or {}).keys()),
                line=document.line_of(("actions", action_id)),
            )
        )
    return document, entries


def check_catalogue(
    actions: ActionSet,
    graph: Graph,
    dictionary: Dictionary,
    samples: int = 400,
    path: Path = CATALOGUE_FILE,
) -> list[ContentError]:
    """Every catalogue action has content with its domain and deadlines, and a rule that agrees with
    the catalogue's on `samples` replayed answer sets."""
    document, entries = load_catalogue(path)
    problems: list[ContentError] = []
    rules: list[tuple[ActionContent, Condition]] = []
    groups = {**graph.groups, **dictionary.groups}
    for entry in entries:
        action = actions.get(entry.id)
        if action is None:
            problems.append(
                ContentError(
                    document.file,
                    entry.line,
                    f"the action '{entry.id}' has no content in questions/actions/",
                    entry.id,
                )
            )
            continue
        located = ContentError(action.file, action.line, "", action.id)
        if action.domain != entry.domain:
            problems.append(
                ContentError(
                    action.file,
                    action.line,
                    f"the catalogue puts '{entry.id}' in {entry.domain}, not {action.domain}",
                    action.id,
                )
            )
        ours = tuple(rule.id for rule in action.deadlines)
        if set(ours) != set(entry.deadline_ids):
            problems.append(
                ContentError(
                    located.file,
                    located.line,
                    f"deadlines must be exactly the catalogue's {list(entry.deadline_ids)}, not {list(ours)}",
                    action.id,
                )
            )
        try:
            rule = bind_groups(parse(entry.applies_when), groups)
        except ConditionError as error:
            problems.append(
                ContentError(
                    document.file,
                    entry.line,
                    f"the catalogue rule cannot be read: {error}",
                    entry.id,
                )
            )
            continue
        found = type_check(rule, graph.fact_types(), groups)
        if found:
            problems.append(
                ContentError(
                    document.file, entry.line, f"the catalogue rule: {'; '.join(found)}", entry.id
                )
            )
            continue
        rules.append((action, rule))
    problems += _compare_rules(rules, graph, dictionary, samples)
    return problems


def _compare_rules(
    rules: list[tuple[ActionContent, Condition]], graph: Graph, dictionary: Dictionary, samples: int
) -> list[ContentError]:
    """Replay random complete answer sets; our rule and the catalogue's must agree on every one."""
    rng = random.Random(7)  # noqa: S311 - reproducible test data, not secrets
    as_of = date(2026, 11, 30)
    wrong: dict[str, ContentError] = {}
    for _ in range(samples):
        answers = sample_answers(graph, dictionary, rng, as_of)
        progress = resolve(graph, answers, as_of)
        facts = facts_from(progress.answers, progress.derived)
        for action, rule in rules:
            if action.id in wrong:
                continue
            ours, theirs = action.applies_when.evaluate(facts), rule.evaluate(facts)
            if ours != theirs:
                relevant = {
                    k: v
                    for k, v in facts.items()
                    if k in rule.references() | action.applies_when.references()
                }
                verb = (
                    "applies although the catalogue's rule does not hold"
                    if ours
                    else "does not apply although the catalogue's rule holds"
                )
                wrong[action.id] = ContentError(
                    action.file,
                    action.line,
                    f"'{action.id}' {verb} (catalogue: {rule.source}; for example with {relevant})",
                    action.id,
                )
    return list(wrong.values())
