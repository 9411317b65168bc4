"""The PDF plan, the request letter (PDF and Word) and the calendar, made from real journeys."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date

import pikepdf
import pytest
from docx import Document

from tests.support.content import questions_with_if_passed
from tests.support.databases import skip_or_fail
from tests.support.pdf_tags import structure_roles
from tests.support.personas import NEUTRAL, PERSONAS
from tests.support.web_journey import complete_journey

BUSY = next(p for p in PERSONAS if p.name.startswith("busy family"))
ASKING = next(p for p in PERSONAS if p.name == "SEN support only partly working")
YOUNG_ASKING = next(
    p for p in PERSONAS if p.name == "young person aged 24, not in work, never asked"
)


def pdf_text(data: bytes) -> str:
    """Text of a PDF as a reader would copy it (poppler's pdftotext)."""
    if shutil.which("pdftotext") is None:
        skip_or_fail("PDF text checks need poppler-utils (apt-get install poppler-utils)")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def finished(make_app, persona, **extra_answers):
    client = make_app(FIXED_NOW=persona.as_of.isoformat()).test_client()
    complete_journey(client, {**persona.answers, **extra_answers})
    return client


def test_the_plan_pdf_has_the_actions_deadlines_and_footer(make_app):
    client = finished(make_app, BUSY)
    response = client.get("/plan/plan.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="send-plan-[A-Z2-9]{3}-[A-Z2-9]{3}-[A-Z2-9]{3}\.pdf"',
        response.headers["Content-Disposition"],
    )
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.data)
    api = client.post(
        "/api/v1/pathway", json={"answers": BUSY.answers, "as_of": BUSY.as_of.isoformat()}
    ).json
    for action in api["actions"]:
        assert action["title"] in text, action["id"]
    assert "Wednesday 31 March 2027" in text and "Wednesday 30 December 2026" in text
    assert "What to do now" in text and "Advice and support" in text
    assert "Words used in this plan" in text and "SENCO" in text
    assert "Information checked on 2 December 2026" in text and "Page 1 of" in text
    # dates are written out for families, never as ISO dates, and no content hash is shown
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text) and "content version" not in text
    assert text.index("Your next steps") < text.index("What to do now")
    assert "What you told us" not in text
    assert "None" not in text


def finished_on(make_app, persona, day: date, **config):
    client = make_app(FIXED_NOW=day.isoformat(), **config).test_client()
    complete_journey(client, persona.answers)
    return client


def test_the_plan_pdf_has_the_notices(make_app):
    client = finished(make_app, PERSONAS[0])
    text = pdf_text(client.get("/plan/plan.pdf").data)
    [notice] = client.post("/api/v1/pathway", json={"answers": {}}).json["notices"]
    assert notice["title"] in text
    for paragraph in notice["text"]:
        assert " ".join(paragraph.split()) in text
    assert "We checked this on 2 December 2026." in text
    # on the cover, before the plan's actions
    assert text.index(notice["title"]) < text.index("Advice and support")


def test_the_plan_pdf_shows_passed_dates_and_what_to_do_now(make_app, tmp_path):
    questions = questions_with_if_passed(tmp_path)
    client = finished_on(
        make_app,
        BUSY,
        date(2027, 1, 15),
        QUESTIONS_DIR=str(questions),
        LOCALITY_FILE=str(questions / "locality.yaml"),
    )
    text = pdf_text(client.get("/plan/plan.pdf").data)
    assert text.count("Date passed") == 2 and "Wednesday 30 December 2026" in text
    assert text.count("This date has passed.") == 2  # the mediation adviser and the tribunal
    assert "This date has passed. Ask Demo Borough SENDIASS if your child can still appeal." in text
    assert "Wednesday 31 March 2027" in text


def test_the_calendar_leaves_out_passed_dates(make_app):
    client = finished_on(make_app, BUSY, date(2027, 1, 15))
    events = parse_ics(client.get("/plan/deadlines.ics").get_data(as_text=True))
    assert [e["DTSTART;VALUE=DATE"] for e in events] == ["20270331"]


def test_what_you_told_us_is_included_when_asked(make_app):
    client = finished(make_app, BUSY)
    text = pdf_text(client.get("/plan/plan.pdf?told_us=1").data)
    assert "What you told us" in text
    assert "Month and year of birth January 2011" in text


def test_the_plan_pdf_is_tagged_and_navigable(make_app):
    client = finished(make_app, ASKING, letter_wanted=True, first_name="Sam")
    with pikepdf.open(io.BytesIO(client.get("/plan/plan.pdf").data)) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "en-GB"
        assert str(pdf.docinfo.get("/Title")) == "SEND action plan for Sam"
        assert (
            root.ViewerPreferences.DisplayDocTitle is True
        )  # viewers show the title, not the file name
        roles = structure_roles(pdf)
        assert {"/H1", "/H2", "/H3", "/L", "/LI", "/Table", "/TH", "/TD", "/Link"} <= roles
        with pdf.open_outline() as outline:
            [cover] = outline.root
            assert cover.title == "SEND action plan for Sam"
            titles = [item.title for item in cover.children]
        assert (
            "What to do soon" in titles
            and "Advice and support" in titles
            and "Words used in this plan" in titles
        )
        assert "/EmbeddedFiles" not in root.get("/Names", {})


def test_the_letter_pdf_and_word_document(make_app):
    client = finished(
        make_app,
        ASKING,
        letter_wanted=True,
        first_name="Sam",
        support_tried="Phonics group twice a week since September.",
    )
    response = client.get("/plan/letter.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    for point in (
        "section 36(1) of the Children and Families Act 2014",
        "section 36(8)",
        "two-part test",
        "within 6 weeks",
        "Keep proof of the date you sent it",
        "Dear SEND Assessment Team,",
        "Phonics group twice a week since September.",
        "Demotown",
        "DM1 1AA",
        "Sam",
    ):
        assert point in text, point
    assert "[Describe strengths and interests]" in text  # a gap the family did not fill
    word = client.get("/plan/letter.docx")
    assert (
        word.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    document = Document(io.BytesIO(word.data))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "section 36(1)" in body and "section 36(8)" in body and "within 6 weeks" in body
    gaps = [
        run.text
        for p in document.paragraphs
        for run in p.runs
        if run.font.highlight_color is not None
    ]
    assert "[Describe strengths and interests]" in gaps
    assert (
        document.core_properties.title
        == "Request for an Education, Health and Care needs assessment"
    )


def test_a_missing_first_name_leaves_no_none_or_blank(make_app):
    client = finished(make_app, ASKING)
    text = pdf_text(client.get("/plan/letter.pdf").data)
    assert "None" not in text
    assert "Dear SEND Assessment Team," in text
    assert "[Your child's full name]" in text
    assert "I am the parent of the child named above." in text
    assert "needs assessment for my child. I make this request under section 36(1)" in text


def test_a_young_persons_letter_is_in_their_own_name(make_app):
    client = finished(make_app, YOUNG_ASKING)
    text = pdf_text(client.get("/plan/letter.pdf").data)
    assert "needs assessment for me." in text
    assert "I am over compulsory school age, so I make this request myself" in text
    assert "I have or may have special educational needs" in text
    assert "Parent of" not in text


PROFESSIONAL_AT_SCHOOL = {
    "respondent": "professional",
    "birth_month": "2010-10",
    "first_name": "Sam",
}
#: What the family's version of Sam's letter says in the parent's voice (asserted present there),
#: so the school's version can be shown not to say it.
PARENTS_VOICE = ("I am writing as Sam's parent to request", "Parent of ")


def test_a_professional_gets_the_schools_version_in_pdf_and_word(make_app):
    client = finished(
        make_app, ASKING, letter_wanted=True, letter_sender="setting", **PROFESSIONAL_AT_SCHOOL
    )
    text = pdf_text(client.get("/plan/letter.pdf").data)
    assert "Who sends this letter" in text
    assert "This letter is written for the school to send" in text
    assert "I am writing on behalf of [Name of the school] to request" in text
    assert "On behalf of [Name of the school]" in text
    assert not [words for words in PARENTS_VOICE if words in text]
    document = Document(io.BytesIO(client.get("/plan/letter.docx").data))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "I am writing on behalf of [Name of the school] to request" in body
    assert "Who sends this letter" not in body  # the notes are for the sender, not the council
    page = client.get("/plan/").get_data(as_text=True)
    # the family's page: the keyworker's own notes are shown only to signed-in staff
    assert "Other professionals can tell the council about a child, but cannot ask" not in page
    assert "This letter is written for the school to send" in page


def test_a_professional_who_skips_the_question_gets_the_familys_version(make_app):
    client = finished(make_app, ASKING, letter_wanted=True, **PROFESSIONAL_AT_SCHOOL)
    text = pdf_text(client.get("/plan/letter.pdf").data)
    assert "As Sam's parent, you can ask the council for this assessment." in text
    assert all(words in text for words in PARENTS_VOICE)
    assert "on behalf of" not in text


def test_out_of_area_the_letter_goes_to_the_home_council(make_app):
    client = finished(
        make_app,
        ASKING,
        lives_in_area=False,
        letter_wanted=True,
        home_council_name="Leeds City Council",
    )
    text = pdf_text(client.get("/plan/letter.pdf").data)
    assert "Leeds City Council SEND team" in text and "Dear SEND team," in text
    assert "DM1 1AA" not in text and "SEND Assessment Team" not in text
    assert "send.team@demo-borough.example" not in text
    document = Document(io.BytesIO(client.get("/plan/letter.docx").data))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Leeds City Council SEND team" in body and "DM1 1AA" not in body
    page = client.get("/plan/").get_data(as_text=True)
    assert (
        "addressed to the SEND (special educational needs and disabilities) team at Leeds City Council"
        in page
    )
    assert "send to the Demo Borough Council" not in page


def test_out_of_area_without_a_name_the_gap_is_marked(make_app):
    client = finished(make_app, ASKING, lives_in_area=False, letter_wanted=True)
    document = Document(io.BytesIO(client.get("/plan/letter.docx").data))
    marked = [
        run.text
        for p in document.paragraphs
        for run in p.runs
        if run.font.highlight_color is not None
    ]
    assert "[Name of your council]" in marked
    assert "DM1 1AA" not in "\n".join(p.text for p in document.paragraphs)


def test_no_letter_when_the_plan_does_not_suggest_asking(make_app):
    client = finished(make_app, PERSONAS[0])
    assert client.get("/plan/letter.pdf").status_code == 404
    assert client.get("/plan/letter.docx").status_code == 404
    assert "A draft letter" not in client.get("/plan/").get_data(as_text=True)


def parse_ics(text: str) -> list[dict[str, str]]:
    """Unfold and read VEVENTs (RFC 5545 sections 3.1 and 3.6.1)."""
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    lines = text.replace("\r\n ", "").split("\r\n")
    events, current, depth = [], None, []
    for line in lines:
        if line.startswith("BEGIN:"):
            depth.append(line[6:])
            if line == "BEGIN:VEVENT":
                current = {}
        elif line.startswith("END:"):
            depth.pop()
            if line == "END:VEVENT":
                events.append(current)
                current = None
        elif current is not None and depth[-1] == "VEVENT" and ":" in line:
            key, value = line.split(":", 1)
            current[key] = value
        elif current is not None and depth[-1] == "VALARM" and line.startswith("TRIGGER"):
            current["ALARM"] = line.split(":", 1)[1]
    return events


def test_the_calendar_parses_back_with_stable_uids(make_app):
    client = finished(make_app, BUSY)
    first = client.get("/plan/deadlines.ics")
    assert first.mimetype == "text/calendar"
    events = parse_ics(first.get_data(as_text=True))
    days = sorted(e["DTSTART;VALUE=DATE"] for e in events)
    assert days == ["20261230", "20261230", "20270331"]
    assert all(e["ALARM"] == "-P7D" for e in events)
    tribunal = next(e for e in events if e["SUMMARY"].startswith("Appeal to the tribunal"))
    assert date(2026, 12, 31).strftime("%Y%m%d") == tribunal["DTEND;VALUE=DATE"]
    again = parse_ics(client.get("/plan/deadlines.ics").get_data(as_text=True))
    assert [e["UID"] for e in again] == [e["UID"] for e in events]
    assert len({e["UID"] for e in events}) == 3


def test_downloads_need_a_finished_plan(client):
    for path in ("/plan/plan.pdf", "/plan/letter.pdf", "/plan/letter.docx", "/plan/deadlines.ics"):
        response = client.get(path)
        assert response.status_code == 302, path


def test_the_plan_page_links_the_downloads(make_app):
    client = finished(make_app, ASKING)
    page = client.get("/plan/").get_data(as_text=True)
    assert 'href="/plan/letter.docx"' in page and 'href="/plan/letter.pdf"' in page
    assert 'action="/plan/plan.pdf"' in page
    assert "deadlines.ics" not in page  # this plan has no dates


def test_neutral_is_a_complete_answer_set():
    assert NEUTRAL["respondent"] == "parent_carer"
    assert pytest is not None


SAMPLE = PERSONAS[::5]


@pytest.mark.parametrize("persona", SAMPLE, ids=[p.name for p in SAMPLE])
def test_each_persona_pdf_has_its_actions_and_dates(make_app, persona):
    client = finished(make_app, persona)
    text = pdf_text(client.get("/plan/plan.pdf").data)
    api = client.post(
        "/api/v1/pathway", json={"answers": persona.answers, "as_of": persona.as_of.isoformat()}
    ).json
    for action in api["actions"]:
        assert " ".join(action["title"].split()) in text, action["id"]
        for deadline in action["deadlines"]:
            written = date.fromisoformat(deadline["date"])
            assert f"{written.strftime('%A')} {written.day} {written.strftime('%B %Y')}" in text
    assert "None" not in text


def test_a_given_first_name_is_not_marked_as_a_gap(make_app):
    client = finished(make_app, ASKING, letter_wanted=True, first_name="Sam")
    document = Document(io.BytesIO(client.get("/plan/letter.docx").data))
    subject = next(p for p in document.paragraphs if p.text.startswith("Request for an Education"))
    marked = [run.text for run in subject.runs if run.font.highlight_color is not None]
    assert "Sam" not in " ".join(marked)
    assert "[Surname]" in marked


def test_busy_renderer_gives_a_clear_page(make_app, monkeypatch):
    from wizard.documents.pdf import RenderBusy
    from wizard.web import downloads

    def busy(html, **kwargs):
        raise RenderBusy("no slot")

    client = finished(make_app, PERSONAS[0])
    monkeypatch.setattr(downloads, "render_pdf", busy)
    response = client.get("/plan/plan.pdf")
    assert response.status_code == 503
    assert "Sorry, we could not make your document just now" in response.get_data(as_text=True)
    assert "cannot save or show answers" not in response.get_data(as_text=True)
