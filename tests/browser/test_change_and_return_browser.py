"""In Chromium, with the keyboard only: come back with the private link, change an answer from check
your answers, answer only the questions it opens, and land on check your answers again; axe on
every page. And the header's Sign out looks and focuses like the navigation links beside it."""

from __future__ import annotations

from tests.browser.test_workspace_browser import sign_in_by_mouse
from tests.support.browser import axe_violations
from tests.support.personas import NEUTRAL
from tests.support.staff import make_people
from tests.support.web_journey import seed_assessment


def press_enter_on(page, selector: str) -> None:
    """Move focus to `selector` and press Enter, as a keyboard user does, and wait for the page."""
    page.locator(selector).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def choose(page, node_id: str, value: str) -> None:
    """Select a radio with Space and send the page with Enter on Continue."""
    page.locator(f"input[name={node_id}][value={value}]").focus()
    page.keyboard.press("Space")
    press_enter_on(page, "button.govuk-button:text-is('Continue')")


def test_change_an_answer_and_come_back_with_the_keyboard_only(app, live_url, page):
    token = seed_assessment(app, NEUTRAL)
    page.goto(f"{live_url}/questions/resume/{token}")
    assert page.url.endswith("/questions/check-your-answers")
    assert "Welcome back" in page.locator(".govuk-notification-banner").first.inner_text()
    assert page.locator("a.govuk-back-link").count() == 1
    assert axe_violations(page) == [], "check your answers, welcome back"

    press_enter_on(page, "a[href='/questions/travel_difficulty?change=1']")
    assert page.url.endswith("/questions/travel_difficulty?change=1")
    assert page.locator("a.govuk-back-link").get_attribute("href") == (
        "/questions/check-your-answers"
    )
    assert axe_violations(page) == [], "the changed question"
    choose(page, "travel_difficulty", "yes")

    asked = []
    for _ in range(5):
        if page.url.endswith("/questions/check-your-answers"):
            break
        assert page.url.endswith("?change=1"), page.url
        node_id = page.url.rsplit("/", 1)[-1].split("?")[0]
        asked.append(node_id)
        assert axe_violations(page) == [], node_id
        if node_id == "walking_distance_miles":
            page.locator("#walking_distance_miles").focus()
            page.keyboard.type("2")
            press_enter_on(page, "button.govuk-button:text-is('Continue')")
        else:
            choose(page, node_id, "no")
    assert asked == ["walking_distance_miles", "cannot_walk_due_to_needs", "low_income_family"]
    assert page.url.endswith("/questions/check-your-answers")
    assert any("2 miles" in text for text in page.locator(".govuk-summary-list").all_inner_texts())
    assert axe_violations(page) == [], "check your answers after the change"


def computed(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"el => getComputedStyle(el).{prop}")


def test_sign_out_looks_like_the_navigation_links(app, live_url, page):
    people = make_people(app)
    sign_in_by_mouse(app, page, live_url, people.kw1)
    sign_out = ".app-sign-out button"
    link = ".govuk-service-navigation__item:not(.govuk-service-navigation__item--active) a"
    page.locator(sign_out).wait_for()
    for prop in ("color", "fontSize", "fontFamily", "textDecorationLine", "backgroundColor"):
        assert computed(page, sign_out, prop) == computed(page, link, prop), prop
    page.locator(link).first.focus()  # focus styles compared one at a time
    link_focus = computed(page, link, "backgroundColor")
    page.locator(sign_out).focus()
    assert computed(page, sign_out, "backgroundColor") == link_focus == "rgb(255, 221, 0)"
    assert axe_violations(page) == []
