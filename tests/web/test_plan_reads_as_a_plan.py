"""The plan page reads as a personal plan: next steps first, each step with a when, contents, the
contacts once, the words explained, and a clear end. The PDF follows the same order."""

from __future__ import annotations

import re

from tests.documents.test_downloads import pdf_text
from tests.support.directory import load_demo
from tests.support.pages import parse, text_of
from tests.support.personas import NEUTRAL
from tests.support.web_journey import complete_journey

TODAY = "2026-12-02"  # a Wednesday

#: A parent of a 9-year-old whose support is not working and who has never asked, named Sam.
SAM = {
    **NEUTRAL,
    "birth_month": "2017-05",
    "support_meeting_needs": "no",
    "leisure_interest": True,
    "letter_wanted": True,  # the first name is asked for the letter
    "first_name": "Sam",
}


def finished(make_app, answers, directory: bool = False, **config):
    app = make_app(FIXED_NOW=TODAY, **config)
    if directory:
        load_demo(app)
    client = app.test_client()
    complete_journey(client, answers)
    return client


def plan_page(make_app, answers, **config):
    client = finished(make_app, answers, **config)
    return parse(client.get("/plan/"))


def test_the_plan_opens_with_the_next_steps_each_with_its_when(make_app):
    page = plan_page(make_app, SAM)
    assert text_of(page.select_one("h1")) == "Your plan for Sam"
    box = page.select_one("#next-steps")
    assert text_of(box.select_one("h2")) == "Your next steps"
    steps = box.select("ol > li")
    assert 1 <= len(steps) <= 3
    first = steps[0]
    assert first.select_one("a")["href"] == "#action-request-ehc-assessment"
    assert text_of(first).endswith(
        "Now. If the council gets the request on Wednesday 2 December 2026, the council must"
        " tell you whether it will do the assessment by Wednesday 13 January 2027."
    )
    # the next steps come before the rest of the plan
    headings = [text_of(h) for h in page.select("h2")]
    assert headings.index("Your next steps") < headings.index("What to do now")


def test_the_contents_list_links_to_every_section(make_app):
    page = plan_page(make_app, SAM)
    contents = page.select_one("nav.app-contents")
    links = [(text_of(a), a["href"]) for a in contents.select("a")]
    assert links[0] == ("What to do now", "#section-now")
    assert ("Advice and support", "#section-advice") in links
    assert ("What happens next", "#what-happens-next") in links
    for _text, href in links:
        assert page.select_one(href) is not None, href


def test_actions_are_grouped_by_when_then_by_area(make_app):
    page = plan_page(make_app, SAM)
    now = page.select_one("#section-now")
    assert [text_of(h) for h in now.select("h3.app-plan-area")] == [
        "Education, Health and Care (EHC) needs assessments and plans",
        "Nursery, school or college",
    ]
    order = [h["id"] for h in page.select("[id^=action-]")]
    assert order.index("action-request-ehc-assessment") < order.index("action-leisure-activities")
    assert order[-2:] == ["action-sendiass", "action-parent-carer-forum"]  # advice last


def test_every_step_has_a_when_and_the_clock_asks_for_the_date_once_it_has_happened(make_app):
    page = plan_page(make_app, SAM)
    for card in page.select("section.app-action"):
        assert text_of(card.select_one(".app-when")), card["aria-labelledby"]
    request = page.select_one("#action-request-ehc-assessment").find_parent("section")
    assert text_of(request.select_one(".app-when")) == "Now"
    clock = request.select_one(".app-clock")
    assert "If the council gets the request on Wednesday 2 December 2026:" in text_of(clock)
    items = [" ".join(li.get_text("").split()) for li in clock.select("li")]
    assert items[0] == (
        "By Wednesday 13 January 2027: The council must tell you whether it will do the assessment"
    )
    ask = clock.select_one("a")
    assert ask["href"] == "/questions/ehc_status?change=1"
    assert text_of(ask) == "Tell us when the council has got the request, to see your own dates"
    soon = page.select_one("#action-leisure-activities").find_parent("section")
    assert text_of(soon.select_one(".app-when")) == "Soon"


def test_no_iso_dates_and_the_content_checked_date_instead_of_a_version(make_app):
    page = plan_page(make_app, SAM)
    text = text_of(page.select_one("main"))
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert "Content version" not in text
    assert "The information in this plan was last checked on Wednesday 2 December 2026." in text


def test_the_words_used_are_explained_on_the_page(make_app):
    page = plan_page(make_app, SAM)
    words = page.select_one("#words")
    assert text_of(words.select_one("h2")) == "Words used in this plan"
    terms = [text_of(dt) for dt in words.select("dt")]
    assert "SENCO" in terms


def test_the_plan_ends_with_what_happens_next_and_a_feedback_prompt(make_app):
    page = plan_page(make_app, SAM)
    end = page.select_one("#what-happens-next")
    assert text_of(end.select_one("h2")) == "What happens next"
    assert "We keep this plan for 365 days after it was made" in text_of(end)
    prompt = end.select_one("form#did-this-plan-help")
    assert prompt["action"] == "/local-offer/plan-helped"
    assert text_of(prompt.select_one("h3")) == "Did this plan help?"
    # nothing of the plan comes after its end
    assert end.find_next("section", class_="app-action") is None


def test_each_contact_is_shown_once(make_app):
    page = plan_page(make_app, {**SAM, "support_meeting_needs": "partly"})
    text = text_of(page.select_one("main"))
    team = page.select_one("#contact-demo-borough-council-send-assessment-team")
    assert team is not None and team.find_parent(id="who-can-help") is not None
    phone = "Telephone: 020 7946 0100"
    assert text.count(phone) <= 1
    naming = page.select('a[href="#contact-demo-borough-sendiass"]')
    assert len(naming) >= 2  # named under each step it helps with, its details once


def test_the_pdf_follows_the_page_order_and_writes_dates_out(make_app):
    client = finished(make_app, SAM)
    text = pdf_text(client.get("/plan/plan.pdf").data)
    assert text.index("Your next steps") < text.index("Contents") < text.index("What to do now")
    assert text.index("What to do now") < text.index("What to do soon")
    assert text.index("What to do soon") < text.index("Advice and support")
    assert "If the council gets the request on Wednesday 2 December 2026" in text
    assert "SEND action plan for Sam" in text
    assert "What happens next" in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)


def test_a_keyworkers_notes_are_kept_apart_from_the_familys_plan(make_app):
    from tests.support.staff import keyworker_case_with_note

    client, note = keyworker_case_with_note(make_app, SAM, today=TODAY)
    page = parse(client.get("/plan/"))
    notes = page.select_one("#keyworker-notes")
    assert notes is not None and note in text_of(notes)
    assert notes.name == "details"  # closed until the keyworker opens it
    assert note not in text_of(page.select_one("#next-steps"))
    text = pdf_text(client.get("/plan/plan.pdf").data)
    assert note not in text


def test_what_is_due_now_is_open_and_what_can_wait_folds_away(make_app):
    page = plan_page(make_app, SAM)
    request = page.select_one("#action-request-ehc-assessment").find_parent("section")
    assert request.select_one("details.app-todo") is None
    assert request.select("ol.govuk-list--number li")  # the steps are on the page
    leisure = page.select_one("#action-leisure-activities").find_parent("section")
    folded = leisure.select_one("details.app-todo")
    assert folded is not None and not folded.has_attr("open")
    assert " ".join(folded.select_one("summary").get_text("").split()) == (
        "What to do: Find activities, clubs and sport"
    )
    assert folded.select("ol.govuk-list--number li")  # still there, without JavaScript


def test_no_draft_letter_on_the_plan_when_the_family_said_they_do_not_want_one(make_app):
    wanted = plan_page(make_app, SAM)
    assert "A draft letter asking for an EHC needs assessment" in text_of(wanted)
    page = plan_page(make_app, {**SAM, "letter_wanted": False})
    assert "A draft letter" not in text_of(page)
    assert page.select_one('a[href="/plan/letter.docx"]') is None


def test_each_suggested_service_says_why_it_is_there(make_app):
    client = finished(make_app, SAM, directory=True)
    page = parse(client.get("/plan/"))
    services = page.select(".app-plan-services li")
    assert services
    for item in services:
        reason = item.select_one(".app-secondary-text")
        assert reason is not None and text_of(reason).startswith("For "), text_of(item)
