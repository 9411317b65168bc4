"""The Local Offer compliance report in Chromium: an editor reaches it from the directory page
with the keyboard, and axe finds no violations on it."""

from __future__ import annotations

import pytest

from tests.browser.test_workspace_browser import sign_in_by_mouse
from tests.support.browser import axe_violations
from tests.support.directory import load_demo
from tests.support.staff import Staff, make_staff


@pytest.fixture
def editor(app) -> Staff:
    load_demo(app)
    return make_staff(app, "ed.itor@demo.example", "Eddie Tor", "editor")


def test_an_editor_opens_the_report_from_the_directory_page_and_it_passes_axe(
    app, editor, live_url, page
):
    sign_in_by_mouse(app, page, live_url, editor)
    page.goto(live_url + "/staff/directory")
    page.get_by_role("link", name="Local Offer compliance report").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Local Offer compliance report"
    items = app.extensions["local_offer_schedule"].items
    assert page.locator(".app-compliance-item").count() == len(items)
    # the demo listings all say who they are for, so the eligibility item lists none to mend
    criteria = page.locator("#item-eligibility-criteria .app-compliance-listings")
    assert "listed services say who the service is for" in criteria.inner_text()
    assert page.get_by_role("link", name="Download the report as a PDF").is_visible()
    assert axe_violations(page) == []
