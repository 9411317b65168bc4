"""The request letter as an editable Word document, with the gaps highlighted for the family.

Every string goes through `plain_text` first: Word's XML cannot hold control characters such as
U+0001 or U+FFFE, and an answer saved before answers were cleaned may still carry them.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Pt

from wizard.core.answers import plain_text
from wizard.core.letter import Letter, Paragraph


def _add(document: object, paragraph: Paragraph, style: str | None = None) -> None:
    block = document.add_paragraph(style=style)  # type: ignore[attr-defined]
    for run in paragraph:
        added = block.add_run(plain_text(run.text))
        if run.gap:
            added.bold = True
            added.font.highlight_color = WD_COLOR_INDEX.YELLOW


def letter_docx(letter: Letter, title: str) -> bytes:
    """The letter as .docx bytes: the same words as the PDF, ready to edit."""
    document = Document()
    document.core_properties.title = plain_text(title)
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
    document.add_paragraph(plain_text(letter.salutation))
    for section in letter.sections:
        if section.heading:
            document.add_heading(plain_text(section.heading), level=2)
        for paragraph in section.paragraphs:
            _add(document, paragraph)
    for line in letter.sign_off:
        _add(document, line)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
