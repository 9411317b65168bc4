"""The letter respects the answers on the web (issue 16): the school's name is asked as a family
sees it, and a letter download that is not offered answers with a clear page, never a 500."""

from __future__ import annotations

import pytest

from tests.support.pages import csrf_token, error_summary, heading, parse, text_of
from tests.support.personas import AS_OF, LETTER_FAMILY, PERSONAS
from tests.support.web_journey import complete_journey, path_of, seed

LETTER_URLS = ("/plan/letter.pdf", "/plan/letter.docx")


def post(client, node_id: str, data: dict):
    page = client.get(f"/questions/{node_id}")
    version = parse(page).select_one("input[name=answer_version]")["value"]
    return client.post(
        f"/questions/{node_id}",
        data={"csrf_token": csrf_token(page), "answer_version": version, **data},
    )


def reach(client, node_id: str, answers=LETTER_FAMILY) -> None:
    seed(client, answers, upto=node_id)
    assert path_of(client.get("/questions/").headers["Location"]) == f"/questions/{node_id}"


# --- The question -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "title"),
    [
        ({}, "What is the name of your child's nursery, school or college?"),
        (
            {"respondent": "young_person", "birth_month": "2009-10", "setting": "college"},
            "What is the name of your school or college?",
        ),
        (
            {"respondent": "professional"},
            "What is the name of the child or young person's nursery, school or college?",
        ),
    ],
)
def test_the_setting_name_is_asked_in_the_readers_voice(client, changes, title):
    answers = {**LETTER_FAMILY, **changes}
    if changes.get("respondent") == "young_person":
        answers.update(carer_wellbeing_concern=None, childcare_needed=None)
    reach(client, "setting_name", answers)
    page = client.get("/questions/setting_name")
    assert heading(page).endswith(title)
    hint = text_of(parse(page).select_one("#setting_name-hint"))
    assert hint == "For example, Oakfield Primary School. Leave blank if you do not know it yet."


def test_the_setting_name_follows_the_first_name_and_can_be_skipped(client):
    reach(client, "first_name")
    response = post(client, "first_name", {"first_name": "Sam"})
    assert path_of(response.headers["Location"]) == "/questions/setting_name"
    response = post(client, "setting_name", {"action": "skip"})
    assert path_of(response.headers["Location"]) == "/questions/child_strengths"


def test_the_setting_name_keeps_what_can_be_seen_and_has_a_length_limit(client):
    reach(client, "setting_name")
    response = post(client, "setting_name", {"setting_name": "Oakfield\x01 Primary\x1b School"})
    assert response.status_code == 302, error_summary(response)
    field = parse(client.get("/questions/setting_name")).select_one("input#setting_name")
    assert field["value"] == "Oakfield Primary School"
    too_long = post(client, "setting_name", {"setting_name": "O" * 101})
    assert error_summary(too_long) == [
        "The name of the nursery, school or college must be 100 characters or less"
    ]


def test_the_setting_name_is_on_check_your_answers(client):
    complete_journey(
        client, {**LETTER_FAMILY, "setting_name": "Oakfield Primary School"}, finish=False
    )
    page = parse(client.get("/questions/check-your-answers"))
    rows = {
        text_of(row.select_one(".govuk-summary-list__key")): text_of(
            row.select_one(".govuk-summary-list__value")
        )
        for row in page.select(".govuk-summary-list__row")
    }
    assert rows.get("Nursery, school or college for the letter") == "Oakfield Primary School"


# --- No letter download when none is offered ------------------------------------------------------


def finished(make_app, answers) -> object:
    client = make_app(FIXED_NOW=AS_OF.isoformat()).test_client()
    complete_journey(client, answers)
    return client


@pytest.mark.parametrize("url", LETTER_URLS)
def test_no_letter_when_the_family_said_they_did_not_want_one(make_app, url):
    client = finished(make_app, {**LETTER_FAMILY, "letter_wanted": False})
    response = client.get(url)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert heading(response) == "There is no draft letter in your plan"
    page = parse(response)
    said = text_of(page.select_one("main"))
    assert "You told us you did not want help writing a letter" in said
    links = {a["href"] for a in page.select("main a")}
    assert "/plan/" in links
    assert "/questions/letter_wanted?change=1" in links


@pytest.mark.parametrize("url", LETTER_URLS)
def test_no_letter_when_the_plan_does_not_suggest_asking(make_app, url):
    client = finished(make_app, PERSONAS[0].answers)
    response = client.get(url)
    assert response.status_code == 404
    assert heading(response) == "There is no draft letter in your plan"
    said = text_of(parse(response).select_one("main"))
    assert (
        "Your plan does not suggest asking for an Education, Health and Care (EHC) needs assessment"
        in said
    )
    assert "/plan/" in {a["href"] for a in parse(response).select("main a")}


@pytest.mark.parametrize("url", LETTER_URLS)
def test_the_letter_still_downloads_when_wanted(make_app, url):
    client = finished(make_app, LETTER_FAMILY)
    assert client.get(url).status_code == 200
