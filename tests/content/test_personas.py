"""Persona tests: real families' answers through the pathway API, with the boundaries that matter."""

from __future__ import annotations

import json

import pytest

from tests.support.content import real_content
from tests.support.personas import NEUTRAL, PERSONAS, Persona
from tests.support.personas_extra import EXTRA_PERSONAS

CATALOGUE_IDS = {action.id for action in real_content().actions.actions}


def plan(client, persona: Persona) -> dict:
    response = client.post(
        "/api/v1/pathway", json={"answers": persona.answers, "as_of": persona.as_of.isoformat()}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


@pytest.mark.parametrize("persona", PERSONAS, ids=[persona.name for persona in PERSONAS])
def test_persona(client, persona):
    result = plan(client, persona)
    assert result["complete"], f"the persona's answers stop early: ignored {result['ignored']}"
    ids = [action["id"] for action in result["actions"]]
    assert len(ids) == len(set(ids)), "an action appears twice"
    assert persona.includes <= set(ids), f"missing {sorted(persona.includes - set(ids))}"
    assert not persona.excludes & set(ids), f"should not have {sorted(persona.excludes & set(ids))}"
    deadlines = {d["id"]: d["date"] for action in result["actions"] for d in action["deadlines"]}
    for deadline_id, expected in persona.deadlines.items():
        assert deadlines.get(deadline_id) == expected, deadline_id
    if persona.eligibility is not None:
        transport = next(a for a in result["actions"] if a["id"] == "home-to-school-transport")
        assert transport["eligibility"] == persona.eligibility
    for action in result["actions"]:
        text = json.dumps(action)
        assert "None" not in text and "not known" not in text and "{" not in "".join(action["why"])


def test_the_neutral_family_gets_only_advice_and_money_a_dla_award_opens(client):
    result = plan(client, PERSONAS[0])
    assert [action["id"] for action in result["actions"]] == [
        "carers-allowance",
        "universal-credit-disabled-child",
        "family-fund",
        "sendiass",
        "parent-carer-forum",
    ]


def test_there_are_at_least_30_personas():
    assert len(PERSONAS) >= 30
    assert len({persona.name for persona in PERSONAS}) == len(PERSONAS)


def test_every_catalogue_action_both_applies_and_does_not_apply_somewhere(client):
    applied: set[str] = set()
    absent: set[str] = set()
    for persona in PERSONAS + EXTRA_PERSONAS:
        ids = {action["id"] for action in plan(client, persona)["actions"]}
        applied |= ids
        absent |= CATALOGUE_IDS - ids
    always = {a.id for a in real_content().actions.actions if a.applies_when.source == "always"}
    assert always == {"sendiass"}
    assert CATALOGUE_IDS - applied == set(), "never applies in any persona"
    assert CATALOGUE_IDS - always - absent == set(), "applies in every persona"


def test_the_api_lists_actions_by_timing_with_the_next_steps(client):
    persona = next(p for p in PERSONAS if p.name.startswith("unhappy with a health service"))
    result = plan(client, persona)
    actions = result["actions"]
    assert actions[0]["id"] == "mediation-and-appeal"
    timings = [a["timing"] for a in actions]
    order = ["now", "soon", "later", "advice"]
    assert timings == sorted(timings, key=order.index)
    assert result["next_steps"][0] == "mediation-and-appeal"
    assert set(result["next_steps"]) <= {a["id"] for a in actions if a["timing"] == "now"}


def test_a_young_person_is_written_to_as_you(client):
    persona = next(p for p in PERSONAS if p.name.startswith("young person, 17"))
    actions = plan(client, persona)["actions"]
    why = " ".join(line for action in actions for line in action["why"])
    assert "You told us you have an EHC plan." in why
    assert "your child" not in json.dumps(actions)


def test_neutral_answers_are_complete_dictionary_facts():
    from wizard.core.dictionary import load_dictionary

    assert set(NEUTRAL) <= set(load_dictionary().facts)


def test_another_councils_responsibility_comes_first(client):
    persona = next(p for p in PERSONAS if p.name == "lives in another council, support not working")
    actions = plan(client, persona)["actions"]
    assert actions[0]["id"] == "contact-home-authority"
    request = next(a for a in actions if a["id"] == "request-ehc-assessment")
    assert any("council where your child is living, not to" in step for step in request["steps"])


def test_a_passed_deadline_says_what_to_do_now(client):
    persona = Persona(
        "waiting 10 weeks for a decision",
        {"ehc_status": "requested_awaiting_decision", "ehc_request_date": "2026-09-21"},
    )
    timeline = next(
        a for a in plan(client, persona)["actions"] if a["id"] == "ehc-assessment-timeline"
    )
    deadlines = {d["id"]: d for d in timeline["deadlines"]}
    late = deadlines["decision-whether-to-assess"]
    assert late["date"] == "2026-11-02" and late["passed"] is True
    assert late["if_passed"].startswith("If you have not heard, write to the SEND team")
    coming = deadlines["decision-whether-to-issue-plan"]
    assert coming["passed"] is False and coming["if_passed"] is None


def test_a_family_in_another_council_is_not_sent_to_this_councils_teams():
    from wizard.core.pathway import build_pathway

    content = real_content()
    persona = next(p for p in PERSONAS if p.name == "lives in another council, support not working")
    team = f"{content.locality.council_name} {content.locality.send_team_name}"
    mediation = content.locality.mediation_service.name
    here = build_pathway(content, {**persona.answers, "lives_in_area": True}, persona.as_of)
    elsewhere = build_pathway(content, persona.answers, persona.as_of)
    contacts = {c.name for action in here.actions for c in action.contacts}
    assert team in contacts
    for action in elsewhere.actions:
        names = {contact.name for contact in action.contacts}
        assert team not in names and mediation not in names, action.id
        assert mediation not in " ".join(action.steps), action.id
