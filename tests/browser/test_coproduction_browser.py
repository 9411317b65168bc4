"""In Chromium: the Local Offer feedback forms, "Did this plan help?", the editors' triage and
"You said, we did" pages, each with axe; a keyboard-only journey from a young person's comment to
its entry on the public page."""

from __future__ import annotations

from tests.browser.test_workspace_browser import press, sign_in_by_mouse, sign_in_with_keyboard
from tests.support.browser import axe_violations
from tests.support.personas import NEUTRAL
from tests.support.staff import make_people
from tests.support.web_journey import seed_assessment
from wizard.storage import local_offer_comments


def space_on(page, selector: str) -> None:
    page.locator(selector).focus()
    page.keyboard.press("Space")


def type_into(page, selector: str, text: str) -> None:
    page.locator(selector).focus()
    page.keyboard.type(text)


def test_every_co_production_page_has_no_axe_violations(app, live_url, browser):
    family = browser.new_context().new_page()
    for path in ("/local-offer/feedback", "/local-offer/feedback/young-people", "/you-said-we-did"):
        family.goto(live_url + path)
        assert axe_violations(family) == [], path
    family.goto(live_url + "/local-offer/feedback")
    family.get_by_role("button", name="Send your comment").click()
    family.wait_for_selector(".govuk-error-summary")
    assert axe_violations(family) == [], "form with errors"

    token = seed_assessment(app, NEUTRAL)
    family.goto(f"{live_url}/questions/resume/{token}")
    family.goto(live_url + "/questions/check-your-answers")
    family.get_by_role("button", name="See your plan").click()
    family.wait_for_url("**/plan/")
    helped = family.get_by_role("group", name="Did this plan help?")
    helped.get_by_role("button", name="Partly", exact=True).click()
    family.wait_for_url("**/tell-us-more")
    assert axe_violations(family) == [], "tell us more"
    family.get_by_label("Tell us more (optional)").fill("It was long")
    family.get_by_role("button", name="Send").click()
    family.wait_for_selector(".govuk-error-summary")
    assert axe_violations(family) == [], "tell us more with errors"
    with app.extensions["db_sessionmaker"]() as session:  # the daily batch, for one (ADR 0041)
        assert local_offer_comments.release_plan_answers(session, app.extensions["sealer"], 1)

    people = make_people(app)
    editor = browser.new_context().new_page()
    sign_in_by_mouse(app, editor, live_url, people.editor)
    for path in (
        "/staff/local-offer-comments",
        "/staff/local-offer-comments/1",
        "/staff/you-said-we-did",
        "/staff/you-said-we-did/new",
        "/staff/annual-review",
        "/staff/annual-review?start=2026-11&end=2026-01",
    ):
        editor.goto(live_url + path)
        assert axe_violations(editor) == [], path
    editor.goto(live_url + "/staff/you-said-we-did/new")
    editor.get_by_role("button", name="Save entry").click()
    editor.wait_for_selector(".govuk-error-summary")
    assert axe_violations(editor) == [], "entry with errors"


def test_a_young_persons_comment_to_a_published_entry_with_the_keyboard_only(app, live_url, page):
    page.goto(live_url + "/")
    page.locator("footer a", has_text="Tell us what you think of the Local Offer").focus()
    press(page)
    page.locator("main a", has_text="use the form written for young people").focus()
    press(page)
    assert page.url.endswith("/local-offer/feedback/young-people")
    space_on(page, "#topic-preparing_for_adulthood")
    type_into(page, "#comment", "I could not find anything about college courses.")
    space_on(page, "#may_publish")
    page.get_by_role("button", name="Send your comment").focus()
    press(page)
    assert page.locator("h1").inner_text() == "Comment sent"
    assert axe_violations(page) == [], "comment sent"

    people = make_people(app)
    sign_in_with_keyboard(app, page, live_url, people.editor)
    page.goto(live_url + "/staff/you-said-we-did/new")
    type_into(page, "#theme", "College courses")
    space_on(page, "#topic-preparing_for_adulthood")
    type_into(page, "#you_said", "Young people could not find college courses.")
    type_into(page, "#we_will", "Add every local college course to the directory.")
    space_on(page, "#status")
    page.get_by_role("button", name="Save entry").focus()
    press(page)
    assert "Entry saved" in page.locator(".govuk-notification-banner").inner_text()
    assert axe_violations(page) == [], "an entry's own page"
    page.get_by_role("button", name="Publish on the public page").focus()
    press(page)

    page.goto(live_url + "/staff/local-offer-comments")
    page.locator("tbody a").first.focus()
    press(page)
    type_into(page, "#theme", "College courses")
    space_on(page, "#status-will_do")
    type_into(page, "#reason", "Added to the directory plan")
    type_into(page, "#published_words", "I could not find anything about college courses.")
    space_on(page, "#nothing_identifying")
    page.locator("#entry").focus()
    page.keyboard.press("ArrowDown")  # the one entry, after "None"
    page.get_by_role("button", name="Save triage").focus()
    press(page)
    assert "Comment updated" in page.locator(".govuk-notification-banner").inner_text()

    page.goto(live_url + "/you-said-we-did")
    entry = page.locator(".app-entry").first
    assert "College courses" in entry.inner_text()
    assert (
        "I could not find anything about college courses."
        in entry.locator("blockquote").inner_text()
    )
    assert axe_violations(page) == [], "the public page with an entry"
