"""Insight in Chromium: an insight user signs in, lands on insight, and every view (with its chart,
its tables and an error in the period) has 0 axe violations."""

from __future__ import annotations

from tests.browser.test_workspace_browser import sign_in_by_mouse
from tests.support.browser import axe_violations
from tests.support.staff import make_staff
from wizard.core.insight import AnonymousPlan, month_of
from wizard.dates import today_in_london
from wizard.storage import insight
from wizard.web.insight_context import VIEWS


def test_insight_pages_have_no_axe_violations(app, live_url, page):
    month = month_of(today_in_london())
    with app.extensions["db_sessionmaker"]() as session:
        for n in range(40):
            insight.add_plan(
                session,
                AnonymousPlan(
                    month,
                    "5 to 10" if n % 3 else "0 to 4",
                    "mainstream_school",
                    "never_requested",
                    ("cognition_learning",),
                    ("sendiass",),
                    ("sendiass",) if n % 2 else (),
                ),
            )
        session.commit()
    who = make_staff(app, "in.sight@demo.example", "Indy Sight", "insight")
    sign_in_by_mouse(app, page, live_url, who)
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Insight"
    assert axe_violations(page) == []
    for view, about in VIEWS.items():
        page.goto(f"{live_url}/staff/insight/{view}")
        assert page.locator("h1").inner_text() == about.title
        assert page.locator("svg[role=img] title").count() == 1
        assert axe_violations(page) == [], view
    page.select_option("#start", index=0)
    page.select_option("#end", index=3)
    page.get_by_role("button", name="Show this period").click()
    page.wait_for_load_state()
    assert "must be the same as or after" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []
