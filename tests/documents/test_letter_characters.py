"""Invisible control characters in a family's answers never break a download (issue 14).

The Word letter is XML, which cannot hold most control characters (U+0001, U+001B), the
noncharacters U+FFFE and U+FFFF, or lone surrogates: python-docx refuses them with a ValueError.
Answers are cleaned as they are saved, but one saved before that must still download, so every
document is cleaned on the way out too.
"""

from __future__ import annotations

import dataclasses
import io

from docx import Document
from hypothesis import given
from hypothesis import strategies as st

from tests.documents.test_downloads import pdf_text
from tests.documents.test_letter import letter_for
from tests.support.pages import csrf_token
from tests.support.personas import LETTER_FAMILY
from tests.support.web_journey import path_of, seed
from wizard.core.answers import plain_text
from wizard.core.letter import LetterSection, Run
from wizard.documents.docx_letter import letter_docx

#: Every kind of character XML 1.0 refuses, and the ones it allows but no one can see.
HOSTILE = "\x00\x01\x08\x0e\x1b\x1f\x7f\x9f\ufffe\uffff\ud800\udfff\U0001fffe"
#: What a browser could send before answers were cleaned (a form never carries NUL or surrogates:
#: NUL was refused, and Werkzeug decodes a form's bytes to whole characters).
PASTED = "\x01\x08\x0e\x1b\x1f\x7f\x9f\ufffe\uffff\U0001fffe"


def word_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def test_the_word_letter_leaves_out_what_xml_cannot_hold():
    letter = letter_for()
    hostile = dataclasses.replace(
        letter,
        sender=((Run(f"Sam{HOSTILE} Smith"),), *letter.sender),
        salutation=f"Dear{HOSTILE} team,",
        sections=(
            LetterSection(
                f"About{HOSTILE} Sam",
                ((Run("Loves\x01 trains\x1b and\ufffe music"), Run(f"[gap{HOSTILE}]", gap=True)),),
            ),
            *letter.sections,
        ),
    )

    text = word_text(letter_docx(hostile, f"Request{HOSTILE}"))

    assert "Sam Smith" in text and "Dear team," in text and "About Sam" in text
    assert "Loves trains and music[gap]" in text
    assert not set(HOSTILE) & set(text)


ANY_CHARACTER = st.one_of(
    st.characters(categories=("Cc", "Cf", "Cs", "Cn", "Co", "L", "N", "P", "Zs", "Zl")),
    st.sampled_from(HOSTILE + "\t\n\r\x0b\x0c\x85"),
)


@given(st.text(ANY_CHARACTER))
def test_any_cleaned_text_fits_in_a_word_document_and_keeps_what_can_be_seen(value):
    cleaned = plain_text(value)
    Document().add_paragraph().add_run(cleaned)  # raises on anything XML cannot hold
    assert plain_text(cleaned) == cleaned
    assert [c for c in cleaned if c.isprintable()] == [c for c in value if c.isprintable()]


def test_a_word_letter_keeps_line_breaks_and_tabs():
    letter = letter_for()
    paragraph = (Run("one\x0btwo\ttabbed\nthree"),)
    section = LetterSection("", (paragraph,))
    text = word_text(letter_docx(dataclasses.replace(letter, sections=(section,)), "Request"))
    assert "one\ntwo\ttabbed\nthree" in text


def finish(client) -> None:
    page = client.get("/questions/check-your-answers")
    response = client.post("/questions/check-your-answers", data={"csrf_token": csrf_token(page)})
    assert path_of(response.headers["Location"]) == "/plan/"


def test_answers_saved_before_cleaning_still_download(make_app):
    """Saved straight to the database, as answers given before input was cleaned were kept."""
    client = make_app(FIXED_NOW="2026-11-30").test_client()
    seed(
        client,
        {
            **LETTER_FAMILY,
            "first_name": "Sam\x01",
            "child_strengths": "Loves\x01 trains\x1b and\ufffe music",
            "needs_description": f"Finds{PASTED} noise hard",
        },
    )
    finish(client)

    word = client.get("/plan/letter.docx")
    letter_pdf = client.get("/plan/letter.pdf")
    plan_pdf = client.get("/plan/plan.pdf")
    data = client.get("/questions/your-data.json")

    assert [r.status_code for r in (word, letter_pdf, plan_pdf, data)] == [200] * 4
    text = word_text(word.data)
    assert "Loves trains and music" in text and "Finds noise hard" in text
    assert "Loves trains and music" in pdf_text(letter_pdf.data)
