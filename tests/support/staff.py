"""Staff test helpers: accounts made straight in the database, and signing in as a browser does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from tests.support.pages import csrf_token
from wizard.accounts.passwords import hash_password
from wizard.storage import assessments, audit, cases, staff_accounts
from wizard.storage.staff_models import User
from wizard.web.context import now

PASSWORD = "correct horse battery staple"
_HASH = hash_password(PASSWORD)  # hashing is slow on purpose: once per run


@dataclass
class Staff:
    """A member of staff the tests can sign in as."""

    id: int
    email: str
    name: str
    role: str
    secret: str


def make_staff(app: Flask, email: str, name: str, role: str) -> Staff:
    """An account that has accepted its invitation and set up its authenticator app."""
    secret = pyotp.random_base32()
    with app.extensions["db_sessionmaker"]() as session:
        user = staff_accounts.create_user(session, email, name, role)
        user.password_hash = _HASH
        staff_accounts.set_totp_secret(session, user, app.extensions["sealer"], secret)
        session.commit()
        return Staff(user.id, user.email, name, role, secret)


def reset_codes(app: Flask, who: Staff) -> None:
    """Forget which code was last used, so a test can sign in again within the same 30 seconds."""
    with app.extensions["db_sessionmaker"]() as session:
        session.execute(update(User).where(User.id == who.id).values(totp_last_step=0))
        session.commit()


def sign_in(client: FlaskClient, who: Staff, code: str | None = None) -> Any:
    """Sign in with password and a current code; returns the last response."""
    response = sign_in_with_password(client, who)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    page = client.get("/staff/sign-in/code")
    if code is None:
        with client.application.app_context():  # a code for the app's clock (FIXED_NOW, if set)
            code = pyotp.TOTP(who.secret).at(now())
    return client.post("/staff/sign-in/code", data={"csrf_token": csrf_token(page), "code": code})


def post(
    client: FlaskClient, url: str, data: dict[str, Any] | None = None, page: str = "/staff/"
) -> Any:
    """POST a form with a CSRF token taken from `page` (any page of the signed-in user)."""
    token = csrf_token(client.get(page))
    return client.post(url, data={"csrf_token": token, **(data or {})})


def open_case(
    app: Flask,
    owner: Staff,
    label: str,
    consent_to: tuple[str, ...] = ("answers", "share", "notes"),
) -> int:
    """A case with empty answers, as the new-case page makes it; returns its id."""
    sealer = app.extensions["sealer"]
    content = app.extensions["content"]
    with app.extensions["db_sessionmaker"]() as session:
        created, _token = assessments.create(
            session, content.version, list(content.graph.nodes), sealer
        )
        session.flush()
        user = session.get(User, owner.id)
        assert user is not None
        case = cases.create_case(
            session,
            sealer,
            label=label,
            owner=user,
            assessment_id=created.id,
            consent_by="parent_carer",
            consent_on=date(2026, 11, 1),
            consent_to=list(consent_to),
        )
        audit.audit(session, "create", case_id=case.id, actor_id=owner.id, now=datetime.now(UTC))
        session.commit()
        return case.id


def sign_in_with_password(client: FlaskClient, who: Staff) -> Any:
    """The first step only (password); the session then waits for the code."""
    reset_codes(client.application, who)
    page = client.get("/staff/sign-in")
    return client.post(
        "/staff/sign-in",
        data={"csrf_token": csrf_token(page), "email": who.email, "password": PASSWORD},
    )


@dataclass
class People:
    """Everyone a staff test needs: two keyworkers with a case each, an editor and an admin."""

    kw1: Staff
    kw2: Staff
    editor: Staff
    admin: Staff
    case_a: int  # held by kw1
    case_b: int  # held by kw2


def make_people(app: Flask) -> People:
    """Accounts for every role, and a case for each keyworker."""
    kw1 = make_staff(app, "kay.worker@demo.example", "Kay Worker", "keyworker")
    kw2 = make_staff(app, "lee.helper@demo.example", "Lee Helper", "keyworker")
    editor = make_staff(app, "ed.itor@demo.example", "Eddie Tor", "editor")
    admin = make_staff(app, "ad.min@demo.example", "Addy Min", "admin")
    return People(
        kw1, kw2, editor, admin, open_case(app, kw1, "Family A"), open_case(app, kw2, "Family B")
    )


def keyworker_case_with_note(
    make_app: Any, answers: Any, today: str, note: str = "Mum prefers phone calls after 3pm"
) -> tuple[FlaskClient, str]:
    """A keyworker signed in, with a case holding a note, who filled in the questions with the
    family up to the plan; returns their client and the note."""
    from tests.support.web_journey import complete_journey

    app = make_app(FIXED_NOW=today)
    keyworker = make_staff(app, "kw.plan@demo.example", "Kim Keyworker", "keyworker")
    case_id = open_case(app, keyworker, "Family A")
    client = app.test_client()
    sign_in(client, keyworker)
    post(client, f"/staff/cases/{case_id}/notes", {"note": note}, page=f"/staff/cases/{case_id}")
    post(client, f"/staff/cases/{case_id}/questions", page=f"/staff/cases/{case_id}")
    complete_journey(client, answers)
    return client, note
