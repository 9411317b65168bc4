"""The plan page: now, soon, later and advice; why, steps and deadlines written out in full."""

from __future__ import annotations

from datetime import date

from tests.support.content import questions_with_if_passed
from tests.support.pages import csrf_token, heading, parse, text_of
from tests.support.personas import PERSONAS
from tests.support.web_journey import complete_journey, path_of
from wizard.core.snapshot import PlanSnapshot

BUSY = next(p for p in PERSONAS if p.name.startswith("busy family"))
WAITING = next(p for p in PERSONAS if p.name == "waiting to hear about an assessment")


def plan_page(make_app, persona, as_of: date | None = None, **config):
    today = (as_of or persona.as_of).isoformat()
    client = make_app(FIXED_NOW=today, **config).test_client()
    complete_journey(client, persona.answers)
    return client, parse(client.get("/plan/"))


def test_the_plan_is_grouped_into_now_soon_later_and_advice(make_app):
    _client, page = plan_page(make_app, BUSY)
    assert page.select_one("h1").get_text(" ", strip=True) == "Your plan for your child"
    groups = [text_of(h) for h in page.select("h2.app-plan-group")]
    assert groups == ["What to do now", "What to do soon", "Planning ahead", "Advice and support"]
    now = page.select("h2.app-plan-group")[0].find_next("section")
    assert now.select_one("h4")["id"] == "action-mediation-and-appeal"


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
    why = [text_of(li) for li in card.select("h5 + ul.govuk-list--bullet")[0].select("li")]
    assert "You told us the council got the request on Monday 19 October 2026." in why
    steps = card.select("ol.govuk-list--number li")
    assert len(steps) >= 3


def test_advice_and_support_are_always_shown_with_contacts_once(make_app):
    _client, page = plan_page(make_app, PERSONAS[0])
    card = page.select_one("#action-sendiass").find_parent("section")
    assert "It is run separately from the council's SEND team" in text_of(card)
    link = card.select_one('a[href="#contact-demo-borough-sendiass"]')
    assert text_of(link) == "Demo Borough SENDIASS"
    # the contact details are in one place, "Who can help", reached from every step naming it
    assert text_of(page).count("Telephone: 020 7946 0200") == 1
    contact = page.select_one("#contact-demo-borough-sendiass")
    assert contact.find_parent(id="who-can-help") is not None
    assert "Telephone: 020 7946 0200" in text_of(contact.find_next("ul"))


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


def test_the_reform_notice_is_near_the_top_of_every_plan(make_app):
    for persona in (PERSONAS[0], BUSY):
        _client, page = plan_page(make_app, persona)
        notice = page.select_one(".govuk-inset-text#notice-reform-proposed")
        assert notice is not None, persona.name
        words = text_of(notice)
        assert text_of(notice.select_one("h2")) == "Changes to the SEND system have been proposed"
        assert '"Every child achieving and thriving"' in words and "23 February 2026" in words
        assert "Parliament" in words and "law as it is today" in words
        assert words.endswith("We checked this on 2 December 2026.")
        # after the heading and the next steps, before the plan's actions
        assert notice.find_previous("h1") is not None
        headings = [text_of(h) for h in page.select("h2")]
        assert headings[:2] == ["Your next steps", text_of(notice.select_one("h2"))]


def test_a_passed_deadline_is_shown_as_passed(make_app):
    _client, page = plan_page(make_app, BUSY, as_of=date(2027, 1, 15))
    now, soon = page.select("h2.app-plan-group")[:2]
    assert (text_of(now), text_of(soon)) == ("What to do now", "What to do soon")
    # "What to do now" holds dates that have passed; the move on 31 March 2027 is soon
    assert now.find_next("section").select_one("h4")["id"] == "action-mediation-and-appeal"
    assert soon.find_next("section").select_one("h4")["id"] == "action-phase-transfer"
    mediation = page.select_one("#action-mediation-and-appeal").find_parent("section")
    items = mediation.select(".app-deadlines li")
    assert len(items) == 2
    for item in items:
        assert "By Wednesday 30 December 2026" in text_of(item)
        assert text_of(item.select_one(".govuk-tag")) == "Date passed"
        assert text_of(item.select_one(".app-deadline-if-passed")).startswith(
            "This date has passed. "
        )
    transfer = page.select_one("#action-phase-transfer").find_parent("section")
    assert "Date passed" not in text_of(transfer) and "has passed" not in text_of(transfer)
    assert page.select_one('a[href="/plan/deadlines.ics"]') is not None  # 31 March 2027 is to come


def test_a_passed_deadline_says_what_to_do_now_where_the_content_gives_it(make_app, tmp_path):
    questions = questions_with_if_passed(tmp_path)
    _client, page = plan_page(
        make_app,
        BUSY,
        as_of=date(2027, 1, 15),
        QUESTIONS_DIR=str(questions),
        LOCALITY_FILE=str(questions / "locality.yaml"),
    )
    mediation = page.select_one("#action-mediation-and-appeal").find_parent("section")
    adviser, tribunal = mediation.select(".app-deadlines li")
    assert text_of(adviser.select_one(".app-deadline-if-passed")) == (
        "This date has passed. Ask Demo Borough SENDIASS if your child can still appeal."
    )
    assert text_of(tribunal.select_one(".app-deadline-if-passed")) == "This date has passed."


def test_no_calendar_link_when_every_date_has_passed(make_app):
    client, page = plan_page(make_app, WAITING, as_of=date(2027, 3, 9))
    card = page.select_one("#action-ehc-assessment-timeline").find_parent("section")
    assert len(card.select(".app-deadlines .govuk-tag")) == 3
    assert page.select_one('a[href="/plan/deadlines.ics"]') is None
    assert client.get("/plan/deadlines.ics").status_code == 404


def test_a_family_in_another_council_reads_first_who_is_responsible(make_app):
    elsewhere = next(
        p for p in PERSONAS if p.name == "lives in another council, support not working"
    )
    _client, page = plan_page(make_app, elsewhere)
    first = page.select("h2.app-plan-group")[0]
    assert text_of(first) == "What to do now"
    card = first.find_next("section")
    assert card.select_one("h4")["id"] == "action-contact-home-authority"
    steps = page.select("#next-steps li a")
    assert steps[0]["href"] == "#action-contact-home-authority"
    assert "Send any request for an EHC needs assessment to that council" in text_of(card)


def test_a_keyworkers_plan_speaks_to_the_family(make_app):
    keyworker = next(p for p in PERSONAS if p.name == "keyworker's case read by the young person")
    _client, page = plan_page(make_app, keyworker)
    text = text_of(page.select_one("main"))
    assert text_of(page.find("h1")) == "Your plan"
    assert "the child or young person" not in text and "your child" not in text
    assert "You told us caring is affecting your parent carer's health" in text


def test_a_plan_this_version_cannot_read_shows_the_cannot_be_opened_page(make_app):
    app = make_app()
    # What the plan views do with a stored plan from a newer release, say after a rollback.
    app.add_url_rule(
        "/future-plan", "future_plan", lambda: PlanSnapshot.from_json({"snapshot_version": 4})
    )
    response = app.test_client().get("/future-plan")
    assert response.status_code == 500
    assert heading(response) == "Sorry, your saved answers cannot be opened"
