"""The issue 13 personas through the pathway API, and the wording rules for the actions they cover.

Runs tests/support/personas_extra.py with the persona check of test_personas.py (imported, not
copied) until the lead adds EXTRA_PERSONAS to PERSONAS.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from tests.content.test_action_wording import PROMISES, all_words
from tests.content.test_personas import plan
from tests.content.test_personas import test_persona as check_persona
from tests.support.content import real_content
from tests.support.personas import PERSONAS
from tests.support.personas_extra import EXTRA_PERSONAS
from wizard.core.actions import load_catalogue

#: "you" with a verb written for "your child" ("you needs"), in any voice.
BAD_GRAMMAR = re.compile(
    r"\byou (is|has|does|was|gets|goes|lives|needs|wants|isn't|hasn't|doesn't|wasn't)\b|\byour child are\b",
    re.IGNORECASE,
)

CONTENT = real_content()
CATALOGUE_IDS = {entry.id for entry in load_catalogue()[1]}
#: The actions added for issue 13, in questions/actions/08-money.yaml, 09-health-equipment.yaml and
#: 10-adult-life.yaml.
NEW_FILES = (
    "actions/08-money.yaml",
    "actions/09-health-equipment.yaml",
    "actions/10-adult-life.yaml",
)
NEW_ACTIONS = [action for action in CONTENT.actions.actions if action.file in NEW_FILES]
NEW_IDS = {action.id for action in NEW_ACTIONS}
VOICES = (
    {"respondent": "parent_carer"},
    {"respondent": "young_person"},
    {"respondent": "professional"},
    {"respondent": "professional", "plan_reader": "young_person"},
)


def test_the_new_files_hold_the_new_actions():
    assert len(NEW_ACTIONS) == 13
    assert not NEW_IDS & CATALOGUE_IDS, "a new action must not reuse a catalogue id"


def test_persona_names_are_new_and_unique():
    names = [persona.name for persona in EXTRA_PERSONAS]
    assert len(names) == len(set(names))
    assert not set(names) & {persona.name for persona in PERSONAS}


@pytest.mark.parametrize(
    "persona", EXTRA_PERSONAS, ids=[persona.name for persona in EXTRA_PERSONAS]
)
def test_extra_persona(client, persona):
    check_persona(client, persona)


def test_every_new_action_both_applies_and_does_not_apply_somewhere(client):
    applied: set[str] = set()
    absent: set[str] = set()
    for persona in EXTRA_PERSONAS:
        ids = {action["id"] for action in plan(client, persona)["actions"]}
        applied |= ids
        absent |= NEW_IDS - ids
    assert NEW_IDS - applied == set(), "never applies in any persona"
    assert NEW_IDS - absent == set(), "applies in every persona"
    for action_id in NEW_IDS:
        assert any(action_id in persona.includes for persona in EXTRA_PERSONAS), action_id
        assert any(action_id in persona.excludes for persona in EXTRA_PERSONAS), action_id


def test_a_young_person_reading_their_plan_is_written_to_as_you(client):
    for persona in EXTRA_PERSONAS:
        if (
            persona.answers["respondent"] != "young_person"
            and persona.answers.get("plan_reader") != "young_person"
        ):
            continue
        actions = [a for a in plan(client, persona)["actions"] if a["id"] in NEW_IDS]
        text = json.dumps(actions).lower()
        assert "your child" not in text and "the young person" not in text, persona.name


@pytest.mark.parametrize("action", NEW_ACTIONS, ids=lambda action: action.id)
def test_new_action_wording(action):
    words = all_words(action)
    assert not PROMISES.search(words), "promises a service"
    assert action.content_checked == date(2026, 12, 2)
    assert action.legal_basis, "every statement of law needs a source"
    assert "sendiass" not in {rule.key for rule in action.contacts}, "SENDIASS advises on SEND only"
    assert all(re.match(r"https://www\.(gov|nhs)\.uk/", link.url) for link in action.links), (
        "links go to GOV.UK or the NHS only"
    )
    graph = CONTENT.graph
    for facts in VOICES:
        for line in action.why:
            assert graph.words(line.text, facts).startswith("You told us"), action.id
        for text in (
            action.title,
            action.summary,
            *(line.text for line in (*action.steps, *action.expect)),
        ):
            rendered = graph.words(text, facts)
            assert not re.search(r"\{=?[A-Za-z_]+\}", rendered), rendered
            assert not BAD_GRAMMAR.search(rendered), rendered
            for sentence in re.split(r"(?<=[.?!])\s+", rendered):
                assert len(sentence.split()) <= 25, sentence


def test_money_actions_point_to_independent_advice_not_sendiass():
    for action_id in (
        "carers-allowance",
        "universal-credit-disabled-child",
        "council-tax-disability-reduction",
    ):
        words = all_words(CONTENT.actions.get(action_id))
        assert "Citizens Advice" in words
        assert "SENDIASS" not in words and "Information, Advice and Support" not in words


def test_dla_mobility_ages_are_stated():
    words = all_words(CONTENT.actions.get("blue-badge"))
    assert "higher rate from age 3" in words and "lower rate from age 5" in words
