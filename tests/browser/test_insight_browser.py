"""Insight in Chromium: an insight user signs in, lands on insight, and every view (with its chart,
its tables and an error in the period) has 0 axe violations, counted by month and by quarter."""

from __future__ import annotations

import pytest

from tests.browser.test_workspace_browser import sign_in_by_mouse
from tests.conftest import app_config
from tests.support.browser import axe_violations
from tests.support.staff import make_staff
from wizard.app import create_app
from wizard.core.insight import GRAINS, AnonymousPlan, month_of
from wizard.dates import today_in_london
from wizard.storage import insight
from wizard.web.insight_context import VIEWS


@pytest.fixture(params=GRAINS)
def app(request, database_url):
    """The app under test, counting insight by month and then by quarter (INSIGHT_GRAIN)."""
    application = create_app(app_config(database_url, INSIGHT_GRAIN=request.param))
    yield application
    application.extensions["db_engine"].dispose()


def test_insight_pages_have_no_axe_violations(app, live_url, page):
    grain = app.config["INSIGHT_GRAIN"]
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
        caption = page.locator("table.app-insight-table caption").first.inner_text()
        assert caption.startswith(f"{about.title} by {grain}")
        assert axe_violations(page) == [], view
    page.select_option("#start", index=0)
    page.select_option("#end", index=3)
    page.get_by_role("button", name="Show this period").click()
    page.wait_for_load_state()
    assert (
        f"The {grain} to count to must be the same as or after"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert axe_violations(page) == []
