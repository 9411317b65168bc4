"""The keyworker's printable handout for a family: their private link written out and as a QR code,
their reference, how long the link works, what to do if they lose it, and that it is private.

The link is shown only once, right after it is made: the handout is reached from that page, with
the same fresh link, and nothing new keeps the link in clear."""

from __future__ import annotations

import re

import pytest
import segno
from flask import Flask
from sqlalchemy import inspect, select, text

from tests.support.pages import csrf_token, heading, parse, text_of
from tests.support.staff import People, make_people, post, sign_in
from tests.support.web_journey import path_of
from wizard.storage.staff_models import AuditEvent

HANDOUT_BUTTON = "Print a handout with this link"


@pytest.fixture
def people(app: Flask) -> People:
    return make_people(app)


def keyworker(app, people, who="kw1"):
    client = app.test_client()
    sign_in(client, getattr(people, who))
    return client


def make_link(client, case_id):
    """Make a new private link on the case page; the page that shows it once."""
    return post(client, f"/staff/cases/{case_id}/family-link", page=f"/staff/cases/{case_id}")


def handout_form(link_page):
    """The form on the link page that leads to the handout, with what it sends."""
    page = parse(link_page)
    button = page.find("button", string=re.compile(HANDOUT_BUTTON))
    assert button is not None, "the link page offers no handout"
    form = button.find_parent("form")
    fields = {i["name"]: i.get("value", "") for i in form.select("input[name]")}
    return form, fields


def open_handout(client, link_page):
    form, fields = handout_form(link_page)
    return client.post(form["action"], data=fields)


def link_on(link_page):
    return text_of(parse(link_page).select_one("#private-link"))


def modules_of_svg(svg):
    """The dark modules a segno SVG path draws, as a set of (column, row)."""
    path = svg.select_one("path")["d"]
    dark, x, y = set(), 0.0, 0.0
    for command, numbers in re.findall(r"([Mmh])([-\d. ]+)", path):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            for step in range(int(values[0])):
                dark.add((int(x) + step, int(y)))
            x += values[0]
    return dark


def modules_of_qr(qr, border):
    return {
        (column + border, row + border)
        for row, line in enumerate(qr.matrix)
        for column, bit in enumerate(line)
        if bit
    }


def test_the_link_page_offers_a_handout_that_posts_the_link_out_of_the_address_bar(app, people):
    client = keyworker(app, people)
    link_page = make_link(client, people.case_a)
    link = link_on(link_page)
    token = path_of(link).rsplit("/", 1)[1]

    form, _fields = handout_form(link_page)

    assert form["method"].lower() == "post"
    assert token not in form["action"]


def test_the_handout_shows_the_link_in_full_with_a_qr_code_and_the_reference(app, people):
    client = keyworker(app, people)
    link_page = make_link(client, people.case_a)
    link = link_on(link_page)
    reference = text_of(parse(link_page).select_one("main p strong"))

    response = open_handout(client, link_page)
    page = parse(response)
    main = page.select_one("main")

    assert response.status_code == 200
    assert heading(response) == "Your private link to the SEND Pathway Planner"
    assert text_of(main.select_one("#handout-link")) == link
    assert reference in text_of(main.select_one("#handout-reference"))
    svg = main.select_one("svg.app-handout__qr")
    assert svg is not None, "no QR code drawn in the page"
    assert svg.get("role") == "img" and "written out" in text_of(svg.select_one("title"))
    drawn, width = modules_of_svg(svg), int((svg.get("viewBox") or svg["viewbox"]).split()[2])
    candidates = [segno.make_qr(link, error=level) for level in "lmqh"]
    assert any(drawn == modules_of_qr(qr, (width - len(qr.matrix)) // 2) for qr in candidates), (
        "the QR code does not encode the link"
    )


def test_the_handout_says_how_long_the_link_works_who_to_ask_and_that_it_is_private(app, people):
    client = keyworker(app, people)
    locality = app.extensions["content"].locality

    main = text_of(parse(open_handout(client, make_link(client, people.case_a))).select_one("main"))

    assert f"{app.config['RETENTION_UNFINISHED_DAYS']} days" in main
    assert f"{app.config['RETENTION_FINISHED_DAYS']} days" in main
    assert "If your keyworker makes you a new link, this one stops working." in main
    assert "Kay Worker" in main  # the keyworker holding the case
    assert locality.send_team_name in main and locality.council_name in main
    assert locality.send_team_phone in main and locality.send_team_email in main
    assert "like a key" in main
    assert "Anyone who has this link can see your answers" in main


def test_the_handout_prints_with_a_button_and_leads_back_to_the_case(app, people):
    client = keyworker(app, people)
    page = parse(open_handout(client, make_link(client, people.case_a)))

    button = page.select_one("button.app-print-button")
    assert text_of(button) == "Print this page"
    assert button.has_attr("hidden")  # shown by the script; without it the browser's print works
    back = page.find("a", string="Back to the case")
    assert back is not None and back["href"] == f"/staff/cases/{people.case_a}"
    assert page.select_one(".app-handout .govuk-button") is None  # nothing to press on paper


def test_the_handout_asks_nothing_of_other_sites(app, people):
    client = keyworker(app, people)
    page = parse(open_handout(client, make_link(client, people.case_a)))

    loaded = [tag.get("src") or tag.get("href") for tag in page.select("[src], link[href]")]
    assert loaded and all(a.startswith("/") and not a.startswith("//") for a in loaded), loaded
    assert page.select("main img") == []  # the QR code is drawn in the page itself


def test_a_link_replaced_by_a_newer_one_gives_no_handout(app, people):
    client = keyworker(app, people)
    first = make_link(client, people.case_a)
    make_link(client, people.case_a)

    response = open_handout(client, first)

    assert response.status_code == 302
    assert path_of(response.headers["Location"]) == f"/staff/cases/{people.case_a}"
    case_page = client.get(f"/staff/cases/{people.case_a}")
    assert "That link no longer works" in text_of(parse(case_page))
    assert link_on(first) not in case_page.get_data(as_text=True)


def test_a_link_for_another_case_gives_no_handout(app, people):
    theirs = make_link(keyworker(app, people, "kw2"), people.case_b)
    _form, fields = handout_form(theirs)
    client = keyworker(app, people)
    mine = make_link(client, people.case_a)
    form, _fields = handout_form(mine)

    response = client.post(form["action"], data={**fields, "csrf_token": csrf_token(mine)})

    assert response.status_code == 302
    assert link_on(theirs) not in client.get(f"/staff/cases/{people.case_a}").get_data(as_text=True)


@pytest.mark.parametrize("who", ["kw2", "editor", "admin"])
def test_only_staff_who_can_see_the_case_get_its_handout(app, people, who):
    link_page = make_link(keyworker(app, people), people.case_a)
    form, fields = handout_form(link_page)
    other = keyworker(app, people, who)
    page = other.get("/staff/" if who == "kw2" else "/staff/feedback")

    response = other.post(form["action"], data={**fields, "csrf_token": csrf_token(page)})

    assert response.status_code == 404
    assert link_on(link_page) not in response.get_data(as_text=True)


def test_without_a_sign_in_the_handout_asks_to_sign_in(app, people):
    link_page = make_link(keyworker(app, people), people.case_a)
    form, fields = handout_form(link_page)
    stranger = app.test_client()

    response = stranger.post(
        form["action"], data={**fields, "csrf_token": csrf_token(stranger.get("/feedback"))}
    )

    assert response.status_code == 302
    assert path_of(response.headers["Location"]) == "/staff/sign-in"


def test_printing_a_handout_is_in_the_audit_trail_and_keeps_no_link(app, people):
    client = keyworker(app, people)
    link_page = make_link(client, people.case_a)
    token = path_of(link_on(link_page)).rsplit("/", 1)[1]

    open_handout(client, link_page)

    with app.extensions["db_sessionmaker"]() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.case_id == people.case_a)
        ).all()
        assert actions[-2:] == ["family link", "family link handout"]
        for table in inspect(session.connection()).get_table_names():
            rows = session.execute(text(f'SELECT * FROM "{table}"')).all()
            assert token not in repr(rows), table
