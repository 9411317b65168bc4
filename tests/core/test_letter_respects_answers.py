"""The letter respects the answers (issue 16): no draft when the family said no, the school's name
asked and used, every missing piece a marked gap, and an out-of-area letter to the family's council.

Each letter is made from a plan snapshot of a real replay of the answers on the real content.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.documents.test_letter import (
    ASKING,
    LOCALITY,
    PROFESSIONAL,
    SAM,
    THIS_COUNCILS_CONTACTS,
    VERSIONS,
    YEAR_11,
    YEAR_12,
    YOUNG,
    body,
    family_notes,
    gaps,
    letter_for,
    snapshot,
)
from tests.support.content import real_content
from tests.support.journey import step_by_step
from tests.support.personas import AS_OF
from wizard.core.letter import Letter, letter_offered, request_letter

GRAPH = real_content().graph
OAKFIELD = {"setting_name": "Oakfield Primary School"}
#: A gap is a whole run: a capital letter inside square brackets, and nothing else.
GAP = re.compile(r"\[[A-Z][^\[\]]*\]")


def all_runs(letter: Letter):
    found = [*letter.sender, *letter.recipient, letter.subject, *letter.sign_off]
    found += [p for section in letter.sections for p in section.paragraphs]
    return [run for paragraph in found for run in paragraph]


# --- 1. No draft when the family said they do not want one ---------------------------------------


def test_no_draft_when_the_family_said_no():
    plan = snapshot({**ASKING, "letter_wanted": False})
    assert plan.offers_letter, "the plan still suggests asking for an assessment"
    assert not letter_offered(plan)


@pytest.mark.parametrize("wanted", [True, None])
def test_a_draft_when_the_family_wants_one_or_skipped_the_question(wanted):
    plan = snapshot({**ASKING, "letter_wanted": wanted})
    assert letter_offered(plan)


def test_no_draft_when_the_plan_does_not_suggest_asking():
    plan = snapshot({**ASKING, "support_meeting_needs": "yes"})
    assert not plan.offers_letter
    assert not letter_offered(plan)


# --- 2. The name of the school or setting --------------------------------------------------------


def _path(answers: dict[str, Any]) -> list[str]:
    """The pages the journey goes through for these answers (optional ones not given skipped)."""
    return list(step_by_step(GRAPH, answers, AS_OF).path)


def test_the_setting_name_is_an_optional_short_text_question():
    node = GRAPH.nodes["setting_name"]
    assert node.type == "text" and node.optional and node.section == "ehc"
    assert node.hint is not None
    assert "Oakfield Primary School" in node.hint.default and "Leave blank" in node.hint.default


def test_the_setting_name_is_asked_after_the_first_name_when_a_letter_is_drafted():
    path = _path({**ASKING, **SAM, **OAKFIELD})
    assert path.index("setting_name") == path.index("first_name") + 1
    assert path[path.index("setting_name") + 1] == "child_strengths"


@pytest.mark.parametrize(
    "changes",
    [
        {"letter_wanted": False},
        {"letter_wanted": None},
        {
            "setting": "home_educated",
            "setting_out_of_area": None,
            "attendance_concern": None,
            "medical_support_in_setting": None,
        },
    ],
)
def test_the_setting_name_is_not_asked_without_a_letter_or_a_setting(changes):
    assert "setting_name" not in _path({**ASKING, **OAKFIELD, **changes})


def test_the_setting_name_is_in_what_you_told_us():
    rows = {
        row.question: (row.label, row.answer)
        for section in snapshot({**ASKING, **OAKFIELD}).told_us
        for row in section.rows
    }
    label, answer = rows["setting_name"]
    assert "school" in label.lower() and "letter" in label.lower()
    assert list(answer) == ["Oakfield Primary School"]


def test_a_parents_letter_says_which_school_the_child_attends():
    text = body(letter_for(**SAM, **OAKFIELD))
    assert "Sam attends Oakfield Primary School." in text
    assert "currently at" not in text


def test_a_young_persons_letter_says_which_college_they_attend():
    letter = letter_for(
        **YOUNG, **{**YEAR_12, "setting": "college"}, setting_name=" Demo  College "
    )
    assert "I attend Demo College." in body(letter)


def test_without_the_name_the_school_is_a_marked_gap():
    letter = letter_for(**SAM)
    assert "Sam attends [Name of the school]." in body(letter)
    assert "[Name of the school]" in gaps(letter)
    nursery = letter_for(
        birth_month="2022-10", setting="early_years", post16_interest=None, adult_care_likely=None
    )
    assert "My child attends [Name of the nursery]." in body(nursery)


def test_no_school_sentence_for_a_child_not_at_one():
    letter = letter_for(
        setting="home_educated",
        setting_out_of_area=None,
        attendance_concern=None,
        medical_support_in_setting=None,
        **OAKFIELD,  # not asked, so not used
    )
    assert "attends" not in body(letter) and "Oakfield" not in body(letter)
    assert not [gap for gap in gaps(letter) if "school" in gap.lower()]


def test_the_schools_own_letter_uses_its_name():
    letter = letter_for(**PROFESSIONAL, **YEAR_11, **SAM, **OAKFIELD, letter_sender="setting")
    assert letter.writer == "setting"
    text = body(letter)
    assert "I am writing on behalf of Oakfield Primary School to request" in text
    assert "On behalf of Oakfield Primary School" in text
    assert "[Name of the school]" not in text and "[Name and address of the school]" not in text
    sender = ["".join(run.text for run in line) for line in letter.sender]
    assert "Oakfield Primary School" in sender
    assert "[Address of the school]" in gaps(letter)


# --- 3. Every gap is marked, the same way ---------------------------------------------------


EVERY_VERSION = {
    **VERSIONS,
    "parent, school named": {**SAM, **OAKFIELD},
    "school, named": {**PROFESSIONAL, **YEAR_11, **OAKFIELD, "letter_sender": "setting"},
    "out of area, parent, no name": {"lives_in_area": False},
}


@pytest.mark.parametrize("version", EVERY_VERSION)
def test_every_gap_is_a_whole_run_in_square_brackets(version):
    letter = letter_for(**EVERY_VERSION[version])
    for run in all_runs(letter):
        if run.gap:
            assert GAP.fullmatch(run.text), run.text
        else:
            assert "[" not in run.text and "]" not in run.text, run.text


def test_every_missing_piece_of_a_parents_letter_is_a_gap():
    found = gaps(letter_for())
    for gap in (
        "[Your child's full name]",
        "[Date of birth]",
        "[Name of the school]",
        "[Your name]",
        "[Your address]",
    ):
        assert gap in found, gap


def test_a_given_first_name_leaves_only_the_surname_to_fill_in():
    letter = letter_for(**SAM)
    assert "Parent of Sam [Surname]" in body(letter)
    assert "Sam [Surname], born [Date of birth]" in body(letter)


def test_the_notes_tell_the_family_to_fill_in_the_gaps():
    said = family_notes(letter_for())
    assert "square brackets" in said
    assert (
        "They include your child's full name, date of birth, the name of the school, "
        "and your name and address." in said
    )
    named = family_notes(letter_for(**SAM, **OAKFIELD))
    assert "They include Sam's surname, date of birth, and your name and address." in named


def test_a_young_person_is_told_what_to_fill_in_about_themselves():
    said = family_notes(letter_for(**YOUNG, **{**YEAR_12, "setting": "college"}))
    assert "They include your full name, date of birth, the name of the college" in said


def test_the_schools_version_tells_the_keyworker_not_the_family_to_fill_the_gaps():
    letter = letter_for(**PROFESSIONAL, **YEAR_11, letter_sender="setting")
    assert "square brackets" in " ".join(letter.keyworker_notes)
    assert "square brackets" not in family_notes(letter)


# --- 4. Out of area -------------------------------------------------------------------------------


def everything_said(letter: Letter) -> str:
    return " ".join([body(letter), *letter.keyworker_notes, *letter.notes, *letter.advice])


def test_out_of_area_the_notes_say_send_it_to_your_own_council():
    letter = letter_for(lives_in_area=False)
    said = family_notes(letter)
    assert (
        "Send the letter to the SEND (special educational needs and disabilities) team at your own "
        "council, not to Demo Borough Council." in said
    )
    assert "the name of your council" in said  # one of the gaps to fill in
    for contact in THIS_COUNCILS_CONTACTS:
        assert contact not in everything_said(letter), contact


def test_out_of_area_a_keyworker_is_told_and_the_family_is_spoken_to():
    letter = letter_for(**PROFESSIONAL, **YEAR_11, lives_in_area=False)
    keyworker = " ".join(letter.keyworker_notes)
    assert "lives in another council's area" in keyworker
    assert "not to Demo Borough Council" in keyworker
    said = family_notes(letter)
    assert "Your child does not live in Demo Borough" in said
    assert "The child does not live" not in said
    for contact in THIS_COUNCILS_CONTACTS:
        assert contact not in everything_said(letter), contact


def test_out_of_area_a_young_person_reading_a_keyworkers_plan_is_spoken_to():
    letter = letter_for(**PROFESSIONAL, **YEAR_12, plan_reader="young_person", lives_in_area=False)
    assert "You do not live in Demo Borough" in family_notes(letter)


def test_out_of_area_the_schools_letter_names_the_familys_council_as_a_gap():
    letter = letter_for(**PROFESSIONAL, **YEAR_11, lives_in_area=False, letter_sender="setting")
    assert letter.recipient[0][0].text == "[Name of the child's council]"
    keyworker = " ".join(letter.keyworker_notes)
    assert "where the letter says [Name of the child's council]" in keyworker
    said = family_notes(letter)
    assert (
        "The school will send it to the SEND (special educational needs and disabilities) team "
        "at your council" in said
    )
    assert "Send the letter" not in said


def test_out_of_area_named_council_is_the_only_council_written_to():
    letter = letter_for(**SAM, lives_in_area=False, home_council_name="Leeds City Council")
    assert "".join(run.text for run in letter.recipient[0]) == "Leeds City Council SEND team"
    assert "[The council's address or email address]" in gaps(letter)
    assert "the name of your council" not in family_notes(letter)
    assert "Demo Borough" not in body(letter)


def test_in_area_the_letter_is_unchanged_by_a_council_name():
    letter = request_letter(
        snapshot({**ASKING, **SAM, "home_council_name": "Leeds City Council"}), LOCALITY
    )
    assert letter.salutation == "Dear SEND Assessment Team,"
    assert "Leeds" not in everything_said(letter)


# --- Notes in plain English: no sentence over 25 words ------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {**YOUNG, **YEAR_12},
        {**YOUNG, **YEAR_11},
        {**PROFESSIONAL, **YEAR_11, "letter_sender": "young_person"},
        {**PROFESSIONAL, **YEAR_12, "letter_sender": "parent"},
        {
            **PROFESSIONAL,
            "setting": "early_years",
            "letter_sender": "setting",
            "birth_month": "2022-09",
        },
        {**PROFESSIONAL, "letter_sender": "setting"},
        {"lives_in_area": False},
        {**PROFESSIONAL, "lives_in_area": False},
    ],
)
def test_every_note_with_the_letter_has_sentences_of_at_most_25_words(changes):
    letter = letter_for(**changes)
    for note in (*letter.notes, *letter.keyworker_notes):
        for sentence in re.split(r"(?<=[.!?])\s+", note):
            assert len(sentence.split()) <= 25, sentence
