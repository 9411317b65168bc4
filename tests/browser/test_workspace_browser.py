"""The keyworker workspace in Chromium: a keyworker signs in and completes a journey with a family
using the keyboard only; axe shows 0 violations on every workspace page type, errors included."""

from __future__ import annotations

import re

import pyotp
import pytest

from tests.browser.test_journey_browser import answer_every_page_with_keyboard
from tests.support.browser import axe_violations
from tests.support.directory import load_demo
from tests.support.staff import PASSWORD, People, Staff, make_people, reset_codes


@pytest.fixture
def people(app) -> People:
    return make_people(app)


def sign_in_by_mouse(app, page, url, who: Staff):
    reset_codes(app, who)
    page.goto(url + "/staff/sign-in")
    page.get_by_label("Email address").fill(who.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Enter the code from your authenticator app").fill(
        pyotp.TOTP(who.secret).now()
    )
    page.get_by_role("button", name="Sign in").click()


def press(page, key="Enter"):
    with page.expect_navigation():
        page.keyboard.press(key)


def sign_in_with_keyboard(app, page, url, who: Staff):
    reset_codes(app, who)
    page.goto(url + "/staff/sign-in")
    page.get_by_label("Email address").focus()
    page.keyboard.type(who.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    press(page)
    page.get_by_label("Enter the code from your authenticator app").focus()
    page.keyboard.type(pyotp.TOTP(who.secret).now())
    press(page)


def test_a_keyworker_completes_a_journey_with_a_family_using_the_keyboard_only(
    app, people, live_url, page
):
    sign_in_with_keyboard(app, page, live_url, people.kw1)
    assert page.locator("h1").inner_text() == "Your cases"
    page.get_by_role("button", name="Open a case for a family").focus()
    press(page)
    page.get_by_label("Label for the family").focus()
    page.keyboard.type("CD Nov")
    page.locator("#consent_by").focus()
    page.keyboard.press("Space")
    page.locator("#consent_day").focus()
    for part in ("2", "11", "2026"):
        page.keyboard.type(part)
        page.keyboard.press("Tab")
    page.locator("#consent_to").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Open the case").focus()
    press(page)
    assert page.locator("h1").inner_text() == "CD Nov"
    page.get_by_role("button", name="Fill in the questions with the family").focus()
    press(page)
    answer_every_page_with_keyboard(page)
    page.get_by_role("button", name="See your plan").focus()
    press(page)
    assert page.locator("#action-sendiass").is_visible()
    page.get_by_role("button", name="Back to the case").focus()
    press(page)
    assert "Plan made" in page.locator(".govuk-summary-list").inner_text()


def test_every_workspace_page_has_no_axe_violations(app, people, live_url, browser):
    load_demo(app)

    def check(page, path=None, label=""):
        if path:
            response = page.goto(live_url + path)
            assert response is not None and response.status < 500, path
        assert axe_violations(page) == [], label or path

    anonymous = browser.new_context().new_page()
    check(anonymous, "/staff/sign-in")
    anonymous.get_by_role("button", name="Continue").click()
    check(anonymous, label="sign-in errors")
    check(anonymous, "/staff/invitation/not-a-real-token")

    keyworker = browser.new_context().new_page()
    reset_codes(app, people.kw1)
    keyworker.goto(live_url + "/staff/sign-in")
    keyworker.get_by_label("Email address").fill(people.kw1.email)
    keyworker.get_by_label("Password").fill(PASSWORD)
    keyworker.get_by_role("button", name="Continue").click()
    keyworker.get_by_role("button", name="Sign in").click()
    check(keyworker, label="code error")
    keyworker.get_by_label("Enter the code from your authenticator app").fill(
        pyotp.TOTP(people.kw1.secret).now()
    )
    keyworker.get_by_role("button", name="Sign in").click()
    for path in (
        "/staff/",
        "/staff/cases/new",
        f"/staff/cases/{people.case_a}",
        f"/staff/cases/{people.case_a}/share",
        f"/staff/cases/{people.case_a}/hand-over",
    ):
        check(keyworker, path)
    keyworker.goto(live_url + "/staff/cases/new")
    keyworker.get_by_role("button", name="Open the case").click()
    check(keyworker, label="new case errors")
    keyworker.goto(live_url + f"/staff/cases/{people.case_a}")
    keyworker.get_by_role("button", name="Add note").click()
    check(keyworker, label="note error")
    keyworker.get_by_label("Add a note").fill("Met at the family hub")
    keyworker.get_by_role("button", name="Add note").click()
    check(keyworker, label="case with a note")
    keyworker.goto(live_url + f"/staff/cases/{people.case_a}/share")
    keyworker.get_by_role("button", name="Share the case").click()
    check(keyworker, label="share error")
    keyworker.goto(live_url + f"/staff/cases/{people.case_a}")
    keyworker.get_by_role("button", name="Make a private link for the family").click()
    check(keyworker, label="family link")
    keyworker.goto(live_url + f"/staff/cases/{people.case_a}")
    keyworker.get_by_role("button", name="Fill in the questions with the family").click()
    check(keyworker, label="question page while working with a family")
    keyworker.evaluate("document.getElementById('timeout-warning').showModal()")
    check(keyworker, label="timeout warning")

    admin = browser.new_context().new_page()
    sign_in_by_mouse(app, admin, live_url, people.admin)
    for path in (
        "/staff/admin/users",
        "/staff/admin/audit",
        "/staff/admin/audit?case=999",
        f"/staff/cases/{people.case_a}/audit",
        "/staff/feedback",
        "/staff/directory",
    ):
        check(admin, path)
    admin.goto(live_url + "/staff/admin/users")
    admin.get_by_role("button", name="Create the invitation").click()
    check(admin, label="invite errors")
    admin.get_by_label("Name", exact=True).fill("New Person")
    admin.get_by_label("Work email address").fill("new.person@demo.example")
    admin.locator("#role").check()
    admin.get_by_role("button", name="Create the invitation").click()
    check(admin, label="invitation link")
    link = admin.locator("#invite-link").inner_text()

    invited = browser.new_context().new_page()
    check(invited, link.split(live_url.split("//")[1], 1)[1])
    invited.get_by_role("button", name="Continue").click()
    check(invited, label="invitation errors")
    invited.get_by_label("Password", exact=True).fill(PASSWORD)
    invited.get_by_label("Enter the password again").fill(PASSWORD)
    invited.get_by_role("button", name="Continue").click()
    check(invited, label="set up authenticator")
    invited.get_by_role("button", name="Continue").click()
    check(invited, label="set up authenticator error")


def test_the_family_handout_has_no_axe_violations_and_prints_on_one_a4_page(
    app, people, live_url, page
):
    sign_in_by_mouse(app, page, live_url, people.kw1)
    page.goto(live_url + f"/staff/cases/{people.case_a}")
    page.get_by_role("button", name="Make a private link for the family").click()
    link = page.locator("#private-link").inner_text()
    page.get_by_role("button", name="Print a handout with this link").click()
    page.wait_for_load_state("load")

    assert page.locator("h1").inner_text() == "Your private link to the SEND Pathway Planner"
    assert page.locator("#handout-link").inner_text() == link
    assert page.get_by_role("button", name="Print this page").is_visible()  # shown by the script
    assert page.get_by_role("img", name="QR code of the private link written out above").count()
    assert axe_violations(page) == [], "family handout"

    page.emulate_media(media="print")
    for hidden in (".govuk-template__header", ".govuk-footer", ".app-handout__staff"):
        assert not page.locator(hidden).is_visible(), hidden
    assert page.locator("#handout-link").is_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1, "the handout is not one A4 page"
    assert re.search(rb"/MediaBox\s*\[\s*0 0 59[45]\.?\d* 84[12]", pdf), "not A4"


def test_the_directory_puts_the_keyword_box_above_the_filters_on_a_phone_beside_them_when_wide(
    app, live_url, page
):
    load_demo(app)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_url + "/services/?q=Northfield")
    keyword, age = page.locator("#q").bounding_box(), page.locator("#age").bounding_box()
    assert keyword["y"] + keyword["height"] <= age["y"], "on a phone the filters come first"
    tags = [page.locator(".app-result .govuk-tag").nth(i).bounding_box() for i in (0, 1)]
    assert tags[0]["x"] + tags[0]["width"] + 5 <= tags[1]["x"] or (
        tags[0]["y"] + tags[0]["height"] + 5 <= tags[1]["y"]
    ), "tags touch"

    page.set_viewport_size({"width": 1024, "height": 800})
    keyword, age = page.locator("#q").bounding_box(), page.locator("#age").bounding_box()
    assert age["x"] + age["width"] < keyword["x"], "on a wide screen the filters sit on the left"
    assert axe_violations(page) == [], "directory search, wide"
