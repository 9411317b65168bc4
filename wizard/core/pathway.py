"""The pathway: from answers to the actions that fit, each explained, with its deadlines worked out."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from wizard.core.actions import DOMAINS, ActionContent, ActionSet, DeadlineRule, Line
from wizard.core.conditions import FactValue
from wizard.core.content import Content
from wizard.core.content_ids import AGE, BIRTH_MONTH, CONDITIONS, LIVES_IN_AREA, NEEDS_AREAS
from wizard.core.derive import academic_year_when, add_days, add_months, add_weeks, parse_month
from wizard.core.engine import Progress, facts_from, resolve
from wizard.core.graph import PLACEHOLDER, Graph
from wizard.core.locality import Locality, Organisation
from wizard.core.notices import Notice, NoticeContent, plan_notices


@dataclass(frozen=True)
class Deadline:
    """A date the family or the council must act by, and whether it is before the plan's as-of date."""

    id: str
    date: date
    label: str
    passed: bool = False
    #: What to do now the date has passed (None when it has not, or the content says nothing).
    if_passed: str | None = None


@dataclass(frozen=True)
class Contact:
    """Who to contact about an action (from the council profile)."""

    name: str
    url: str = ""
    email: str = ""
    phone: str = ""
    description: str = ""


@dataclass(frozen=True)
class PlanLink:
    """A link with its address filled in from the council profile."""

    text: str
    url: str


@dataclass(frozen=True)
class PlannedClock:
    """A clock the family starts, with the dates it gives if it starts on the plan's date."""

    #: What starts it, as it follows "If" ("the council gets the request").
    starts: str
    #: The day the dates are worked out from (the plan's date).
    start: date
    dates: tuple[Deadline, ...]
    #: The question to change once it has happened, and the words of that link.
    ask: str
    ask_text: str


@dataclass(frozen=True)
class PlannedAction:
    """One action in a family's plan, in their words."""

    id: str
    domain: str
    title: str
    summary: str
    why: tuple[str, ...]
    steps: tuple[str, ...]
    expect: tuple[str, ...]
    legal_basis: tuple[str, ...]
    deadlines: tuple[Deadline, ...]
    eligibility: str | None
    eligibility_text: str
    categories: tuple[str, ...]
    contacts: tuple[Contact, ...]
    links: tuple[PlanLink, ...]
    offers_letter: bool
    content_checked: date
    #: Local Offer services mapped to this action: id, name, url (+ contact details for the plan).
    services: tuple[dict[str, Any], ...] = ()
    #: Shown before every other action: the family must know it before acting on the rest.
    first: bool = False
    #: When to act: "now", "soon", "later" (planning ahead) or "advice" (any time); see plan_order.
    timing: str = "soon"
    #: Among actions with the same timing, 1 comes first (0 for an action marked `first`).
    priority: int = 5
    #: A clock the family starts by acting (shown until the date it starts on is known).
    clock: PlannedClock | None = None

    @property
    def first_deadline(self) -> date | None:
        """The earliest of the action's deadlines."""
        return min((deadline.date for deadline in self.deadlines), default=None)

    @property
    def next_deadline(self) -> date | None:
        """The earliest of the action's deadlines that has not passed."""
        return min((d.date for d in self.deadlines if not d.passed), default=None)


@dataclass(frozen=True)
class Pathway:
    """A whole plan: where the answers led, the derived values and the actions in order."""

    graph_version: str
    as_of: date
    complete: bool
    current: str | None
    derived: Mapping[str, int | date | None]
    ignored: tuple[str, ...]
    answers: Mapping[str, Any]
    actions: tuple[PlannedAction, ...] = field(default_factory=tuple)
    notices: tuple[Notice, ...] = ()

    def to_api(self) -> dict[str, Any]:
        """The JSON the pathway API and CLI return (see questions/spec/pathway-api.md)."""
        return {
            "graph_version": self.graph_version,
            "as_of": self.as_of.isoformat(),
            "complete": self.complete,
            "derived": {
                k: v.isoformat() if isinstance(v, date) else v for k, v in self.derived.items()
            },
            "ignored": list(self.ignored),
            "notices": [
                {
                    "id": notice.id,
                    "title": notice.title,
                    "text": list(notice.text),
                    "checked": notice.checked.isoformat(),
                }
                for notice in self.notices
            ],
            "actions": [
                {
                    "id": action.id,
                    "domain": action.domain,
                    "title": action.title,
                    "summary": action.summary,
                    "why": list(action.why),
                    "steps": list(action.steps),
                    "expect": list(action.expect),
                    "legal_basis": list(action.legal_basis),
                    "deadlines": [
                        {
                            "id": d.id,
                            "date": d.date.isoformat(),
                            "label": d.label,
                            "passed": d.passed,
                            "if_passed": d.if_passed if d.passed else None,
                        }
                        for d in action.deadlines
                    ],
                    "eligibility": action.eligibility,
                    "services": [
                        {key: service[key] for key in ("id", "name", "url")}
                        for service in action.services
                    ],
                    "timing": action.timing,
                }
                for action in self.actions
            ],
            # Beyond the contract: the plan's first steps (at most three), in the order shown.
            "next_steps": [action.id for action in next_steps(self.actions)],
        }


def _contact(locality: Locality, key: str) -> Contact:
    if key == "send_team":
        return Contact(
            name=f"{locality.council_name} {locality.send_team_name}",
            email=locality.send_team_email,
            phone=locality.send_team_phone,
            url=locality.local_offer_url,
        )
    organisation: Organisation = getattr(locality, key)
    return Contact(
        name=organisation.name,
        url=organisation.url,
        email=organisation.email,
        phone=organisation.phone,
        description=organisation.description,
    )


def deadline_date(
    rule: DeadlineRule, facts: Mapping[str, FactValue], answers: Mapping[str, Any]
) -> date | None:
    """The deadline's date, or None when its input date is unknown or its condition does not hold."""
    if rule.when is not None and not rule.when.evaluate(facts):
        return None
    if rule.source is not None:
        start = answers.get(rule.source)
        if not isinstance(start, str):
            return None
        day = date.fromisoformat(start)
        day = add_weeks(add_days(day, rule.days), rule.weeks)
        return add_months(day, rule.months) if rule.months else day
    birth = answers.get(BIRTH_MONTH)
    if rule.school_year is None or not isinstance(birth, str):
        return None
    start_year = academic_year_when(parse_month(birth), rule.school_year)
    year = start_year if rule.month >= 9 else start_year + 1
    return date(year, rule.month, rule.day)


def _lines(
    graph: Graph, lines: tuple[Line, ...], facts: Mapping[str, FactValue]
) -> tuple[str, ...]:
    return tuple(
        graph.words(line.text, facts)
        for line in lines
        if line.when is None or line.when.evaluate(facts)
    )


def plan_action(
    action: ActionContent,
    graph: Graph,
    locality: Locality,
    progress: Progress,
    facts: Mapping[str, FactValue],
    as_of: date,
) -> PlannedAction:
    """Render one applicable action for these answers; a deadline before `as_of` has passed."""
    deadlines = []
    for rule in action.deadlines:
        when = deadline_date(rule, facts, progress.answers)
        if when is None:
            continue
        passed = when < as_of
        if_passed = (
            graph.words(rule.if_passed, facts) if passed and rule.if_passed is not None else None
        )
        deadlines.append(
            Deadline(rule.id, when, graph.words(rule.label, facts), passed, if_passed or None)
        )
    eligibility, eligibility_text = None, ""
    if action.eligibility is not None:
        likely = action.eligibility.likely_when.evaluate(facts)
        eligibility = "likely" if likely else "check"
        eligibility_text = graph.words(
            action.eligibility.likely if likely else action.eligibility.check, facts
        )
    terms = graph.terms(facts)
    clock = None
    source = _clock_source(action)
    if action.clock is not None and source and not isinstance(progress.answers.get(source), str):
        # Not started yet: the dates it would give if it started on the plan's date.
        started = {rule.source: as_of.isoformat() for rule in action.clock.deadlines if rule.source}
        dates = []
        for rule in action.clock.deadlines:
            when = deadline_date(rule, facts, {**progress.answers, **started})
            if when is not None:
                dates.append(Deadline(rule.id, when, graph.words(rule.label, facts)))
        clock = PlannedClock(
            starts=graph.words(action.clock.starts, facts),
            start=as_of,
            dates=tuple(sorted(dates, key=lambda d: d.date)),
            ask=action.clock.ask,
            ask_text=graph.words(action.clock.ask_text, facts),
        )
    deadlines.sort(key=lambda d: d.date)
    return PlannedAction(
        id=action.id,
        domain=action.domain,
        title=graph.words(action.title, facts),
        summary=graph.words(action.summary, facts),
        why=_lines(graph, action.why, facts),
        steps=_lines(graph, action.steps, facts),
        expect=_lines(graph, action.expect, facts),
        legal_basis=action.legal_basis,
        deadlines=tuple(deadlines),
        eligibility=eligibility,
        eligibility_text=eligibility_text,
        categories=action.categories,
        contacts=tuple(
            _contact(locality, rule.key)
            for rule in action.contacts
            if rule.when is None or rule.when.evaluate(facts)
        ),
        links=tuple(
            PlanLink(link.text, PLACEHOLDER.sub(lambda m: terms.get(m.group(1), ""), link.url))
            for link in action.links
        ),
        offers_letter=action.offers_letter,
        content_checked=action.content_checked,
        first=action.first,
        timing=_timing(action, deadlines, facts, as_of),
        priority=0 if action.first else action.timing.priority,
        clock=clock if clock is not None and clock.dates else None,
    )


def _clock_source(action: ActionContent) -> str | None:
    """The date answer that says the action's clock has started."""
    if action.clock is None:
        return None
    return next((rule.source for rule in action.clock.deadlines if rule.source), None)


#: An action with a date this close (or already past) is something to do now.
NOW_WITHIN = timedelta(weeks=8)
#: An action whose nearest date is further away than this is planning ahead.
LATER_BEYOND = timedelta(days=365)


def _timing(
    action: ActionContent,
    deadlines: Sequence[Deadline],
    facts: Mapping[str, FactValue],
    as_of: date,
) -> str:
    """When to act: now (first, a near or passed date, or what the family came for), later
    (planning ahead), advice (any time), else soon."""
    nearest = min((deadline.date for deadline in deadlines), default=None)
    if action.first:
        return "now"
    if action.domain == "advice":
        return "advice"
    if nearest is not None and nearest <= as_of + NOW_WITHIN:
        return "now"  # a passed date counts: there may still be time to act
    if action.timing.now_when is not None and action.timing.now_when.evaluate(facts):
        return "now"
    if action.timing.later_when is not None and action.timing.later_when.evaluate(facts):
        return "later"
    if nearest is not None:
        return "later" if nearest > as_of + LATER_BEYOND else "soon"
    return "later" if action.domain == "transitions" else "soon"


#: The plan's timings, in the order the plan shows them.
TIMINGS = ("now", "soon", "later", "advice")


def order_key(action: PlannedAction, position: int) -> tuple[int, int, int, date, int]:
    """Within the plan: by timing (now, soon, later, advice), then priority (an action marked
    `first` before all), then those with a date to come (nearest first), then those whose dates
    have all passed, then those with none; then content order."""
    timing = TIMINGS.index(action.timing) if action.timing in TIMINGS else len(TIMINGS)
    upcoming = action.next_deadline
    if upcoming is not None:
        return (timing, action.priority, 0, upcoming, position)
    if action.deadlines:
        return (timing, action.priority, 1, action.first_deadline or date.max, position)
    return (timing, action.priority, 2, date.max, position)


def arrange(actions: Sequence[PlannedAction], areas: Sequence[str]) -> tuple[PlannedAction, ...]:
    """The plan's order: by timing; within a timing, by area (the area of its most pressing action
    first, then the content's area order), and within an area by order_key."""
    ranked = sorted(enumerate(actions), key=lambda item: order_key(item[1], item[0]))
    area_rank = {area: index for index, area in enumerate(areas)}
    best: dict[tuple[str, str], int] = {}
    for place, (_position, action) in enumerate(ranked):
        best.setdefault((action.timing, action.domain), place)

    def key(item: tuple[int, tuple[int, PlannedAction]]) -> tuple[int, int, int, int]:
        place, (_position, action) = item
        timing = TIMINGS.index(action.timing) if action.timing in TIMINGS else len(TIMINGS)
        area = (action.timing, action.domain)
        return (timing, best[area], area_rank.get(action.domain, len(area_rank)), place)

    return tuple(action for _place, (_position, action) in sorted(enumerate(ranked), key=key))


#: At most this many actions open the plan as "Your next steps".
NEXT_STEPS = 3


def next_steps(actions: Sequence[PlannedAction]) -> tuple[PlannedAction, ...]:
    """At most three things to do first: the most pressing "now" actions; when nothing is due now,
    the first "soon" ones; when the plan holds only advice, its first advice."""
    for timing in ("now", "soon", "advice"):
        found = [action for action in actions if action.timing == timing]
        if found:
            # Priority first (what the family came for), then the plan's order (nearest date).
            ranked = sorted(enumerate(found), key=lambda item: (item[1].priority, item[0]))
            limit = 1 if timing == "advice" else NEXT_STEPS
            return tuple(action for _position, action in ranked[:limit])
    return ()


@dataclass(frozen=True)
class ServiceNeeds:
    """What a plan knows about the child that decides which Local Offer services fit."""

    #: The child's age in whole years (None when no birth month was given).
    age: int | None
    #: The broad areas of need the family named (questions/nodes: needs_areas).
    needs_areas: frozenset[str]
    #: The conditions the family named (questions/nodes: conditions), without "none".
    conditions: frozenset[str]
    #: True when the child lives in the council's area, False elsewhere, None when not asked.
    lives_in_area: bool | None
    #: The plan's date (a listing is overdue for its check relative to it).
    as_of: date


#: Finds directory services for actions: (action ids, what fits the child) -> services by action
#: id, best first. Each service is a dict with at least: id, name, url, in_area (bool), why (the
#: plain-English reason it fits), closed (True when closed to new referrals; listed after the open
#: ones), check_overdue (True when its listing is overdue for its check); and website, email, phone.
ServiceFinder = Callable[[Sequence[str], ServiceNeeds], Mapping[str, Sequence[Mapping[str, Any]]]]


def service_needs(pathway: Pathway) -> ServiceNeeds:
    """What the pathway's answers say about the child, for matching services."""
    age = pathway.derived.get(AGE)
    lives = pathway.answers.get(LIVES_IN_AREA)
    return ServiceNeeds(
        age=age if isinstance(age, int) else None,
        needs_areas=frozenset(_listed(pathway.answers.get(NEEDS_AREAS))),
        conditions=frozenset(_listed(pathway.answers.get(CONDITIONS))) - {"none"},
        lives_in_area=None if lives is None else lives in ("yes", True),
        as_of=pathway.as_of,
    )


def _listed(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def build_pathway(
    content: Content,
    answers: Mapping[str, Any],
    as_of: date,
    services: ServiceFinder | None = None,
) -> Pathway:
    """Replay the answers and pick every action whose rule holds, each once, in plan order."""
    pathway = pathway_for(
        content.graph,
        content.actions,
        content.locality,
        answers,
        as_of,
        content.version,
        notices=content.notices,
    )
    return with_services(pathway, services) if services is not None else pathway


def with_services(pathway: Pathway, services: ServiceFinder) -> Pathway:
    """The pathway with each action's matching Local Offer services filled in."""
    found = services([action.id for action in pathway.actions], service_needs(pathway))
    actions = tuple(
        replace(action, services=tuple(dict(s) for s in found.get(action.id, ())))
        for action in pathway.actions
    )
    return replace(pathway, actions=actions)


def pathway_for(
    graph: Graph,
    actions: ActionSet,
    locality: Locality,
    answers: Mapping[str, Any],
    as_of: date,
    version: str,
    notices: Sequence[NoticeContent] = (),
) -> Pathway:
    """build_pathway on its parts (for tools that load content piece by piece)."""
    graph = graph.for_plan()  # the family reads the plan, whoever answered the questions
    progress = resolve(graph, answers, as_of)
    facts = facts_from(progress.answers, progress.derived)
    chosen = [
        plan_action(action, graph, locality, progress, facts, as_of)
        for action in actions.actions
        if action.applies_when.evaluate(facts)
    ]
    return Pathway(
        graph_version=version,
        as_of=as_of,
        complete=progress.complete,
        current=progress.current,
        derived=progress.derived,
        ignored=progress.ignored,
        answers=progress.answers,
        actions=arrange(chosen, list(actions.areas) or DOMAINS),
        notices=plan_notices(notices, graph, facts),
    )
