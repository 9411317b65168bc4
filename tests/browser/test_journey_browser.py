"""The journey in Chromium: axe on every page type (errors included), keyboard only, JavaScript off,
and resuming from the private link in a new browser."""

from __future__ import annotations

import re

import pytest

from tests.support.browser import axe_violations
from tests.support.personas import LETTER_FAMILY, NEUTRAL
from tests.support.web_journey import seed_assessment

#: One page of each node type, and the answers that reach it.
PAGE_TYPES = {
    "radios": ("respondent", NEUTRAL),
    "yesno": ("lives_in_area", NEUTRAL),
    "month": ("birth_month", NEUTRAL),
    "checkboxes": ("needs_areas", NEUTRAL),
    "radios-with-details": ("current_support", NEUTRAL),
    "info": ("letter_intro", LETTER_FAMILY),
    "text": ("first_name", LETTER_FAMILY),
    "textarea": ("child_strengths", LETTER_FAMILY),
    "number": ("walking_distance_miles", LETTER_FAMILY),
    "date": ("ehc_request_date", {**NEUTRAL, "ehc_status": "requested_awaiting_decision"}),
}


def open_saved(page, live_url, app, answers, upto=None):
    token = seed_assessment(app, answers, upto)
    page.goto(f"{live_url}/questions/resume/{token}")
    return token


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_each_question_type_has_no_axe_violations_with_and_without_errors(
    app, live_url, page, kind
):
    node_id, answers = PAGE_TYPES[kind]
    open_saved(page, live_url, app, answers, upto=node_id)
    assert page.url.endswith(f"/questions/{node_id}")
    assert axe_violations(page) == [], kind
    if kind == "info":
        return
    if kind in ("text", "textarea"):
        page.locator(f"#{node_id}").fill("x" * 6000)
    elif kind == "number":
        page.locator(f"#{node_id}").fill("lots")
    page.get_by_role("button", name="Continue").click()
    # is_visible() does not wait: on a busy machine the page with the error may still be loading.
    page.locator(".govuk-error-summary").wait_for(state="visible", timeout=10_000)
    assert page.locator(".govuk-error-summary").is_visible(), kind
    assert axe_violations(page) == [], f"{kind} with an error"


def test_other_journey_pages_have_no_axe_violations(app, live_url, page):
    page.goto(live_url + "/questions/save-and-return")  # nothing saved in this browser yet
    assert page.locator("h1").inner_text() == "You have no saved answers in this browser"
    assert axe_violations(page) == [], "nothing saved"
    open_saved(page, live_url, app, NEUTRAL)
    for path in (
        "/questions/check-your-answers",
        "/questions/save-and-return",
        "/questions/start-again",
        "/questions/delete-answers",
    ):
        page.goto(live_url + path)
        assert axe_violations(page) == [], path
    page.goto(live_url + "/questions/check-your-answers")
    page.get_by_role("button", name="See your plan").click()
    page.wait_for_url("**/plan/")  # waits for the load event, not only the new address
    assert axe_violations(page) == [], "plan"
    page.goto(live_url + "/questions/lives_in_area?change=1")
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    page.goto(live_url + "/plan/")
    assert page.locator(".govuk-notification-banner").is_visible()
    assert axe_violations(page) == [], "plan with changed answers"
    page.goto(live_url + "/questions/delete-answers")
    page.get_by_role("button", name="Delete my answers").click()
    assert axe_violations(page) == [], "deleted"
    page.goto(live_url + "/questions/resume/nope")
    assert axe_violations(page) == [], "link not found"


def test_the_conflict_page_has_no_axe_violations(app, live_url, browser):
    context = browser.new_context()
    first = context.new_page()
    token = open_saved(first, live_url, app, NEUTRAL, upto="ehc_status")
    first.goto(live_url + "/questions/lives_in_area")
    second = context.new_page()
    second.goto(live_url + "/questions/lives_in_area")
    second.get_by_label("No").check()
    second.get_by_role("button", name="Continue").click()
    first.get_by_label("Yes").check()  # the saved answer was already yes; now it is no
    first.get_by_label("Yes").check()
    first.get_by_role("button", name="Continue").click()
    assert first.locator("h1").inner_text() == "This answer was changed somewhere else"
    assert axe_violations(first) == []
    assert token
    context.close()


def answer_with_keyboard(page, node_id, value):
    """Tab to the answer, choose it with the keyboard, and submit with Enter."""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    if node_id == "birth_month":
        page.keyboard.press("Tab")
        page.locator("#birth_month-month").focus()
        page.keyboard.type("3")
        page.keyboard.press("Tab")
        page.keyboard.type("2016")
    elif isinstance(value, list):
        for item in value:
            page.locator(f"input[name={node_id}][value={item}]").focus()
            page.keyboard.press("Space")
    else:
        page.locator(f"input[name={node_id}][value={value}]").focus()
        page.keyboard.press("Space")
    page.get_by_role("button", name="Continue").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def answer_every_page_with_keyboard(page):
    """From the current question to check your answers: skip what can be skipped, else answer."""
    for _ in range(40):
        if page.url.endswith("/check-your-answers"):
            return
        node_id = page.url.rsplit("/", 1)[-1]
        if page.get_by_role("button", name="Skip this question").count():
            page.get_by_role("button", name="Skip this question").focus()
            with page.expect_navigation():
                page.keyboard.press("Enter")
            continue
        answer_with_keyboard(page, node_id, NEUTRAL[node_id])


def test_a_whole_journey_with_the_keyboard_only(live_url, page):
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(live_url + "/")
    page.get_by_role("button", name="Start now").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    answer_every_page_with_keyboard(page)
    assert page.url.endswith("/check-your-answers")
    page.get_by_role("button", name="See your plan").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/plan/")
    assert page.locator("#action-sendiass").is_visible()
    assert hosts == {live_url.split("/")[2]}, "a page asked another host for something"


def test_a_whole_journey_with_javascript_off(browser, live_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(live_url + "/questions/")
    for _ in range(40):
        if page.url.endswith("/check-your-answers"):
            break
        node_id = page.url.rsplit("/", 1)[-1]
        if page.get_by_role("button", name="Skip this question").count():
            page.get_by_role("button", name="Skip this question").click()
            continue
        value = NEUTRAL[node_id]
        if node_id == "birth_month":
            page.fill("#birth_month-month", "3")
            page.fill("#birth_month-year", "2016")
        elif isinstance(value, list):
            for item in value:
                page.check(f"input[name={node_id}][value={item}]")
        else:
            page.check(
                f"input[name={node_id}][value={'yes' if value is True else 'no' if value is False else value}]"
            )
        page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="See your plan").click()
    page.wait_for_url("**/plan/")  # waits for the load event, not only the new address
    assert page.locator("#action-parent-carer-forum").is_visible()
    assert page.locator(".app-print-button").is_hidden()
    assert hosts == {live_url.split("/")[2]}, "a page asked another host for something"
    context.close()


def test_resume_from_the_private_link_in_a_new_browser(browser, live_url):
    first = browser.new_context()
    page = first.new_page()
    page.goto(live_url + "/questions/")
    page.get_by_label("I am a young person aged 16 to 25").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Save and come back later").click()
    link = page.locator("#private-link").inner_text().strip()
    assert re.match(r"^http://127\.0\.0\.1:\d+/questions/resume/[A-Za-z0-9_-]{32}$", link)
    assert page.locator(".app-copy-button").is_visible()  # JavaScript shows the copy button
    first.close()
    second = browser.new_context()
    other = second.new_page()
    other.goto(link)
    assert other.url.endswith("/questions/birth_month")
    assert other.locator("h1").inner_text().endswith("What month and year were you born?")
    second.close()
