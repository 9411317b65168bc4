"""axe-core reports 0 WCAG 2.2 AA violations on every page the app has, error states included."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.conftest import app_config
from tests.support.browser import axe_violations
from tests.support.directory import demo_service, load_demo
from tests.support.live_server import serve
from tests.support.personas import NEUTRAL
from tests.support.web_journey import seed_assessment
from wizard.app import create_app

#: Routes that answer with something other than an HTML page.
NOT_PAGES = {"/healthz"}
#: Pages that answer with another status when opened on their own. The invitation form needs an
#: invitation link opened first, else it says the link does not work (the form itself is checked in
#: test_workspace_browser.py).
STATUS_ON_THEIR_OWN = {"/staff/invitation": 404}


def html_pages(app) -> list[str]:
    """Every GET route without arguments that returns a page."""
    rules = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or set())
        and not rule.arguments
        and rule.rule not in NOT_PAGES
        and not rule.rule.startswith("/oruk/")  # the ORUK API answers JSON
    ]
    return sorted(rules)


def test_the_page_list_covers_the_known_pages(app):
    pages = html_pages(app)
    for expected in (
        "/",
        "/accessibility-statement",
        "/privacy",
        "/cookies",
        "/contact",
        "/feedback",
        "/services/",
    ):
        assert expected in pages


def test_every_page_has_no_axe_violations(app, live_url, page):
    for path in html_pages(app):
        response = page.goto(live_url + path)
        assert response is not None, path
        assert response.status == STATUS_ON_THEIR_OWN.get(path, 200), path
        assert axe_violations(page) == [], path


def test_directory_pages_have_no_axe_violations(app, page):
    load_demo(app)
    with serve(app) as url:
        for path in (
            "/services/",  # results and paging
            "/services/?page=2&category=health",
            "/services/?age=old&category=nope",  # the error summary
            "/services/?q=zzzz",  # no results
            f"/services/{demo_service('slt-children')}",
            f"/services/{demo_service('wheelchair-service')}",  # overdue review notice
            f"/services/{demo_service('sleep-support-clinic')}",  # temporarily closed
            f"/services/{demo_service('inclusive-swimming')}",  # costs
        ):
            response = page.goto(url + path)
            assert response is not None and response.status in (200,), path
            assert axe_violations(page) == [], path


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_which_answers_page_has_no_axe_violations_and_works_without_javascript(
    app, browser, live_url, javascript
):
    """A private link for other answers opened in a browser that holds answers: the choice page.

    axe runs with JavaScript on (it is JavaScript); with it off the page must still work.
    """
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10000)
    checked = axe_violations if javascript else (lambda _page: [])
    page.goto(f"{live_url}/questions/resume/{seed_assessment(app, NEUTRAL, upto='ehc_status')}")
    page.goto(f"{live_url}/questions/resume/{seed_assessment(app, NEUTRAL, upto='setting')}")
    assert page.url.endswith("/questions/which-answers")
    assert page.locator("h1").inner_text() == "This browser already has other answers"
    assert checked(page) == []
    page.get_by_role("button", name="Continue").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert checked(page) == [], "with the error"
    page.get_by_label("Use the answers from the link", exact=False).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/questions/setting")  # waits for the load event
    assert checked(page) == [], "after switching"
    context.close()


def test_form_with_errors_has_no_axe_violations(live_url, page):
    page.goto(live_url + "/feedback")
    page.get_by_role("button", name="Send feedback").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []


def test_error_pages_have_no_axe_violations(live_url, page):
    page.goto(live_url + "/no-such-page")
    assert page.locator("h1").inner_text() == "Page not found"
    assert axe_violations(page) == []
    # A stale form (its token stripped, as after a lost session) gets the friendly 400 page.
    page.goto(live_url + "/feedback")
    page.evaluate("document.querySelector('input[name=csrf_token]').remove()")
    page.get_by_label("Satisfied", exact=True).check()
    page.get_by_role("button", name="Send feedback").click()
    assert page.locator("h1").inner_text() == "Sorry, there is a problem with the page"
    assert axe_violations(page) == []


def test_500_and_503_pages_have_no_axe_violations(browser, database_url, tmp_path):
    broken = create_app(app_config(database_url))
    secret = "boom"

    @broken.get("/__boom")
    def boom():
        raise RuntimeError(secret)

    down = create_app(app_config(f"sqlite:///{tmp_path}/missing/wizard.db"))
    context = browser.new_context()
    page = context.new_page()
    with serve(broken) as url:
        response = page.goto(url + "/__boom")
        assert response.status == 500
        assert axe_violations(page) == []
    with serve(down) as url:
        page.goto(url + "/feedback")
        page.get_by_label("Satisfied", exact=True).check()
        page.get_by_role("button", name="Send feedback").click()
        assert page.locator("h1").inner_text() == "Sorry, the service is unavailable"
        assert axe_violations(page) == []
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_start_page_works_and_requests_nothing_from_other_hosts(browser, live_url, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    hosts: list[str] = []
    page.on("request", lambda request: hosts.append(urlparse(request.url).netloc))
    page.goto(live_url + "/")
    page.wait_for_load_state("networkidle")
    start = page.get_by_role("button", name="Start now")
    assert start.is_visible()
    app_host = urlparse(live_url).netloc
    assert hosts and set(hosts) == {app_host}
    supported = page.evaluate("document.body.className")
    assert ("govuk-frontend-supported" in supported) is javascript
    context.close()


def test_javascript_enhancements_run(live_url, page):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live_url + "/feedback")
    # The character count is added by GOV.UK Frontend's JavaScript, so it proves initAll ran.
    page.locator(".govuk-character-count__status").wait_for()
    assert "1,200 characters" in page.locator(".govuk-character-count__status").inner_text()
    assert errors == []


def test_keyboard_only_feedback(live_url, page):
    page.goto(live_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.goto(live_url + "/feedback")
    page.locator("#satisfaction").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Easy to follow")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/feedback/thank-you")
    assert page.locator("h1").inner_text() == "Feedback sent"


def test_searching_the_directory_with_the_keyboard_and_javascript_off(app, browser):
    load_demo(app)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    with serve(app) as url:
        page.goto(url + "/services/")
        page.get_by_label("Age of the child or young person").focus()
        page.keyboard.type("12")
        page.get_by_label("Search by name or keyword").focus()
        page.keyboard.type("counselling")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("#result-count").inner_text() == "1 service found"
        link = page.get_by_role("link", name="Talk It Out youth counselling")
        link.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("h1").inner_text() == "Talk It Out youth counselling"
    context.close()
