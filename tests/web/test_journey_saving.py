"""Save and return, start again, delete, content changes, and no lost or overwritten answers."""

from __future__ import annotations

import logging
import re

from sqlalchemy import select

from tests.support.pages import csrf_token, error_summary, heading, parse, text_of
from tests.support.personas import AS_OF, NEUTRAL
from tests.support.web_journey import answer_page, complete_journey, form_for, path_of, seed
from wizard.core.answers import AnswerError
from wizard.services import journey as service
from wizard.storage.assessments import AssessmentRecord, all_records
from wizard.storage.models import Assessment


def saved(app) -> list[AssessmentRecord]:
    with app.extensions["db_sessionmaker"]() as session:
        return all_records(session, app.extensions["sealer"])


def private_link(client) -> str:
    return text_of(parse(client.get("/questions/save-and-return")).select_one("#private-link"))


def test_nothing_is_saved_until_the_first_answer(app, client):
    client.get("/questions/respondent")
    assert saved(app) == []
    answer_page(client, "respondent", "parent_carer")
    [assessment] = saved(app)
    assert assessment.answers == {"respondent": "parent_carer"}


def test_each_answer_is_saved_the_moment_it_is_sent(app, client):
    answer_page(client, "respondent", "parent_carer")
    answer_page(client, "lives_in_area", True)
    assert saved(app)[0].answers == {"respondent": "parent_carer", "lives_in_area": True}


def test_bad_input_is_not_saved_and_saved_answers_are_kept(app, client):
    answer_page(client, "respondent", "parent_carer")
    answer_page(client, "lives_in_area", True)
    page = client.get("/questions/respondent")
    client.post(
        "/questions/respondent",
        data={"csrf_token": csrf_token(page), "answer_version": "1", "respondent": "alien"},
    )
    assert saved(app)[0].answers == {"respondent": "parent_carer", "lives_in_area": True}


def test_the_private_link_opens_the_answers_in_another_browser(app, client):
    answer_page(client, "respondent", "young_person")
    answer_page(client, "lives_in_area", True)
    link = private_link(client)
    token = link.rsplit("/", 1)[-1]
    assert len(token) >= 32  # 192 random bits, URL-safe
    other = app.test_client()
    response = other.get(link.replace("http://localhost", ""))
    assert path_of(response.headers["Location"]) == "/questions/birth_month"
    assert token not in response.headers["Location"]
    assert heading(other.get("/questions/birth_month")).endswith(
        "What month and year were you born?"
    )


def test_the_save_page_shows_a_reference_and_advice(client):
    answer_page(client, "respondent", "parent_carer")
    page = parse(client.get("/questions/save-and-return"))
    assert re.fullmatch(
        r"[A-Z2-9]{3}-[A-Z2-9]{3}-[A-Z2-9]{3}", text_of(page.select_one(".app-reference"))
    )
    assert "Copy the link and keep it somewhere safe" in text_of(page)
    assert page.select_one("button.app-copy-button").has_attr("hidden")  # shown by JavaScript only


def test_only_the_hash_of_the_token_is_stored(app, client):
    answer_page(client, "respondent", "parent_carer")
    token = private_link(client).rsplit("/", 1)[-1]
    [assessment] = saved(app)
    assert token not in repr(assessment.__dict__)
    assert len(assessment.token_hash) == 64


def test_a_wrong_link_gets_a_friendly_404(client):
    response = client.get("/questions/resume/not-a-real-token")
    assert response.status_code == 404
    assert heading(response) == "This link does not work"


def test_start_again_keeps_the_old_answers_behind_their_link(app, client):
    answer_page(client, "respondent", "parent_carer")
    link = private_link(client)
    page = client.get("/questions/start-again")
    assert link in text_of(parse(page))
    client.post("/questions/start-again", data={"csrf_token": csrf_token(page)})
    assert path_of(client.get("/questions/").headers["Location"]) == "/questions/respondent"
    assert client.get("/questions/respondent").status_code == 200
    assert len(saved(app)) == 1
    client.get(link.replace("http://localhost", ""))
    assert path_of(client.get("/questions/").headers["Location"]) == "/questions/lives_in_area"


def test_delete_removes_everything_and_the_link_stops_working(app, client):
    answer_page(client, "respondent", "parent_carer")
    link = private_link(client)
    page = client.get("/questions/delete-answers")
    assert heading(page) == "Are you sure you want to delete your answers?"
    response = client.post("/questions/delete-answers", data={"csrf_token": csrf_token(page)})
    assert path_of(response.headers["Location"]) == "/questions/answers-deleted"
    assert heading(client.get("/questions/answers-deleted")) == "Your answers have been deleted"
    assert saved(app) == []
    assert client.get(link.replace("http://localhost", "")).status_code == 404


def test_a_double_submit_saves_once_and_loses_nothing(app, client):
    answer_page(client, "respondent", "parent_carer")
    page = client.get("/questions/lives_in_area")
    data = {"csrf_token": csrf_token(page), "answer_version": "0", "lives_in_area": "yes"}
    first = client.post("/questions/lives_in_area", data=data)
    second = client.post("/questions/lives_in_area", data=data)
    assert first.status_code == second.status_code == 302
    [assessment] = saved(app)
    assert assessment.answers["lives_in_area"] is True
    assert assessment.answer_versions["lives_in_area"] == 1


def test_a_stale_tab_shows_what_changed_instead_of_overwriting(app, client):
    answer_page(client, "respondent", "parent_carer")
    answer_page(client, "lives_in_area", True)
    old_tab = client.get("/questions/lives_in_area")  # version 1
    answer_page(client, "lives_in_area", False)  # the other tab changes it: version 2
    response = client.post(
        "/questions/lives_in_area",
        data={"csrf_token": csrf_token(old_tab), "answer_version": "1", "lives_in_area": "yes"},
    )
    assert response.status_code == 409
    page = parse(response)
    assert heading(response) == "This answer was changed somewhere else"
    rows = {
        text_of(r.select_one("dt")): text_of(r.select_one("dd"))
        for r in page.select(".govuk-summary-list__row")
    }
    assert rows == {"Saved answer": "No", "Your answer on this page": "Yes"}
    assert saved(app)[0].answers["lives_in_area"] is False
    # Choosing "Use my answer" saves it deliberately.
    form = page.select_one("form")
    data = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    client.post("/questions/lives_in_area", data=data)
    assert saved(app)[0].answers["lives_in_area"] is True


def test_the_back_button_and_a_resubmitted_old_page_change_nothing_else(app, client):
    for node_id, value in [
        ("respondent", "parent_carer"),
        ("lives_in_area", True),
        ("birth_month", "2016-03"),
    ]:
        answer_page(client, node_id, value)
    old = client.get("/questions/respondent")
    response = client.post(
        "/questions/respondent",
        data={"csrf_token": csrf_token(old), "answer_version": "1", "respondent": "parent_carer"},
    )
    assert path_of(response.headers["Location"]) == "/questions/lives_in_area"
    assert saved(app)[0].answers == {
        "respondent": "parent_carer",
        "lives_in_area": True,
        "birth_month": "2016-03",
    }


def test_changing_an_earlier_answer_keeps_later_answers(app, client):
    complete_journey(client, NEUTRAL, finish=False)
    page = client.get("/questions/respondent?change=1")
    client.post(
        "/questions/respondent?change=1",
        data={"csrf_token": csrf_token(page), "answer_version": "1", "respondent": "professional"},
    )
    answers = saved(app)[0].answers
    assert answers["respondent"] == "professional"
    assert answers["upcoming_transition"] == ["none"]


def test_a_post_for_a_question_off_the_path_changes_nothing(app, client):
    answer_page(client, "respondent", "parent_carer")
    page = client.get("/questions/respondent")
    response = client.post(
        "/questions/therapy_needs",
        data={"csrf_token": csrf_token(page), "answer_version": "0", "therapy_needs": "none"},
    )
    assert path_of(response.headers["Location"]) == "/questions/lives_in_area"
    assert "therapy_needs" not in saved(app)[0].answers


def test_new_questions_are_named_after_the_content_changes(app, client):
    seed(client, NEUTRAL, upto="ehc_status")
    with app.app_context():
        session = app.extensions["db_sessionmaker"]()
        assessment = session.scalars(select(Assessment)).one()
        assessment.content_version = "older"
        assessment.known_nodes = [
            n for n in assessment.known_nodes if n not in ("needs_areas", "ehc_status")
        ]
        session.commit()
        session.close()
    page = client.get("/questions/ehc_status")
    banner = text_of(parse(page).select_one(".govuk-notification-banner"))
    assert "The questions have changed since your last visit. Your answers are kept." in banner
    assert "Areas of need" in banner and "EHC needs assessment or plan" in banner
    assert saved(app)[0].content_version == app.extensions["content"].version
    assert (
        parse(client.get("/questions/ehc_status")).select_one(".govuk-notification-banner") is None
    )


def test_no_answer_reaches_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    answer_page(client, "respondent", "parent_carer")
    seed(
        client,
        {**NEUTRAL, "letter_wanted": True, "support_meeting_needs": "partly"},
        upto="first_name",
    )
    page = client.get("/questions/first_name")
    client.post(
        "/questions/first_name",
        data={"csrf_token": csrf_token(page), "answer_version": "0", "first_name": "Zebedee"},
    )
    assert caplog.records
    assert "Zebedee" not in caplog.text


def test_hostile_text_is_shown_as_text(client):
    seed(
        client,
        {**NEUTRAL, "letter_wanted": True, "support_meeting_needs": "partly"},
        upto="child_strengths",
    )
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    page = client.get("/questions/child_strengths")
    client.post(
        "/questions/child_strengths",
        data={"csrf_token": csrf_token(page), "answer_version": "0", "child_strengths": hostile},
    )
    shown = parse(client.get("/questions/child_strengths"))
    assert shown.select_one("textarea").get_text() == hostile
    assert shown.find("img", attrs={"onerror": True}) is None
    assert not [s for s in shown.find_all("script") if "alert" in s.get_text()]


def test_question_pages_are_not_cached(client):
    assert client.get("/questions/respondent").headers["Cache-Control"] == "no-store"


def test_a_family_can_download_everything_held_about_them(client):
    answer_page(client, "respondent", "parent_carer")
    answer_page(client, "lives_in_area", True)
    response = client.get("/questions/your-data.json")
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="send-answers-')
    held = response.json
    assert held["answers"] == {"respondent": "parent_carer", "lives_in_area": True}
    assert held["plan"] is None
    token = private_link(client).rsplit("/", 1)[-1]
    assert token not in response.get_data(as_text=True)
    assert 'href="/questions/your-data.json"' in client.get("/questions/save-and-return").get_data(
        as_text=True
    )


def _another_save_lands_first(app, monkeypatch, token: str, change: dict) -> None:
    """The next save meets a record someone else saved a moment before (another tab)."""
    real_update = service.assessments.update

    def update(session, record, sealer, **changes):
        monkeypatch.setattr(service.assessments, "update", real_update)
        with app.extensions["db_sessionmaker"]() as other:
            theirs = service.assessments.find_by_token(other, token, sealer)
            real_update(other, theirs, sealer, answers={**theirs.answers, **change})
        real_update(session, record, sealer, **changes)  # now stale: StaleRecord, then a retry

    monkeypatch.setattr(service.assessments, "update", update)


def test_an_answer_a_save_meanwhile_moved_off_the_path_is_not_saved_and_says_so(
    make_app, monkeypatch
):
    # A parent carer is asked about their own wellbeing; a young person answering is not.
    app = make_app(FIXED_NOW=AS_OF.isoformat())
    client = app.test_client()
    token = seed(client, NEUTRAL, upto="carer_wellbeing_concern")
    page = client.get("/questions/carer_wellbeing_concern")
    assert page.status_code == 200
    _another_save_lands_first(app, monkeypatch, token, {"respondent": "young_person"})

    sent = client.post(
        "/questions/carer_wellbeing_concern",
        data={
            "csrf_token": csrf_token(page),
            "answer_version": "0",
            **form_for("carer_wellbeing_concern", True),
        },
    )

    assert sent.status_code == 302
    shown = client.get(sent.headers["Location"], follow_redirects=True)
    assert "That question no longer applies to your answers, so nothing was changed." in text_of(
        parse(shown)
    )
    [stored] = saved(app)
    assert stored.answers["respondent"] == "young_person"
    assert "carer_wellbeing_concern" not in stored.answers


def test_an_answer_a_save_meanwhile_made_wrong_shows_the_question_again(app, client, monkeypatch):
    # When other answers, saved a moment before, make this one wrong, the family sees why.
    seed(client, NEUTRAL, upto="carer_wellbeing_concern")
    page = client.get("/questions/carer_wellbeing_concern")

    def refused(*_args, **_kwargs):
        raise AnswerError("carer_wellbeing_concern", "required", "Select yes or no")

    monkeypatch.setattr(service, "record_answer", refused)
    sent = client.post(
        "/questions/carer_wellbeing_concern",
        data={
            "csrf_token": csrf_token(page),
            "answer_version": "0",
            **form_for("carer_wellbeing_concern", True),
        },
    )

    assert sent.status_code == 200
    assert error_summary(sent) == ["Select yes or no"]
    assert "carer_wellbeing_concern" not in saved(app)[0].answers
