"""A provider withdraws a change that is waiting for the council: a confirmation page, then the
change leaves the editor's queue, reads "Withdrawn" in the provider's history and is audited.
A decided change cannot be withdrawn, and only the provider's own organisation's changes can."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from tests.support.directory import demo_service, load_demo
from tests.support.pages import csrf_token, heading, parse, text_of
from tests.support.providers import (
    PLAY,
    form_fields,
    make_provider,
    send_listing_change,
    signed_in_provider_and_editor,
)
from tests.support.staff import sign_in
from wizard.storage.directory_models import Service
from wizard.storage.staff_models import AuditEvent, ListingChange

ADVICE_LINE = demo_service("sendiass-advice-line")
EDIT = f"/staff/provider/services/{ADVICE_LINE}"
NEW_WORDS = "Free advice about SEND for families (withdrawn later, demonstration)."


@pytest.fixture
def people(app):
    """A provider who has sent a change, and an editor."""
    load_demo(app)
    provider, provider_client, editor_client = signed_in_provider_and_editor(app)
    assert send(provider_client, {"description": NEW_WORDS}).status_code == 302
    return provider, provider_client, editor_client


def send(client, changes):
    return send_listing_change(client, ADVICE_LINE, changes)


def changes(app):
    with app.extensions["db_sessionmaker"]() as session:
        return list(session.scalars(select(ListingChange).order_by(ListingChange.id)))


def the_change(app):
    [change] = changes(app)
    return change


def withdraw_url(change):
    return f"/staff/provider/changes/{change.id}/withdraw"


def audited(app):
    with app.extensions["db_sessionmaker"]() as session:
        return list(
            session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action.like("listing_change_%"))
                .order_by(AuditEvent.id)
            )
        )


def withdraw(client, change):
    confirm = client.get(withdraw_url(change))
    return client.post(withdraw_url(change), data={"csrf_token": csrf_token(confirm)})


def decide(app, editor, action):
    change = the_change(app)
    review = editor.get(f"/staff/listing-changes/{change.id}")
    page = parse(review)
    data = {"csrf_token": csrf_token(review), "seen": page.select_one("input[name=seen]")["value"]}
    if action == "return":
        data["reason"] = "The advice line is open on Fridays."
    assert editor.post(f"/staff/listing-changes/{change.id}/{action}", data=data).status_code == 302


def test_a_waiting_change_offers_withdrawal_on_a_confirmation_page(app, people):
    _, provider, _ = people
    change = the_change(app)
    edit = parse(provider.get(EDIT))

    link = edit.select_one(".app-pending-change a")
    assert text_of(link) == "Withdraw this change"
    assert link["href"] == withdraw_url(change)

    confirm = provider.get(withdraw_url(change))
    assert confirm.status_code == 200
    assert (
        heading(confirm) == "Are you sure you want to withdraw your change to SENDIASS advice line?"
    )
    page = parse(confirm)
    # What is being withdrawn, so the provider knows which change this is.
    assert "What the service does" in text_of(page.select_one(".app-comparison"))
    assert NEW_WORDS in text_of(page.select_one(".app-comparison"))
    assert "The council will not see it" in text_of(page.select_one(".govuk-warning-text"))
    form = page.select_one(f"form[action='{withdraw_url(change)}']")
    assert form["method"] == "post"
    assert form.select_one("input[name=csrf_token]")
    assert text_of(form.select_one("button")) == "Withdraw this change"
    assert page.select_one(f"a[href='{EDIT}']") is not None  # a way back without withdrawing
    assert the_change(app).status == "pending"  # looking changes nothing


def test_withdrawing_takes_the_change_out_of_the_queue_and_the_history_says_so(app, people):
    _, provider, editor = people
    change = the_change(app)

    response = withdraw(provider, change)

    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/provider/"
    home = parse(provider.get("/staff/provider/"))
    banner = home.select_one(".govuk-notification-banner--success")
    assert "You withdrew your change to SENDIASS advice line" in text_of(banner)
    row = next(r for r in home.select("tbody tr") if "SENDIASS advice line" in text_of(r))
    assert "Withdrawn" in text_of(row)
    history = parse(provider.get(EDIT)).select_one(".app-change-history")
    assert "Withdrawn" in text_of(history)
    assert parse(provider.get(EDIT)).select_one(".app-pending-change") is None

    withdrawn = the_change(app)
    assert withdrawn.status == "withdrawn"
    assert withdrawn.decided_at is not None
    assert "No change is waiting" in text_of(parse(editor.get("/staff/listing-changes")))
    with app.extensions["db_sessionmaker"]() as session:
        assert session.get(Service, ADVICE_LINE).description != NEW_WORDS  # the listing stays


def test_the_withdrawal_is_audited_with_field_names_only_and_logs_hold_no_personal_data(
    app, people, caplog
):
    _, provider, _ = people
    change = the_change(app)

    with caplog.at_level(logging.DEBUG):
        withdraw(provider, change)

    events = audited(app)
    assert [event.action for event in events] == [
        "listing_change_proposed",
        "listing_change_withdrawn",
    ]
    assert events[-1].detail == f"listing change {change.id} service {ADVICE_LINE}: description"
    assert events[-1].actor_id == change.proposed_by
    for secret in ("pat.provider@demo.example", "Pat Provider", NEW_WORDS):
        assert secret not in caplog.text
        assert secret not in events[-1].detail


def test_an_editor_who_still_has_the_change_open_is_told_it_was_withdrawn(app, people):
    _, provider, editor = people
    change = the_change(app)
    review = editor.get(f"/staff/listing-changes/{change.id}")
    seen = parse(review).select_one("input[name=seen]")["value"]
    withdraw(provider, change)

    response = editor.post(
        f"/staff/listing-changes/{change.id}/approve",
        data={"csrf_token": csrf_token(review), "seen": seen},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/listing-changes"
    queue = parse(editor.get(response.headers["Location"]))
    assert "The provider withdrew this change" in text_of(queue.select_one("main"))
    assert the_change(app).status == "withdrawn"
    with app.extensions["db_sessionmaker"]() as session:
        assert session.get(Service, ADVICE_LINE).description != NEW_WORDS


def test_after_withdrawing_the_provider_can_send_a_new_change(app, people):
    _, provider, editor = people
    withdrawn = the_change(app)
    withdraw(provider, withdrawn)

    data = form_fields(parse(provider.get(EDIT)))
    assert data["description"] != NEW_WORDS  # the form starts from the listing again
    assert send(provider, {"url": "https://advice.sendiass.demo-borough.example/"}).status_code == (
        302
    )

    old, new = changes(app)
    assert (old.id, old.status) == (withdrawn.id, "withdrawn")
    assert new.status == "pending"
    assert new.changes == {"url": "https://advice.sendiass.demo-borough.example/"}
    rows = parse(editor.get("/staff/listing-changes")).select("tbody tr")
    assert len(rows) == 1
    assert rows[0].select_one("a")["href"] == f"/staff/listing-changes/{new.id}"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("approve", "The council has already approved and published this change"),
        ("return", "The council has already returned this change to you"),
    ],
)
def test_a_change_the_council_decided_cannot_be_withdrawn(app, people, action, message):
    _, provider, editor = people
    change = the_change(app)
    confirm = provider.get(withdraw_url(change))  # the provider opens the page, then the council
    decide(app, editor, action)  # decides before they press the button

    response = provider.post(withdraw_url(change), data={"csrf_token": csrf_token(confirm)})

    assert response.status_code == 302
    assert response.headers["Location"] == EDIT
    page = parse(provider.get(EDIT))
    assert message in text_of(page.select_one(".govuk-notification-banner"))
    assert "so you cannot withdraw it" in text_of(page.select_one(".govuk-notification-banner"))
    assert the_change(app).status == {"approve": "approved", "return": "returned"}[action]
    assert "listing_change_withdrawn" not in [event.action for event in audited(app)]
    again = provider.get(withdraw_url(change))  # an old link to the page says the same
    assert again.status_code == 302
    assert message in text_of(parse(provider.get(again.headers["Location"])))


def test_a_change_withdrawn_twice_is_withdrawn_once(app, people):
    _, provider, _ = people
    change = the_change(app)
    confirm = provider.get(withdraw_url(change))
    token = csrf_token(confirm)
    provider.post(withdraw_url(change), data={"csrf_token": token})

    again = provider.post(withdraw_url(change), data={"csrf_token": token})

    assert again.status_code == 302
    assert "You have already withdrawn this change" in text_of(
        parse(provider.get(again.headers["Location"]))
    )
    assert [e.action for e in audited(app)].count("listing_change_withdrawn") == 1


def test_only_the_providers_own_organisations_changes_can_be_withdrawn(app, people):
    _, provider, editor = people
    change = the_change(app)
    other = make_provider(app, "play.provider@demo.example", "Robin Play", PLAY)
    stranger = app.test_client()
    sign_in(stranger, other)
    token = csrf_token(
        stranger.get("/staff/provider/services/" + demo_service("inclusive-holiday-club"))
    )

    assert stranger.get(withdraw_url(change)).status_code == 404
    assert stranger.post(withdraw_url(change), data={"csrf_token": token}).status_code == 404
    assert provider.get("/staff/provider/changes/999999/withdraw").status_code == 404
    # Editors decide changes; they do not withdraw them on a provider's behalf.
    assert editor.get(withdraw_url(change)).status_code == 403
    signed_out = app.test_client().get(withdraw_url(change))
    assert signed_out.headers["Location"].startswith("/staff/sign-in")
    assert the_change(app).status == "pending"


def test_withdrawing_needs_the_forms_csrf_token(app, people):
    _, provider, _ = people
    change = the_change(app)

    response = provider.post(withdraw_url(change), data={})

    assert response.status_code == 400
    assert the_change(app).status == "pending"
