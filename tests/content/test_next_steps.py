"""Persona tests of "Your next steps" and the plan's order: what a family reads first, and when.

Each family is the neutral family (tests/support/personas.py) with the answers that make it who it
is. The plan is built by the core, as the page, the PDF and the API build it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.support.content import real_content
from tests.support.personas import NEUTRAL
from wizard.core.engine import resolve
from wizard.core.pathway import Pathway, build_pathway
from wizard.core.plan_layout import layout, when_words
from wizard.core.snapshot import plan_snapshot

AS_OF = date(2026, 12, 2)  # a Wednesday

#: A parent of a 9-year-old whose support at school is not working and who has never asked.
WANTS_EHC_REQUEST = {
    "birth_month": "2017-05",
    "support_meeting_needs": "no",
    "leisure_interest": True,
    "first_name": "Sam",
}
#: A young person of 16 in Year 11 with an EHC plan, moving to college next September.
MOVING_TO_COLLEGE = {
    "respondent": "young_person",
    "birth_month": "2010-10",
    "current_support": "ehc_plan",
    "ehc_status": "plan_issued",
    "wants_personal_budget": False,
    "upcoming_transition": ["leaving_school_post16"],
    "post16_interest": ["college"],
    "disability_benefits": "receiving_dla",
}
#: A 3-year-old at nursery who needs medical care there, and whose support is not known.
THREE_WITH_MEDICAL_NEEDS = {
    "birth_month": "2023-06",
    "setting": "early_years",
    "conditions": ["other_medical_condition"],
    "current_support": "not_sure",
    "support_meeting_needs": None,
    "medical_support_in_setting": True,
}
#: A family living in another council's area whose support is not working.
OUT_OF_AREA = {
    "lives_in_area": False,
    "home_council_name": "Northshire County Council",
    "support_meeting_needs": "no",
}
#: A keyworker's case for a parent: the keyworker answered, the parent reads the plan.
KEYWORKERS_CASE = {
    **WANTS_EHC_REQUEST,
    "respondent": "professional",
    "plan_reader": "parent_carer",
}


def plan_for(changes: dict[str, Any]) -> Pathway:
    answers = {key: value for key, value in {**NEUTRAL, **changes}.items() if value is not None}
    pathway = build_pathway(real_content(), answers, AS_OF)
    assert pathway.complete, f"the answers stop early at {pathway.current}"
    return pathway


def next_ids(pathway: Pathway) -> list[str]:
    return [action.id for action in layout(pathway.actions, {}).next_steps]


def test_a_family_whose_support_is_not_working_is_told_first_to_ask_for_an_assessment():
    pathway = plan_for(WANTS_EHC_REQUEST)
    steps = layout(pathway.actions, {}).next_steps
    assert [a.id for a in steps] == ["request-ehc-assessment", "review-sen-support"]
    request = steps[0]
    assert when_words(request) == "Now"
    # the clock it starts, worked out from the plan's date
    assert request.clock is not None
    assert request.clock.starts == "the council gets the request"
    assert [(d.date, d.label) for d in request.clock.dates] == [
        (date(2027, 1, 13), "The council must tell you whether it will do the assessment"),
        (
            date(2027, 4, 21),
            "If the council decides to make an EHC plan, it must usually issue the final plan",
        ),
    ]
    # activities come after what the family came for, never before it
    ids = [action.id for action in pathway.actions]
    assert ids.index("request-ehc-assessment") < ids.index("leisure-activities")
    assert pathway.actions[-1].timing == "advice"


def test_the_api_order_is_the_plans_order_and_names_the_next_steps():
    pathway = plan_for(WANTS_EHC_REQUEST)
    api = pathway.to_api()
    assert [a["id"] for a in api["actions"]] == [a.id for a in pathway.actions]
    assert api["next_steps"] == ["request-ehc-assessment", "review-sen-support"]
    assert {a["id"]: a["timing"] for a in api["actions"]}["request-ehc-assessment"] == "now"
    # the clock's dates are not the family's deadlines: the request has not been sent yet
    request = next(a for a in api["actions"] if a["id"] == "request-ehc-assessment")
    assert request["deadlines"] == []


def test_a_young_person_moving_to_college_starts_with_the_plan_for_college():
    pathway = plan_for(MOVING_TO_COLLEGE)
    steps = layout(pathway.actions, {}).next_steps
    assert steps[0].id == "phase-transfer"
    assert when_words(steps[0]) == "By Wednesday 31 March 2027"
    assert steps[0].timing == "soon"
    # written to the young person
    words = " ".join(" ".join((a.title, a.summary, *a.why, *a.steps)) for a in steps)
    assert "your child" not in words.lower()
    # preparing for adulthood is planning ahead, after the move itself
    timings = {action.id: action.timing for action in pathway.actions}
    assert timings["preparing-for-adulthood"] == "later"


def test_a_three_year_old_with_medical_needs_starts_with_care_at_nursery():
    pathway = plan_for(THREE_WITH_MEDICAL_NEEDS)
    ids = next_ids(pathway)
    assert ids[:2] == ["individual-healthcare-plan", "talk-to-setting"]
    assert len(ids) <= 3
    assert all(action.timing == "now" for action in layout(pathway.actions, {}).next_steps)


def test_a_family_in_another_council_is_told_first_to_contact_it():
    pathway = plan_for(OUT_OF_AREA)
    assert next_ids(pathway)[:2] == ["contact-home-authority", "request-ehc-assessment"]
    assert pathway.actions[0].id == "contact-home-authority"
    request = next(a for a in pathway.actions if a.id == "request-ehc-assessment")
    council = real_content().locality.council_name
    assert all(council not in contact.name for contact in request.contacts)
    assert any("not to Demo Borough Council" in step for step in request.steps)


def test_the_family_s_own_council_is_named_where_they_gave_it():
    named = plan_for(OUT_OF_AREA)
    first = named.actions[0]
    assert first.title == "Contact Northshire County Council first"
    assert "Find the Local Offer of Northshire County Council." in " ".join(first.steps)
    request = next(a for a in named.actions if a.id == "request-ehc-assessment")
    assert any(
        step.startswith("Write to the SEND team of Northshire County Council, not to Demo Borough")
        for step in request.steps
    )
    unnamed = plan_for({**OUT_OF_AREA, "home_council_name": None})
    assert unnamed.actions[0].title == "Contact the council where your child is living first"
    assert "Northshire" not in " ".join(" ".join([a.title, *a.steps]) for a in unnamed.actions)


def test_a_keyworkers_case_gets_the_same_next_steps_as_the_parent_would():
    assert next_ids(plan_for(KEYWORKERS_CASE)) == next_ids(plan_for(WANTS_EHC_REQUEST))
    words = " ".join(
        " ".join((a.title, a.summary, *a.why, *a.steps)) for a in plan_for(KEYWORKERS_CASE).actions
    )
    assert "the child or young person" not in words
    assert "professional" not in " ".join(a.why[0] for a in plan_for(KEYWORKERS_CASE).actions)


def test_a_plan_with_nothing_to_do_now_starts_with_what_can_wait():
    pathway = plan_for({"disability_benefits": "not_claiming"})
    steps = layout(pathway.actions, {}).next_steps
    assert steps and all(action.timing == "soon" for action in steps)
    assert steps[0].id == "claim-dla"


def test_a_plan_of_advice_alone_starts_with_free_advice():
    pathway = plan_for({})
    only_advice = tuple(a for a in pathway.actions if a.timing == "advice")
    assert [a.id for a in only_advice] == ["sendiass", "parent-carer-forum"]
    assert [a.id for a in layout(only_advice, {}).next_steps] == ["sendiass"]


@pytest.mark.parametrize(
    "changes",
    [WANTS_EHC_REQUEST, MOVING_TO_COLLEGE, THREE_WITH_MEDICAL_NEEDS, OUT_OF_AREA, KEYWORKERS_CASE],
)
def test_every_action_says_when(changes):
    for action in plan_for(changes).actions:
        words = when_words(action)
        assert words and "-" not in words, action.id  # dates written out, never ISO


def test_what_the_family_is_told_a_keyworker_answered_reads_as_an_answer_not_as_i():
    answers = {k: v for k, v in {**NEUTRAL, **KEYWORKERS_CASE}.items() if v is not None}
    content = real_content()
    progress = resolve(content.graph, answers, AS_OF)
    snapshot = plan_snapshot(build_pathway(content, answers, AS_OF), content.graph, progress)
    rows = {row.question: row.answer for section in snapshot.told_us for row in section.rows}
    assert rows["respondent"] == ("A keyworker or other professional, with or for the family",)
    assert not any(line.startswith("I am") for answer in rows.values() for line in answer)


def test_a_parent_who_gave_the_first_name_reads_it_in_the_plan_not_your_child():
    named = plan_for({**WANTS_EHC_REQUEST, "letter_wanted": True})
    words = " ".join(" ".join([a.title, *a.why, *a.steps, *a.expect]) for a in named.actions)
    assert "You told us Sam is getting SEN support." in words
    assert "Sam's" in words
    assert "your child" not in words.lower()
    unnamed = plan_for({**WANTS_EHC_REQUEST, "letter_wanted": True, "first_name": None})
    assert "You told us your child is getting SEN support." in " ".join(
        line for a in unnamed.actions for line in a.why
    )


def test_a_young_person_who_gave_their_first_name_is_still_you():
    changes = {
        "respondent": "young_person",
        "birth_month": "2009-10",
        "setting": "school_sixth_form",
        "support_meeting_needs": "no",
        "letter_wanted": True,
        "first_name": "Alex",
    }
    answers = {k: v for k, v in {**NEUTRAL, **changes}.items() if v is not None}
    assert "first_name" in resolve(real_content().graph, answers, AS_OF).path
    plan = plan_for(changes)
    words = " ".join(" ".join([a.title, *a.why, *a.steps]) for a in plan.actions)
    assert "You told us you" in words
    assert "Alex" not in words
