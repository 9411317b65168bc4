"""The question graph as frozen data: nodes, options, routes, wording variants, sections, groups."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from wizard.core.conditions import Condition, FactType, FactValue
from wizard.core.content_ids import AGE, BIRTH_MONTH, COMPULSORY_SCHOOL_AGE_ENDS, SCHOOL_YEAR

NodeType = Literal[
    "radios", "checkboxes", "yesno", "text", "textarea", "number", "month", "date", "info", "end"
]

#: Node types that take an answer, and the kind of value each holds in conditions.
ANSWER_KINDS: dict[
    str, Literal["choice", "multichoice", "boolean", "number", "month", "date", "text"]
] = {
    "radios": "choice",
    "checkboxes": "multichoice",
    "yesno": "boolean",
    "number": "number",
    "month": "month",
    "date": "date",
    "text": "text",
    "textarea": "text",
}

#: Free text is capped even when the content sets no limit (security rule 3).
TEXT_LIMITS = {"text": 200, "textarea": 5000}


@dataclass(frozen=True)
class Variant:
    """One wording: shown when `when` holds (None means always; the last variant has no `when`)."""

    text: str
    when: Condition | None = None
    line: int | None = None


@dataclass(frozen=True)
class Text:
    """Words that may vary by condition, for example "you" for a young person, "your child" otherwise."""

    variants: tuple[Variant, ...]

    def render(self, facts: Mapping[str, FactValue]) -> str:
        """Pick the first variant whose condition holds."""
        for variant in self.variants:
            if variant.when is None or variant.when.evaluate(facts):
                return variant.text
        return self.variants[-1].text

    @property
    def default(self) -> str:
        """The wording without any condition."""
        return self.variants[-1].text


@dataclass(frozen=True)
class Option:
    """A radio or checkbox option."""

    value: str
    label: Text
    hint: Text | None = None
    exclusive: bool = False
    #: How the option reads in a list of answers, when the label speaks as "I".
    answer: Text | None = None


@dataclass(frozen=True)
class Route:
    """Go to `to` when `when` holds; routes are tried in order before the node's `next`."""

    when: Condition
    to: str
    line: int | None = None


@dataclass(frozen=True)
class Validation:
    """What makes an answer acceptable."""

    required: bool = True
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    not_future: bool = False
    max_years_ago: int | None = None


@dataclass(frozen=True)
class Details:
    """A GOV.UK details block: a short title that opens to explain a term."""

    title: Text
    body: tuple[Text, ...]


@dataclass(frozen=True)
class Node:
    """One page of the journey: a question, an information page or the end."""

    id: str
    type: NodeType
    title: Text
    file: str
    line: int
    section: str | None = None
    summary: Text | None = None
    hint: Text | None = None
    body: tuple[Text, ...] = ()
    details: Details | None = None
    suffix: str = ""
    options: tuple[Option, ...] = ()
    errors: Mapping[str, Text] = field(default_factory=dict)
    validation: Validation = Validation()
    next: str | None = None
    routes: tuple[Route, ...] = ()
    lines: Mapping[tuple[str | int, ...], int] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def is_question(self) -> bool:
        """True for nodes that take an answer."""
        return self.type in ANSWER_KINDS

    @property
    def optional(self) -> bool:
        """True for questions that can be skipped."""
        return self.is_question and not self.validation.required

    @property
    def option_values(self) -> tuple[str, ...]:
        """The values of the options, in order."""
        return tuple(option.value for option in self.options)

    def option(self, value: str) -> Option | None:
        """The option with this value, if there is one."""
        return next((option for option in self.options if option.value == value), None)

    def targets(self) -> tuple[str, ...]:
        """Every node this one can lead to: each route's target, then the default."""
        found = [route.to for route in self.routes]
        if self.next is not None:
            found.append(self.next)
        return tuple(dict.fromkeys(found))

    def line_of(self, *path: str | int) -> int:
        """The line of a part of this node (falls back to the node's own line)."""
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.line

    def texts(self) -> Iterator[tuple[Text, tuple[str | int, ...]]]:
        """Every text of the question with its path in the file: title, summary, hint, body,
        details, options and error messages."""
        yield self.title, ("title",)
        if self.summary:
            yield self.summary, ("summary",)
        if self.hint:
            yield self.hint, ("hint",)
        for index, paragraph in enumerate(self.body):
            yield paragraph, ("body", index)
        if self.details:
            yield self.details.title, ("details", "title")
            for index, paragraph in enumerate(self.details.body):
                yield paragraph, ("details", "body", index)
        for index, option in enumerate(self.options):
            yield option.label, ("options", index, "label")
            if option.hint:
                yield option.hint, ("options", index, "hint")
            if option.answer:
                yield option.answer, ("options", index, "answer")
        for key, text in self.errors.items():
            yield text, ("errors", key)

    def max_length(self) -> int | None:
        """The longest text answer accepted (content's limit, capped by the type's limit)."""
        cap = TEXT_LIMITS.get(self.type)
        if cap is None:
            return None
        return min(self.validation.max_length or cap, cap)


@dataclass(frozen=True)
class Voice:
    """The words for `{term}` placeholders when `when` holds (the last voice has no condition)."""

    terms: Mapping[str, str]
    when: Condition | None = None


PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z_]*)\}")
#: `{=question_id}` shows the family's own answer (or a derived value) in words.
ANSWER_PLACEHOLDER = re.compile(r"\{=([a-z][a-z0-9_]*)\}")


def fill(
    text: Text | None,
    facts: Mapping[str, FactValue],
    terms: Mapping[str, str],
    show: Callable[[str], str] | None = None,
) -> str:
    """Render text: the variant that fits, each {term} from `terms`, each {=id} through `show`."""
    if text is None:
        return ""
    rendered = PLACEHOLDER.sub(lambda m: terms.get(m.group(1), m.group(0)), text.render(facts))
    if show is not None:
        rendered = ANSWER_PLACEHOLDER.sub(lambda m: show(m.group(1)), rendered)
    return rendered


def _mid_sentence(label: str) -> str:
    """'A mainstream school' reads 'a mainstream school' inside a sentence; 'ADHD' stays as it is."""
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def format_value(value: object) -> str:
    """Dates in full ('Monday 11 January 2027'), months as 'March 2016', numbers without '.0'."""
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return long_date(date.fromisoformat(value))
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        return date.fromisoformat(value + "-01").strftime("%B %Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def long_date(day: date) -> str:
    """A date written out in full, as GOV.UK does: Monday 11 January 2027."""
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


@dataclass(frozen=True)
class Section:
    """A part of the journey shown in the progress indicator and on check your answers."""

    id: str
    title: Text


@dataclass(frozen=True)
class Graph:
    """The whole question graph, validated and ready to replay."""

    nodes: Mapping[str, Node]
    start: str
    sections: tuple[Section, ...]
    groups: Mapping[str, tuple[str, ...]]
    version: str
    start_file: str = ""
    start_line: int | None = None
    voices: tuple[Voice, ...] = ()
    constants: Mapping[str, str] = field(default_factory=dict)
    #: The voices of the plan, when they differ from the question pages' (a keyworker answers, the
    #: family reads the plan).
    plan_voices: tuple[Voice, ...] | None = None

    def for_plan(self) -> Graph:
        """The graph speaking with the plan's voices (the family's plan, not the keyworker's pages)."""
        if self.plan_voices is None:
            return self
        return replace(self, voices=self.plan_voices, plan_voices=None)

    def node(self, node_id: str) -> Node:
        """The node with this id (KeyError if there is none)."""
        return self.nodes[node_id]

    def questions(self) -> list[Node]:
        """Every node that takes an answer, in content order."""
        return [node for node in self.nodes.values() if node.is_question]

    def fact_types(self) -> dict[str, FactType]:
        """The type of every identifier a condition may use: questions, then derived values."""
        types = {
            node.id: FactType(ANSWER_KINDS[node.type], node.option_values)
            for node in self.nodes.values()
            if node.is_question
        }
        source = self.nodes.get(BIRTH_MONTH)
        if source is not None and source.type == "month":
            types.setdefault(AGE, FactType("number", derived=True))
            types.setdefault(SCHOOL_YEAR, FactType("number", derived=True))
            types.setdefault(COMPULSORY_SCHOOL_AGE_ENDS, FactType("date", derived=True))
        return types

    def terms(self, facts: Mapping[str, FactValue]) -> Mapping[str, str]:
        """The voice's words for these answers: "you" for a young person, "your child" for a parent."""
        for voice in self.voices:
            if voice.when is None or voice.when.evaluate(facts):
                return {**self.constants, **voice.terms}
        return self.constants

    def words(self, text: Text | None, facts: Mapping[str, FactValue]) -> str:
        """Render text for these answers: the variant that fits, with {terms} filled in."""
        return fill(text, facts, self.terms(facts), lambda name: self.show(name, facts))

    def show(self, name: str, facts: Mapping[str, FactValue]) -> str:
        """An answer or derived value in words: an option's label, 'Year 6', '27 March 2026'."""
        value = facts.get(name)
        if value is None:
            return "not known"
        node = self.nodes.get(name)
        if name == SCHOOL_YEAR and isinstance(value, int | float):
            return "Reception" if value == 0 else f"Year {int(value)}"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if node is not None and node.type in ("radios", "checkboxes"):
            chosen = [value] if isinstance(value, str) else list(value)  # type: ignore[arg-type]
            labels = [
                fill(option.label, facts, self.terms(facts))
                for option in node.options
                if option.value in chosen
            ]
            return _join([_mid_sentence(label) for label in labels])
        return format_value(value)

    def section(self, section_id: str | None) -> Section | None:
        """The section with this id."""
        return next((s for s in self.sections if s.id == section_id), None)
