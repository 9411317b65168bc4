"""Every gap in the letter is marked the same way in Word and in the PDF (issue 16).

The Word document highlights each gap in yellow and bold; the PDF's HTML wraps each in a
`span.gap`. Both must hold exactly the letter's gaps, in order, and nothing else.
"""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from docx import Document
from flask import render_template

from tests.core.test_letter_respects_answers import EVERY_VERSION, OAKFIELD
from tests.documents.test_downloads import ASKING, finished, pdf_text
from tests.documents.test_letter import gaps_in_order, letter_for
from wizard.documents.docx_letter import letter_docx


@pytest.mark.parametrize("version", EVERY_VERSION)
def test_the_word_document_marks_every_gap_and_nothing_else(version):
    letter = letter_for(**EVERY_VERSION[version])
    document = Document(io.BytesIO(letter_docx(letter, "Request")))
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    marked = [run for run in runs if run.font.highlight_color is not None]
    assert [run.text for run in marked] == gaps_in_order(letter)
    assert all(run.bold for run in marked)
    assert not [run.text for run in runs if "[" in run.text and run not in marked]


@pytest.mark.parametrize("version", EVERY_VERSION)
def test_the_pdf_marks_every_gap_and_nothing_else(app, version):
    letter = letter_for(**EVERY_VERSION[version])
    with app.test_request_context():
        html = render_template("documents/letter.html", letter=letter, title="Request")
    page = BeautifulSoup(html, "html.parser")
    body = page.select("section")[-1]  # the letter itself, after the notes
    assert [span.get_text() for span in body.select("span.gap")] == gaps_in_order(letter)
    for span in body.select("span.gap"):
        span.decompose()
    assert "[" not in body.get_text()


def test_the_notes_in_the_pdf_tell_the_family_to_fill_in_the_gaps(app):
    letter = letter_for()
    with app.test_request_context():
        html = render_template("documents/letter.html", letter=letter, title="Request")
    notes = BeautifulSoup(html, "html.parser").select_one("section.note").get_text(" ")
    assert "square brackets" in " ".join(notes.split())


def test_the_school_name_given_is_in_the_pdf_and_word_letter(make_app):
    client = finished(make_app, ASKING, letter_wanted=True, first_name="Sam", **OAKFIELD)
    assert "Sam attends Oakfield Primary School." in pdf_text(client.get("/plan/letter.pdf").data)
    document = Document(io.BytesIO(client.get("/plan/letter.docx").data))
    assert "Sam attends Oakfield Primary School." in "\n".join(p.text for p in document.paragraphs)
