"""Date and month questions refuse an answer with the GOV.UK Design System's words for what is wrong
(missing parts, a short year, a date that cannot be real), and highlight only the fields at fault."""

from __future__ import annotations

import pytest

from tests.support.content import real_content
from tests.support.pages import error_summary, parse, text_of
from tests.support.personas import NEUTRAL
from tests.web.test_journey_pages import post, reach

GRAPH = real_content().graph
REQUEST = {**NEUTRAL, "ehc_status": "requested_awaiting_decision"}


def fields_in_error(response) -> list[str]:
    return [i["name"] for i in parse(response).select("input.govuk-input--error")]


@pytest.mark.parametrize(
    ("typed", "message", "highlighted"),
    [
        ({"month": "3"}, "Month and year of birth must include a year", ["year"]),
        ({"year": "2016"}, "Month and year of birth must include a month", ["month"]),
        ({"month": "3", "year": "16"}, "Year must include 4 numbers", ["year"]),
        ({"month": "3", "year": "20166"}, "Year must include 4 numbers", ["year"]),
    ],
)
def test_a_month_of_birth_that_is_not_whole(client, typed, message, highlighted):
    reach(client, "birth_month")
    response = post(client, "birth_month", {f"birth_month-{k}": v for k, v in typed.items()})
    assert response.status_code == 200
    assert error_summary(response) == [message]
    assert message in text_of(parse(response).select_one(".govuk-error-message"))
    assert fields_in_error(response) == [f"birth_month-{part}" for part in highlighted]
    link = parse(response).select_one(".govuk-error-summary a")["href"]
    assert link == f"#birth_month-{highlighted[0]}"


SUBJECT = "The date the council got the request"


@pytest.mark.parametrize(
    ("typed", "message", "highlighted"),
    [
        ({"day": "1", "year": "2026"}, f"{SUBJECT} must include a month", ["month"]),
        ({"year": "2026"}, f"{SUBJECT} must include a day and month", ["day", "month"]),
        ({"day": "1", "month": "3"}, f"{SUBJECT} must include a year", ["year"]),
        ({"month": "3"}, f"{SUBJECT} must include a day and year", ["day", "year"]),
        ({"day": "1", "month": "3", "year": "26"}, "Year must include 4 numbers", ["year"]),
    ],
)
def test_a_date_that_is_not_whole(client, typed, message, highlighted):
    reach(client, "ehc_request_date", REQUEST)
    form = {f"ehc_request_date-{k}": v for k, v in typed.items()}
    response = post(client, "ehc_request_date", form)
    assert error_summary(response) == [message]
    assert fields_in_error(response) == [f"ehc_request_date-{part}" for part in highlighted]
    assert parse(response).select_one(".govuk-error-summary a")["href"] == (
        f"#ehc_request_date-{highlighted[0]}"
    )


@pytest.mark.parametrize(
    "typed",
    [
        {"day": "31", "month": "2", "year": "2026"},  # no 31 February
        {"day": "1", "month": "13", "year": "2026"},
        {"day": "x", "month": "3", "year": "2026"},
    ],
)
def test_a_date_that_cannot_be_real_keeps_the_content_message_and_highlights_it_all(client, typed):
    reach(client, "ehc_request_date", REQUEST)
    form = {f"ehc_request_date-{k}": v for k, v in typed.items()}
    response = post(client, "ehc_request_date", form)
    expected = GRAPH.words(GRAPH.nodes["ehc_request_date"].errors["invalid"], REQUEST)
    assert error_summary(response) == [expected]
    assert expected.startswith(f"{SUBJECT} must be a real date")
    assert len(fields_in_error(response)) == 3


def test_a_whole_date_is_still_saved(client):
    reach(client, "ehc_request_date", REQUEST)
    response = post(
        client,
        "ehc_request_date",
        {
            "ehc_request_date-day": "1",
            "ehc_request_date-month": "mar",
            "ehc_request_date-year": "2026",
        },
    )
    assert response.status_code == 302
