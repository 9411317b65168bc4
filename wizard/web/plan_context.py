"""What the plan page and the plan PDF both show around the actions: the layout, the contacts
(each once), the words explained and when the information was checked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app

from wizard.core.content_ids import FIRST_NAME
from wizard.core.glossary import GlossaryEntry, terms_used
from wizard.core.pathway import Contact
from wizard.core.plan_layout import PlanLayout
from wizard.core.snapshot import PlanSnapshot
from wizard.web.context import content


@dataclass(frozen=True)
class PlanReading:
    """Everything around the actions that the page and the PDF share."""

    layout: PlanLayout
    #: Every contact the plan's actions name, once each, in the order they first appear.
    contacts: tuple[Contact, ...]
    glossary: list[GlossaryEntry]
    #: The child's first name, when the family gave it (never for a young person's own plan).
    first_name: str
    #: Whether the plan speaks to a young person as "you".
    young: bool
    #: When the plan's information was last checked (shown instead of a content hash).
    checked: date
    #: How long a finished plan is kept, in days.
    kept_days: int


def plan_reading(plan: PlanSnapshot) -> PlanReading:
    """The plan as it is read, with its contacts gathered once and the words it uses explained."""
    loaded = content()
    contacts: dict[str, Contact] = {}
    for action in plan.actions:
        for contact in action.contacts:
            contacts.setdefault(contact.name, contact)
    words = " ".join(
        " ".join([a.title, a.summary, *a.why, *a.steps, *a.expect]) for a in plan.actions
    )
    young = plan.terms.get("child") == "you"
    name: Any = plan.answers.get(FIRST_NAME, "")
    return PlanReading(
        layout=plan.layout(loaded.actions.areas),
        contacts=tuple(contacts.values()),
        glossary=terms_used(loaded.glossary, words),
        first_name=name.strip() if isinstance(name, str) and not young else "",
        young=young,
        checked=plan.content_checked,
        kept_days=current_app.config["RETENTION_FINISHED_DAYS"],
    )
