"""'You said, we did' (issue 18): editors triage comments, write entries that say what the council
will do and by when, publish them and mark them done. Nothing a person wrote reaches the public page
unless they allowed it and an editor wrote the words to publish, confirming nothing identifies them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.coproduction.test_local_offer_feedback import GOOD, send, stored
from tests.support.pages import csrf_token, error_summary, heading, parse, text_of
from tests.support.staff import sign_in
from wizard.storage.staff_models import AuditEvent

ENTRY = {
    "theme": "School transport",
    "topic": "transport",
    "you_said": "The transport pages are hard to find.",
    "we_will": "Move the transport policy to the Local Offer's front page.",
    "due_day": "31",
    "due_month": "3",
    "due_year": "2027",
    "status": "will_do",
}


def submit(client, url, data):
    page = client.get(url)
    if page.status_code != 200:  # a POST-only address: the token of any page in this session
        page = client.get("/staff/you-said-we-did")
    return client.post(url, data={"csrf_token": csrf_token(page), **data})


def new_entry(editor, **changes) -> int:
    response = submit(editor, "/staff/you-said-we-did/new", {**ENTRY, **changes})
    assert response.status_code == 302, error_summary(response)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def publish(editor, entry_id: int, published: str = "yes"):
    return submit(editor, f"/staff/you-said-we-did/{entry_id}/publish", {"published": published})


def public(client, **params):
    return parse(client.get("/you-said-we-did", query_string=params))


def test_the_editor_sees_the_queue_with_counts_and_opens_a_comment(app, client, editor):
    send(client, GOOD)
    queue = parse(editor.get("/staff/local-offer-comments"))
    assert "New (1)" in text_of(queue.select_one("nav[aria-label='Comments by status']"))
    link = queue.select_one("tbody a")
    assert text_of(link).startswith("The bus pass page is hard to find.")
    page = parse(editor.get(link["href"]))
    assert "Demo travel training" in text_of(page.select_one(".govuk-summary-list"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"theme": ""}, "Enter a theme"),
        ({"status": ""}, "Select a status"),
        ({"status": "will_do", "reason": ""}, "Enter the reason for this status"),
        (
            {"published_words": "Finding transport is hard.", "nothing_identifying": ""},
            "Confirm you have removed anything that could identify the person or a child",
        ),
        ({"entry": "999"}, "Select an entry from the list"),
    ],
)
def test_triage_mistakes_get_gov_uk_messages(app, client, editor, change, message):
    send(client, GOOD)
    [(row, _words)] = stored(app)
    good = {"theme": "Transport", "status": "considering", "reason": "Looking into it", "entry": ""}
    response = submit(editor, f"/staff/local-offer-comments/{row.id}", {**good, **change})
    assert error_summary(response) == [message]
    [(unchanged, _words)] = stored(app)
    assert (unchanged.theme, unchanged.status) == ("", "new")


def triage(editor, comment_id, **data):
    response = submit(editor, f"/staff/local-offer-comments/{comment_id}", data)
    assert response.status_code == 302, error_summary(response)


def test_only_allowed_words_that_an_editor_wrote_reach_the_public_page(app, client, editor):
    send(client, GOOD)  # allowed to publish
    send(client, {**GOOD, "may_publish": "no", "comment": "Sam at Oak School has no bus."})
    (allowed, _), (refused, _) = stored(app)
    entry_id = new_entry(editor)
    for row in (allowed, refused):
        triage(
            editor,
            row.id,
            theme="Transport",
            status="will_do",
            reason="In the plan for next year",
            published_words="The bus pass page is hard to find.",
            nothing_identifying="y",
            entry=str(entry_id),
        )
    (allowed, _), (refused, _) = stored(app)
    assert allowed.published_words == "The bus pass page is hard to find."
    assert refused.published_words == "", "words published against the person's wishes"
    assert "can be quoted" not in text_of(
        parse(editor.get(f"/staff/local-offer-comments/{allowed.id}"))
    )
    assert "none can be quoted" in text_of(
        parse(editor.get(f"/staff/local-offer-comments/{refused.id}"))
    )
    assert public(client).select(".app-entry") == [], "not published yet"
    publish(editor, entry_id)
    [shown] = public(client).select(".app-entry")
    assert [text_of(q) for q in shown.select("blockquote")] == [
        "“The bus pass page is hard to find.”"
    ]
    assert "Sam" not in text_of(shown) and "Oak School" not in text_of(shown)


def test_a_published_entry_says_what_was_said_what_will_be_done_and_by_when(client, editor):
    entry_id = new_entry(editor)
    response = publish(editor, entry_id)
    assert response.status_code == 302
    page = public(client)
    [entry] = page.select(".app-entry")
    words = text_of(entry)
    assert "School transport" in words and "We will do this" in words
    assert "You said The transport pages are hard to find." in words
    assert "What we will do Move the transport policy" in words
    assert "By Wednesday 31 March 2027." in words
    review = text_of(page.select_one(".govuk-inset-text"))
    assert "last reviewed its Local Offer with families on Wednesday 15 July 2026" in review
    assert "next review is planned for Thursday 15 July 2027" in review


def test_marking_an_entry_done_records_the_day_and_says_what_was_done(app, client, editor):
    entry_id = new_entry(editor)
    publish(editor, entry_id)
    response = submit(editor, f"/staff/you-said-we-did/{entry_id}", {**ENTRY, "status": "done"})
    assert response.status_code == 302
    words = text_of(public(client).select_one(".app-entry"))
    assert "Done" in words and "What we did" in words and "Done on " in words


def test_entries_are_listed_newest_first_and_by_theme(client, editor):
    first = new_entry(editor, theme="School transport")
    second = new_entry(editor, theme="Short breaks", topic="social_care")
    publish(editor, first)
    publish(editor, second)
    assert [text_of(h) for h in public(client).select(".app-entry h3")] == [
        "Short breaks",
        "School transport",
    ]
    only = public(client, theme="Short breaks")
    assert [text_of(h) for h in only.select(".app-entry h3")] == ["Short breaks"]
    assert [text_of(h) for h in public(client, theme="Made up").select(".app-entry h3")] == [
        "Short breaks",
        "School transport",
    ]


def test_taking_an_entry_off_the_public_page(client, editor):
    entry_id = new_entry(editor)
    publish(editor, entry_id)
    publish(editor, entry_id, "no")
    assert public(client).select(".app-entry") == []
    assert "has not published any entries yet" in text_of(public(client).select_one("main"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"theme": ""}, "Enter a theme"),
        ({"topic": ""}, "Select a topic"),
        ({"you_said": ""}, "Enter what people said"),
        ({"we_will": ""}, "Enter what the council will do"),
        ({"due_month": ""}, "By when must include a month"),
        ({"due_day": "", "due_month": ""}, "By when must include a day and a month"),
        ({"due_year": "27"}, "Year must include 4 numbers"),
        ({"due_day": "30", "due_month": "2"}, "By when must be a real date"),
        ({"due_day": "²"}, "By when must be a real date"),
        ({"status": "maybe"}, "Select a status"),
    ],
)
def test_entry_mistakes_get_gov_uk_messages_and_nothing_is_saved(editor, change, message):
    response = submit(editor, "/staff/you-said-we-did/new", {**ENTRY, **change})
    assert error_summary(response) == [message]
    assert "There are no entries yet." in text_of(parse(editor.get("/staff/you-said-we-did")))


def test_the_contact_details_can_be_deleted_once_replied_to(app, client, editor):
    send(client, {**GOOD, "contact_email": "sam@example.com"})
    [(row, _words)] = stored(app)
    page = editor.get(f"/staff/local-offer-comments/{row.id}")
    assert "sam@example.com" in text_of(parse(page))
    submit(editor, f"/staff/local-offer-comments/{row.id}/delete-contact", {})
    [(row, words)] = stored(app)
    assert (words.contact_email, row.has_contact, words.comment) == ("", False, GOOD["comment"])


def test_every_editor_action_is_in_the_audit_trail_without_the_words(app, client, editor):
    send(client, GOOD)
    [(row, _words)] = stored(app)
    entry_id = new_entry(editor)
    triage(editor, row.id, theme="Transport", status="will_do", reason="Planned", entry="")
    publish(editor, entry_id)
    with app.extensions["db_sessionmaker"]() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        done = [(e.action, e.detail) for e in events if e.case_id is None and e.actor_id]
    assert ("entry written", f"entry {entry_id}") in done
    assert ("comment triaged", f"comment {row.id} status will_do") in done
    assert ("entry published", f"entry {entry_id}") in done
    assert not any("bus pass" in detail for _action, detail in done)


@pytest.mark.parametrize(
    "url", ["/staff/local-offer-comments", "/staff/you-said-we-did", "/staff/you-said-we-did/new"]
)
def test_only_editors_and_admins_triage_and_publish(app, people, url):
    keyworker = app.test_client()
    sign_in(keyworker, people.kw1)
    assert keyworker.get(url).status_code == 403
    admin = app.test_client()
    sign_in(admin, people.admin)
    assert admin.get(url).status_code == 200
    nobody = app.test_client().get(url)
    assert nobody.status_code == 302 and "/staff/sign-in" in nobody.headers["Location"]


def test_a_comment_or_entry_that_does_not_exist_is_not_found(editor):
    assert editor.get("/staff/local-offer-comments/999").status_code == 404
    assert editor.get("/staff/you-said-we-did/999").status_code == 404
    assert heading(editor.get("/staff/you-said-we-did/999")) == "Page not found"
