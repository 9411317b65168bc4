"""A private link never silently swaps a family's answers (issue 14).

A browser that already holds answers and opens the private link of other answers is asked which
to use. Nothing is dropped until someone chooses, with a POST; a link for the answers the browser
already holds carries on as before.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from tests.support.pages import csrf_token, error_summary, heading, parse, text_of
from tests.support.personas import NEUTRAL
from tests.support.staff import People, make_people, post, sign_in
from tests.support.web_journey import answer_page, complete_journey, path_of, seed_assessment
from wizard.storage import assessments, tokens
from wizard.storage.staff_models import AuditEvent, Case

CHOICE = "/questions/which-answers"


def link_to(token: str) -> str:
    return f"/questions/resume/{token}"


def record(app, token: str):
    with app.extensions["db_sessionmaker"]() as session:
        return assessments.find_by_token(session, token, app.extensions["sealer"])


def case_record(app, case_id: int):
    with app.extensions["db_sessionmaker"]() as session:
        case = session.get(Case, case_id)
        return assessments.find_by_id(session, case.assessment_id, app.extensions["sealer"])


def trail(app, case_id: int) -> list[tuple[str, str, str]]:
    with app.extensions["db_sessionmaker"]() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id)
        ).all()
        return [(e.actor, e.action, e.detail) for e in events]


def token_of(client) -> str:
    with client.session_transaction() as browser:
        return browser["token"]


def carries_on_at(client) -> str:
    """Where "carry on" takes this browser: the page its current answers are up to."""
    return path_of(client.get("/questions/").headers["Location"])


def family_part_way(app):
    """A browser holding two answers (respondent, lives in the area): not finished."""
    client = app.test_client()
    answer_page(client, "respondent", "parent_carer")
    answer_page(client, "lives_in_area", True)
    return client


def finished_elsewhere(app) -> str:
    """Answers finished (the plan made) in another browser; returns their private token."""
    other = app.test_client()
    complete_journey(other, NEUTRAL)
    return token_of(other)


def comparison(page) -> dict[str, list[str]]:
    """The table comparing the two sets of answers: row name -> [this browser, the link]."""
    table = page.select_one("table")
    return {
        text_of(row.select_one("th")): [text_of(cell) for cell in row.select("td")]
        for row in table.select("tbody tr")
    }


def choice_form(page):
    """The form on the choice page (a keyworker's page also has the "Back to the case" form)."""
    return parse(page).select_one(f"main form[action='{CHOICE}']")


def choose(client, answers: str | None, page=None):
    """Send the choice from the page (taken now unless given): 'current', 'link' or nothing."""
    page = page if page is not None else client.get(CHOICE)
    form = choice_form(page)
    data = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    if answers is not None:
        data["answers"] = answers
    return client.post(CHOICE, data=data)


@pytest.fixture
def people(app) -> People:
    return make_people(app)


def keyworker_on_case_a(app, people):
    client = app.test_client()
    sign_in(client, people.kw1)
    post(client, f"/staff/cases/{people.case_a}/questions")
    answer_page(client, "respondent", "professional")
    return client


# --- A family's browser ------------------------------------------------------------------------


def test_a_link_for_other_answers_asks_which_to_use_and_changes_nothing(app):
    client = family_part_way(app)
    mine = record(app, token_of(client))
    token = finished_elsewhere(app)
    theirs = record(app, token)

    response = client.get(link_to(token))

    assert path_of(response.headers["Location"]) == CHOICE
    assert token not in response.headers["Location"]  # the token leaves the address bar
    page = client.get(CHOICE)
    assert page.status_code == 200
    assert heading(page) == "This browser already has other answers"
    assert comparison(parse(page)) == {
        "Reference": [mine.reference, theirs.reference],
        "Questions answered": ["2", str(len(theirs.answers))],
        "Finished": ["No", "Yes, the plan was made"],
    }
    labels = [text_of(label) for label in parse(page).select(".govuk-radios__label")]
    assert labels == [
        f"Keep the answers in this browser (reference {mine.reference})",
        f"Use the answers from the link (reference {theirs.reference})",
    ]
    # Nothing has changed yet: the browser still carries on with its own answers.
    assert tokens.digest(token_of(client)) == mine.token_hash
    assert carries_on_at(client) == "/questions/birth_month"
    assert record(app, token).answers == theirs.answers


def test_the_page_shows_the_private_link_of_the_answers_in_this_browser(app):
    client = family_part_way(app)
    own_link = text_of(parse(client.get("/questions/save-and-return")).select_one("#private-link"))
    client.get(link_to(finished_elsewhere(app)))

    page = parse(client.get(CHOICE))

    assert own_link in text_of(page.select_one("#current-link"))


def test_keeping_my_current_answers_leaves_everything_as_it_was(app):
    client = family_part_way(app)
    mine_before = record(app, token_of(client))
    token = finished_elsewhere(app)
    theirs_before = record(app, token)
    client.get(link_to(token))

    response = choose(client, "current")

    assert path_of(response.headers["Location"]) == "/questions/"
    assert carries_on_at(client) == "/questions/birth_month"
    assert "Your answers in this browser are kept." in text_of(
        parse(client.get("/questions/birth_month")).select_one(".govuk-notification-banner")
    )
    assert record(app, token_of(client)).id == mine_before.id
    assert record(app, token_of(client)).answers == mine_before.answers
    assert record(app, token).answers == theirs_before.answers
    assert record(app, token).version == theirs_before.version
    # The choice is made: the page is not shown again.
    assert path_of(client.get(CHOICE).headers["Location"]) == "/questions/"


def test_choosing_the_links_answers_switches_and_the_old_ones_stay_behind_their_link(app):
    client = family_part_way(app)
    old_token = token_of(client)
    old = record(app, old_token)
    token = finished_elsewhere(app)
    theirs = record(app, token)
    client.get(link_to(token))

    response = choose(client, "link")

    assert path_of(response.headers["Location"]) == "/plan/"  # the link's answers are finished
    assert token_of(client) == token
    banner = text_of(parse(client.get("/plan/")).select_one(".govuk-notification-banner"))
    assert f"You are now using the answers from the link (reference {theirs.reference})" in banner
    # The answers that were in this browser are untouched, and their own link still opens them.
    assert record(app, old_token).answers == old.answers
    elsewhere = app.test_client()
    assert path_of(elsewhere.get(link_to(old_token)).headers["Location"]) == (
        "/questions/birth_month"
    )


def test_the_switch_is_a_post_with_a_csrf_token(app):
    client = family_part_way(app)
    mine = token_of(client)
    token = finished_elsewhere(app)
    client.get(link_to(token))
    form = choice_form(client.get(CHOICE))
    assert form["method"] == "post"
    assert form.select_one("input[name=csrf_token]")

    forged = client.post(CHOICE, data={"answers": "link"})
    client.get(CHOICE)  # looking at the page again changes nothing either

    assert forged.status_code == 400
    assert token_of(client) == mine


def test_choosing_nothing_shows_the_error_summary(app):
    client = family_part_way(app)
    mine = token_of(client)
    client.get(link_to(finished_elsewhere(app)))

    response = choose(client, None)

    assert response.status_code == 400
    assert error_summary(response) == ["Select which answers you want to use"]
    page = parse(response)
    assert text_of(page.select_one("title")).startswith("Error: ")
    assert page.select_one(".govuk-error-summary a")["href"] == "#answers"
    assert page.select_one("#answers")["name"] == "answers"
    assert "Select which answers you want to use" in text_of(
        page.select_one(".govuk-error-message")
    )
    assert token_of(client) == mine


def test_a_made_up_choice_changes_nothing(app):
    client = family_part_way(app)
    mine = token_of(client)
    client.get(link_to(finished_elsewhere(app)))

    response = choose(client, "both")

    assert response.status_code == 400
    assert token_of(client) == mine


def test_the_page_works_without_javascript(app):
    client = family_part_way(app)
    client.get(link_to(finished_elsewhere(app)))
    form = choice_form(client.get(CHOICE))
    assert [r["value"] for r in form.select("input[type=radio]")] == ["current", "link"]
    assert text_of(form.select_one("button[type=submit]")) == "Continue"
    assert not form.select("[onclick], [onchange], [onsubmit]")


def test_opening_the_link_for_the_answers_already_here_carries_on(app):
    client = family_part_way(app)

    response = client.get(link_to(token_of(client)))

    assert path_of(response.headers["Location"]) == "/questions/birth_month"


def test_a_link_in_a_browser_without_answers_carries_on(app):
    token = finished_elsewhere(app)
    fresh = app.test_client()

    response = fresh.get(link_to(token))

    assert path_of(response.headers["Location"]) == "/plan/"
    assert token_of(fresh) == token


def test_a_bad_link_shows_link_not_found_and_keeps_the_current_answers(app):
    client = family_part_way(app)
    mine = token_of(client)

    response = client.get(link_to("not-a-real-token"))

    assert response.status_code == 404
    assert heading(response) == "This link does not work"
    assert token_of(client) == mine
    assert carries_on_at(client) == "/questions/birth_month"


def test_a_link_whose_answers_went_while_the_page_was_open_shows_link_not_found(app):
    client = family_part_way(app)
    mine = token_of(client)
    other = app.test_client()
    complete_journey(other, NEUTRAL)
    client.get(link_to(token_of(other)))
    page = client.get(CHOICE)
    confirm = other.get("/questions/delete-answers")
    other.post("/questions/delete-answers", data={"csrf_token": csrf_token(confirm)})

    response = choose(client, "link", page)

    assert response.status_code == 404
    assert heading(response) == "This link does not work"
    assert token_of(client) == mine
    assert carries_on_at(client) == "/questions/birth_month"


def test_an_old_choice_page_never_switches_to_a_link_it_did_not_show(app):
    client = family_part_way(app)
    mine = token_of(client)
    first = seed_assessment(app, NEUTRAL, upto="ehc_status")
    second = seed_assessment(app, NEUTRAL, upto="setting")
    client.get(link_to(first))
    old_page = client.get(CHOICE)
    client.get(link_to(second))  # another link opened in another tab meanwhile

    response = choose(client, "link", old_page)

    assert path_of(response.headers["Location"]) == CHOICE
    assert token_of(client) == mine
    shown = parse(client.get(CHOICE))
    assert "Nothing was changed" in text_of(shown.select_one(".govuk-notification-banner"))
    assert comparison(shown)["Reference"][1] == record(app, second).reference


def test_nothing_personal_reaches_the_logs(app, caplog):
    caplog.set_level(logging.DEBUG)
    client = family_part_way(app)
    mine = record(app, token_of(client))
    token = finished_elsewhere(app)
    client.get(link_to(token))
    choose(client, None)
    choose(client, "link")

    assert caplog.records
    for secret in (token, token_of(client), mine.reference, record(app, token).reference):
        assert secret not in caplog.text
    assert "parent_carer" not in caplog.text and "2016-03" not in caplog.text


# --- A keyworker's browser -----------------------------------------------------------------------


def test_a_keyworker_on_a_case_is_asked_too_and_can_keep_working_on_the_case(app, people):
    client = keyworker_on_case_a(app, people)
    case = case_record(app, people.case_a)
    family = seed_assessment(app, NEUTRAL, upto="ehc_status")
    family_answers = record(app, family).answers

    assert path_of(client.get(link_to(family)).headers["Location"]) == CHOICE
    page = client.get(CHOICE)
    assert comparison(parse(page))["Reference"] == [case.reference, record(app, family).reference]
    assert "the case you are working on" in text_of(parse(page).select_one("main"))
    assert "Family A" not in text_of(parse(page).select_one("table"))  # labels can hold names
    choose(client, "current")

    banner = text_of(parse(client.get("/questions/lives_in_area")).select_one("main"))
    assert "You are filling in the questions for Family A" in banner
    answer_page(client, "lives_in_area", True)
    after = case_record(app, people.case_a)
    assert after.answers == {"respondent": "professional", "lives_in_area": True}
    assert after.answered_by["lives_in_area"] == "keyworker"
    assert record(app, family).answers == family_answers


def test_a_keyworker_who_uses_the_links_answers_leaves_the_case_but_stays_signed_in(app, people):
    client = keyworker_on_case_a(app, people)
    before = case_record(app, people.case_a)
    family = seed_assessment(app, NEUTRAL, upto="ehc_status")
    client.get(link_to(family))

    choose(client, "link")

    assert token_of(client) == family
    assert "You are filling in the questions" not in text_of(
        parse(client.get("/questions/ehc_status")).select_one("main")
    )
    assert client.get(f"/staff/cases/{people.case_a}").status_code == 200  # still signed in
    assert case_record(app, people.case_a).answers == before.answers


def test_a_keyworker_opening_the_link_for_the_case_in_hand_carries_on_as_before(app, people):
    client = keyworker_on_case_a(app, people)
    link_page = post(
        client, f"/staff/cases/{people.case_a}/family-link", page=f"/staff/cases/{people.case_a}"
    )
    link = text_of(parse(link_page).select_one("#private-link"))

    response = client.get(path_of(link))

    assert path_of(response.headers["Location"]) == "/questions/lives_in_area"


def test_switching_to_a_cases_answers_is_audited_without_anything_personal(app, people):
    keyworker = keyworker_on_case_a(app, people)
    link_page = post(
        keyworker,
        f"/staff/cases/{people.case_a}/family-link",
        page=f"/staff/cases/{people.case_a}",
    )
    link = text_of(parse(link_page).select_one("#private-link"))
    family = family_part_way(app)  # the family had started again on their own in this browser
    family.get(path_of(link))

    choose(family, "link")

    events = trail(app, people.case_a)
    assert events[-1] == ("family", "view", "answers opened from a private link")
    assert case_record(app, people.case_a).answers == {"respondent": "professional"}
    assert all("professional" not in detail for _actor, _action, detail in events)
