"""The request letter as an editable Word document, with the gaps highlighted for the family."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Pt

from wizard.core.letter import Letter, Paragraph


def _add(document: object, paragraph: Paragraph, style: str | None = None) -> None:
    block = document.add_paragraph(style=style)  # type: ignore[attr-defined]
    for run in paragraph:
        added = block.add_run(run.text)
        if run.gap:
            added.bold = True
            added.font.highlight_color = WD_COLOR_INDEX.YELLOW


def letter_docx(letter: Letter, title: str) -> bytes:
    """The letter as .docx bytes: the same words as the PDF, ready to edit."""
    document = Document()
    document.core_properties.title = title
    document.core_properties.language = "en-GB"
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(12)
    for line in letter.sender:
        _add(document, line)
    document.add_paragraph()
    for address_line in letter.recipient:
        _add(document, address_line)
    document.add_paragraph()
    _add(document, letter.subject, style="Heading 1")
    document.add_paragraph(letter.salutation)
    for section in letter.sections:
        if section.heading:
            document.add_heading(section.heading, level=2)
        for paragraph in section.paragraphs:
            _add(document, paragraph)
    for line in letter.sign_off:
        _add(document, line)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
