"""Which mapped directory services fit a child, in what order, and why, in plain words.

The database query (wizard/storage/directory.py) finds the services mapped to a plan's actions
that are listed, fit the child's age and are not for a condition the child does not have. This
module orders them and says why each is there; it reads no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from wizard.core.pathway import ServiceNeeds
from wizard.directory.display import is_overdue
from wizard.directory.mapping import NEEDS_AREAS, NOT_A_CONDITION

#: How a "why" names each condition after "with" (acronyms spelled out, as the questions do).
CONDITION_WORDS = {
    "autism": "autism",
    "adhd": "attention deficit hyperactivity disorder (ADHD)",
    "speech_language_difficulty": "a speech, language or communication difficulty",
    "learning_disability": "a learning disability",
    "specific_learning_difficulty": "a specific learning difficulty",
    "hearing_impairment": "a hearing impairment",
    "visual_impairment": "a visual impairment",
    "physical_disability": "a physical disability",
    "epilepsy": "epilepsy",
    "diabetes": "diabetes",
    "other_medical_condition": "a long-term medical condition",
    "mental_health_condition": "a mental health condition",
}


@dataclass(frozen=True)
class Candidate:
    """A service mapped to one of the plan's actions, with what decides its place."""

    action_id: str
    id: str
    name: str
    in_area: bool
    closed: bool
    minimum_age: float | None
    maximum_age: float | None
    assured_date: date | None
    website: str
    email: str
    #: The child's needs areas and conditions that the service is tagged with.
    needs: frozenset[str] = frozenset()
    conditions: frozenset[str] = frozenset()


def named_conditions(needs: ServiceNeeds) -> frozenset[str]:
    """The child's conditions that name one ("waiting for an assessment" does not)."""
    return needs.conditions - NOT_A_CONDITION


def order_key(candidate: Candidate, needs: ServiceNeeds) -> tuple[Any, ...]:
    """Open before closed; for the child's condition, then most of their needs areas; in-area
    first (unless the child lives elsewhere); then by name."""
    away = not candidate.in_area if needs.lives_in_area is not False else False
    return (
        candidate.closed,
        not candidate.conditions,
        -len(candidate.needs),
        away,
        candidate.name.casefold(),
        candidate.id,
    )


def _ages(minimum: float | None, maximum: float | None) -> str:
    if minimum is not None and maximum is not None:
        return f" aged {minimum:g}" if minimum == maximum else f" aged {minimum:g} to {maximum:g}"
    if minimum is not None:
        return f" aged {minimum:g} and over"
    if maximum is not None:
        return f" up to age {maximum:g}"
    return ""


def why(candidate: Candidate, needs: ServiceNeeds, area_name: str) -> str:
    """Why the service is in the plan: who it is for, the needs it matches, and where it is."""
    parts = []
    conditions = [CONDITION_WORDS.get(c, c.replace("_", " ")) for c in sorted(candidate.conditions)]
    who = _ages(candidate.minimum_age, candidate.maximum_age)
    if conditions:
        who += " with " + " or ".join(conditions)
    if who:
        parts.append("For children and young people" + who)
    matched = [label.lower() for key, label in NEEDS_AREAS.items() if key in candidate.needs]
    if matched:
        parts.append("Matches: " + "; ".join(matched))
    if candidate.in_area and needs.lives_in_area is not False:
        parts.append(f"In {area_name}")
    return ". ".join(parts) + "." if parts else ""


def choose(
    candidates: Iterable[Candidate],
    needs: ServiceNeeds,
    limit: int,
    review_after_months: int,
    area_name: str,
) -> dict[str, list[dict[str, Any]]]:
    """The best `limit` services for each action, each once, as the plan's service dicts."""
    by_action: dict[str, dict[str, Candidate]] = {}
    for candidate in candidates:
        by_action.setdefault(candidate.action_id, {}).setdefault(candidate.id, candidate)
    found: dict[str, list[dict[str, Any]]] = {}
    for action_id, services in by_action.items():
        ordered = sorted(services.values(), key=lambda c: order_key(c, needs))
        found[action_id] = [
            {
                "id": c.id,
                "name": c.name,
                "in_area": c.in_area,
                "why": why(c, needs, area_name),
                "closed": c.closed,
                "check_overdue": is_overdue(c.assured_date, review_after_months, needs.as_of),
                # An ISO date, or None when the listing was never checked (the plan shows it).
                "last_checked": c.assured_date.isoformat() if c.assured_date else None,
                "website": c.website,
                "email": c.email,
            }
            for c in ordered[:limit]
        ]
    return found
