"""Freshness: each listing's review date (its last check plus the mapping's 12 months), the
listings due within 30 days or overdue on the editors' page and from `flask directory reminders`,
and "last checked" on the service page and the plan."""

from __future__ import annotations

from datetime import date

from tests.documents.test_downloads import pdf_text
from tests.support.directory import demo_service
from tests.support.pages import parse, text_of
from tests.support.staff import make_staff, sign_in
from tests.web.test_plan_reads_as_a_plan import SAM, finished
from wizard.directory.display import last_checked
from wizard.directory.freshness import ReviewDue, reviews_due
from wizard.storage.directory_models import Organization, Service

TODAY = date(2026, 12, 2)


def add_services(app, *rows: tuple[str, str | None, date | None, str]) -> None:
    """Services as (name, organisation id, last checked, status); ids are the names, dashed."""
    with app.extensions["db_sessionmaker"]() as session:
        for org in {org for _name, org, _checked, _status in rows if org}:
            session.add(Organization(id=org, name=f"Organisation {org}"))
        session.flush()
        for name, org, checked, status in rows:
            session.add(
                Service(
                    id=name.lower().replace(" ", "-"),
                    feed_id=name,
                    source="test",
                    organization_id=org,
                    name=name,
                    status=status,
                    assured_date=checked,
                    record_hash="x",
                )
            )
        session.commit()


def some_listings(app) -> None:
    add_services(
        app,
        ("Fresh club", "org-a", date(2026, 6, 1), "active"),  # due 1 June 2027
        ("Due soon club", "org-a", date(2025, 12, 20), "active"),  # due 20 December 2026
        ("Overdue club", "org-b", date(2025, 11, 1), "active"),  # due 1 November 2026
        ("Never checked club", "org-b", None, "temporarily closed"),
        ("Closed club", "org-a", date(2020, 1, 1), "inactive"),  # not listed: no reminder
    )


def test_reviews_due_lists_overdue_and_due_soon_listings_on_both_databases(any_app):
    some_listings(any_app)
    with any_app.extensions["db_sessionmaker"]() as session:
        due = reviews_due(session, today=TODAY, review_after_months=12)
        only_a = reviews_due(session, today=TODAY, organization_id="org-a", review_after_months=12)
        within_a_week = reviews_due(session, today=TODAY, within_days=7, review_after_months=12)

    assert due == [
        ReviewDue("never-checked-club", "Never checked club", "org-b", None, True),
        ReviewDue("overdue-club", "Overdue club", "org-b", date(2026, 11, 1), True),
        ReviewDue("due-soon-club", "Due soon club", "org-a", date(2026, 12, 20), False),
    ]
    assert [item.name for item in only_a] == ["Due soon club"]
    assert [item.name for item in within_a_week] == ["Never checked club", "Overdue club"]


def test_the_review_period_comes_from_the_mapping(app):
    some_listings(app)
    assert app.extensions["directory_mapping"].review_after_months == 12
    with app.app_context(), app.extensions["db_sessionmaker"]() as session:
        from_mapping = reviews_due(
            session,
            today=TODAY,
            review_after_months=app.extensions["directory_mapping"].review_after_months,
        )
        six_months = reviews_due(session, today=TODAY, review_after_months=6)

    assert [item.name for item in from_mapping] == [
        "Never checked club",
        "Overdue club",
        "Due soon club",
    ]
    assert "Fresh club" in [item.name for item in six_months]  # 1 December 2026: overdue at 6


def test_the_editors_page_shows_overdue_and_due_soon_listings(make_app):
    app = make_app(FIXED_NOW=f"{TODAY.isoformat()}T12:00:00")
    some_listings(app)
    editor = app.test_client()
    sign_in(editor, make_staff(app, "ed@council.example", "Ed Editor", "editor"))

    page = parse(editor.get("/staff/directory"))
    overdue = page.select_one(".app-reviews-overdue")
    soon = page.select_one(".app-reviews-soon")

    assert text_of(overdue.select_one("caption")) == "2 overdue"
    assert [text_of(row) for row in overdue.select("tbody tr")] == [
        "Never checked club Now: never checked",
        "Overdue club Sunday 1 November 2026",
    ]
    assert text_of(soon.select_one("caption")) == "1 due within 30 days"
    assert [text_of(row) for row in soon.select("tbody tr")] == [
        "Due soon club Sunday 20 December 2026"
    ]
    assert "Fresh club" not in text_of(page) and "Closed club" not in text_of(page)


def test_reminders_lists_each_listing_due_in_plain_words_for_cron(make_app):
    app = make_app(FIXED_NOW=f"{TODAY.isoformat()}T12:00:00")
    some_listings(app)

    result = app.test_cli_runner().invoke(args=["directory", "reminders"])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Never checked club (never-checked-club): never checked, check it now",
        "Overdue club (overdue-club): check overdue since 2026-11-01 (31 days)",
        "Due soon club (due-soon-club): check due in 18 days, by 2026-12-20",
        "3 listing(s) to check: 2 overdue, 1 due within 30 days.",
    ]


def test_reminders_exits_0_when_nothing_is_due_and_says_email_comes_later(make_app):
    app = make_app(FIXED_NOW=f"{TODAY.isoformat()}T12:00:00")
    runner = app.test_cli_runner()

    quiet = runner.invoke(args=["directory", "reminders"])
    helped = runner.invoke(args=["directory", "reminders", "--help"])

    assert quiet.exit_code == 0
    assert quiet.output.splitlines() == ["0 listing(s) to check: 0 overdue, 0 due within 30 days."]
    assert "by email" in " ".join(helped.output.split()) and "later" in helped.output


def test_last_checked_is_written_out_or_says_not_yet_checked():
    assert last_checked(date(2026, 3, 3)) == "Last checked: 3 March 2026"
    assert last_checked("2026-03-03") == "Last checked: 3 March 2026"
    assert last_checked(None) == "Not yet checked"


def test_the_service_page_says_when_the_listing_was_last_checked(demo_client):
    checked = text_of(parse(demo_client.get(f"/services/{demo_service('inclusive-swimming')}")))
    assert "Last checked The council last checked this listing on" in checked


def test_a_never_checked_service_page_says_not_yet_checked(app):
    add_services(app, ("Never checked club", None, None, "active"))
    page = text_of(parse(app.test_client().get("/services/never-checked-club")))
    assert "Last checked This listing has not yet been checked by the council." in page


def test_the_plan_says_when_each_suggested_listing_was_last_checked(make_app):
    client = finished(make_app, SAM, directory=True)
    page = parse(client.get("/plan/"))
    services = page.select(".app-plan-services li")

    assert services
    for item in services:
        checked = item.select_one(".app-last-checked")
        assert checked is not None, text_of(item)
        assert text_of(checked).startswith(("Last checked: ", "Not yet checked")), text_of(item)
    assert any(
        text_of(item.select_one(".app-last-checked")).endswith(" 2026.") for item in services
    )


def test_the_pdf_plan_says_when_each_suggested_listing_was_last_checked(make_app):
    client = finished(make_app, SAM, directory=True)
    page = parse(client.get("/plan/"))
    shown = {text_of(item) for item in page.select(".app-plan-services .app-last-checked")}

    text = " ".join(pdf_text(client.get("/plan/plan.pdf").data).split())

    assert shown
    for line in shown:
        assert line in text
