"""Providers see their own organisation's listings only, and propose changes checked as a public
form would check them; nothing is stored until the form is right."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.support.directory import demo_service, load_demo
from tests.support.pages import error_summary, parse, text_of
from tests.support.providers import PLAY, SENDIASS, form_fields, make_provider, send_listing_change
from tests.support.staff import sign_in
from wizard.storage.staff_models import AuditEvent, ListingChange

ADVICE_LINE = demo_service("sendiass-advice-line")
HOLIDAY_CLUB = demo_service("inclusive-holiday-club")


@pytest.fixture
def provider_client(app):
    load_demo(app)
    provider = make_provider(app, "pat.provider@demo.example", "Pat Provider", SENDIASS)
    client = app.test_client()
    sign_in(client, provider)
    return client


def edit_page(client, service_id=ADVICE_LINE):
    return client.get(f"/staff/provider/services/{service_id}")


def send(client, changes, service_id=ADVICE_LINE):
    return send_listing_change(client, service_id, changes)


def stored_changes(app):
    with app.extensions["db_sessionmaker"]() as session:
        return list(session.scalars(select(ListingChange)))


def test_signing_in_a_provider_lands_on_their_own_organisations_listings(provider_client):
    page = parse(provider_client.get("/staff/provider/"))

    names = [text_of(cell) for cell in page.select("tbody tr td:first-child")]
    assert "SENDIASS advice line" in names
    assert "SENDIASS for young people (16 to 25)" in names
    assert not any("holiday club" in name.lower() for name in names)
    assert text_of(page.select_one(".govuk-caption-l")) == "Demo Borough SENDIASS"


def test_another_organisations_listing_is_not_found(provider_client, app):
    assert edit_page(provider_client, HOLIDAY_CLUB).status_code == 404
    token = form_fields(parse(edit_page(provider_client)))["csrf_token"]
    response = provider_client.post(
        f"/staff/provider/services/{HOLIDAY_CLUB}",
        data={"csrf_token": token, "description": "Taken over"},
    )
    assert response.status_code == 404
    assert edit_page(provider_client, "no-such-service").status_code == 404
    assert stored_changes(app) == []


def test_the_form_starts_from_the_listing_as_it_is(provider_client):
    data = form_fields(parse(edit_page(provider_client)))

    assert data["email"] == "advice@sendiass.demo-borough.example"
    assert (data["phones-0-number"], data["phones-0-description"]) == ("020 7946 0200", "Enquiries")
    assert data["url"] == "https://sendiass.demo-borough.example/"
    assert (data["MO_opens"], data["MO_closes"]) == ("09:30", "16:30")
    assert data["SA_opens"] == ""
    assert data["status"] == "active"
    assert (data["minimum_age"], data["maximum_age"]) == ("0", "25")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"url": "javascript:alert(1)"}, "Enter a full web address that starts with https://"),
        ({"url": "ftp://files.example"}, "Enter a full web address that starts with https://"),
        ({"email": "not an email"}, "Enter an email address in the correct format"),
        ({"phones-0-number": "call us"}, "Enter telephone number 1 in the correct format, like"),
        ({"minimum_age": "26"}, "Youngest age must be a whole number from 0 to 25"),
        ({"maximum_age": "-1"}, "Oldest age must be a whole number from 0 to 25"),
        ({"minimum_age": "²"}, "Youngest age must be a whole number from 0 to 25"),
        ({"maximum_age": "³"}, "Oldest age must be a whole number from 0 to 25"),
        ({"minimum_age": "12", "maximum_age": "5"}, "Oldest age must be the same as or more"),
        ({"TU_closes": ""}, "Enter the time it closes on Tuesday"),
        ({"WE_opens": "9am"}, "Time it opens on Wednesday must be a real time"),
        ({"TH_opens": "17:00", "TH_closes": "09:00"}, "Time it closes on Thursday must be after"),
        ({"status": "defunct"}, "Select whether the service is open to new referrals"),
        ({"free": ""}, "Select yes if the service is free to use"),
        ({"description": "x" * 10_001}, "What the service does must be 10,000 characters or fewer"),
    ],
)
def test_a_wrong_answer_gets_a_govuk_message_and_nothing_is_stored(
    provider_client, app, changes, message
):
    response = send(provider_client, {"description": "A new description", **changes})

    assert response.status_code == 400
    errors = error_summary(response)
    assert any(error.startswith(message) for error in errors), errors
    assert stored_changes(app) == []


def test_a_change_keeps_only_the_fields_that_differ_and_is_audited(provider_client, app):
    response = send(
        provider_client,
        {
            "phones-0-number": "020 7946 0999",
            "status": "temporarily closed",
            "alert": "Closed to new referrals until April (demonstration).",
            "SA_opens": "10:00",
            "SA_closes": "12:00",
        },
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/provider/"
    [change] = stored_changes(app)
    assert change.status == "pending"
    assert change.changes == {
        "phones": [["020 7946 0999", "Enquiries"]],
        "status": "temporarily closed",
        "alert": "Closed to new referrals until April (demonstration).",
        "opening_times": [
            ["MO", "09:30", "16:30"],
            ["TU", "09:30", "16:30"],
            ["WE", "09:30", "16:30"],
            ["TH", "09:30", "16:30"],
            ["FR", "09:30", "16:30"],
            ["SA", "10:00", "12:00"],
        ],
    }
    assert change.before["phones"] == [["020 7946 0200", "Enquiries"]]
    with app.extensions["db_sessionmaker"]() as session:
        [event] = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "listing_change_proposed")
        ).all()
    assert event.detail == (
        f"listing change {change.id} service {ADVICE_LINE}: alert, opening_times, phones, status"
    )
    home = parse(provider_client.get("/staff/provider/"))
    assert "Waiting for the council" in text_of(home.select_one("tbody"))


def test_sending_the_form_unchanged_sends_nothing(provider_client, app):
    response = send(provider_client, {})

    assert response.status_code == 302
    assert "nothing was sent" in text_of(parse(provider_client.get(response.headers["Location"])))
    assert stored_changes(app) == []


def test_a_second_change_replaces_the_one_waiting(provider_client, app):
    send(provider_client, {"phones-0-number": "020 7946 0999"})
    page = parse(edit_page(provider_client))
    assert form_fields(page)["phones-0-number"] == "020 7946 0999"  # the form shows what is waiting
    send(provider_client, {"phones-0-number": "020 7946 0998"})

    [change] = stored_changes(app)
    assert change.changes == {"phones": [["020 7946 0998", "Enquiries"]]}


def test_an_imported_listing_names_its_source_of_truth(provider_client):
    warning = parse(edit_page(provider_client)).select_one(".app-imported-listing")

    assert "imported from demo-feed.json" in text_of(warning)
    assert "The next import from demo-feed.json will replace it" in text_of(warning)


def test_the_listings_due_for_a_check_are_on_the_providers_home_page(app, make_app):
    load_demo(app)
    later = make_app(FIXED_NOW="2027-08-20T10:00:00")  # demo listings were checked 2026-09-01
    provider = make_provider(later, "pat.provider@demo.example", "Pat Provider", SENDIASS)
    client = later.test_client()
    sign_in(client, provider)

    page = parse(client.get("/staff/provider/"))
    due = [text_of(item) for item in page.select("h2 + p + ul li")]
    assert due and all("SENDIASS" in line for line in due), due
    with later.extensions["db_sessionmaker"]() as session:
        assert session.scalar(select(func.count()).select_from(ListingChange)) == 0


def test_a_provider_of_another_organisation_sees_other_listings(app):
    load_demo(app)
    other = make_provider(app, "play.provider@demo.example", "Robin Play", PLAY)
    client = app.test_client()
    sign_in(client, other)

    assert edit_page(client, HOLIDAY_CLUB).status_code == 200
    assert edit_page(client, ADVICE_LINE).status_code == 404


def test_every_problem_in_the_summary_links_to_its_field_showing_the_same_message(
    provider_client,
):
    response = send(
        provider_client,
        {
            "url": "javascript:alert(1)",
            "minimum_age": "30",
            "status": "",
            "MO_opens": "25:00",
            "SU_closes": "12:00",
        },
    )

    page = parse(response)
    assert text_of(page.title).startswith("Error: ")
    links = page.select(".govuk-error-summary a")
    targets = [str(link["href"]).removeprefix("#") for link in links]
    assert targets == ["url", "minimum_age", "status", "MO_opens", "SU_opens"]
    for link, target in zip(links, targets, strict=True):
        field = page.find(id=target)
        assert field is not None and field.name == "input", target
        group = field.find_parent(class_="govuk-form-group--error")
        shown = group.select_one(".govuk-error-message")
        assert text_of(shown) == f"Error: {text_of(link)}", target
