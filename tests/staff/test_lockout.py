"""The authenticator-code lockout holds: across sessions, under concurrency, on both databases.

A person who knows a staff password must not get more than 5 guesses at the code, however many
half-signed-in sessions they open or however many requests they send at once; and the 6th request
with the right password or the right code is refused too.
"""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pyotp
import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.support.concurrency import all_at_once
from tests.support.live_server import serve
from tests.support.pages import csrf_token, heading
from tests.support.staff import PASSWORD, People, make_people, reset_codes, sign_in_with_password
from wizard.accounts import passwords, totp
from wizard.storage import limits
from wizard.storage.staff_models import StaffSession

WRONG = "The code is not right. Enter the code your app shows now"


@pytest.fixture
def crowd(any_app: Flask) -> People:
    """Everyone, on the database under test."""
    return make_people(any_app)


@pytest.fixture
def codes_checked(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many codes and passwords the app actually checked."""
    counts: Counter[str] = Counter()
    lock = threading.Lock()
    real_step, real_verify = totp.accepted_step, passwords.verify_password

    def counting_step(*args, **kwargs):
        with lock:
            counts["code"] += 1
        return real_step(*args, **kwargs)

    def counting_verify(*args, **kwargs):
        with lock:
            counts["password"] += 1
        return real_verify(*args, **kwargs)

    monkeypatch.setattr(totp, "accepted_step", counting_step)
    monkeypatch.setattr(passwords, "verify_password", counting_verify)
    return counts


def post_code(client, code):
    page = client.get("/staff/sign-in/code")
    if page.status_code != 200:
        return page
    return client.post("/staff/sign-in/code", data={"csrf_token": csrf_token(page), "code": code})


def pending_sessions(app: Flask, user_id: int) -> int:
    with app.extensions["db_sessionmaker"]() as session:
        return session.scalar(
            select(func.count())
            .select_from(StaffSession)
            .where(
                StaffSession.user_id == user_id,
                StaffSession.verified.is_(False),
                StaffSession.ended_at.is_(None),
            )
        )


def test_one_code_guess_in_each_of_many_sessions_still_locks_the_account(
    any_app, crowd, codes_checked
):
    kw = crowd.kw1
    first = [any_app.test_client() for _ in range(3)]
    for client in first:
        assert sign_in_with_password(client, kw).status_code == 302
    for client in first:
        assert post_code(client, "000000").status_code == 400  # 3 guesses so far
    second = [any_app.test_client() for _ in range(3)]
    for client in second:
        assert sign_in_with_password(client, kw).status_code == 302
    assert post_code(second[0], "000000").status_code == 400  # the 4th guess
    tripped = post_code(second[1], "000000")  # the 5th: the account is now locked
    reset_codes(any_app, kw)
    right = post_code(second[2], pyotp.TOTP(kw.secret).now())  # a session opened before the lock

    assert tripped.status_code == 429 and heading(tripped) == "Too many attempts to sign in"
    assert right.status_code in (302, 429)
    assert second[2].get("/staff/").headers["Location"].startswith("/staff/sign-in")
    assert codes_checked["code"] == 5
    assert pending_sessions(any_app, kw.id) == 0  # every half-signed-in session ended
    fresh = any_app.test_client()
    assert sign_in_with_password(fresh, kw).status_code == 429  # even the right password
    assert sign_in_with_password(any_app.test_client(), crowd.kw2).status_code == 302


def test_the_lock_is_checked_before_a_code(any_app, crowd, codes_checked):
    kw = crowd.kw1
    victim = any_app.test_client()
    attacker = any_app.test_client()
    assert sign_in_with_password(victim, kw).status_code == 302
    assert sign_in_with_password(attacker, kw).status_code == 302
    for _ in range(5):
        post_code(attacker, "000000")
    checked = codes_checked["code"]

    response = post_code(victim, pyotp.TOTP(kw.secret).now())

    assert codes_checked["code"] == checked == 5
    assert response.status_code in (302, 429)
    assert victim.get("/staff/").headers["Location"].startswith("/staff/sign-in")


def test_at_most_three_half_signed_in_sessions_per_account(any_app, crowd):
    kw = crowd.kw1
    clients = [any_app.test_client() for _ in range(5)]
    for client in clients:
        assert sign_in_with_password(client, kw).status_code == 302

    assert pending_sessions(any_app, kw.id) == 3
    # The oldest went back to the sign-in page; the newest can finish signing in.
    assert clients[0].get("/staff/sign-in/code").headers["Location"].startswith("/staff/sign-in")
    assert clients[1].get("/staff/sign-in/code").headers["Location"].startswith("/staff/sign-in")
    assert clients[2].get("/staff/sign-in/code").status_code == 200
    done = post_code(clients[-1], pyotp.TOTP(kw.secret).now())
    assert done.status_code == 302 and done.headers["Location"] == "/staff/"


def test_signing_in_often_does_not_lock_anyone_out(any_app, crowd):
    kw = crowd.kw1
    for _ in range(7):
        client = any_app.test_client()
        assert sign_in_with_password(client, kw).status_code == 302
        assert post_code(client, pyotp.TOTP(kw.secret).now()).status_code == 302
    client = any_app.test_client()
    sign_in_with_password(client, kw)
    for _ in range(4):
        assert post_code(client, "000000").status_code == 400
    assert post_code(client, pyotp.TOTP(kw.secret).now()).status_code == 302


# Many requests at once, against the app served on 127.0.0.1


class Browser:
    """A tiny browser: its own cookies, forms posted with the page's CSRF token."""

    def __init__(self, base: str, cookies: http.cookiejar.CookieJar | None = None) -> None:
        self.base = base
        self.cookies = cookies if cookies is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        body = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST")
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def copy(self) -> Browser:
        jar = http.cookiejar.CookieJar()
        for cookie in self.cookies:
            jar.set_cookie(cookie)
        return Browser(self.base, jar)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def token_in(page: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert found, "the page has no CSRF token"
    return found.group(1)


def test_30_wrong_passwords_at_once_get_exactly_5_checks(any_app, crowd, codes_checked):
    email = crowd.kw1.email
    with serve(any_app) as base:
        browsers = [Browser(base) for _ in range(30)]
        tokens = [token_in(browser.get("/staff/sign-in")[1]) for browser in browsers]
        jobs = [
            (
                lambda b=browser, t=token: b.post(
                    "/staff/sign-in",
                    {"csrf_token": t, "email": email, "password": "wrong password!"},
                )
            )
            for browser, token in zip(browsers, tokens, strict=True)
        ]
        statuses = Counter(status for status, _page in all_at_once(jobs))
        late = Browser(base)
        locked = late.post(
            "/staff/sign-in",
            {
                "csrf_token": token_in(late.get("/staff/sign-in")[1]),
                "email": email,
                "password": PASSWORD,
            },
        )

    assert statuses == {400: 5, 429: 25}
    assert codes_checked["password"] == 5
    assert locked[0] == 429


def test_40_wrong_codes_at_once_in_one_session_get_exactly_5_checks(any_app, crowd, codes_checked):
    kw = crowd.kw1
    with serve(any_app) as base:
        browser = Browser(base)
        token = token_in(browser.get("/staff/sign-in")[1])
        signed = browser.post(
            "/staff/sign-in", {"csrf_token": token, "email": kw.email, "password": PASSWORD}
        )
        assert signed[0] == 302
        token = token_in(browser.get("/staff/sign-in/code")[1])
        copies = [browser.copy() for _ in range(40)]
        jobs = [
            (lambda b=copy: b.post("/staff/sign-in/code", {"csrf_token": token, "code": "000000"}))
            for copy in copies
        ]
        results = all_at_once(jobs)
        late = Browser(base)
        locked = late.post(
            "/staff/sign-in",
            {
                "csrf_token": token_in(late.get("/staff/sign-in")[1]),
                "email": kw.email,
                "password": PASSWORD,
            },
        )

    assert codes_checked["code"] == 5
    assert sum(1 for status, page in results if status == 400 and WRONG in page) == 4
    assert all(status in (400, 429, 302) for status, _ in results)
    assert locked[0] == 429


def test_the_limit_counter_allows_exactly_the_limit_then_opens_after_the_window(any_app):
    from datetime import UTC, datetime, timedelta

    key = limits.limit_key("email", "Kay.Worker@demo.example ")
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    window = timedelta(minutes=15)
    with any_app.extensions["db_sessionmaker"]() as session:
        counts = [limits.take_attempt(session, key, 5, window, start) for _ in range(6)]
        session.commit()
        limits.give_back_attempt(session, key)  # a right password gives its place back
        session.commit()
        again = limits.take_attempt(session, key, 5, window, start + timedelta(minutes=1))
        refused = limits.take_attempt(session, key, 5, window, start + timedelta(minutes=15))
        # The lock lasts the whole window from the attempt that reached the limit.
        opened = limits.take_attempt(
            session, key, 5, window, start + timedelta(minutes=16, seconds=1)
        )
        session.commit()

    assert counts == [1, 2, 3, 4, 5, None]
    assert again == 5 and refused is None and opened == 1
    assert key == limits.limit_key("email", "kay.worker@demo.example")
