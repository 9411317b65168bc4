"""Plain English rules for the real questions, in every voice."""

from __future__ import annotations

import re

import pytest

from tests.support.content import real_content

GRAPH = real_content().graph
VOICES = {
    "parent": {"respondent": "parent_carer"},
    "young person": {"respondent": "young_person"},
    "professional": {"respondent": "professional"},
}
INSTRUCTION_VERBS = ("Describe", "Enter", "Select", "Tell", "List", "Check", "Choose")


def words(text: str) -> int:
    return len(text.split())


@pytest.mark.parametrize("voice", VOICES)
def test_every_title_is_a_short_question_or_instruction(voice):
    for node in GRAPH.questions():
        title = GRAPH.words(node.title, VOICES[voice])
        assert words(title) <= 20, f"{node.id}: {title!r} has {words(title)} words"
        assert title.endswith("?") or title.startswith(INSTRUCTION_VERBS), f"{node.id}: {title!r}"


@pytest.mark.parametrize("voice", VOICES)
def test_every_hint_is_under_60_words(voice):
    for node in GRAPH.questions():
        hint = GRAPH.words(node.hint, VOICES[voice])
        assert words(hint) < 60, f"{node.id}: hint has {words(hint)} words"
        for option in node.options:
            assert words(GRAPH.words(option.hint, VOICES[voice])) < 60


@pytest.mark.parametrize("voice", VOICES)
def test_no_placeholder_is_left_unfilled(voice):
    for node in GRAPH.nodes.values():
        texts = [node.title, node.hint, node.summary, *node.body, *node.errors.values()]
        texts += [option.label for option in node.options]
        for text in texts:
            rendered = GRAPH.words(text, VOICES[voice])
            assert not re.search(r"\{[A-Za-z_]+\}", rendered), f"{node.id}: {rendered!r}"


def test_a_young_person_is_spoken_to_as_you():
    node = GRAPH.node("birth_month")
    assert GRAPH.words(node.title, VOICES["young person"]) == "What month and year were you born?"
    assert GRAPH.words(node.title, VOICES["parent"]) == "What month and year was your child born?"
    assert GRAPH.words(node.title, VOICES["professional"]) == (
        "What month and year was the child or young person born?"
    )


def test_acronyms_are_explained_where_first_used():
    assert "special educational needs coordinator" in GRAPH.words(
        GRAPH.node("professionals_involved").hint, {}
    )
    details = " ".join(GRAPH.words(p, {}) for p in GRAPH.node("current_support").details.body)
    assert "Education, Health and Care (EHC) plan" in details
    assert "(DLA)" in GRAPH.words(GRAPH.node("disability_benefits").hint, {})


def test_error_messages_follow_govuk_style():
    for node in GRAPH.questions():
        for key, text in node.errors.items():
            message = GRAPH.words(text, {})
            assert not message.endswith("."), f"{node.id}.{key}: no full stop at the end"
            assert message[0].isupper(), f"{node.id}.{key}"
            if key == "required" and node.type in ("radios", "checkboxes", "yesno"):
                assert message.startswith("Select"), f"{node.id}: {message}"
            if key == "required" and node.type in ("month", "date", "number", "text", "textarea"):
                assert message.startswith("Enter"), f"{node.id}: {message}"


@pytest.mark.parametrize("voice", VOICES)
def test_grammar_of_every_question_text(voice):
    bad = re.compile(
        r"\byou (gets|goes|lives|does|is|has|needs|wants|was)\b|\byour child are\b", re.IGNORECASE
    )
    for node in GRAPH.nodes.values():
        texts = [node.title, node.hint, node.summary, *node.body, *node.errors.values()]
        texts += [option.label for option in node.options] + [
            option.hint for option in node.options
        ]
        if node.details:
            texts += [node.details.title, *node.details.body]
        for text in texts:
            rendered = GRAPH.words(text, VOICES[voice])
            assert not bad.search(rendered), f"{node.id}: {rendered}"
