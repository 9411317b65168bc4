"""The feedback page: validation in GOV.UK style, storage, and nothing personal asked for."""

from __future__ import annotations

from sqlalchemy import select

from tests.support.pages import csrf_token, error_summary, heading, parse, text_of
from wizard.storage import feedback
from wizard.storage.models import Feedback


def _stored(app) -> list[Feedback]:
    with app.extensions["db_sessionmaker"]() as session:
        return list(session.scalars(select(Feedback)))


def test_feedback_form_shows_the_two_questions(client):
    page = parse(client.get("/feedback"))
    legend = text_of(page.select_one("legend"))
    assert legend == "Overall, how did you feel about the service you received today?"
    assert len(page.select("input[type=radio]")) == 5
    assert text_of(page.select_one("label[for=comments]")) == "How could we improve this service?"


def test_sending_nothing_shows_an_error_and_stores_nothing(app, client):
    token = csrf_token(client.get("/feedback"))
    response = client.post("/feedback", data={"csrf_token": token})
    assert response.status_code == 200
    assert error_summary(response) == ["Select how you feel about the service"]
    assert text_of(parse(response).find("title")).startswith("Error: ")
    inline = parse(response).select_one("#satisfaction-error")
    assert "Select how you feel about the service" in text_of(inline)
    assert _stored(app) == []


def test_too_long_comment_is_refused_and_kept_on_the_page(app, client):
    token = csrf_token(client.get("/feedback"))
    long_comment = "a" * 1201
    response = client.post(
        "/feedback",
        data={"csrf_token": token, "satisfaction": "satisfied", "comments": long_comment},
    )
    assert error_summary(response) == [
        "How we could improve the service must be 1,200 characters or less"
    ]
    assert long_comment in text_of(parse(response).select_one("textarea"))
    assert parse(response).select_one("input[value=satisfied]").has_attr("checked")
    assert _stored(app) == []


def test_unknown_choice_is_refused(app, client):
    token = csrf_token(client.get("/feedback"))
    response = client.post("/feedback", data={"csrf_token": token, "satisfaction": "ecstatic"})
    assert error_summary(response) == ["Select how you feel about the service"]
    assert _stored(app) == []


def test_valid_feedback_is_stored_and_thanked(app, client):
    token = csrf_token(client.get("/feedback"))
    response = client.post(
        "/feedback",
        data={"csrf_token": token, "satisfaction": "very_satisfied", "comments": "  Clear.  "},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/feedback/thank-you"
    assert heading(client.get("/feedback/thank-you")) == "Feedback sent"
    [stored] = _stored(app)
    assert stored.satisfaction == "very_satisfied"
    assert stored.comments == "" and "Clear" not in str(stored.sealed_comments)  # sealed at rest
    with app.extensions["db_sessionmaker"]() as session:
        [(_when, satisfaction, comments)] = feedback.latest(session, app.extensions["sealer"])
    assert (satisfaction, comments) == ("very_satisfied", "Clear.")
