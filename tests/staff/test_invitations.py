"""Only the newest invitation works, and none works once the account is set up from one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
from sqlalchemy import select

from tests.support.pages import csrf_token, heading, parse, text_of
from tests.support.staff import PASSWORD, post, sign_in
from wizard.storage import staff_accounts, tokens
from wizard.storage.staff_models import AuditEvent, Invite, User

NOT_FOUND = "This invitation link does not work"


def new_person(app, email="new.person@demo.example"):
    with app.extensions["db_sessionmaker"]() as session:
        user = staff_accounts.create_user(session, email, "New Person", "keyworker")
        session.commit()
        return user.id


def invite(app, user_id, by=None):
    with app.extensions["db_sessionmaker"]() as session:
        user = session.get(User, user_id)
        token = staff_accounts.create_invite(session, user, by, datetime.now(UTC))
        session.commit()
        return token


def accept(client, token, password=PASSWORD):
    page = client.get(f"/staff/invitation/{token}", follow_redirects=True)
    if page.status_code != 200:
        return page
    return client.post(
        "/staff/invitation",
        data={"csrf_token": csrf_token(page), "password": password, "confirm": password},
    )


def set_up_app(client):
    page = client.get("/staff/set-up-authenticator")
    with client.session_transaction() as browser:
        secret = browser["staff_pending_totp"]
    done = client.post(
        "/staff/set-up-authenticator",
        data={"csrf_token": csrf_token(page), "code": pyotp.TOTP(secret).now()},
    )
    assert done.headers["Location"] == "/staff/"
    return secret


def test_a_new_invitation_cancels_the_earlier_ones(app, client):
    person = new_person(app)
    first, second = invite(app, person), invite(app, person)
    newest = invite(app, person)

    for old in (first, second):
        response = client.get(f"/staff/invitation/{old}")
        assert response.status_code == 404 and heading(response) == NOT_FOUND
        assert accept(app.test_client(), old).status_code == 404
    assert client.get(f"/staff/invitation/{newest}").status_code == 302


def test_an_admin_reinviting_cancels_the_link_sent_before(app, client, people):
    person = new_person(app)
    before = invite(app, person, by=people.admin.id)
    sign_in(client, people.admin)

    response = post(
        client, f"/staff/admin/users/{person}/access", {"action": "reinvite"}, "/staff/admin/users"
    )

    assert response.status_code == 200
    assert app.test_client().get(f"/staff/invitation/{before}").status_code == 404
    with app.extensions["db_sessionmaker"]() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert "invites_cancelled" in actions


def test_accepting_an_invitation_cancels_the_others(app, client):
    """Two live links (made before this fix, say): setting up the account from one stops the other
    from taking the account over."""
    person = new_person(app)
    old = invite(app, person)
    newest = tokens.new_token()
    with app.extensions["db_sessionmaker"]() as session:
        # As a database from before this release may hold them: both links still live.
        moment = datetime.now(UTC)
        session.add(
            Invite(
                token_hash=tokens.digest(newest),
                user_id=person,
                created_at=moment,
                expires_at=moment + timedelta(hours=72),
            )
        )
        session.commit()

    assert accept(client, newest).headers["Location"] == "/staff/set-up-authenticator"
    set_up_app(client)

    thief = app.test_client()
    response = accept(thief, old, "another long pass phrase")
    assert response.status_code == 404 and heading(response) == NOT_FOUND
    assert client.get("/staff/").status_code == 200  # the real person is still signed in
    with app.extensions["db_sessionmaker"]() as session:
        user = session.get(User, person)
        assert user.totp_secret is not None
        actions = session.scalars(select(AuditEvent.action)).all()
    assert "invite_accepted" in actions and "invites_cancelled" in actions


def test_an_old_link_does_not_take_over_an_account_set_up_from_it(app, client):
    """The report's case: the account is set up, then the old link is opened again."""
    person = new_person(app)
    token = invite(app, person)
    accept(client, token)
    set_up_app(client)

    response = accept(app.test_client(), token, "another long pass phrase")

    assert response.status_code == 404 and heading(response) == NOT_FOUND
    assert client.get("/staff/").status_code == 200


def test_the_form_is_shown_at_an_address_without_the_token(app, client):
    # The token never sits in the address bar, the history or a Referer (ADR 0016).
    token = invite(app, new_person(app))

    opened = client.get(f"/staff/invitation/{token}")

    assert opened.status_code == 302 and opened.headers["Location"] == "/staff/invitation"
    page = client.get("/staff/invitation")
    assert heading(page) == "Choose a password"
    assert token not in page.get_data(as_text=True)
    done = client.post(
        "/staff/invitation",
        data={"csrf_token": csrf_token(page), "password": PASSWORD, "confirm": PASSWORD},
    )
    assert done.headers["Location"] == "/staff/set-up-authenticator"
    with client.session_transaction() as browser:
        assert token not in str(dict(browser))  # used, so forgotten
    assert heading(client.get("/staff/invitation")) == NOT_FOUND


def test_the_token_free_address_alone_shows_that_the_link_does_not_work(app, client):
    response = client.get("/staff/invitation")
    assert response.status_code == 404 and heading(response) == NOT_FOUND


def test_a_link_that_does_not_work_is_not_kept(app, client):
    good = invite(app, new_person(app))
    client.get(f"/staff/invitation/{good}")
    bad = client.get("/staff/invitation/not-a-real-token")
    assert bad.status_code == 404 and heading(bad) == NOT_FOUND
    # The good link opened before is still the one the form uses.
    assert heading(client.get("/staff/invitation")) == "Choose a password"


def test_the_link_an_admin_is_given_opens_the_invitation(app, client, people):
    person = new_person(app)
    sign_in(client, people.admin)
    shown = post(
        client, f"/staff/admin/users/{person}/access", {"action": "reinvite"}, "/staff/admin/users"
    )
    link = text_of(parse(shown).select_one("#invite-link"))
    assert link.startswith("http://localhost/staff/invitation/")
    opened = app.test_client().get(link.replace("http://localhost", ""), follow_redirects=True)
    assert opened.status_code == 200 and heading(opened) == "Choose a password"
