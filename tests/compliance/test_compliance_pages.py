"""The compliance report as editors and admins see it, its CSV and tagged PDF downloads, and who
may open it."""

from __future__ import annotations

import csv
import io

import pikepdf
import pytest

from tests.compliance.conftest import add_service
from tests.support.pages import parse, text_of
from tests.support.pdf_tags import structure_roles
from tests.support.providers import SENDIASS, make_provider
from tests.support.staff import make_staff, sign_in
from wizard.storage.directory_models import Organization

PAGE = "/staff/local-offer-compliance"


@pytest.fixture
def directory(app):
    """A school in the area, one outside it (never checked, not saying who it is for), and a
    listing with a hostile name."""
    add_service(app, "Demotown Primary School", categories=("schools",))
    add_service(
        app,
        "Westvale Sensory School",
        categories=("schools",),
        in_area=False,
        assured=None,
        eligibility="",
    )
    add_service(app, '=HYPERLINK("http://evil.example","Click")', categories=("leisure",))
    return app


def signed_in(app, who):
    client = app.test_client()
    sign_in(client, who)
    return client


def cards(page):
    return {card["id"].removeprefix("item-"): card for card in page.select(".app-compliance-item")}


def row(card, key):
    for entry in card.select(".govuk-summary-list__row"):
        if text_of(entry.select_one("dt")) == key:
            return entry.select_one("dd")
    return None


def test_an_editor_sees_each_item_what_covers_it_and_what_is_missing(directory, people):
    page = parse(signed_in(directory, people.editor).get(PAGE))
    assert text_of(page.select_one("h1")) == "Local Offer compliance report"
    items = cards(page)
    assert list(items) == [item.id for item in directory.extensions["local_offer_schedule"].items]
    inside = items["provision-in-area"]
    assert text_of(inside.select_one(".app-compliance-status")) == "Covered"
    links = inside.select(".app-compliance-services a")
    assert [text_of(a) for a in links] == ["Demotown Primary School"]
    assert links[0]["href"].startswith("/services/")
    outside = items["provision-outside-area"]
    assert text_of(outside.select_one(".app-compliance-services")) == (
        "Westvale Sensory School (outside Demo Borough)"
    )
    childcare = items["childcare"]
    assert text_of(childcare.select_one(".app-compliance-status")) == "Missing"
    assert text_of(childcare.select_one(".app-compliance-missing")) == (
        "No listed service in Demo Borough in the directory is for Childcare and holiday care"
    )
    funding = items["funding"]
    assert text_of(funding.select_one(".app-compliance-status")) == "Not checked by this service"
    assert "funds special educational provision" in text_of(
        row(funding, "Not checked by this service")
    )
    law = text_of(row(items["travel"], "Where the law says so"))
    assert law == (
        "Schedule 2, paragraph 14. SEND Regulations 2014, Schedule 2, paragraph 14. "
        "Certainty: Sourced."
    )
    criteria = items["eligibility-criteria"]
    assert text_of(criteria.select_one(".app-compliance-missing")) == (
        "1 of 3 listed services does not say who the service is for"
    )
    assert [text_of(a) for a in criteria.select(".app-compliance-listings a")] == [
        "Westvale Sensory School"
    ]
    summary = {
        text_of(r.select_one("dt")): text_of(r.select_one("dd"))
        for r in page.select(".app-compliance-summary .govuk-summary-list__row")
    }
    assert summary["Services outside Demo Borough"] == "1 listed"
    assert summary["Listings overdue for review"] == "1"
    assert summary["Missing"].endswith(f"of {len(items)} items")
    assert [text_of(a) for a in page.select(".app-compliance-out-of-area a")] == [
        "Westvale Sensory School"
    ]
    overdue = page.select(".app-compliance-overdue tbody tr")
    assert [text_of(r) for r in overdue] == ["Westvale Sensory School Now: never checked"]


def test_hostile_names_are_shown_as_text(directory, people):
    body = signed_in(directory, people.editor).get(PAGE).get_data(as_text=True)
    assert "=HYPERLINK(&#34;http://evil.example&#34;,&#34;Click&#34;)" in body
    assert '<a href="http://evil.example"' not in body


def test_the_directory_page_links_to_the_report(directory, people):
    page = parse(signed_in(directory, people.editor).get("/staff/directory"))
    assert page.select_one(".app-compliance-link")["href"] == PAGE


def test_the_csv_has_a_row_for_every_item_and_cannot_run_formulas(directory, people):
    response = signed_in(directory, people.admin).get(PAGE + ".csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="local-offer-compliance-2026-12-02.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Part", "Id", "Schedule 2", "Item or service", "Status"]
    items = [r for r in rows if r[0] == "Required item"]
    assert len(items) == len(directory.extensions["local_offer_schedule"].items)
    by_id = {r[1]: r for r in items}
    assert by_id["childcare"][4] == "Missing"
    assert by_id["provision-in-area"][7] == "Demotown Primary School"
    assert rows[0][13] == "Listings checked"
    assert by_id["eligibility-criteria"][13] == "Listings to mend: Westvale Sensory School"
    assert by_id["eligibility-criteria"][2] == "Schedule 2, paragraph 18"
    leisure = by_id["leisure"][7]
    assert leisure == '\'=HYPERLINK("http://evil.example","Click")'
    assert [r[3] for r in rows if r[0] == "Out-of-area provision"] == ["Westvale Sensory School"]
    assert [(r[3], r[12]) for r in rows if r[0] == "Overdue for review"] == [
        ("Westvale Sensory School", "Never checked")
    ]
    assert not [cell for r in rows[1:] for cell in r if cell[:1] in ("=", "+", "-", "@")]


def test_the_pdf_is_tagged_with_a_title_and_language(directory, people):
    response = signed_in(directory, people.editor).get(PAGE + ".pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="local-offer-compliance-2026-12-02.pdf"'
    )
    with pikepdf.open(io.BytesIO(response.data)) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "en-GB"
        assert str(pdf.docinfo.get("/Title")) == "Local Offer compliance report"
        roles = structure_roles(pdf)
        assert {"/H1", "/H2", "/H3", "/L", "/LI", "/Table", "/TH", "/TD"} <= roles


@pytest.mark.parametrize("path", [PAGE, PAGE + ".csv", PAGE + ".pdf"])
def test_only_editors_and_admins_may_open_it(app, people, path):
    assert app.test_client().get(path).headers["Location"].startswith("/staff/sign-in")
    with app.extensions["db_sessionmaker"]() as session:
        session.add(Organization(id=SENDIASS, name="Demo Borough SENDIASS"))
        session.commit()
    others = (
        people.kw1,
        make_staff(app, "in.sight@demo.example", "Indy Sight", "insight"),
        make_provider(app, "pat.provider@demo.example", "Pat Provider", SENDIASS),
    )
    for who in others:
        client = signed_in(app, who)
        # what they get from the other editor pages
        assert client.get("/staff/directory").status_code == 403, who.role
        assert client.get(path).status_code == 403, who.role
    assert signed_in(app, people.editor).get(path).status_code == 200
    assert signed_in(app, people.admin).get(path).status_code == 200
