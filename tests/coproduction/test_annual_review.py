"""The annual review pack (issue 18): one page and a tagged PDF bringing together the period's
comments (counted, never quoted), the "You said, we did" entries, the insight and the compliance
report, every count suppressed as on the insight pages."""

from __future__ import annotations

import io
from datetime import timedelta

import pikepdf
import pytest
from sqlalchemy import update

from tests.coproduction.test_local_offer_feedback import GOOD, send
from tests.coproduction.test_you_said_we_did import new_entry, publish
from tests.support.pages import error_summary, heading, parse, text_of
from tests.support.pdf_tags import structure_roles
from tests.support.staff import sign_in
from wizard.storage.models import YouSaidWeDid, utcnow

PACK = "/staff/annual-review"


def section_rows(page, key):
    table = page.select_one(f"section[aria-labelledby='counted-{key}'] table")
    return {text_of(tr.th): text_of(tr.td) for tr in table.select("tbody tr")} if table else {}


def test_the_pack_has_its_four_parts_and_a_pdf_link(editor):
    page = parse(editor.get(PACK))
    assert heading(editor.get(PACK)) == "Local Offer annual review pack"
    assert [text_of(h) for h in page.select("main h2.govuk-heading-l")] == [
        "What people told the council",
        "What families needed",
        "You said, we did",
        "What the Local Offer contains",
    ]
    link = page.select_one("a[href^='/staff/annual-review.pdf']")
    assert link and "start=" in link["href"] and "end=" in link["href"]


def test_comments_are_counted_by_topic_and_small_counts_are_suppressed(client, editor):
    for _ in range(11):
        send(client, GOOD)  # transport
    for _ in range(10):
        send(client, {**GOOD, "topic": "health", "comment": "The clinic list is out of date."})
    this_month = {"start": utcnow().strftime("%Y-%m"), "end": utcnow().strftime("%Y-%m")}
    page = parse(editor.get(PACK, query_string=this_month))
    rows = section_rows(page, "topics")
    assert (rows["Transport"], rows["Health"]) == ("11", "10")
    assert rows["Education"] == "fewer than 10"  # 0 is under 10 too
    assert rows["Total"] == "hidden"  # 21 less the shown 21 would say no one else commented
    year = parse(editor.get(PACK))  # over 12 months, the 11 other months counted 0 transport
    assert section_rows(year, "topics")["Transport"] == "hidden"
    words = text_of(page.select_one("main"))
    assert "bus pass" not in words and "clinic list" not in words, "a comment's words in the pack"


def test_only_entries_published_or_done_in_the_period_are_in_the_pack(app, editor):
    recent = new_entry(editor, theme="School transport")
    old = new_entry(editor, theme="Short breaks")
    unpublished = new_entry(editor, theme="Never published")
    publish(editor, recent)
    publish(editor, old)
    with app.extensions["db_sessionmaker"]() as session:
        session.execute(
            update(YouSaidWeDid)
            .where(YouSaidWeDid.id == old)
            .values(published_at=utcnow() - timedelta(days=800))
        )
        session.commit()
    assert unpublished
    page = parse(editor.get(PACK))
    themes = [text_of(h) for h in page.select(".app-entry h3")]
    assert themes == ["School transport: We will do this"]


def test_the_compliance_part_lists_every_required_item_with_its_status(app, editor):
    page = parse(editor.get(PACK))
    table = page.select_one("#contains ~ table")
    rows = {
        text_of(tr.th): [text_of(td) for td in tr.select("td")] for tr in table.select("tbody tr")
    }
    assert len(rows) == len(app.extensions["local_offer_schedule"].items)
    assert rows["Who each service is for"][0] == "Schedule 2, paragraph 18"
    assert rows["Other educational provision"][0] == (
        "Children and Families Act 2014 (not a paragraph of Schedule 2)"
    )
    assert all(status for _law, status in rows.values())


def test_a_period_that_runs_backwards_gets_a_gov_uk_message(editor):
    response = editor.get(PACK, query_string={"start": "2026-11", "end": "2026-01"})
    assert error_summary(response) == [
        "The month to count to must be the same as or after the month to count from"
    ]
    assert parse(response).select_one("#said") is None
    bad = editor.get(PACK + ".pdf", query_string={"start": "1999-01", "end": "2026-01"})
    assert bad.status_code == 400


def test_the_pdf_is_tagged_with_a_title_language_headings_and_tables(editor):
    response = editor.get(PACK + ".pdf", query_string={"start": "2026-01", "end": "2026-12"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="local-offer-annual-review-2026-01-to-2026-12.pdf"'
    )
    with pikepdf.open(io.BytesIO(response.data)) as pdf:
        assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == "en-GB"
        assert str(pdf.docinfo.get("/Title")).startswith("Local Offer annual review pack")
        roles = structure_roles(pdf)
        assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD"} <= roles


@pytest.mark.parametrize("path", [PACK, PACK + ".pdf"])
def test_only_editors_and_admins_open_the_pack(app, people, path):
    assert app.test_client().get(path).headers["Location"].startswith("/staff/sign-in")
    for who, status in ((people.kw1, 403), (people.admin, 200)):
        client = app.test_client()
        sign_in(client, who)
        assert client.get(path).status_code == status, who.role
