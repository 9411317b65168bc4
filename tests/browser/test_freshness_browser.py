"""Axe on the new pages: "Report a problem with this listing" (empty, with errors, sent) and the
editors' directory page with a report, a due listing and a failed sync."""

from __future__ import annotations

from datetime import date

from tests.browser.test_workspace_browser import sign_in_by_mouse
from tests.directory.test_freshness import add_services
from tests.support.browser import axe_violations
from tests.support.staff import make_staff
from wizard.storage import import_runs
from wizard.storage.models import utcnow


def test_the_report_form_and_the_editors_page_have_no_axe_violations(app, live_url, browser):
    add_services(
        app,
        ("Swim club", "org-a", None, "active"),
        ("Art club", "org-a", date.today().replace(year=date.today().year - 1), "active"),
    )
    sessions = app.extensions["db_sessionmaker"]
    run = import_runs.start(sessions, "sync", "https://feed.example", utcnow())
    import_runs.finish(
        sessions,
        run,
        utcnow(),
        outcome="failed",
        counts={},
        failures=["page 2: the server answered 503 (tried 3 times)"],
    )

    def check(page, path=None, label=""):
        if path:
            response = page.goto(live_url + path)
            assert response is not None and response.status < 500, path
        assert axe_violations(page) == [], label or path

    family = browser.new_context().new_page()
    check(family, "/services/swim-club")
    family.get_by_role("link", name="Report a problem with this listing").click()
    check(family, label="report form")
    family.get_by_role("button", name="Send report").click()
    check(family, label="report form with errors")
    family.get_by_label("What is wrong or out of date?").fill("The phone number rings out.")
    family.get_by_label("Email address (optional)").fill("pat@example.com")
    family.get_by_role("button", name="Send report").click()
    assert family.locator(".govuk-panel__title").inner_text() == "Report sent"
    check(family, label="report sent")

    editor = browser.new_context().new_page()
    sign_in_by_mouse(app, editor, live_url, make_staff(app, "ed@council.example", "Ed", "editor"))
    check(editor, "/staff/directory")
    editor.get_by_role("button", name="Mark as dealt with").click()
    assert "No problem reports are waiting." in editor.content()
    check(editor, label="after dealt with")
