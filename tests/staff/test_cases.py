"""A keyworker's cases: opening one with consent, filling in the questions with the family, the
family carrying on alone, notes, sharing, handing over, closing, and the audit trail."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from tests.support.pages import csrf_token, error_summary, heading, parse, text_of
from tests.support.personas import NEUTRAL
from tests.support.staff import post, sign_in
from tests.support.web_journey import answer_page, complete_journey, path_of
from wizard.storage import assessments
from wizard.storage.staff_models import AuditEvent, Case

SENTINEL = "Zebra-Sentinel-Note-4417"


def keyworker(app, people, who="kw1"):
    client = app.test_client()
    sign_in(client, getattr(people, who))
    return client


def record_of(app, case_id):
    with app.extensions["db_sessionmaker"]() as session:
        case = session.get(Case, case_id)
        return assessments.find_by_id(session, case.assessment_id, app.extensions["sealer"])


def trail(app, case_id):
    with app.extensions["db_sessionmaker"]() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id)
        ).all()
        return [(e.actor, e.action, e.detail) for e in events]


def test_opening_a_case_needs_a_label_who_agreed_when_and_to_what(app, people):
    client = keyworker(app, people)
    page = client.get("/staff/cases/new")

    empty = client.post("/staff/cases/new", data={"csrf_token": csrf_token(page)})
    assert error_summary(empty) == [
        "Enter a label for the family, such as initials and a month",
        "Select who gave consent",
        "Enter the date consent was given",
        "Select answering the questions and keeping the answers. Without this consent you cannot open a case",
    ]
    future = client.post(
        "/staff/cases/new",
        data={
            "csrf_token": csrf_token(page),
            "label": "JT",
            "consent_by": "young_person",
            "consent_day": "1",
            "consent_month": "1",
            "consent_year": "2099",
            "consent_to": "answers",
        },
    )
    assert error_summary(future) == ["Date consent was given must be today or in the past"]

    made = client.post(
        "/staff/cases/new",
        data={
            "csrf_token": csrf_token(page),
            "label": "JT Nov",
            "consent_by": "young_person",
            "consent_day": "3",
            "consent_month": "11",
            "consent_year": "2026",
            "consent_to": ["answers", "notes"],
        },
    )
    case_page = client.get(made.headers["Location"])
    assert heading(case_page) == "JT Nov"
    summary = text_of(parse(case_page).select_one(".govuk-summary-list"))
    assert "The young person, on Tuesday 3 November 2026, to:" in summary
    assert "Keyworkers keeping notes about the case" in summary
    assert "Sharing the case" not in summary
    case_id = int(path_of(made.headers["Location"]).rsplit("/", 1)[-1])
    assert trail(app, case_id)[0][:2] == ("staff", "create")


def test_the_caseload_lists_my_cases_and_those_shared_with_me(app, people):
    client = keyworker(app, people)
    rows = parse(client.get("/staff/")).select("tbody tr")
    assert [text_of(r.select_one("td")) for r in rows] == ["Family A"]

    reference = record_of(app, people.case_a).reference
    assert len(parse(client.get(f"/staff/?q={reference}")).select("tbody tr")) == 1
    assert len(parse(client.get("/staff/?q=nothing-like-this")).select("tbody tr")) == 0
    assert len(parse(client.get("/staff/?status=closed")).select("tbody tr")) == 0


def test_searching_by_label_finds_my_cases_whatever_the_case_of_the_letters(app, people):
    from tests.support.staff import open_case

    open_case(app, people.kw1, "Family C Smith")
    client = keyworker(app, people)

    def found(query):
        rows = parse(client.get(f"/staff/?q={query}")).select("tbody tr")
        return [text_of(row.select_one("td a")) for row in rows]

    assert found("FAMILY") == ["Family C Smith", "Family A"]  # most recently changed first
    assert found("c smi") == ["Family C Smith"]
    assert found("50%") == [] and found("Family_A") == []  # no wildcards: the words as typed
    post(client, f"/staff/cases/{people.case_a}/status", {"status": "closed"})
    assert found("family") == ["Family A", "Family C Smith"]  # closing it changed it last
    rows = parse(client.get("/staff/?q=family&status=open")).select("tbody tr")
    assert [text_of(row.select_one("td a")) for row in rows] == ["Family C Smith"]


def test_a_keyworker_never_finds_another_keyworkers_case_by_its_label(app, people):
    client = keyworker(app, people)
    page = client.get("/staff/?q=Family B").get_data(as_text=True)
    assert "Family B" not in page.replace('value="Family B"', "")
    assert parse(client.get("/staff/?q=Family B")).select("tbody tr") == []
    colleague = keyworker(app, people, "kw2")
    rows = parse(colleague.get("/staff/?q=family b")).select("tbody tr")
    assert [text_of(row.select_one("td a")) for row in rows] == ["Family B"]


def test_a_keyworker_fills_in_the_questions_with_the_family_and_each_answer_says_so(app, people):
    client = keyworker(app, people)
    post(client, f"/staff/cases/{people.case_a}/questions")

    banner = text_of(
        parse(client.get("/questions/respondent")).select_one(".govuk-notification-banner")
    )
    assert "You are filling in the questions for Family A (case" in banner
    complete_journey(client, NEUTRAL)

    record = record_of(app, people.case_a)
    assert record.status == "finished" and record.plan
    assert set(record.answered_by.values()) == {"keyworker"}
    assert set(record.answered_by) == set(record.answers)
    edits = [detail for actor, action, detail in trail(app, people.case_a) if action == "edit"]
    assert "question respondent" in edits and "plan made" in edits
    # The audit never holds answers.
    assert all(str(value) not in " ".join(edits) for value in ("2016-03", "parent_carer"))


def test_the_family_carries_on_alone_with_their_private_link_and_sees_the_same_plan(app, people):
    client = keyworker(app, people)
    post(client, f"/staff/cases/{people.case_a}/questions")
    answer_page(client, "respondent", NEUTRAL["respondent"])
    link_page = post(
        client, f"/staff/cases/{people.case_a}/family-link", page=f"/staff/cases/{people.case_a}"
    )
    link = text_of(parse(link_page).select_one("#private-link"))

    family = app.test_client()
    opened = family.get(path_of(link))
    assert opened.status_code == 302
    complete_journey(family, NEUTRAL)

    record = record_of(app, people.case_a)
    assert record.answered_by["respondent"] == "keyworker"
    assert record.answered_by["birth_month"] == "family"
    post(
        client,
        f"/staff/cases/{people.case_a}/questions",
        {"to": "plan"},
        page=f"/staff/cases/{people.case_a}",
    )
    assert text_of(parse(client.get("/plan/")).select_one("main h1")) == text_of(
        parse(family.get("/plan/")).select_one("main h1")
    )
    steps = [h.get("id") for h in parse(family.get("/plan/")).select(".app-action [id^=action-]")]
    assert steps, "the plan has steps"
    assert [
        h.get("id") for h in parse(client.get("/plan/")).select(".app-action [id^=action-]")
    ] == steps
    # "Did this plan help?" is asked of the family, not of the keyworker
    assert parse(family.get("/plan/")).select_one("#did-this-plan-help") is not None
    assert parse(client.get("/plan/")).select_one("#did-this-plan-help") is None
    actors = {actor for actor, _action, _detail in trail(app, people.case_a)}
    assert actors == {"staff", "family"}


def test_a_family_and_a_keyworker_saving_the_same_answer_never_lose_a_write(app, people):
    client = keyworker(app, people)
    post(client, f"/staff/cases/{people.case_a}/questions")
    answer_page(client, "respondent", "parent_carer")
    link_page = post(
        client, f"/staff/cases/{people.case_a}/family-link", page=f"/staff/cases/{people.case_a}"
    )
    family = app.test_client()
    family.get(path_of(text_of(parse(link_page).select_one("#private-link"))))
    post(client, f"/staff/cases/{people.case_a}/questions", page=f"/staff/cases/{people.case_a}")

    seen_by_family = family.get("/questions/respondent")
    answer_page(client, "respondent", "young_person")  # the keyworker saves first
    stale = family.post(
        "/questions/respondent",
        data={
            "csrf_token": csrf_token(seen_by_family),
            "answer_version": parse(seen_by_family).select_one("input[name=answer_version]")[
                "value"
            ],
            "respondent": "professional",
        },
    )

    assert stale.status_code == 409
    assert record_of(app, people.case_a).answers["respondent"] == "young_person"


def test_notes_are_sealed_at_rest_and_shown_to_the_case_team(app, people):
    client = keyworker(app, people)
    post(
        client,
        f"/staff/cases/{people.case_a}/notes",
        {"note": SENTINEL},
        page=f"/staff/cases/{people.case_a}",
    )

    assert SENTINEL in text_of(
        parse(client.get(f"/staff/cases/{people.case_a}")).select_one("#notes").find_parent("div")
    )
    with app.extensions["db_engine"].connect() as connection:
        for table in ("staff_case_note", "audit_event", "staff_case"):
            rows = connection.execute(text(f"SELECT * FROM {table}")).all()
            assert SENTINEL not in json.dumps([list(map(str, row)) for row in rows]), table
    empty = post(
        client,
        f"/staff/cases/{people.case_a}/notes",
        {"note": " "},
        page=f"/staff/cases/{people.case_a}",
    )
    assert empty.status_code == 400 and error_summary(empty) == ["Enter a note"]


def test_sharing_gives_a_colleague_access_and_stopping_takes_it_away(app, people):
    owner, colleague = keyworker(app, people), keyworker(app, people, "kw2")
    assert colleague.get(f"/staff/cases/{people.case_a}").status_code == 404

    post(
        owner,
        f"/staff/cases/{people.case_a}/share",
        {"colleague": str(people.kw2.id)},
        page=f"/staff/cases/{people.case_a}/share",
    )
    assert colleague.get(f"/staff/cases/{people.case_a}").status_code == 200
    assert "Shared by Kay Worker" in text_of(parse(colleague.get("/staff/")))
    assert (
        colleague.get(f"/staff/cases/{people.case_a}/share").status_code == 403
    )  # only the case's keyworker shares
    handing = colleague.get(f"/staff/cases/{people.case_a}/hand-over")
    assert handing.status_code == 403  # nor hands it over (case_route(owner_only=True))
    taken = colleague.post(
        f"/staff/cases/{people.case_a}/hand-over",
        data={
            "csrf_token": csrf_token(colleague.get("/feedback")),
            "colleague": str(people.kw2.id),
        },
    )
    assert taken.status_code == 403

    post(
        owner,
        f"/staff/cases/{people.case_a}/share",
        {"stop": str(people.kw2.id)},
        page=f"/staff/cases/{people.case_a}/share",
    )
    assert colleague.get(f"/staff/cases/{people.case_a}").status_code == 404
    actions = [action for _actor, action, _detail in trail(app, people.case_a)]
    assert "share" in actions and "unshare" in actions


def test_sharing_needs_the_familys_consent(app, people):
    from tests.support.staff import open_case

    private = open_case(app, people.kw1, "Private family", consent_to=("answers",))
    client = keyworker(app, people)

    response = client.get(f"/staff/cases/{private}/share")

    assert response.status_code == 302
    assert "The family has not agreed to the case being shared." in client.get(
        f"/staff/cases/{private}"
    ).get_data(as_text=True)


def test_handing_over_moves_the_case(app, people):
    owner, colleague = keyworker(app, people), keyworker(app, people, "kw2")
    page = owner.get(f"/staff/cases/{people.case_a}/hand-over")
    none = owner.post(
        f"/staff/cases/{people.case_a}/hand-over", data={"csrf_token": csrf_token(page)}
    )
    assert error_summary(none) == ["Select the keyworker to hand the case to"]

    owner.post(
        f"/staff/cases/{people.case_a}/hand-over",
        data={"csrf_token": csrf_token(page), "colleague": str(people.kw2.id)},
    )

    assert owner.get(f"/staff/cases/{people.case_a}").status_code == 404
    assert colleague.get(f"/staff/cases/{people.case_a}").status_code == 200


def test_a_closed_case_cannot_be_changed_until_reopened(app, people):
    client = keyworker(app, people)
    case_url = f"/staff/cases/{people.case_a}"
    post(client, f"{case_url}/status", {"status": "closed"}, page=case_url)

    blocked = post(client, f"{case_url}/questions", page=case_url)
    assert path_of(blocked.headers["Location"]) == case_url
    assert len(parse(client.get("/staff/?status=closed")).select("tbody tr")) == 1

    post(client, f"{case_url}/status", {"status": "open"}, page=case_url)
    assert (
        path_of(post(client, f"{case_url}/questions", page=case_url).headers["Location"])
        == "/questions/"
    )


def test_the_admin_reads_the_audit_trail_without_any_answers(app, people):
    client = keyworker(app, people)
    client.get(f"/staff/cases/{people.case_a}")
    admin = app.test_client()
    sign_in(admin, people.admin)

    found = admin.get(f"/staff/admin/audit?case={people.case_a}")
    page = parse(admin.get(found.headers["Location"]))

    rows = [[text_of(td) for td in tr.select("td")] for tr in page.select("tbody tr")]
    assert [row[2] for row in rows] == ["Create", "View"]
    assert rows[1][1] == "Kay Worker"
    missing = admin.get("/staff/admin/audit?case=999999")
    assert "There is no case with this number" in missing.get_data(as_text=True)


def test_the_audit_is_append_only(app, people):
    with app.extensions["db_engine"].connect() as connection:
        for statement in ("UPDATE audit_event SET action = 'nothing'", "DELETE FROM audit_event"):
            with pytest.raises(Exception, match="append-only"), connection.begin():
                connection.execute(text(statement))


def test_when_the_family_deletes_their_answers_the_case_says_so(app, people):
    client = keyworker(app, people)
    link_page = post(
        client, f"/staff/cases/{people.case_a}/family-link", page=f"/staff/cases/{people.case_a}"
    )
    family = app.test_client()
    family.get(path_of(text_of(parse(link_page).select_one("#private-link"))))

    page = family.get("/questions/delete-answers")
    family.post("/questions/delete-answers", data={"csrf_token": csrf_token(page)})

    case_page = text_of(parse(client.get(f"/staff/cases/{people.case_a}")))
    assert "The family deleted their answers" in case_page
    assert ("family", "delete", "the family deleted their answers") in trail(app, people.case_a)


def test_the_timeout_saves_the_page_then_signs_out(app, people):
    client = keyworker(app, people)
    post(client, f"/staff/cases/{people.case_a}/questions")
    page = client.get("/questions/respondent")

    response = client.post(
        "/questions/respondent",
        data={
            "csrf_token": csrf_token(page),
            "answer_version": "0",
            "respondent": "parent_carer",
            "autosave": "1",
        },
    )

    assert path_of(response.headers["Location"]) == "/staff/sign-in"
    assert record_of(app, people.case_a).answers["respondent"] == "parent_carer"
    assert client.get("/staff/").headers["Location"].startswith("/staff/sign-in")
    # A keyworker signed out mid-way is sent to sign in, never to a new anonymous set of answers.
    with client.session_transaction() as browser:
        browser["staff_case"] = people.case_a
    assert client.get("/questions/respondent").headers["Location"].startswith("/staff/sign-in")


def test_editors_see_feedback_and_the_directory_but_no_cases(app, people):
    from tests.support.directory import load_demo

    load_demo(app)
    visitor = app.test_client()
    page = visitor.get("/feedback")
    visitor.post(
        "/feedback",
        data={
            "csrf_token": csrf_token(page),
            "satisfaction": "satisfied",
            "comments": "Clear and quick",
        },
    )
    editor = app.test_client()
    sign_in(editor, people.editor)

    assert "Clear and quick" in text_of(parse(editor.get("/staff/feedback")))
    directory = text_of(parse(editor.get("/staff/directory")))
    assert "Children's wheelchair service" in directory and "overdue" in directory
    assert editor.get(f"/staff/cases/{people.case_a}").status_code == 404


def test_editors_see_how_many_people_chose_each_answer(app, people):
    visitor = app.test_client()
    for satisfaction in ("neutral", "neutral", "very_satisfied"):
        page = visitor.get("/feedback")
        visitor.post(
            "/feedback", data={"csrf_token": csrf_token(page), "satisfaction": satisfaction}
        )
    editor = app.test_client()
    sign_in(editor, people.editor)
    counts = [text_of(item) for item in parse(editor.get("/staff/feedback")).select("main li")]
    assert counts == [
        "Very satisfied: 1",
        "Satisfied: 0",
        "Neither satisfied nor dissatisfied: 2",
        "Dissatisfied: 0",
        "Very dissatisfied: 0",
    ]


def test_closing_a_case_in_another_tab_stops_changes_at_once(app, people):
    client = keyworker(app, people)
    case_url = f"/staff/cases/{people.case_a}"
    post(client, f"{case_url}/questions", page=case_url)
    page = client.get("/questions/respondent")
    other_tab = app.test_client()
    sign_in(other_tab, people.kw1)
    post(other_tab, f"{case_url}/status", {"status": "closed"}, page=case_url)

    response = client.post(
        "/questions/respondent",
        data={"csrf_token": csrf_token(page), "answer_version": "0", "respondent": "parent_carer"},
    )

    assert path_of(response.headers["Location"]) == case_url
    assert record_of(app, people.case_a).answers == {}


def test_hostile_labels_and_notes_are_shown_as_text(app, people):
    client = keyworker(app, people)
    page = client.get("/staff/cases/new")
    hostile = '<script>alert("x")</script>'
    made = client.post(
        "/staff/cases/new",
        data={
            "csrf_token": csrf_token(page),
            "label": hostile[:80],
            "consent_by": "parent_carer",
            "consent_day": "1",
            "consent_month": "11",
            "consent_year": "2026",
            "consent_to": ["answers", "notes"],
        },
    )
    case_url = made.headers["Location"]
    post(client, f"{case_url}/notes", {"note": '<img src=x onerror="alert(1)">'}, page=case_url)

    for url in (case_url, "/staff/"):
        body = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in body and "<img src=x" not in body
    assert heading(client.get(case_url)) == hostile


def test_the_keyworkers_notes_on_the_letter_are_shown_to_the_keyworker_not_the_family(app, people):
    client = keyworker(app, people)
    post(client, f"/staff/cases/{people.case_a}/questions")
    answers = {
        **NEUTRAL,
        "respondent": "professional",
        "support_meeting_needs": "partly",
        "letter_wanted": True,
        "first_name": "Sam",
    }
    complete_journey(client, answers)
    link_page = post(
        client, f"/staff/cases/{people.case_a}/family-link", page=f"/staff/cases/{people.case_a}"
    )
    family = app.test_client()
    family.get(path_of(text_of(parse(link_page).select_one("#private-link"))))
    complete_journey(family, answers)
    post(
        client,
        f"/staff/cases/{people.case_a}/questions",
        {"to": "plan"},
        page=f"/staff/cases/{people.case_a}",
    )
    for_keyworker = parse(client.get("/plan/"))
    for_family = parse(family.get("/plan/"))
    notes = for_keyworker.select_one(".app-keyworker-notes")
    assert "For you as the keyworker" in text_of(notes)
    assert "Other professionals can tell the council about a child" in text_of(notes)
    assert for_family.select_one(".app-keyworker-notes") is None
    family_text = text_of(for_family.select_one("main"))
    assert "As Sam's parent, you can ask the council" in family_text
    assert "Other professionals" not in family_text and "You chose" not in family_text
