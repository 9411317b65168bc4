"""Feedback on the Local Offer from everyone it is for (issue 18): a form for families and one written
for young people, reachable from every page; every error in GOV.UK words; nothing personal kept
unless given, and then sealed; spam and floods turned away; "Did this plan help?" at a plan's end."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import count_rows
from tests.support.pages import csrf_token, error_summary, heading, parse, text_of
from tests.support.personas import NEUTRAL
from tests.support.web_journey import complete_journey
from wizard.storage import local_offer_comments
from wizard.storage.models import LocalOfferComment

FORM = "/local-offer/feedback"
YOUNG = "/local-offer/feedback/young-people"
GOOD = {
    "topic": "transport",
    "service": "Demo travel training",
    "comment": "The bus pass page is hard to find.",
    "may_publish": "yes",
}


def send(client, data, url=FORM):
    page = client.get(url)
    return client.post(url, data={"csrf_token": csrf_token(page), **data})


def stored(app) -> list[tuple[LocalOfferComment, local_offer_comments.Words]]:
    with app.extensions["db_sessionmaker"]() as session:
        rows = list(session.scalars(select(LocalOfferComment).order_by(LocalOfferComment.id)))
        return [(row, local_offer_comments.words_of(app.extensions["sealer"], row)) for row in rows]


@pytest.mark.parametrize("path", ["/", "/questions/respondent", "/directory/", "/privacy"])
def test_every_page_links_to_the_local_offer_form_and_to_you_said_we_did(client, path):
    footer = parse(client.get(path, follow_redirects=True)).select_one("footer")
    links = {text_of(a): a["href"] for a in footer.select("a")}
    assert links["Tell us what you think of the Local Offer"] == FORM
    assert links["You said, we did"] == "/you-said-we-did"


def test_the_start_page_links_to_both_forms_and_the_public_answers(client):
    page = parse(client.get("/"))
    hrefs = {a["href"] for a in page.select("main a")}
    assert {FORM, YOUNG, "/you-said-we-did"} <= hrefs


def test_the_young_peoples_form_speaks_to_them(client):
    page = client.get(YOUNG)
    assert heading(page) == "Tell us what you think of the Local Offer"
    assert text_of(parse(page).select_one(".govuk-caption-l")) == "For young people aged 16 to 25"
    words = text_of(parse(page).select_one("main"))
    assert (
        "support for young people with special educational needs and disabilities (SEND)" in words
    )
    assert "your child" not in words.lower()


def test_a_comment_is_kept_sealed_and_thanked(app, client):
    response = send(client, GOOD)
    assert response.headers["Location"].endswith("/local-offer/feedback/thank-you")
    thanks = client.get(response.headers["Location"])
    assert heading(thanks) == "Comment sent"
    [(row, words)] = stored(app)
    assert (row.audience, row.topic, row.may_publish, row.has_contact) == (
        "family",
        "transport",
        True,
        False,
    )
    assert words.comment == GOOD["comment"] and words.service == GOOD["service"]
    assert "bus pass" not in str(row.sealed_words)  # sealed at rest


def test_the_young_peoples_form_records_who_it_came_from(app, client):
    send(client, {**GOOD, "may_publish": "no"}, url=YOUNG)
    [(row, _words)] = stored(app)
    assert (row.audience, row.may_publish) == ("young_person", False)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"topic": ""}, "Select what your comment is about"),
        ({"topic": "weather"}, "Select what your comment is about"),
        ({"comment": ""}, "Enter your comment"),
        ({"comment": "   "}, "Enter your comment"),
        ({"comment": "x" * 2001}, "Your comment must be 2,000 characters or less"),
        ({"service": "s" * 121}, "The name of the service must be 120 characters or less"),
        ({"may_publish": ""}, "Select yes if we can publish what you said without your name"),
        ({"contact_name": "Sam"}, "Enter an email address or a phone number, so we can reply"),
        (
            {"contact_email": "not an email"},
            "Enter an email address in the correct format, like name@example.com",
        ),
        (
            {"contact_phone": "call me"},
            "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        ),
    ],
)
def test_every_mistake_gets_a_gov_uk_message_and_nothing_is_kept(app, client, change, message):
    before = count_rows(app)
    response = send(client, {**GOOD, **change})
    assert response.status_code == 200
    assert error_summary(response) == [message]
    assert text_of(parse(response).title).startswith("Error: ")
    assert count_rows(app) == before


def test_contact_details_are_kept_only_when_given_and_then_sealed(app, client):
    send(client, GOOD)
    thanks = send(client, {**GOOD, "contact_name": "Sam", "contact_phone": "07700 900 982"})
    assert "reply=yes" in thanks.headers["Location"]
    (first, none), (second, given) = stored(app)
    assert (none.contact_name, none.contact_email, none.contact_phone) == ("", "", "")
    assert not first.has_contact
    assert (given.contact_name, given.contact_phone) == ("Sam", "07700 900 982")
    assert second.has_contact and "07700" not in str(second.sealed_words)
    assert "Someone will reply to you" in text_of(parse(client.get(thanks.headers["Location"])))


def test_hostile_text_is_shown_as_text_to_the_editor(app, client, people):
    from tests.support.staff import sign_in

    send(client, {**GOOD, "comment": '<script>alert("x")</script> & more'})
    staff = app.test_client()
    sign_in(staff, people.editor)
    [(row, _words)] = stored(app)
    page = staff.get(f"/staff/local-offer-comments/{row.id}").get_data(as_text=True)
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; more" in page


def test_a_form_without_its_csrf_token_is_refused_and_nothing_kept(app, client):
    before = count_rows(app)
    response = client.post(FORM, data=GOOD)
    assert response.status_code == 400
    assert count_rows(app) == before


def test_a_filled_in_hidden_field_is_thanked_and_dropped(app, client):
    before = count_rows(app)
    response = send(client, {**GOOD, "website": "http://spam.example"})
    assert response.headers["Location"].endswith("/local-offer/feedback/thank-you")
    assert count_rows(app)["local_offer_comment"] == before["local_offer_comment"]


def test_the_hidden_field_is_out_of_reach_of_people(client):
    trap = parse(client.get(FORM)).select_one("#website")
    assert trap["tabindex"] == "-1" and trap.find_parent(attrs={"aria-hidden": "true"})


def test_a_flood_from_one_address_is_stopped_with_the_too_many_page(make_app):
    app = make_app(COMMENTS_PER_HOUR=2)
    client = app.test_client()
    assert send(client, GOOD).status_code == 302
    assert send(client, GOOD).status_code == 302
    refused = send(client, GOOD)
    assert refused.status_code == 429
    assert heading(refused) == "Sorry, too many comments have been sent from your network"
    assert refused.headers["Retry-After"] == "3600"
    assert len(stored(app)) == 2


# --- "Did this plan help?" -----------------------------------------------------------------------


def finished_plan(client):
    complete_journey(client, NEUTRAL)
    return client.get("/plan/")


def test_the_plan_ends_by_asking_whether_it_helped_with_one_click(client):
    end = parse(finished_plan(client)).select_one("#did-this-plan-help")
    assert end["action"] == "/local-offer/plan-helped"
    group = end.select_one("[role=group]")
    assert text_of(end.select_one(f"#{group['aria-labelledby']}")) == "Did this plan help?"
    assert [text_of(b) for b in group.select("button")] == ["Yes", "Partly", "No"]


def test_one_click_is_kept_without_any_link_to_the_plan_and_a_comment_can_follow(app, client):
    plan = finished_plan(client)
    response = client.post(
        "/local-offer/plan-helped", data={"csrf_token": csrf_token(plan), "helped": "partly"}
    )
    assert response.headers["Location"].endswith("/local-offer/plan-helped/tell-us-more")
    more = client.get(response.headers["Location"])
    assert "You told us the plan partly helped." in text_of(parse(more))
    assert stored(app) == []  # it waits for a batch (tests/coproduction/test_plan_answers_wait.py)
    assert not {"assessment_id", "token_hash", "reference"} & set(
        LocalOfferComment.__table__.c.keys()
    )
    missing = client.post(
        "/local-offer/plan-helped/tell-us-more",
        data={"csrf_token": csrf_token(more), "comment": "More on transport please"},
    )
    assert error_summary(missing) == [
        "Select yes if we can publish what you said without your name"
    ]
    done = client.post(
        "/local-offer/plan-helped/tell-us-more",
        data={"csrf_token": csrf_token(more), "comment": "More on transport", "may_publish": "no"},
    )
    assert done.headers["Location"].endswith("/local-offer/feedback/thank-you")
    with app.extensions["db_sessionmaker"]() as session:  # the daily batch, for one
        local_offer_comments.release_plan_answers(session, app.extensions["sealer"], at_least=1)
    [(row, words)] = stored(app)
    assert (row.audience, row.plan_helped) == ("plan", "partly")
    assert (words.comment, row.may_publish) == ("More on transport", False)
    # only the month is kept: an exact time could be matched with when the plan was finished
    assert (row.created_at.day, row.created_at.hour, row.created_at.minute) == (1, 0, 0)


def test_a_made_up_answer_to_did_this_plan_help_keeps_nothing(app, client):
    plan = finished_plan(client)
    before = count_rows(app)
    response = client.post(
        "/local-offer/plan-helped", data={"csrf_token": csrf_token(plan), "helped": "maybe"}
    )
    assert response.headers["Location"].endswith("/plan/#did-this-plan-help")
    assert count_rows(app) == before


def test_tell_us_more_without_an_answer_first_goes_back_to_the_plan(client):
    response = client.get("/local-offer/plan-helped/tell-us-more")
    assert response.headers["Location"].endswith("/plan/")


def test_comments_are_purged_with_their_contact_details_after_two_years(app, client, runner):
    from datetime import timedelta

    from sqlalchemy import update

    from wizard.storage.models import utcnow

    send(client, {**GOOD, "contact_email": "sam@example.com"})
    send(client, GOOD)
    with app.extensions["db_sessionmaker"]() as session:
        first = session.scalars(select(LocalOfferComment.id).order_by(LocalOfferComment.id)).first()
        old = utcnow() - local_offer_comments.COMMENTS_KEPT - timedelta(days=1)
        session.execute(
            update(LocalOfferComment).where(LocalOfferComment.id == first).values(created_at=old)
        )
        session.commit()
    result = runner.invoke(args=["assessments", "purge"])
    assert "Deleted 1 comment(s) on the Local Offer over 730 days old" in result.output
    assert [words.contact_email for _row, words in stored(app)] == [""]
