"""Providers and the listing review in Chromium: axe shows 0 violations on every new page type
(errors included), and a provider sends, then withdraws, a change with the keyboard only (Tab,
Enter, Space)."""

from __future__ import annotations

import pytest

from tests.browser.test_workspace_browser import sign_in_by_mouse, sign_in_with_keyboard
from tests.support.browser import axe_violations
from tests.support.directory import demo_service, load_demo
from tests.support.providers import SENDIASS, make_provider
from tests.support.staff import make_staff

ADVICE_LINE = demo_service("sendiass-advice-line")


@pytest.fixture
def accounts(app):
    load_demo(app)
    provider = make_provider(app, "pat.provider@demo.example", "Pat Provider", SENDIASS)
    editor = make_staff(app, "ed.itor@demo.example", "Eddie Tor", "editor")
    return provider, editor


def tab_to(page, selector, most=120):
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def press(page, key="Enter"):
    with page.expect_navigation():
        page.keyboard.press(key)


def test_a_provider_sends_a_change_with_the_keyboard_only(app, accounts, live_url, page):
    provider, _ = accounts
    sign_in_with_keyboard(app, page, live_url, provider)
    assert page.locator("h1").inner_text() == "Your listings"

    tab_to(page, f"a[href$='/staff/provider/services/{ADVICE_LINE}']")
    press(page)
    assert page.locator("h1").inner_text() == "SENDIASS advice line"
    tab_to(page, "#SA_opens")
    page.keyboard.type("10:00")
    page.keyboard.press("Tab")
    page.keyboard.type("1200")  # a slip: the form says what is wrong
    tab_to(page, "button.govuk-button:not(.govuk-js-service-navigation-toggle)")
    press(page)
    assert (
        "Time it closes on Saturday must be a real time"
        in page.locator(".govuk-error-summary").inner_text()
    )
    # The summary's link takes the keyboard to the field.
    tab_to(page, ".govuk-error-summary a[href='#SA_closes']")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "SA_closes"
    for key in ("Delete", "Backspace") * 4:  # wherever the caret is, the slip goes
        page.keyboard.press(key)
    page.keyboard.type("12:00")
    tab_to(page, "button.govuk-button:not(.govuk-js-service-navigation-toggle)")
    press(page, "Space")

    assert "was sent to the council for approval" in page.locator("main").inner_text()
    assert "Waiting for the council" in page.locator("tbody").inner_text()

    # Withdrawing it: the link on the listing, then the confirmation page's button.
    tab_to(page, f"a[href$='/staff/provider/services/{ADVICE_LINE}']")
    press(page)
    tab_to(page, ".app-pending-change a")
    press(page)
    assert page.locator("h1").inner_text().startswith("Are you sure you want to withdraw")
    tab_to(page, "button.govuk-button--warning")
    press(page, "Space")

    assert "You withdrew your change to SENDIASS advice line" in page.locator("main").inner_text()
    assert "Withdrawn" in page.locator("tbody").inner_text()


def test_every_new_page_type_has_no_axe_violations(app, accounts, live_url, page, browser):
    provider, editor = accounts
    found = {}
    sign_in_by_mouse(app, page, live_url, provider)
    found["provider home"] = axe_violations(page)
    page.goto(f"{live_url}/staff/provider/services/{ADVICE_LINE}")
    found["provider edit"] = axe_violations(page)
    page.get_by_label("Website").fill("javascript:alert(1)")
    page.get_by_role("button", name="Send to the council").click()
    page.locator(".govuk-error-summary").wait_for()
    found["provider edit with errors"] = axe_violations(page)
    page.get_by_label("Website").fill("https://advice.sendiass.demo-borough.example/")
    page.locator("#phones-1-number").fill("call us")  # the empty row for another number
    page.get_by_role("button", name="Send to the council").click()
    page.locator(".govuk-error-summary a[href='#phones-1-number']").wait_for()
    found["provider edit with a wrong telephone number"] = axe_violations(page)
    page.locator("#phones-1-number").fill("07700 900 982")
    page.get_by_role("button", name="Send to the council").click()
    page.locator("tbody").wait_for()
    page.goto(f"{live_url}/staff/provider/services/{ADVICE_LINE}")
    page.get_by_role("link", name="Withdraw this change").click()
    page.locator(".govuk-button--warning").wait_for()
    found["provider withdraw"] = axe_violations(page)
    page.get_by_role("button", name="Withdraw this change").click()
    page.locator(".govuk-notification-banner--success").wait_for()
    found["provider home after withdrawing"] = axe_violations(page)
    page.goto(f"{live_url}/staff/provider/services/{ADVICE_LINE}")
    found["provider edit with its history"] = axe_violations(page)
    # Send the change again for the editor's pages below.
    page.get_by_label("Website").fill("https://advice.sendiass.demo-borough.example/")
    page.get_by_role("button", name="Send to the council").click()
    page.locator("tbody").wait_for()

    other = browser.new_context().new_page()
    sign_in_by_mouse(app, other, live_url, editor)
    other.goto(f"{live_url}/staff/listing-changes")
    found["review queue"] = axe_violations(other)
    other.get_by_role("link", name="SENDIASS advice line").click()
    other.locator(".app-comparison").wait_for()
    found["review change"] = axe_violations(other)
    other.get_by_role("button", name="Return the change").click()
    other.locator(".govuk-error-summary").wait_for()
    found["review change with errors"] = axe_violations(other)
    other.get_by_role("button", name="Approve and publish").click()
    other.locator(".govuk-notification-banner--success").wait_for()
    other.goto(f"{live_url}/staff/providers")
    found["providers"] = axe_violations(other)
    other.get_by_role("button", name="Create the invitation").click()
    other.locator(".govuk-error-summary").wait_for()
    found["providers with errors"] = axe_violations(other)
    other.get_by_label("Name").fill("Sam Provider")
    other.get_by_label("Work email address").fill("sam@demo.example")
    other.get_by_label("Organisation").select_option(label="Demo Borough SENDIASS")
    other.get_by_role("button", name="Create the invitation").click()
    other.locator("#invite-link").wait_for()
    found["provider invited"] = axe_violations(other)

    assert {name: lines for name, lines in found.items() if lines} == {}
    page.goto(f"{live_url}/services/{ADVICE_LINE}")
    assert "https://advice.sendiass.demo-borough.example/" in page.locator(
        "a", has_text="SENDIASS advice line website"
    ).get_attribute("href")
