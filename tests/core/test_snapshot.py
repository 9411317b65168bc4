"""The typed plan snapshot: it writes the stored JSON, reads it back, and opens version 1 plans.

The fixtures are real version 1 snapshots, saved by plan_snapshot before the snapshot was typed
(ADR 0023): one for a family asking for an assessment (a letter, a Local Offer service), one for a
family another council is responsible for (an action shown first).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.support.content import real_content
from tests.support.journey import step_by_step
from tests.support.personas import PERSONAS
from wizard.core.pathway import Deadline, PlannedAction, build_pathway
from wizard.core.snapshot import (
    SNAPSHOT_VERSION,
    PlanSnapshot,
    SnapshotUnreadable,
    plan_snapshot,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"
LETTER_V1 = "v1-partly-working-letter.json"
ANOTHER_COUNCIL_V1 = "v1-another-council.json"


def saved(name: str) -> dict[str, Any]:
    """A stored snapshot, as the database gives it back."""
    loaded: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return loaded


@pytest.mark.parametrize("name", [LETTER_V1, ANOTHER_COUNCIL_V1])
def test_a_version_1_snapshot_opens_typed(name):
    stored = saved(name)
    assert stored["snapshot_version"] == 1
    plan = PlanSnapshot.from_json(stored)
    assert plan.as_of == date.fromisoformat(stored["as_of"])
    assert plan.graph_version == stored["graph_version"]
    assert [action.id for action in plan.actions] == [a["id"] for a in stored["actions"]]
    assert all(isinstance(action, PlannedAction) for action in plan.actions)
    assert all(isinstance(action.content_checked, date) for action in plan.actions)
    assert [n.id for n in plan.notices] == [n["id"] for n in stored["notices"]]
    assert [s.title for s in plan.told_us] == [s["title"] for s in stored["told_us"]]
    assert plan.terms == stored["terms"]
    assert isinstance(plan.derived["compulsory_school_age_ends"], date)
    assert isinstance(plan.derived["age"], int)


def test_the_letter_fixture_has_its_letter_and_service():
    plan = PlanSnapshot.from_json(saved(LETTER_V1))
    assert plan.offers_letter
    assert plan.answers["first_name"] == "Sam"
    [service] = [s for action in plan.actions for s in action.services]
    assert service["name"] == "Demo Parent Carer Forum" and service["in_area"] is True
    rows = {row.question: row.answer for section in plan.told_us for row in section.rows}
    assert rows["first_name"] == ("Sam",)


def test_another_councils_family_is_told_first_to_contact_it():
    plan = PlanSnapshot.from_json(saved(ANOTHER_COUNCIL_V1))
    assert not plan.offers_letter
    layout = plan.layout(real_content().actions.areas)
    assert [action.id for action in layout.next_steps][:1] == ["contact-home-authority"]
    assert plan.actions[0].id == "contact-home-authority"
    advice = [section for section in layout.sections if section.key == "advice"]
    assert [a.id for a in advice[0].areas[0].actions] == ["sendiass", "parent-carer-forum"]


@pytest.mark.parametrize("name", [LETTER_V1, ANOTHER_COUNCIL_V1])
def test_to_json_keeps_the_stored_shape_and_round_trips(name):
    stored = saved(name)
    plan = PlanSnapshot.from_json(stored)
    written = plan.to_json()
    # Version 3 adds each action's timing, priority and clock, in the plan's order.
    assert {**written, "actions": None} == {
        **stored,
        "snapshot_version": SNAPSHOT_VERSION,
        "actions": None,
    }
    by_id = {action["id"]: action for action in stored["actions"]}
    assert sorted(by_id) == sorted(action["id"] for action in written["actions"])
    for action in written["actions"]:
        added = {key: action.pop(key) for key in ("timing", "priority", "clock")}
        assert action == by_id[action["id"]]
        assert added["timing"] in ("now", "soon", "later", "advice") and added["clock"] is None
    written = plan.to_json()
    assert json.loads(json.dumps(written)) == written  # plain JSON, ready to seal
    assert PlanSnapshot.from_json(written) == plan


def test_a_new_snapshot_round_trips():
    content = real_content()
    persona = next(p for p in PERSONAS if p.name == "waiting to hear about an assessment")
    later = date(2027, 3, 1)  # after two of the family's dates, so some have passed
    progress = step_by_step(content.graph, persona.answers, later)
    plan = plan_snapshot(build_pathway(content, progress.answers, later), content.graph, progress)
    assert plan.to_json()["snapshot_version"] == 3
    assert any(d.passed for action in plan.actions for d in action.deadlines)
    assert PlanSnapshot.from_json(plan.to_json()) == plan


def oldest_version_1() -> dict[str, Any]:
    """A version 1 plan saved before notices, passed dates and `first` existed."""
    stored = saved(ANOTHER_COUNCIL_V1)
    stored.pop("notices")
    for action in stored["actions"]:
        action.pop("first")
        for deadline in action["deadlines"]:
            deadline.pop("passed")
            deadline.pop("if_passed")
    return stored


def test_the_oldest_version_1_plans_still_open():
    stored = oldest_version_1()
    stored["actions"][0]["deadlines"] = [
        {"id": "before", "date": "2026-11-29", "label": "The day before"},
        {"id": "on-the-day", "date": stored["as_of"], "label": "The plan's day"},
    ]
    plan = PlanSnapshot.from_json(stored)
    assert plan.notices == ()
    assert not any(action.first for action in plan.actions)
    # As the plan page worked it out for these plans: a date before the plan's date has passed.
    changed = next(a for a in plan.actions if a.id == stored["actions"][0]["id"])
    assert changed.deadlines == (
        Deadline("before", date(2026, 11, 29), "The day before", passed=True),
        Deadline("on-the-day", date(2026, 11, 30), "The plan's day", passed=False),
    )


@pytest.mark.parametrize("field", ["first", "timing", "priority", "clock"])
def test_a_version_3_plan_must_have_every_field(field):
    written = PlanSnapshot.from_json(oldest_version_1()).to_json()
    del written["actions"][0][field]
    with pytest.raises(SnapshotUnreadable, match="malformed"):
        PlanSnapshot.from_json(written)


def test_a_version_2_plan_opens_with_the_timings_it_showed():
    stored = {**saved(LETTER_V1), "snapshot_version": 2}
    plan = PlanSnapshot.from_json(stored)
    timings = {action.id: action.timing for action in plan.actions}
    assert timings["sendiass"] == "advice"
    assert {timing for timing in timings.values()} <= {"now", "soon", "later", "advice"}
    # the plan's order: by timing, so advice comes last
    assert [a.timing for a in plan.actions] == sorted(
        (a.timing for a in plan.actions), key=["now", "soon", "later", "advice"].index
    )


@pytest.mark.parametrize("version", [4, 0, None, "2"])
def test_an_unknown_version_cannot_be_opened(version):
    stored = {**saved(LETTER_V1), "snapshot_version": version}
    if version is None:
        del stored["snapshot_version"]
    with pytest.raises(SnapshotUnreadable, match="version"):
        PlanSnapshot.from_json(stored)


def malformed(change: str) -> Any:
    stored = saved(LETTER_V1)
    if change == "not a dict":
        return [stored]
    if change == "no title":
        del stored["actions"][0]["title"]
    elif change == "as_of not a date":
        stored["as_of"] = "Sam's birthday"
    elif change == "steps as text":
        stored["actions"][0]["steps"] = "Sam"
    elif change == "rows not a list":
        stored["told_us"][0]["rows"] = {"Sam": "Sam"}
    return stored


@pytest.mark.parametrize(
    "change", ["not a dict", "no title", "as_of not a date", "steps as text", "rows not a list"]
)
def test_a_malformed_plan_cannot_be_opened_and_the_error_quotes_nothing(change):
    with pytest.raises(SnapshotUnreadable) as raised:
        PlanSnapshot.from_json(malformed(change))
    assert "Sam" not in str(raised.value)


def test_an_old_plan_is_timed_by_its_nearest_deadline_passed_or_not():
    stored = saved(LETTER_V1)
    index, raw = next(
        (i, a)
        for i, a in enumerate(stored["actions"])
        if a["domain"] not in ("advice", "transitions")
    )
    soon = {
        "id": "d",
        "date": "2027-06-01",
        "label": "Later on",
        "passed": False,
        "if_passed": None,
    }
    passed = {**soon, "date": "2026-01-01", "passed": True}
    within = {**soon, "date": "2027-01-25"}  # 30 November + 8 weeks
    for deadlines, timing in [([soon], "soon"), ([passed, soon], "now"), ([within], "now")]:
        stored["actions"][index] = {**raw, "deadlines": deadlines}
        plan = PlanSnapshot.from_json(stored)
        assert next(a for a in plan.actions if a.id == raw["id"]).timing == timing
