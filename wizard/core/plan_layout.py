"""How a plan is laid out for reading: "Your next steps", then the actions by when and by area.

The order itself is decided once, when the plan is made (`pathway.arrange`); this module only
groups actions that are already in plan order, so the page, the PDF and the API always agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wizard.core.graph import long_date
from wizard.core.pathway import PlannedAction, next_steps

#: Each timing's heading and introduction, in plan order (advice always last).
TIMING_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("now", "What to do now", "Start with these. Each has a date soon, or is what you came for."),
    ("soon", "What to do soon", "These can wait a little, but do not leave them too long."),
    ("later", "Planning ahead", "Things to start thinking about for the months and years ahead."),
    ("advice", "Advice and support", "Free help with any part of this plan."),
)


@dataclass(frozen=True)
class AreaGroup:
    """The actions of one area (domain) within a section, in plan order."""

    domain: str
    title: str
    actions: tuple[PlannedAction, ...]


@dataclass(frozen=True)
class PlanSection:
    """One "when" section of the plan: now, soon, later or advice."""

    key: str
    title: str
    intro: str
    areas: tuple[AreaGroup, ...]

    @property
    def anchor(self) -> str:
        """The id the contents list links to."""
        return f"section-{self.key}"


@dataclass(frozen=True)
class PlanLayout:
    """The plan as it is read: the next steps, then the sections."""

    next_steps: tuple[PlannedAction, ...]
    sections: tuple[PlanSection, ...]


def layout(actions: Sequence[PlannedAction], areas: Mapping[str, str]) -> PlanLayout:
    """Group the plan's actions (already in plan order) into sections by when, then by area."""
    sections = []
    for key, title, intro in TIMING_SECTIONS:
        groups: list[AreaGroup] = []
        for action in (a for a in actions if a.timing == key):
            if groups and groups[-1].domain == action.domain:
                last = groups[-1]
                groups[-1] = AreaGroup(last.domain, last.title, (*last.actions, action))
            else:
                title_of_area = areas.get(action.domain, action.domain.replace("_", " ").title())
                groups.append(AreaGroup(action.domain, title_of_area, (action,)))
        if groups:
            sections.append(PlanSection(key, title, intro, tuple(groups)))
    return PlanLayout(next_steps(actions), tuple(sections))


def when_words(action: PlannedAction) -> str:
    """When to act on this action, in words: "Now", "By Monday 18 January 2027", "Soon", ..."""
    upcoming = action.next_deadline
    if action.timing == "advice":
        return "Any time you need it"
    if action.timing == "now":
        if upcoming is not None:
            return f"Now: by {long_date(upcoming)}"
        if action.deadlines:
            return "Now: a date has passed"
        return "Now"
    if upcoming is not None:
        return f"By {long_date(upcoming)}"
    return "Soon" if action.timing == "soon" else "Planning ahead"
