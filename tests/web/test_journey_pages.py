"""Question pages as a user sees them: every node type, every error message, back links, skipping."""

from __future__ import annotations

import pytest

from tests.support.content import real_content
from tests.support.pages import csrf_token, error_summary, heading, parse, text_of
from tests.support.personas import LETTER_FAMILY, NEUTRAL
from tests.support.web_journey import answer_page, complete_journey, path_of, seed

GRAPH = real_content().graph


def reach(client, node_id: str, answers=LETTER_FAMILY) -> None:
    """Save the answers given before `node_id`, so it is the next page."""
    seed(client, answers, upto=node_id)
    assert path_of(client.get("/questions/").headers["Location"]) == f"/questions/{node_id}"


def test_reaching_a_page_by_answering_each_one(client):
    location = path_of(client.get("/questions/").headers["Location"])
    for _ in range(30):
        current = location.rsplit("/", 1)[-1]
        if current == "letter_intro":
            break
        location = path_of(
            answer_page(client, current, LETTER_FAMILY.get(current)).headers["Location"]
        )
    assert location == "/questions/letter_intro"


def post(client, node_id: str, data: dict) -> object:
    page = client.get(f"/questions/{node_id}")
    version = parse(page).select_one("input[name=answer_version]")["value"]
    return client.post(
        f"/questions/{node_id}",
        data={"csrf_token": csrf_token(page), "answer_version": version, **data},
    )


def test_radios_page(client):
    page = parse(client.get("/questions/respondent"))
    legend = page.select_one("legend h1")
    assert text_of(legend) == "About you (section 1 of 8) Who is filling in these questions?"
    assert [text_of(label) for label in page.select(".govuk-radios__label")] == [
        "I am a parent or carer",
        "I am a young person aged 16 to 25",
        "I am a keyworker or other professional",
    ]
    assert page.select_one("a.govuk-back-link")["href"] == "/"
    assert page.select_one("button[value=skip]") is None
    assert (
        text_of(page.find("title"))
        == "Who is filling in these questions? - SEND Pathway Planner - Demo Borough Council"
    )


def test_yes_no_page_and_back_link(client):
    reach(client, "lives_in_area")
    page = parse(client.get("/questions/lives_in_area"))
    assert text_of(page.select_one("legend h1")).endswith("Does your child live in Demo Borough?")
    assert [i["value"] for i in page.select("input[type=radio]")] == ["yes", "no"]
    assert page.select_one("a.govuk-back-link")["href"] == "/questions/respondent"


def test_month_page(client):
    reach(client, "birth_month")
    page = parse(client.get("/questions/birth_month"))
    assert [i["name"] for i in page.select("input.govuk-date-input__input")] == [
        "birth_month-month",
        "birth_month-year",
    ]


def test_checkboxes_page_has_the_exclusive_option_behind_an_or(client):
    reach(client, "needs_areas")
    page = parse(client.get("/questions/needs_areas"))
    assert text_of(page.select_one(".govuk-checkboxes__divider")) == "or"
    assert page.select_one("input[value=not_sure]")["data-behaviour"] == "exclusive"


def test_radios_with_details_have_a_heading_and_a_hidden_legend(client):
    reach(client, "current_support")
    page = parse(client.get("/questions/current_support"))
    assert heading(client.get("/questions/current_support")).endswith(
        "What extra support does your child get for their needs now?"
    )
    assert "govuk-visually-hidden" in page.select_one("legend")["class"]
    assert (
        text_of(page.select_one(".govuk-details__summary")) == "What SEN support and EHC plans are"
    )


def test_info_text_and_textarea_pages_and_skipping(client):
    reach(client, "letter_intro")
    info = client.get("/questions/letter_intro")
    assert heading(info).endswith("About the letter")
    assert "Every question is optional" in text_of(parse(info))
    response = post(client, "letter_intro", {})
    assert path_of(response.headers["Location"]) == "/questions/first_name"
    page = parse(client.get("/questions/first_name"))
    assert page.select_one("input#first_name")["autocomplete"] == "given-name"
    assert text_of(page.select_one("button[value=skip]")) == "Skip this question"
    response = post(client, "first_name", {"action": "skip"})
    assert path_of(response.headers["Location"]) == "/questions/setting_name"
    response = post(client, "setting_name", {"action": "skip"})
    assert path_of(response.headers["Location"]) == "/questions/child_strengths"
    page = parse(client.get("/questions/child_strengths"))
    assert page.select_one("textarea#child_strengths") is not None
    assert page.select_one("[data-module=govuk-character-count]")["data-maxlength"] == "2000"


def test_a_professional_is_asked_who_will_send_the_letter(client):
    reach(client, "letter_sender", {**LETTER_FAMILY, "respondent": "professional"})
    page = parse(client.get("/questions/letter_sender"))
    assert text_of(page.select_one("legend h1")).endswith(
        "Who will send the letter to the council?"
    )
    assert [text_of(label) for label in page.select(".govuk-radios__label")] == [
        "The child's parent or carer",
        "The young person",
        "The nursery, school or college",
    ]
    assert text_of(page.select_one("button[value=skip]")) == "Skip this question"
    response = post(client, "letter_sender", {"action": "skip"})
    assert path_of(response.headers["Location"]) == "/questions/first_name"


def test_out_of_area_the_home_council_is_asked_and_can_be_skipped(client):
    reach(client, "home_council_name", {**LETTER_FAMILY, "lives_in_area": False})
    page = client.get("/questions/home_council_name")
    assert heading(page).endswith("What is the name of the council where your child is living?")
    assert parse(page).select_one("input#home_council_name")["autocomplete"] == "off"
    response = post(client, "home_council_name", {"action": "skip"})
    assert path_of(response.headers["Location"]) == "/questions/birth_month"  # asked with "where"


def test_the_new_letter_questions_are_reached_only_where_they_fit(client):
    parent = complete_journey(client, {**LETTER_FAMILY, "first_name": "Sam"}, finish=False)
    assert "letter_sender" not in parent.pages and "home_council_name" not in parent.pages
    assert "first_name" in parent.pages


def test_a_professional_out_of_area_answers_both(client):
    answers = {
        **LETTER_FAMILY,
        "respondent": "professional",
        "lives_in_area": False,
        "letter_sender": "setting",
        "home_council_name": "Leeds City Council",
    }
    visit = complete_journey(client, answers, finish=False)
    start = visit.pages.index("lives_in_area")
    assert visit.pages[start : start + 3] == ["lives_in_area", "home_council_name", "birth_month"]
    start = visit.pages.index("letter_intro")
    assert visit.pages[start : start + 3] == ["letter_intro", "letter_sender", "first_name"]
    page = client.get("/questions/check-your-answers").get_data(as_text=True)
    assert "Leeds City Council" in page and "The nursery, school or college" in page


def test_number_page(client):
    reach(client, "walking_distance_miles")
    page = parse(client.get("/questions/walking_distance_miles"))
    field = page.select_one("input#walking_distance_miles")
    assert field["inputmode"] == "decimal"
    assert text_of(page.select_one(".govuk-input__suffix")) == "miles"


def test_date_page(client):
    answers = {**NEUTRAL, "ehc_status": "requested_awaiting_decision"}
    reach(client, "ehc_request_date", answers)
    page = parse(client.get("/questions/ehc_request_date"))
    assert [i["name"] for i in page.select("input.govuk-date-input__input")] == [
        "ehc_request_date-day",
        "ehc_request_date-month",
        "ehc_request_date-year",
    ]


#: For each question, form data that breaks each rule it has, and the page it is on.
BAD_INPUT = {
    "required": {},
    "exclusive": None,  # built per question below
    "invalid": None,
    "min": None,
    "max": None,
    "max_length": None,
    "future": None,
    "too_old": None,
}


def bad_form(node, key: str) -> dict:
    name = node.id
    if key == "required":
        return {}
    if key == "exclusive":
        exclusive = next(o.value for o in node.options if o.exclusive)
        other = next(o.value for o in node.options if not o.exclusive)
        return {name: [exclusive, other]}
    if node.type == "number":
        return {name: {"invalid": "two", "min": "-1", "max": "1000"}[key]}
    if key == "max_length":
        return {name: "x" * (node.max_length() + 1)}
    year = {"invalid": "2016", "future": "2099", "too_old": "1950"}[key]
    month = "13" if key == "invalid" else "3"
    data = {f"{name}-month": month, f"{name}-year": year}
    if node.type == "date":
        data[f"{name}-day"] = "1"
    return data


REACH = {
    "ehc_request_date": {**NEUTRAL, "ehc_status": "requested_awaiting_decision"},
    "draft_plan_date": {**NEUTRAL, "ehc_status": "draft_plan_received"},
    "amendment_notice_date": {
        **NEUTRAL,
        "current_support": "ehc_plan",
        "ehc_status": "amendment_notice_received",
    },
    "decision_date": {**NEUTRAL, "ehc_status": "refused_to_assess"},
    "last_review_date": {**NEUTRAL, "ehc_status": "plan_issued"},
    "wants_personal_budget": {**NEUTRAL, "ehc_status": "plan_issued"},
    "post16_interest": {**NEUTRAL, "birth_month": "2010-01"},
    "adult_care_likely": {**NEUTRAL, "birth_month": "2010-01"},
    "home_council_name": {**LETTER_FAMILY, "lives_in_area": False},
}
CASES = [(node.id, key) for node in GRAPH.questions() for key in sorted(node.errors)]


@pytest.mark.parametrize(("node_id", "key"), CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_every_error_message_is_shown_in_the_summary_and_inline(client, node_id, key):
    node = GRAPH.nodes[node_id]
    answers = REACH.get(node_id, LETTER_FAMILY)
    reach(client, node_id, answers)
    response = post(client, node_id, bad_form(node, key))
    assert response.status_code == 200
    expected = GRAPH.words(node.errors[key], {"respondent": answers["respondent"]})
    assert error_summary(response) == [expected]
    page = parse(response)
    assert expected in text_of(page.select_one(".govuk-error-message"))
    assert text_of(page.find("title")).startswith("Error: ")
    link = page.select_one(".govuk-error-summary a")["href"]
    assert page.select_one(link) is not None, (
        f"the summary links to {link}, which is not on the page"
    )


def test_what_was_typed_is_shown_back_with_the_error(client):
    reach(client, "birth_month")
    response = post(client, "birth_month", {"birth_month-month": "13", "birth_month-year": "2016"})
    values = [i["value"] for i in parse(response).select("input.govuk-date-input__input")]
    assert values == ["13", "2016"]


def test_pages_not_reached_yet_redirect_to_the_current_question(client):
    assert (
        path_of(client.get("/questions/ehc_status").headers["Location"]) == "/questions/respondent"
    )
    reach(client, "birth_month")
    assert (
        path_of(client.get("/questions/therapy_needs").headers["Location"])
        == "/questions/birth_month"
    )
    assert client.get("/questions/no_such_question").status_code == 404


def test_a_young_person_sees_you(client):
    reach(client, "birth_month", {**NEUTRAL, "respondent": "young_person"})
    assert heading(client.get("/questions/birth_month")).endswith(
        "What month and year were you born?"
    )


def test_skip_is_refused_on_a_required_question(client):
    reach(client, "lives_in_area")
    assert post(client, "lives_in_area", {"action": "skip"}).status_code == 400


def test_check_your_answers_groups_by_section_with_change_links(client):
    complete_journey(client, NEUTRAL, finish=False)
    page = parse(client.get("/questions/check-your-answers"))
    assert [text_of(h) for h in page.select("h2.govuk-heading-m")][:3] == [
        "About you",
        "About the child or young person",
        "Education and support",
    ]
    rows = {
        text_of(r.select_one("dt")): text_of(r.select_one("dd"))
        for r in page.select(".govuk-summary-list__row")
    }
    assert rows["Month and year of birth"] == "March 2016"
    assert rows["Lives in Demo Borough"] == "Yes"
    assert rows["Wants a draft request letter"] == "Not answered"
    change = page.select_one(".govuk-summary-list__row a")
    assert change["href"] == "/questions/respondent?change=1"
    assert text_of(change) == "Change who is answering"


def test_a_change_returns_to_check_your_answers(client):
    complete_journey(client, NEUTRAL, finish=False)
    page = client.get("/questions/lives_in_area?change=1")
    assert parse(page).select_one("a.govuk-back-link")["href"] == "/questions/check-your-answers"
    response = client.post(
        "/questions/lives_in_area?change=1",
        data={"csrf_token": csrf_token(page), "answer_version": "1", "lives_in_area": "no"},
    )
    # Living elsewhere opens one new question, the home council's name: asked, then back.
    assert path_of(response.headers["Location"]) == "/questions/home_council_name"
    page = client.get(response.headers["Location"])
    response = client.post(
        response.headers["Location"],
        data={"csrf_token": csrf_token(page), "answer_version": "2", "action": "skip"},
    )
    assert path_of(response.headers["Location"]) == "/questions/check-your-answers"


def test_a_change_that_opens_new_questions_asks_them_first(client):
    complete_journey(client, NEUTRAL, finish=False)
    page = client.get("/questions/travel_difficulty?change=1")
    response = client.post(
        "/questions/travel_difficulty?change=1",
        data={"csrf_token": csrf_token(page), "answer_version": "1", "travel_difficulty": "yes"},
    )
    assert path_of(response.headers["Location"]) == "/questions/walking_distance_miles"


def test_answers_that_no_longer_apply_are_listed_then_removed(client):
    answers = {
        **NEUTRAL,
        "travel_difficulty": True,
        "walking_distance_miles": 2,
        "cannot_walk_due_to_needs": False,
        "low_income_family": False,
    }
    complete_journey(client, answers, finish=False)
    page = client.get("/questions/travel_difficulty?change=1")
    client.post(
        "/questions/travel_difficulty?change=1",
        data={"csrf_token": csrf_token(page), "answer_version": "1", "travel_difficulty": "no"},
    )
    check = parse(client.get("/questions/check-your-answers"))
    removed = [text_of(li) for li in check.select(".govuk-warning-text ~ ul li")]
    assert sorted(removed) == sorted(
        [
            "Walking distance to the nearest suitable school or college",
            "Cannot walk there because of needs",
            "Free school meals",
        ]
    )
    client.post(
        "/questions/check-your-answers",
        data={"csrf_token": csrf_token(client.get("/questions/check-your-answers"))},
    )
    page = client.get("/questions/travel_difficulty?change=1")
    client.post(
        "/questions/travel_difficulty?change=1",
        data={"csrf_token": csrf_token(page), "answer_version": "2", "travel_difficulty": "yes"},
    )
    assert (
        path_of(client.get("/questions/").headers["Location"])
        == "/questions/walking_distance_miles"
    )
    assert (
        parse(client.get("/questions/walking_distance_miles"))
        .select_one("input#walking_distance_miles")
        .get("value", "")
        == ""
    )
