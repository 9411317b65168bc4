"""Report a problem with this listing: a short public form on every service page, CSRF-checked and
limited per network address, sealed at rest, in the editors' queue and for the organisation's
provider; "Mark as dealt with" deletes the contact details, and the daily purge the report."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.directory.test_freshness import add_services
from tests.support.pages import csrf_token, error_summary, heading, parse, text_of
from tests.support.staff import make_staff, sign_in
from wizard.storage import listing_reports
from wizard.storage.directory_models import ListingReport

FORM = "/services/swim-club/report-a-problem"


def a_club(app) -> None:
    add_services(app, ("Swim club", "org-a", None, "active"), ("Art club", "org-b", None, "active"))


def send(client, **fields):
    page = client.get(FORM)
    return client.post(FORM, data={"csrf_token": csrf_token(page), **fields})


def stored(app) -> list[ListingReport]:
    with app.extensions["db_sessionmaker"]() as session:
        return list(session.scalars(select(ListingReport)))


def test_every_service_page_links_to_the_form(app):
    a_club(app)
    page = parse(app.test_client().get("/services/swim-club"))
    link = page.find("a", string="Report a problem with this listing")
    assert link is not None and link["href"] == FORM


def test_a_report_is_sent_and_confirmed_on_a_govuk_page(app):
    a_club(app)
    client = app.test_client()
    assert heading(client.get(FORM)) == "Report a problem with this listing"

    response = send(client, problem="The phone number rings out.", email="sam@example.com")

    assert response.status_code == 302
    sent = client.get(response.headers["Location"])
    assert text_of(parse(sent).select_one(".govuk-panel__title")) == "Report sent"
    assert len(stored(app)) == 1


def test_what_is_wrong_is_required_and_limited_and_contact_details_are_checked(app):
    a_club(app)
    client = app.test_client()

    empty = send(client, problem="   ")
    too_long = send(client, problem="x" * 1001)
    bad_contact = send(client, problem="Closed now", email="not an email", phone="call me")

    assert error_summary(empty) == ["Enter what is wrong with this listing"]
    assert error_summary(too_long) == ["What is wrong must be 1,000 characters or less"]
    assert error_summary(bad_contact) == [
        "Enter an email address in the correct format, like name@example.com",
        "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
    ]
    assert stored(app) == []


def test_a_report_without_the_csrf_token_is_refused(app):
    a_club(app)
    response = app.test_client().post(FORM, data={"problem": "Closed"})
    assert response.status_code == 400
    assert stored(app) == []


def test_an_unknown_service_has_no_form(app):
    assert app.test_client().get("/services/no-such-service/report-a-problem").status_code == 404


def test_reports_are_limited_per_network_address(make_app):
    app = make_app(LISTING_REPORTS_PER_HOUR=2)
    a_club(app)
    client = app.test_client()

    answers = [send(client, problem=f"Problem {n}") for n in range(3)]

    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert (
        heading(answers[-1]) == "Sorry, too many problem reports have been sent from your network"
    )
    assert len(stored(app)) == 2


def test_what_was_written_and_contact_details_are_sealed_at_rest(app):
    a_club(app)
    send(
        app.test_client(),
        problem="Sam's mum says it closed",
        name="Pat Jones",
        phone="07700 900 982",
    )

    (report,) = stored(app)
    at_rest = json.dumps([report.sealed_problem, report.sealed_contact])
    assert "closed" not in at_rest and "Pat" not in at_rest and "07700" not in at_rest


def test_no_contact_details_are_kept_when_none_were_given(app):
    a_club(app)
    send(app.test_client(), problem="Closed on Mondays now")
    (report,) = stored(app)
    assert report.sealed_contact is None


def test_the_editors_queue_shows_reports_and_dealt_with_deletes_the_contact(app):
    a_club(app)
    send(
        app.test_client(),
        problem="The phone number rings out.",
        name="Pat",
        email="pat@example.com",
    )
    editor = app.test_client()
    sign_in(editor, make_staff(app, "ed@council.example", "Ed Editor", "editor"))

    page = parse(editor.get("/staff/directory"))
    (card,) = page.select(".app-report")
    assert text_of(card.select_one("h3")) == "Swim club"
    assert text_of(card.select_one(".app-report-problem")) == "The phone number rings out."
    assert text_of(card.select_one(".app-report-contact")) == "Pat pat@example.com"

    form = card.select_one("form")
    done = editor.post(form["action"], data={"csrf_token": csrf_token_of(page)})
    assert done.status_code == 302
    after = parse(editor.get("/staff/directory"))
    assert after.select(".app-report") == []
    assert "No problem reports are waiting." in text_of(after)
    (report,) = stored(app)
    assert report.dealt_with_at is not None and report.sealed_contact is None
    assert editor.post(form["action"], data={"csrf_token": csrf_token_of(after)}).status_code == 404


def csrf_token_of(page) -> str:
    return page.select_one('input[name="csrf_token"]')["value"]


def test_families_and_keyworkers_cannot_see_the_queue(app):
    a_club(app)
    keyworker = app.test_client()
    sign_in(keyworker, make_staff(app, "kw@council.example", "Kim Worker", "keyworker"))
    assert keyworker.get("/staff/directory").status_code == 403
    assert app.test_client().post("/staff/directory/reports/1/dealt-with").status_code in (
        302,
        400,
        403,
    )


def test_a_provider_gets_only_their_organisations_open_reports(app):
    a_club(app)
    client = app.test_client()
    send(client, problem="Swim club moved", email="pat@example.com")
    page = client.get("/services/art-club/report-a-problem")
    client.post(
        "/services/art-club/report-a-problem",
        data={"csrf_token": csrf_token(page), "problem": "Art club moved"},
    )

    sealer = app.extensions["sealer"]
    with app.extensions["db_sessionmaker"]() as session:
        for_a = listing_reports.reports_for_organization(session, "org-a", sealer)
        for_b = listing_reports.reports_for_organization(session, "org-b", sealer)
        nobody = listing_reports.reports_for_organization(session, "org-c", sealer)

    assert [(r.service_name, r.problem, r.contact.email) for r in for_a] == [
        ("Swim club", "Swim club moved", "pat@example.com")
    ]
    assert [r.problem for r in for_b] == ["Art club moved"] and nobody == []


def test_the_daily_purge_deletes_old_reports(app):
    a_club(app)
    client = app.test_client()
    for problem in ("old and dealt with", "recent and dealt with", "open", "over a year old"):
        send(client, problem=problem)
    now = datetime.now(UTC)
    with app.extensions["db_sessionmaker"]() as session:
        rows = {r.id: r for r in session.scalars(select(ListingReport).order_by(ListingReport.id))}
        first, second, _third, fourth = rows.values()
        first.dealt_with_at = now - timedelta(days=31)
        second.dealt_with_at = now - timedelta(days=29)
        fourth.created_at = now - timedelta(days=366)
        session.commit()

    result = app.test_cli_runner().invoke(args=["assessments", "purge"])

    assert result.exit_code == 0, result.output
    assert "Deleted 2 listing problem report(s)" in result.output
    with app.app_context(), app.extensions["db_sessionmaker"]() as session:
        kept = [r.problem for r in listing_reports.open_reports(session, app.extensions["sealer"])]
    assert kept == ["open"]
    assert len(stored(app)) == 2  # and the recent one dealt with


def test_a_report_goes_with_its_service(app):
    a_club(app)
    send(app.test_client(), problem="Closed", email="pat@example.com")
    with app.extensions["db_sessionmaker"]() as session:
        from wizard.storage.directory_models import Service

        session.delete(session.get(Service, "swim-club"))
        session.commit()
    assert stored(app) == []


def test_the_provider_sees_the_problem_on_their_page_but_not_who_reported_it(app):
    from tests.support.providers import make_provider
    from tests.support.staff import sign_in

    a_club(app)
    send(app.test_client(), problem="Swim club moved to Mill Lane", email="pat@example.com")
    provider = app.test_client()
    sign_in(provider, make_provider(app, "pro@swim.example", "Pro Vider", "org-a"))
    page = provider.get("/staff/provider/")
    words = text_of(parse(page).select_one("main"))
    assert "Problems people reported" in words
    assert "Swim club moved to Mill Lane" in words
    assert "pat@example.com" not in page.get_data(as_text=True)
