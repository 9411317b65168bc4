"""Signing in and out: generic errors, rate limits, session rotation, server-side sign-out and
disabling, codes that cannot be replayed, timeouts, invitations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
from sqlalchemy import update

from tests.support.pages import csrf_token, error_summary, heading
from tests.support.staff import PASSWORD, post, sign_in, sign_in_with_password
from wizard.storage import staff_accounts
from wizard.storage.staff_models import StaffSession, User


def try_password(client, email, password):
    page = client.get("/staff/sign-in")
    return client.post(
        "/staff/sign-in",
        data={"csrf_token": csrf_token(page), "email": email, "password": password},
    )


def test_a_keyworker_signs_in_with_password_and_code(client, people):
    response = sign_in(client, people.kw1)

    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    assert heading(client.get("/staff/")) == "Your cases"


def test_wrong_password_and_unknown_email_get_the_same_message(client, people):
    wrong = try_password(client, people.kw1.email, "not the password")
    unknown = try_password(client, "nobody@demo.example", "not the password")

    assert wrong.status_code == unknown.status_code == 400
    assert (
        error_summary(wrong)
        == error_summary(unknown)
        == ["Enter a correct email address and password"]
    )


def test_empty_fields_get_their_own_messages(client):
    response = try_password(client, "", "")

    assert error_summary(response) == ["Enter your email address", "Enter your password"]


def test_five_failures_lock_the_account_for_15_minutes_even_with_the_right_password(client, people):
    for _ in range(5):
        assert try_password(client, people.kw1.email, "wrong password!").status_code == 400

    locked = try_password(client, people.kw1.email, PASSWORD)

    assert locked.status_code == 429 and heading(locked) == "Too many attempts to sign in"
    assert try_password(client, people.kw2.email, PASSWORD).status_code == 302  # others are fine


def test_too_many_failures_from_one_address_are_stopped(client, people):
    for n in range(30):
        try_password(client, f"person{n}@demo.example", "wrong password!")

    assert try_password(client, people.kw1.email, PASSWORD).status_code == 429


def test_signing_in_starts_a_new_session_and_drops_what_the_browser_held(client, people):
    with client.session_transaction() as browser:
        browser["token"] = "a family's token"
        browser["staff"] = "planted-by-an-attacker"

    sign_in(client, people.kw1)

    with client.session_transaction() as browser:
        assert "token" not in browser
        assert browser["staff"] != "planted-by-an-attacker"


def test_signing_out_ends_the_session_on_the_server(app, client, people):
    sign_in(client, people.kw1)
    with client.session_transaction() as browser:
        stolen = dict(browser)

    post(client, "/staff/sign-out")
    thief = app.test_client()
    with thief.session_transaction() as browser:
        browser.update(stolen)

    assert thief.get("/staff/").headers["Location"].startswith("/staff/sign-in")


def test_disabling_an_account_ends_its_sessions_at_once(app, people):
    keyworker, admin = app.test_client(), app.test_client()
    sign_in(keyworker, people.kw1)
    sign_in(admin, people.admin)

    post(
        admin,
        f"/staff/admin/users/{people.kw1.id}/access",
        {"action": "disable"},
        "/staff/admin/users",
    )

    assert keyworker.get("/staff/").headers["Location"].startswith("/staff/sign-in")
    assert try_password(keyworker, people.kw1.email, PASSWORD).status_code == 400


def test_a_code_cannot_be_used_twice(app, client, people):
    code = pyotp.TOTP(people.kw1.secret).now()
    assert sign_in(client, people.kw1, code).status_code == 302
    post(client, "/staff/sign-out")

    other = app.test_client()
    page = other.get("/staff/sign-in")
    other.post(
        "/staff/sign-in",
        data={"csrf_token": csrf_token(page), "email": people.kw1.email, "password": PASSWORD},
    )
    page = other.get("/staff/sign-in/code")
    replayed = other.post(
        "/staff/sign-in/code", data={"csrf_token": csrf_token(page), "code": code}
    )

    assert replayed.status_code == 400
    assert error_summary(replayed) == ["The code is not right. Enter the code your app shows now"]


def test_an_old_code_is_refused(client, people):
    old = pyotp.TOTP(people.kw1.secret).at(datetime.now(UTC) - timedelta(minutes=3))

    response = sign_in(client, people.kw1, old)

    assert response.status_code == 400
    assert client.get("/staff/").headers["Location"].startswith("/staff/sign-in")


def test_wrong_codes_count_towards_the_limit(client, people):
    sign_in_with_password(client, people.kw1)
    statuses = []
    for _ in range(5):
        page = client.get("/staff/sign-in/code")
        if page.status_code != 200:
            break
        statuses.append(
            client.post(
                "/staff/sign-in/code", data={"csrf_token": csrf_token(page), "code": "000000"}
            ).status_code
        )

    assert statuses[-1] == 429
    assert client.get("/staff/").headers["Location"].startswith("/staff/sign-in")


def _age_session(app, **times):
    with app.extensions["db_sessionmaker"]() as session:
        session.execute(update(StaffSession).values(**times))
        session.commit()


def test_30_minutes_without_a_request_signs_out(app, client, people):
    sign_in(client, people.kw1)
    _age_session(app, last_seen_at=datetime.now(UTC) - timedelta(minutes=31))

    response = client.get("/staff/")

    assert response.headers["Location"].startswith("/staff/sign-in")
    assert "had not used the service for 30 minutes" in client.get("/staff/sign-in").get_data(
        as_text=True
    )


def test_12_hours_after_sign_in_the_session_ends_even_when_busy(app, client, people):
    sign_in(client, people.kw1)
    _age_session(app, created_at=datetime.now(UTC) - timedelta(hours=12, minutes=1))

    assert client.get("/staff/").headers["Location"].startswith("/staff/sign-in")
    assert "you signed in more than 12 hours ago" in client.get("/staff/sign-in").get_data(
        as_text=True
    )


def test_a_request_keeps_the_session_alive(app, client, people):
    sign_in(client, people.kw1)
    _age_session(app, last_seen_at=datetime.now(UTC) - timedelta(minutes=25))

    assert client.get("/staff/").status_code == 200
    _age_session(
        app, created_at=datetime.now(UTC) - timedelta(minutes=40)
    )  # last seen now moved on
    assert client.get("/staff/").status_code == 200
    assert post(client, "/staff/keep-alive").status_code == 204


def test_next_never_leads_off_the_site(client, people):
    sign_in_with_password(client, people.kw1)
    page = client.get("/staff/sign-in/code")
    response = client.post(
        "/staff/sign-in/code?next=//evil.example/staff/",
        data={"csrf_token": csrf_token(page), "code": pyotp.TOTP(people.kw1.secret).now()},
    )

    assert response.headers["Location"] == "/staff/"


def _invite(app, email, role="keyworker", hours_ago=0):
    with app.extensions["db_sessionmaker"]() as session:
        user = staff_accounts.create_user(session, email, "New Person", role)
        token = staff_accounts.create_invite(
            session, user, None, datetime.now(UTC) - timedelta(hours=hours_ago)
        )
        session.commit()
        return token


def test_an_invitation_sets_a_password_then_the_authenticator(app, client):
    token = _invite(app, "new.person@demo.example")
    page = client.get(f"/staff/invitation/{token}", follow_redirects=True)
    weak = client.post(
        "/staff/invitation",
        data={"csrf_token": csrf_token(page), "password": "password1", "confirm": "password1"},
    )
    assert error_summary(weak) == [
        "Password is too easy to guess. Choose a longer password, for example 3 random words"
    ]
    mismatch = client.post(
        "/staff/invitation",
        data={"csrf_token": csrf_token(page), "password": PASSWORD, "confirm": PASSWORD + "!"},
    )
    assert error_summary(mismatch) == ["The passwords do not match. Enter the same password twice"]

    done = client.post(
        "/staff/invitation",
        data={"csrf_token": csrf_token(page), "password": PASSWORD, "confirm": PASSWORD},
    )
    assert done.headers["Location"] == "/staff/set-up-authenticator"
    setup = client.get("/staff/set-up-authenticator")
    assert heading(setup) == "Set up your authenticator app"
    with client.session_transaction() as browser:
        secret = browser["staff_pending_totp"]
    wrong = client.post(
        "/staff/set-up-authenticator", data={"csrf_token": csrf_token(setup), "code": "123456"}
    )
    assert wrong.status_code == 400
    right = client.post(
        "/staff/set-up-authenticator",
        data={"csrf_token": csrf_token(setup), "code": pyotp.TOTP(secret).now()},
    )
    assert right.headers["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    # The invitation worked once only.
    assert client.get(f"/staff/invitation/{token}").status_code == 404


def test_an_expired_invitation_does_not_work(app, client):
    token = _invite(app, "late.person@demo.example", hours_ago=73)

    response = client.get(f"/staff/invitation/{token}")

    assert response.status_code == 404 and heading(response) == "This invitation link does not work"


def test_pages_need_the_second_factor(client, people):
    sign_in_with_password(client, people.kw1)

    assert client.get("/staff/").headers["Location"].startswith("/staff/sign-in")
    assert (
        client.get(f"/staff/cases/{people.case_a}").headers["Location"].startswith("/staff/sign-in")
    )


def test_the_users_create_command_prints_a_single_use_link(app, runner):
    command = [
        "users",
        "create",
        "first.admin@demo.example",
        "--name",
        "First Admin",
        "--role",
        "admin",
    ]
    result = runner.invoke(args=command)
    again = runner.invoke(args=command)

    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1].rsplit(" ", 1)[-1]
    assert "/staff/invitation/" in link
    opened = app.test_client().get(link.split("5000", 1)[1], follow_redirects=True)
    assert opened.status_code == 200 and heading(opened) == "Choose a password"
    assert again.exit_code == 1 and "already an account" in again.output
    with app.extensions["db_sessionmaker"]() as session:
        assert (
            staff_accounts.find_user_by_email(session, "FIRST.ADMIN@demo.example").role == "admin"
        )


def test_a_password_hashed_with_old_parameters_is_rehashed_at_sign_in(app, client, people):
    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    with app.extensions["db_sessionmaker"]() as session:
        session.execute(update(User).where(User.id == people.kw1.id).values(password_hash=old))
        session.commit()

    sign_in(client, people.kw1)

    with app.extensions["db_sessionmaker"]() as session:
        assert session.get(User, people.kw1.id).password_hash != old


def test_a_password_alone_cannot_set_up_an_authenticator(app, client):
    """Someone who learns the password of an account still being set up cannot attach their app."""
    token = _invite(app, "half.way@demo.example")
    page = client.get(f"/staff/invitation/{token}", follow_redirects=True)
    client.post(
        "/staff/invitation",
        data={"csrf_token": csrf_token(page), "password": PASSWORD, "confirm": PASSWORD},
    )
    attacker = app.test_client()

    response = try_password(attacker, "half.way@demo.example", PASSWORD)

    assert response.status_code == 400
    assert error_summary(response) == [
        "Your account is not set up yet. Use your invitation link, or ask an administrator for a new invitation"
    ]
    assert (
        attacker.get("/staff/set-up-authenticator").headers["Location"].startswith("/staff/sign-in")
    )
