"""The plan page: now, soon, later and advice; why, steps and deadlines written out in full."""

from __future__ import annotations

from tests.support.pages import csrf_token, heading, parse, text_of
from tests.support.personas import PERSONAS
from tests.support.web_journey import complete_journey, path_of

BUSY = next(p for p in PERSONAS if p.name.startswith("busy family"))
WAITING = next(p for p in PERSONAS if p.name == "waiting to hear about an assessment")


def plan_page(make_app, persona):
    client = make_app(FIXED_TODAY=persona.as_of.isoformat()).test_client()
    complete_journey(client, persona.answers)
    return client, parse(client.get("/plan/"))


def test_the_plan_is_grouped_into_now_soon_later_and_advice(make_app):
    _client, page = plan_page(make_app, BUSY)
    assert page.select_one("h1").get_text(" ", strip=True) == "Your plan for your child"
    groups = [text_of(h) for h in page.select("h2.app-plan-group")]
    assert groups == ["What to do now", "What to do soon", "Planning ahead", "Advice and support"]
    now = page.select("h2.app-plan-group")[0].find_next("section")
    assert now.select_one("h3")["id"] == "action-mediation-and-appeal"


def test_deadlines_are_written_out_in_full(make_app):
    _client, page = plan_page(make_app, WAITING)
    dates = [text_of(d) for d in page.select(".app-deadline-date")]
    assert dates == [
        "By Monday 30 November 2026",
        "By Monday 8 February 2027",
        "By Monday 8 March 2027",
    ]
    items = [" ".join(li.get_text("").split()) for li in page.select(".app-deadlines li")]
    assert (
        items[0]
        == "By Monday 30 November 2026: The council must tell you whether it will do the assessment"
    )


def test_each_action_says_why_with_the_familys_answers(make_app):
    _client, page = plan_page(make_app, WAITING)
    card = page.select_one("#action-ehc-assessment-timeline").find_parent("section")
    why = [text_of(li) for li in card.select("h4 + ul.govuk-list--bullet")[0].select("li")]
    assert "You told us the council got the request on Monday 19 October 2026." in why
    steps = card.select("ol.govuk-list--number li")
    assert len(steps) >= 3


def test_advice_and_support_are_always_shown_with_contacts(make_app):
    _client, page = plan_page(make_app, PERSONAS[0])
    card = page.select_one("#action-sendiass").find_parent("section")
    assert "Telephone: 020 7946 0200" in text_of(card)
    assert "It is run at arm's length from the council" in text_of(card)


def test_transport_eligibility_is_shown(make_app):
    _client, page = plan_page(make_app, BUSY)
    card = page.select_one("#action-home-to-school-transport").find_parent("section")
    assert (
        "Likely to be eligible: From what you told us, your child is likely to be eligible"
        in text_of(card)
    )


def test_the_plan_warns_when_answers_changed_after_it_was_made(make_app):
    client, _page = plan_page(make_app, PERSONAS[0])
    page = client.get("/questions/lives_in_area?change=1")
    client.post(
        "/questions/lives_in_area?change=1",
        data={"csrf_token": csrf_token(page), "answer_version": "1", "lives_in_area": "no"},
    )
    banner = text_of(parse(client.get("/plan/")).select_one(".govuk-notification-banner"))
    assert "You have changed your answers since this plan was made." in banner


def test_a_young_persons_plan_says_your_plan(make_app):
    persona = next(p for p in PERSONAS if p.name.startswith("young person, 17"))
    _client, page = plan_page(make_app, persona)
    assert text_of(page.select_one("h1")) == "Your plan"
    assert "your child" not in text_of(page).lower()


def test_no_plan_yet_goes_back_to_the_questions(client):
    assert path_of(client.get("/plan/").headers["Location"]) == "/questions/"


def test_print_styles_are_there(client):
    with client.get("/static/app.css") as response:
        css = response.get_data(as_text=True)
    assert "@media print" in css and ".app-action" in css


def test_a_finished_family_returning_by_link_sees_their_plan(make_app):
    client, _page = plan_page(make_app, PERSONAS[0])
    link = text_of(parse(client.get("/questions/save-and-return")).select_one("#private-link"))
    other = client.application.test_client()
    response = other.get(link.replace("http://localhost", ""))
    assert path_of(response.headers["Location"]) == "/plan/"
    assert heading(other.get("/plan/")).startswith("Your plan")
