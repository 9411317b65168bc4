"""The search page and service pages, as a family sees them."""

from __future__ import annotations

import pytest

from tests.support.directory import demo_feed, demo_service
from tests.support.pages import error_summary, heading, parse, text_of


def results(response):
    page = parse(response)
    return [text_of(a) for a in page.select(".app-result h2 a")]


def count(response):
    return text_of(parse(response).select_one("#result-count"))


def test_the_search_page_lists_services_with_a_count_and_pages(demo_client):
    response = demo_client.get("/services/")
    page = parse(response)
    total = len([s for s in demo_feed()["contents"] if s["status"] != "inactive"])

    assert heading(response) == "Find services in the Local Offer"
    assert count(response) == f"{total} services found, showing 1 to 20"
    assert len(results(response)) == 20
    assert page.select_one(".govuk-pagination__next a")["href"] == "/services/?page=2"
    last = demo_client.get(f"/services/?page={-(-total // 20)}")
    assert count(last).endswith(f"to {total}")
    assert parse(last).select_one(".govuk-pagination__next") is None


def test_in_area_services_come_before_those_outside(demo_client):
    everything = []
    for number in range(1, 5):
        everything += parse(demo_client.get(f"/services/?page={number}")).select(".app-result")
    outside = [i for i, r in enumerate(everything) if "Outside Demo Borough" in text_of(r)]
    assert outside and outside == list(range(len(everything) - len(outside), len(everything)))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=swimming", ["Inclusive swimming sessions"]),
        (
            "q=SPEECH+therapy",
            [
                "Children's speech and language therapy",
                "Communication aids and assistive technology",
            ],
        ),
        ("q=zzzz", []),
        (
            "category=disagreements_complaints&age=10",
            [
                "Council complaints team",
                "Disagreement resolution service",
                "SEND mediation",
                "SENDIASS advice line",
            ],
        ),
        ("area=out&category=schools", ["Northfield Special School", "Westvale Sensory School"]),
        ("need=sensory_physical&age=1&area=in&free=yes", ["Audiology"]),
    ],
)
def test_filters(demo_client, query, expected):
    found = results(demo_client.get(f"/services/?{query}"))
    if query.startswith("need="):
        assert "Children's audiology" in found and "Inclusive swimming sessions" not in found
    else:
        assert found == expected


def test_the_age_filter_keeps_services_whose_range_includes_the_age(demo_client):
    found = results(demo_client.get("/services/?age=2&category=early_years"))

    assert "Portage home visiting" in found and "Early years SEN inclusion fund" in found
    assert "Inclusive holiday club" not in found  # 5 to 14


def test_free_only_leaves_out_services_that_charge(demo_client):
    found = results(demo_client.get("/services/?free=yes&category=leisure"))

    assert (
        "Inclusive swimming sessions" not in found
        and "All Stars inclusive sports club" not in found
    )
    assert "Relaxed library sessions" in found


def test_bad_filters_get_clear_messages_and_the_rest_still_applies(demo_client):
    response = demo_client.get("/services/?age=twelve&category=knitting&need=x&q=swimming")

    assert error_summary(response) == [
        "Age must be a whole number from 0 to 25",
        "Select an area of need from the list",
        "Select a type of service from the list",
    ]
    page = parse(response)
    assert page.title.string.startswith("Error: ")
    assert page.select_one("#age")["value"] == "twelve"
    assert results(response) == ["Inclusive swimming sessions"]


def test_a_page_past_the_end_shows_the_last_page(demo_client):
    response = demo_client.get("/services/?q=swimming&page=99")

    assert results(response) == ["Inclusive swimming sessions"]


def test_hostile_search_text_is_shown_as_text(demo_client):
    response = demo_client.get("/services/?q=%3Cscript%3Ealert(1)%3C/script%3E")

    assert response.status_code == 200
    assert "<script>alert(1)" not in response.get_data(as_text=True)
    assert parse(response).select_one("#q")["value"] == "<script>alert(1)</script>"


def test_a_service_page_says_who_it_is_for_how_to_apply_and_how_decisions_are_made(demo_client):
    response = demo_client.get(f"/services/{demo_service('slt-children')}")
    page = parse(response)
    text = text_of(page.select_one("main"))

    assert heading(response) == "Children's speech and language therapy"
    sections = [text_of(h) for h in page.select("main h2")]
    assert sections == [
        "Who it is for",
        "How to apply or be referred",
        "How decisions are made",
        "Cost",
        "Contact",
        "Opening times",
        "Where",
        "Last checked",
    ]
    assert "Ages 0 to 19. Health services and therapies." in text
    assert "Parents can refer children under 5 themselves." in text
    assert "A therapist reviews each referral within 2 weeks" in text
    assert "Telephone: 020 7946 0570" in text
    assert "Monday to Friday, 9am to 5pm" in text
    assert "Westgate Health Clinic 40 Westgate Demotown DM3 7LT" in text
    assert "The council last checked this listing on Tuesday 1 September 2026." in text
    assert page.select_one(".app-overdue") is None
    assert "Free" in text


def test_an_overdue_listing_says_so(demo_client):
    page = parse(demo_client.get(f"/services/{demo_service('wheelchair-service')}"))

    notice = text_of(page.select_one(".app-overdue"))
    assert "was due to be checked again by Tuesday 12 August 2025 and has not been" in notice
    assert "contact the service before you rely on them" in notice


def test_costs_out_of_area_and_closures_are_explained(demo_client):
    swimming = text_of(parse(demo_client.get(f"/services/{demo_service('inclusive-swimming')}")))
    assert "Disabled swimmer: £2.50 per session" in swimming and "Carer: Free" in swimming

    northfield = text_of(
        parse(demo_client.get(f"/services/{demo_service('northfield-special-school')}"))
    )
    assert "This service is outside Demo Borough: Northshire." in northfield

    sleep = text_of(parse(demo_client.get(f"/services/{demo_service('sleep-support-clinic')}")))
    assert "Temporarily closed" in sleep and "closed to new referrals until spring 2027" in sleep


def test_an_inactive_service_says_it_is_no_longer_listed(demo_app):
    from sqlalchemy import update

    from wizard.storage.directory_models import Service

    with demo_app.extensions["db_sessionmaker"]() as session, session.begin():
        session.execute(
            update(Service).where(Service.id == demo_service("portage")).values(status="inactive")
        )
    client = demo_app.test_client()

    page = parse(client.get(f"/services/{demo_service('portage')}"))

    assert "This service is no longer in the Local Offer." in text_of(
        page.select_one(".govuk-warning-text")
    )
    assert "Portage home visiting" not in results(client.get("/services/?q=portage"))


def test_an_unknown_service_is_page_not_found(demo_client):
    response = demo_client.get("/services/not-a-service")

    assert response.status_code == 404 and heading(response) == "Page not found"


def test_every_page_links_to_the_directory(client):
    link = parse(client.get("/")).find("a", string="Find services")

    assert link is not None and link["href"] == "/services/"


def test_a_plan_links_to_every_service_for_one_of_its_steps(demo_client):
    response = demo_client.get("/services/?action=phase-transfer&age=10")
    found = results(response)

    assert "Showing services that may help with a step in your plan." in text_of(
        parse(response).select_one(".govuk-inset-text")
    )
    assert found[:3] == [
        "Demotown Primary School",
        "Oakfield Special School",
        "Riverside Primary autism resource base",
    ]
    assert parse(response).select_one("input[name=action]")["value"] == "phase-transfer"
    assert len(results(demo_client.get("/services/?action=no-such-action"))) == 20  # ignored
