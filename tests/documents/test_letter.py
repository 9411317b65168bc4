"""The request letter's words: who sends it (CFA 2014 s.36(1)), and which council it goes to (s.24).

Each letter is made from a plan snapshot of a real replay of the answers, as the web journey makes
it, so the derived end of compulsory school age is the one the pathway works out.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from docx import Document

from tests.support.content import real_content
from tests.support.journey import step_by_step
from tests.support.personas import AS_OF, NEUTRAL
from wizard.core.letter import Letter, request_letter
from wizard.core.pathway import build_pathway
from wizard.core.snapshot import PlanSnapshot, plan_snapshot
from wizard.documents.docx_letter import letter_docx

CONTENT = real_content()
LOCALITY = CONTENT.locality

#: The neutral family, SEN support only partly working (so the plan suggests asking), and a letter.
ASKING: dict[str, Any] = {**NEUTRAL, "support_meeting_needs": "partly", "letter_wanted": True}
#: 16 and in Year 11 on 30 November 2026: a child in law until Friday 25 June 2027.
YEAR_11 = {"birth_month": "2010-10", "setting": "mainstream_school"}
#: 17 and in Year 12: compulsory school age ended on Friday 26 June 2026.
YEAR_12 = {"birth_month": "2009-10", "setting": "school_sixth_form"}
SAM = {"first_name": "Sam"}
THIS_COUNCILS_CONTACTS = (
    "SEND Assessment Team",
    "send.team@demo-borough.example",
    "Town Hall",
    "DM1 1AA",
    "Demo Borough SENDIASS",
)


def snapshot(answers: dict[str, Any], as_of: date = AS_OF) -> PlanSnapshot:
    """The plan snapshot the journey saves for these answers (optional questions not given skipped)."""
    progress = step_by_step(CONTENT.graph, answers, as_of)
    pathway = build_pathway(CONTENT, progress.answers, as_of)
    return plan_snapshot(pathway, CONTENT.graph, progress)


def letter_for(**changes: Any) -> Letter:
    plan = snapshot({**ASKING, **changes})
    assert plan.offers_letter, "no letter offered"
    return request_letter(plan, LOCALITY)


def paragraphs(letter: Letter) -> list[str]:
    """Every paragraph of the letter itself, in order, as the Word document has them."""
    found = [*letter.sender, *letter.recipient, letter.subject]
    lines = ["".join(run.text for run in paragraph) for paragraph in found]
    lines.append(letter.salutation)
    for section in letter.sections:
        if section.heading:
            lines.append(section.heading)
        lines += ["".join(run.text for run in paragraph) for paragraph in section.paragraphs]
    lines += ["".join(run.text for run in paragraph) for paragraph in letter.sign_off]
    return lines


def body(letter: Letter) -> str:
    return " ".join(paragraphs(letter))


def notes(letter: Letter) -> str:
    """Every note on the letter: the keyworker's (shown to staff only) and the family's."""
    return " ".join([*letter.keyworker_notes, *letter.notes])


def family_notes(letter: Letter) -> str:
    return " ".join(letter.notes)


def everything(letter: Letter) -> str:
    return " ".join([body(letter), notes(letter), *letter.advice])


def gaps(letter: Letter) -> list[str]:
    found = [*letter.sender, *letter.recipient, letter.subject, *letter.sign_off]
    found += [p for section in letter.sections for p in section.paragraphs]
    return [run.text for paragraph in found for run in paragraph if run.gap]


# --- A parent answering -------------------------------------------------------------------------


def test_a_parent_of_a_16_year_old_in_year_11_sends_it_as_the_parent():
    letter = letter_for(**YEAR_11, **SAM)
    assert letter.writer == "parent"
    text = body(letter)
    assert (
        "I am writing as Sam's parent to request an Education, Health and Care (EHC) needs" in text
    )
    assert "under section 36(1) of the Children and Families Act 2014" in text
    assert "Parent of Sam [Surname]" in text
    assert "for me" not in text
    assert "As Sam's parent, you can ask the council" in notes(letter)


def test_a_parent_of_a_17_year_old_in_year_12_gets_the_young_persons_own_letter():
    letter = letter_for(**YEAR_12, **SAM)
    assert letter.writer == "young_person"
    text = body(letter)
    assert (
        "I am writing to ask for an Education, Health and Care (EHC) needs assessment for me."
        in text
    )
    assert "I am over compulsory school age, so I make this request myself" in text
    assert "First, I have or may have special educational needs." in text
    assert "as Sam's parent" not in text and "Parent of" not in text
    said = notes(letter)
    assert "Sam is over compulsory school age, which ended on Friday 26 June 2026" in said
    assert "the request is Sam's to make" in said
    assert "You can help Sam with it." in said
    assert "mental capacity" in said and "you can make the request for them" in said


def test_without_a_name_the_parent_letter_leaves_a_gap_and_no_none():
    letter = letter_for()
    text = everything(letter)
    assert "None" not in text
    assert "I am the parent of the child named above." in text
    assert "for my child." in text
    assert "[Your child's full name]" in gaps(letter)
    assert "As your child's parent, you can ask" in notes(letter)


# --- A young person answering -------------------------------------------------------------------


YOUNG = {
    "respondent": "young_person",
    "carer_wellbeing_concern": None,
    "childcare_needed": None,
}


def test_a_young_person_past_year_11_writes_in_their_own_name():
    letter = letter_for(**YOUNG, **YEAR_12, **SAM)
    assert letter.writer == "young_person"
    assert "needs assessment for me." in body(letter)
    assert "Parent of" not in body(letter)
    assert "You are over compulsory school age, so you can ask for this assessment yourself." in (
        notes(letter)
    )


def test_a_young_person_of_16_still_in_year_11_gets_the_letter_for_their_parent():
    letter = letter_for(**YOUNG, **YEAR_11, **SAM)
    assert letter.writer == "parent"
    text = body(letter)
    assert "I am writing as Sam's parent" in text and "Parent of Sam" in text
    assert "for me" not in text
    said = notes(letter)
    assert "You are still of compulsory school age until Friday 25 June 2027" in said
    assert "the law says your parent makes the request" in said
    assert "After that date, you can ask for yourself." in said


def test_the_change_comes_the_day_after_the_last_friday_in_june():
    answers = {**ASKING, **YOUNG, **YEAR_11, **SAM}
    on_the_day = request_letter(snapshot(answers, date(2027, 6, 25)), LOCALITY)
    next_day = request_letter(snapshot(answers, date(2027, 6, 26)), LOCALITY)
    assert on_the_day.writer == "parent"
    assert next_day.writer == "young_person"


# --- A professional answering -------------------------------------------------------------------


PROFESSIONAL = {"respondent": "professional"}


@pytest.mark.parametrize("chosen", [None, "parent"])
def test_a_professional_gets_the_parents_letter_by_default(chosen):
    letter = letter_for(**PROFESSIONAL, **YEAR_11, **SAM, letter_sender=chosen)
    assert letter.writer == "parent"
    said = notes(letter)
    assert "Other professionals can tell the council about a child, but cannot ask" in said
    assert "This letter is written for Sam's parent to send." in said
    assert "change your answer to 'Who will send the letter to the council?'" in said


def test_a_professional_for_a_young_person_past_year_11_gets_the_young_persons_letter():
    letter = letter_for(**PROFESSIONAL, **YEAR_12, **SAM)
    assert letter.writer == "young_person"
    assert "needs assessment for me." in body(letter)
    assert "as a parent" not in body(letter) and "parent to request" not in body(letter)
    assert "This letter is written for Sam to send, in their own name." in notes(letter)


def test_a_professional_choosing_the_parent_for_a_young_person_is_told_why_not():
    letter = letter_for(**PROFESSIONAL, **YEAR_12, **SAM, letter_sender="parent")
    assert letter.writer == "young_person"
    assert "You chose the parent, but Sam is over compulsory school age" in notes(letter)


def test_a_professional_choosing_the_young_person_in_year_11_is_told_why_not():
    letter = letter_for(**PROFESSIONAL, **YEAR_11, **SAM, letter_sender="young_person")
    assert letter.writer == "parent"
    assert "is still of compulsory school age until Friday 25 June 2027" in notes(letter)
    assert "I am writing as Sam's parent" in body(letter)


def test_the_schools_own_version():
    letter = letter_for(**PROFESSIONAL, **YEAR_11, **SAM, letter_sender="setting")
    assert letter.writer == "setting"
    text = body(letter)
    assert "I am writing on behalf of [Name of the school] to request an Education, Health" in text
    assert "I make this request under section 36(1)" in text
    assert "Please send your decision to Sam's parent, with a copy to us." in text
    assert "What we are asking for" in text
    assert "On behalf of [Name of the school]" in text
    assert "as a parent" not in text and "parent to request" not in text and "Parent of" not in text
    assert "[Say whether Sam's parent knows about this request and agrees with it]" in gaps(letter)
    assert "[Name and address of the school]" in gaps(letter)
    said = notes(letter)
    assert "This letter is written for the school to send" in said
    assert "with the family's knowledge and, where possible, their agreement" in said
    assert "change your answer" not in said


def test_the_colleges_version_for_a_young_person_tells_the_young_person():
    letter = letter_for(
        **PROFESSIONAL, **{**YEAR_12, "setting": "college"}, letter_sender="setting"
    )
    assert letter.writer == "setting"
    text = body(letter)
    assert "[Name of the college]" in text
    assert "for the young person." in text
    assert "Please send your decision to the young person" in text
    assert "[The young person's full name]" in gaps(letter)


def test_a_nurserys_version_says_what_the_law_names():
    letter = letter_for(
        **PROFESSIONAL,
        birth_month="2022-10",
        setting="early_years",
        letter_sender="setting",
        post16_interest=None,
        adult_care_likely=None,
    )
    assert letter.writer == "setting"
    assert "[Name of the nursery]" in body(letter)
    assert "under sections 24 and 36 of the Children and Families Act 2014" in body(letter)
    assert "including maintained nursery schools" in notes(letter)


def test_no_setting_version_for_a_child_not_at_one():
    letter = letter_for(
        **PROFESSIONAL,
        setting="home_educated",
        setting_out_of_area=None,
        attendance_concern=None,
        medical_support_in_setting=None,
        letter_sender="setting",
    )
    assert letter.writer == "parent"
    assert "you told us the child is not at one" in notes(letter)


def test_the_letter_sender_answer_counts_only_for_professionals():
    letter = letter_for(**YEAR_11, **SAM, letter_sender="setting")  # not asked of a parent
    assert letter.writer == "parent"


# --- A child living in another council's area -----------------------------------------------------


def test_out_of_area_with_the_home_councils_name():
    letter = letter_for(**SAM, lives_in_area=False, home_council_name="  Leeds City Council ")
    recipient = ["".join(run.text for run in line) for line in letter.recipient]
    assert recipient == [
        "Leeds City Council SEND team",
        "[The council's address or email address]",
    ]
    assert letter.salutation == "Dear SEND team,"
    for contact in THIS_COUNCILS_CONTACTS:
        assert contact not in everything(letter), contact
    said = notes(letter)
    assert (
        "Sam does not live in Demo Borough, so the council where they live is responsible" in said
    )
    assert (
        "addressed to the SEND (special educational needs and disabilities) team at Leeds City Council, not to Demo Borough Council"
        in said
    )


def test_out_of_area_without_a_name_leaves_a_marked_gap():
    letter = letter_for(lives_in_area=False)
    assert letter.recipient[0][0].text == "[Name of your council]" and letter.recipient[0][0].gap
    for contact in THIS_COUNCILS_CONTACTS:
        assert contact not in everything(letter), contact
    said = notes(letter)
    assert "Your child does not live in Demo Borough" in said
    assert "not to Demo Borough Council" in said
    assert "where the letter says [Name of your council]" in said


def test_out_of_area_for_a_young_person_and_a_setting():
    young = letter_for(
        **YOUNG, **YEAR_12, lives_in_area=False, home_council_name="Leeds City Council"
    )
    assert "You do not live in Demo Borough, so the council where you live" in notes(young)
    school = letter_for(**PROFESSIONAL, **YEAR_11, lives_in_area=False, letter_sender="setting")
    assert school.writer == "setting"
    assert school.recipient[0][0].text == "[Name of the child's council]"
    assert "SEND Assessment Team" not in everything(school)


def test_in_area_the_letter_goes_to_this_councils_team():
    letter = letter_for(
        **SAM, home_council_name="Leeds City Council"
    )  # not asked: lives in the area
    assert "".join(run.text for run in letter.recipient[-1]) == "DM1 1AA"
    assert letter.salutation == "Dear SEND Assessment Team,"
    assert "Leeds" not in everything(letter)
    assert "send.team@demo-borough.example" in notes(letter)


# --- Plain English, in every version ----------------------------------------------------------------


VERSIONS = {
    "parent, Year 11": {**YEAR_11, **SAM},
    "parent, Year 12": {**YEAR_12, **SAM},
    "parent, no name": {},
    "young person, Year 11": {**YOUNG, **YEAR_11},
    "young person, Year 12": {**YOUNG, **YEAR_12, **SAM},
    "professional, Year 11": {**PROFESSIONAL, **YEAR_11},
    "professional, Year 12, chose parent": {**PROFESSIONAL, **YEAR_12, "letter_sender": "parent"},
    "professional, Year 11, chose young person": {
        **PROFESSIONAL,
        **YEAR_11,
        "letter_sender": "young_person",
    },
    "school": {**PROFESSIONAL, **YEAR_11, **SAM, "letter_sender": "setting"},
    "college": {**PROFESSIONAL, **YEAR_12, "setting": "college", "letter_sender": "setting"},
    "out of area, named": {
        **SAM,
        "lives_in_area": False,
        "home_council_name": "Leeds City Council",
    },
    "out of area, young person": {**YOUNG, **YEAR_12, "lives_in_area": False},
    "out of area, school": {
        **PROFESSIONAL,
        **YEAR_12,
        "lives_in_area": False,
        "letter_sender": "setting",
    },
}


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\[])", text) if s.strip()]


@pytest.mark.parametrize("version", VERSIONS)
def test_every_sentence_is_25_words_or_fewer(version):
    letter = letter_for(**VERSIONS[version])
    texts = [*letter.notes, *letter.advice, *paragraphs(letter)]
    for text in texts:
        for sentence in sentences(text):
            assert len(sentence.split()) <= 25, f"{len(sentence.split())} words: {sentence!r}"


@pytest.mark.parametrize("version", VERSIONS)
def test_every_acronym_is_explained(version):
    letter = letter_for(**VERSIONS[version])
    names = (LOCALITY.send_team_name, LOCALITY.sendiass.name, LOCALITY.council_name)
    # The notes come first in the PDF and on the plan page: what they explain, the letter may use.
    read_first = " ".join([*letter.notes, *letter.advice])
    for label, text in (("notes and advice", read_first), ("letter", body(letter))):
        for name in names:
            text = text.replace(name, "")
        for acronym in set(re.findall(r"\b[A-Z]{2,}\b", text)):
            explained = any(
                f"({acronym})" in where or re.search(rf"\b{acronym} \(", where)
                for where in (text, read_first)
            )
            assert explained, f"{version}, {label}: {acronym} is not explained"


@pytest.mark.parametrize("version", VERSIONS)
def test_no_one_else_writes_as_a_parent(version):
    letter = letter_for(**VERSIONS[version])
    text = body(letter)
    if letter.writer != "parent":
        assert "parent to request" not in text and "I am the parent" not in text
        assert "Parent of" not in text


# --- The Word document is the same letter ------------------------------------------------------------


@pytest.mark.parametrize("version", ["parent, Year 11", "school", "out of area, named"])
def test_the_word_document_has_the_letters_paragraphs_in_order(version):
    letter = letter_for(**VERSIONS[version])
    document = Document(io.BytesIO(letter_docx(letter, "Request")))
    written = [p.text for p in document.paragraphs if p.text]
    assert written == [line for line in paragraphs(letter) if line]
    marked = [
        run.text
        for p in document.paragraphs
        for run in p.runs
        if run.font.highlight_color is not None
    ]
    assert marked == gaps_in_order(letter)


def gaps_in_order(letter: Letter) -> list[str]:
    found = [*letter.sender, *letter.recipient, letter.subject]
    found += [p for section in letter.sections for p in section.paragraphs]
    found += list(letter.sign_off)
    return [run.text for paragraph in found for run in paragraph if run.gap]


@pytest.mark.parametrize(
    "changes",
    [
        {**YEAR_11, **SAM},
        {**YEAR_12, **SAM},
        {**YEAR_11, **SAM, "letter_sender": "young_person"},
        {**YEAR_12, **SAM, "letter_sender": "parent"},
    ],
)
def test_a_keyworkers_own_notes_are_kept_apart_from_the_familys(changes):
    letter = letter_for(**PROFESSIONAL, **changes)
    assert letter.keyworker_notes, "the keyworker is told who may send it"
    said = family_notes(letter)
    for words in ("You chose", "Give it to them", "change your answer", "Other professionals"):
        assert words not in said
    assert said.startswith(("As Sam's parent", "Sam is over compulsory school age"))


def test_a_parent_or_young_person_gets_no_keyworker_notes():
    assert letter_for(**YEAR_11, **SAM).keyworker_notes == ()
    assert letter_for(respondent="young_person", **YEAR_12).keyworker_notes == ()
