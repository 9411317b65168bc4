"""Forms behind the TLS proxy the README describes (issue 14, ADR 0016).

The app runs in production mode with TRUSTED_PROXIES=1; every request comes as the proxy passes it
on (`X-Forwarded-Proto: https`, `X-Forwarded-For`, the public Host) with the Referer a browser sends
under the Referrer-Policy the app's own pages set. Flask-WTF's strict HTTPS check then needs that
Referer to name a page of this service.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pyotp
import pytest
from flask import Flask

from tests.conftest import count_rows
from tests.support.pages import csrf_token, heading, parse, text_of
from tests.support.personas import PERSONAS
from tests.support.proxied_browser import PUBLIC_HOST, ProxiedBrowser, referrer_for
from tests.support.staff import PASSWORD, make_staff, sign_in
from tests.support.web_journey import complete_journey, path_of
from wizard.storage import staff_accounts
from wizard.web.context import now

FAMILY = PERSONAS[0]
REFERRER_PAGE = "Sorry, we could not accept that form"
UPSTREAM = "127.0.0.1:8000"  # the app's address as a proxy that does not pass the Host on sees it


@pytest.fixture
def production(make_app) -> Flask:
    """The app as the README's deployment command runs it, behind one proxy."""
    return make_app(
        WIZARD_ENV="production",
        DATA_KEY="ab" * 32,
        TRUSTED_PROXIES=1,
        PUBLIC_URL=f"https://{PUBLIC_HOST}",
        FIXED_NOW=FAMILY.as_of.isoformat(),
    )


def browser(app: Flask, proxy_host: str | None = None) -> ProxiedBrowser:
    return ProxiedBrowser(app, app.response_class, proxy_host=proxy_host)


def test_the_referrer_policy_sends_addresses_only_to_this_service(production):
    family = browser(production)
    for response in (family.visit("/"), family.get("/questions/"), family.get("/missing")):
        assert response.headers["Referrer-Policy"] == "same-origin"
    # What that policy means in a browser: the whole address to our own pages, nothing elsewhere.
    resume = f"https://{PUBLIC_HOST}/questions/resume/secret-token"
    assert referrer_for("same-origin", resume, f"https://{PUBLIC_HOST}/plan/") == resume
    for elsewhere in (
        "https://www.gov.uk/",
        "https://directory.example/",
        f"http://{PUBLIC_HOST}/",
    ):
        assert referrer_for("same-origin", resume, elsewhere) is None


def test_a_family_walks_the_whole_journey_to_the_plan(production):
    family = browser(production)
    start = family.visit("/")
    assert start.status_code == 200
    # The app knows it is served over HTTPS: HSTS, and a Secure cookie once there is a session.
    assert start.headers["Strict-Transport-Security"].startswith("max-age=")
    first = family.get(path_of(family.get("/questions/").headers["Location"]))
    assert "Secure" in first.headers["Set-Cookie"]

    visit = complete_journey(family, FAMILY.answers)  # every answer is a form POST
    plan = family.get("/plan/")
    assert plan.status_code == 200 and heading(plan).startswith("Your plan")
    assert len(visit.pages) > 5

    saved = family.get("/questions/save-and-return")
    link = text_of(parse(saved).select_one("#private-link"))
    assert link.startswith(f"https://{PUBLIC_HOST}/questions/resume/")
    token = link.rsplit("/", 1)[-1]

    # The link opened from an email on another device: the token goes once, in the address only.
    other = browser(production)
    opened = other.visit(path_of(link))
    assert opened.status_code == 302 and token not in opened.headers["Location"]
    assert other.get(path_of(opened.headers["Location"])).status_code == 200
    feedback = other.get("/feedback")
    sent = other.post(
        "/feedback", data={"csrf_token": csrf_token(feedback), "satisfaction": "satisfied"}
    )
    assert sent.status_code == 302, heading(sent)

    for referrer in family.referrers + other.referrers:
        assert referrer.startswith(f"https://{PUBLIC_HOST}/")
        assert token not in referrer


@pytest.mark.parametrize("proxy_host", [None, UPSTREAM], ids=["host-passed-on", "x-forwarded-host"])
def test_a_keyworker_signs_in_with_password_and_code_then_signs_out(production, proxy_host):
    kay = make_staff(production, "kay.worker@demo.example", "Kay Worker", "keyworker")
    staff = browser(production, proxy_host)
    staff.visit("/staff/sign-in")

    signed_in = sign_in(staff, kay)

    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/staff/"
    cases = staff.get("/staff/")
    assert heading(cases) == "Your cases"
    signed_out = staff.post("/staff/sign-out", data={"csrf_token": csrf_token(cases)})
    assert signed_out.status_code == 302
    assert path_of(staff.get("/staff/").headers["Location"]) == "/staff/sign-in"


def test_an_invitation_is_accepted_behind_the_proxy(production):
    with production.extensions["db_sessionmaker"]() as session:
        user = staff_accounts.create_user(
            session, "new.person@demo.example", "New Person", "keyworker"
        )
        token = staff_accounts.create_invite(session, user, None, datetime.now(UTC))
        session.commit()
    invited = browser(production)
    opened = invited.visit(f"/staff/invitation/{token}")
    assert opened.headers["Location"] == "/staff/invitation"
    page = invited.get("/staff/invitation")
    done = invited.post(
        "/staff/invitation",
        data={"csrf_token": csrf_token(page), "password": PASSWORD, "confirm": PASSWORD},
    )
    assert done.headers["Location"] == "/staff/set-up-authenticator"
    setup = invited.get("/staff/set-up-authenticator")
    assert heading(setup) == "Set up your authenticator app"
    with invited.session_transaction(base_url=f"http://{PUBLIC_HOST}") as cookie:
        secret = cookie["staff_pending_totp"]
    with production.app_context():  # the code for the app's clock, which FIXED_NOW fixes
        code = pyotp.TOTP(secret).at(now())
    right = invited.post(
        "/staff/set-up-authenticator", data={"csrf_token": csrf_token(setup), "code": code}
    )
    assert right.headers["Location"] == "/staff/"
    # The form is at a token-free address (ADR 0016), so no Referer carries the token.
    assert all(r.startswith(f"https://{PUBLIC_HOST}/") for r in invited.referrers)
    assert not any(token in r for r in invited.referrers)


@pytest.mark.parametrize(
    "referrer",
    [None, "https://evil.example/form.html", f"http://{PUBLIC_HOST}/feedback"],
    ids=["none", "another-site", "plain-http"],
)
def test_a_form_sent_from_another_site_gets_the_clear_error_page(production, referrer):
    family = browser(production)
    token = csrf_token(family.visit("/feedback"))  # even with a good token and session
    before = count_rows(production)

    response = family.post(
        "/feedback", data={"csrf_token": token, "satisfaction": "satisfied"}, referrer=referrer
    )

    assert response.status_code == 400
    assert heading(response) == REFERRER_PAGE
    assert "referrer" not in response.get_data(as_text=True).lower()  # no jargon, no reason
    assert count_rows(production) == before


def test_a_staff_sign_in_from_another_site_is_refused(production):
    kay = make_staff(production, "kay.worker@demo.example", "Kay Worker", "keyworker")
    staff = browser(production)
    page = staff.visit("/staff/sign-in")
    response = staff.post(
        "/staff/sign-in",
        data={"csrf_token": csrf_token(page), "email": kay.email, "password": "x"},
        referrer="https://evil.example/",
    )
    assert response.status_code == 400 and heading(response) == REFERRER_PAGE
    assert sign_in(staff, kay).headers["Location"] == "/staff/"


def test_a_bad_token_from_our_own_page_still_gets_the_usual_page(production):
    family = browser(production)
    family.visit("/feedback")

    response = family.post("/feedback", data={"csrf_token": "forged", "satisfaction": "satisfied"})

    assert response.status_code == 400
    assert heading(response) == "Sorry, there is a problem with the page"
