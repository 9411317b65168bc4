"""Two app servers on one PostgreSQL, behind a load balancer that sends each request to either.

Two gunicorn processes serve `wsgi:app` in production mode with the same SECRET_KEY, DATA_KEY and
DATABASE_URL, as the README's "Several app servers" says. A browser here is a cookie store and the
headers a TLS-terminating load balancer adds; its requests alternate between the two servers. A
family's answers, a keyworker's sign-in and case, sign-out, and the limits on sign-in attempts and
new answers must all behave exactly as on one server: nothing lost, nothing doubled, nothing
remembered by one server only.
"""

from __future__ import annotations

import itertools
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from http.cookies import SimpleCookie
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf
import pyotp
import pytest
from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import func, select

from tests.conftest import app_config
from tests.support.concurrency import all_at_once
from tests.support.databases import postgres_url, reset_postgres, skip_or_fail
from tests.support.personas import AS_OF, LETTER_FAMILY, NEUTRAL
from tests.support.staff import PASSWORD, make_staff
from tests.support.web_journey import form_for, seed_assessment
from wizard import PROJECT_ROOT
from wizard.app import create_app
from wizard.storage import limits
from wizard.storage.models import Assessment
from wizard.storage.staff_models import AuditEvent, Case, CaseNote
from wizard.web.staff_auth import FAILURES_PER_ADDRESS, FAILURES_PER_EMAIL, WINDOW

PUBLIC = "https://planner.demo.example"
BROWSER_ADDRESS = "203.0.113.7"  # every browser here, as the load balancer reports it
SECRET_KEY = secrets.token_hex(32)
DATA_KEY = secrets.token_hex(32)
READY_WITHIN = 30.0  # seconds for a server to answer /healthz
NEW_ANSWERS_PER_HOUR = 3  # small, so the test reaches it (each other test starts at most one)


# The two servers


@dataclass
class Server:
    """One app server process and where it listens."""

    name: str
    base: str
    process: subprocess.Popen[bytes]
    log: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(name: str, database_url: str, folder: Path) -> Server:
    """Start gunicorn as a deployment would: production mode, behind one proxy."""
    port = _free_port()
    env = {
        **os.environ,
        "WIZARD_ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "DATA_KEY": DATA_KEY,
        "DATABASE_URL": database_url,
        "TRUSTED_PROXIES": "1",
        "PUBLIC_URL": PUBLIC,
        "NEW_ASSESSMENTS_PER_HOUR": str(NEW_ANSWERS_PER_HOUR),
        "WIZARD_INSTANCE_PATH": str(folder / name),
        "LOG_LEVEL": "INFO",
    }
    log = folder / f"{name}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "wsgi:app",
                f"--bind=127.0.0.1:{port}",
                "--workers=1",
                "--threads=8",
                "--graceful-timeout=5",
                "--forwarded-allow-ips=",  # as the README runs it: the app alone reads the headers
                # Two gunicorns on one machine would share the default control socket.
                "--no-control-socket",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the PDF renderer stops with it
        )
    return Server(name, f"http://127.0.0.1:{port}", process, log)


def _wait_until_ready(server: Server) -> None:
    """Poll /healthz until the server answers 200 (bounded); fail with its log otherwise."""
    deadline = time.monotonic() + READY_WITHIN
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(server.base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail(f"app server {server.name} did not start:\n{server.log.read_text()[-3000:]}")


def _stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=5)


@pytest.fixture(scope="module")
def database_url() -> str:
    """The PostgreSQL server both app servers use, migrated before either starts."""
    url = postgres_url()
    if url is None:
        skip_or_fail(
            "The two-server test needs TEST_POSTGRESQL_URL or a postgresql TEST_DATABASE_URL"
        )
    reset_postgres(url)
    return url


@pytest.fixture(scope="module")
def servers(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """Two app server processes on the same database; their base URLs."""
    folder = tmp_path_factory.mktemp("two-instances")
    started: list[Server] = []
    try:
        for name in ("a", "b"):
            started.append(_start(name, database_url, folder))
        for server in started:
            _wait_until_ready(server)
        yield [server.base for server in started]
    finally:
        for server in started:
            _stop(server)


@pytest.fixture
def app(database_url: str, servers: list[str]) -> Iterator[Flask]:
    """An empty database, and an app in this process to make staff and read tables with."""
    reset_postgres(database_url)
    application = create_app(app_config(database_url, DATA_KEY=DATA_KEY))
    yield application
    application.extensions["db_engine"].dispose()


def count(app: Flask, model: Any, *where: Any) -> int:
    """Rows of `model` in the database (matching `where`)."""
    with app.extensions["db_sessionmaker"]() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


# A browser behind the load balancer


@dataclass
class Page:
    """A response as the browser got it."""

    status: int
    headers: Any
    body: bytes

    @property
    def text(self) -> str:
        """The body as text."""
        return self.body.decode()

    @property
    def soup(self) -> BeautifulSoup:
        """The body parsed as a browser would."""
        return BeautifulSoup(self.text, "html5lib")

    @property
    def location(self) -> str:
        """The path a redirect goes to."""
        return urllib.parse.urlsplit(self.headers.get("Location", "")).path

    def field(self, name: str) -> str:
        """The value of the first input called `name`."""
        found = self.soup.find("input", attrs={"name": name})
        assert found is not None, f"the page has no {name} field"
        return str(found["value"])

    def heading(self) -> str:
        """The page's h1."""
        h1 = self.soup.find("h1")
        return " ".join(h1.get_text(" ").split()) if h1 else ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect())


class Browser:
    """A browser on https://planner.demo.example: the load balancer sends each request where asked.

    The cookies are kept here, by name (the app's cookies are Secure, so a cookie jar would not send
    them over the plain HTTP between the balancer and the servers).
    """

    def __init__(self, cookies: dict[str, str] | None = None) -> None:
        self.cookies = dict(cookies or {})

    def copy(self) -> Browser:
        """Another tab, or someone who copied the cookies: the same cookies from now on."""
        return Browser(self.cookies)

    def get(self, server: str, path: str) -> Page:
        """Open a page on `server`."""
        return self._send(server, path, None)

    def post(self, server: str, path: str, fields: dict[str, Any]) -> Page:
        """Send a form to `server`, from the page at the same address."""
        return self._send(server, path, urllib.parse.urlencode(fields, doseq=True).encode())

    def _send(self, server: str, path: str, body: bytes | None) -> Page:
        request = urllib.request.Request(server + path, data=body)
        request.add_header("X-Forwarded-Proto", "https")
        request.add_header("X-Forwarded-Host", "planner.demo.example")
        request.add_header("X-Forwarded-For", BROWSER_ADDRESS)
        if body is not None:
            request.add_header("Referer", PUBLIC + path)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            with _OPENER.open(request, timeout=30) as response:
                page = Page(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            page = Page(error.code, error.headers, error.read())
        for header in page.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        assert page.status < 500, f"{path} on {server}: {page.status}"
        return page


def alternating(servers: list[str]) -> Callable[[], str]:
    """The next server, A, B, A, B...: every request goes to the other one."""
    turn = itertools.cycle(servers)
    return lambda: next(turn)


def send_answer(browser: Browser, server: str, page: Page, node_id: str, value: Any) -> Page:
    """Send the answer (or skip the question, for None) from a question page to `server`."""
    fields: dict[str, Any] = {
        "csrf_token": page.field("csrf_token"),
        "answer_version": page.field("answer_version"),
    }
    if value is None:
        fields["action"] = "skip"
    else:
        fields.update(form_for(node_id, value))
    return browser.post(server, f"/questions/{node_id}", fields)


def answer(browser: Browser, page_on: str, post_on: str, node_id: str, value: Any) -> Page:
    """Open a question on one server and send the answer (or skip it) to the other."""
    page = browser.get(page_on, f"/questions/{node_id}")
    assert page.status == 200, (node_id, page.status)
    return send_answer(browser, post_on, page, node_id, value)


def main_text(page: Page) -> str:
    """What the page's main content says."""
    main = page.soup.find("main")
    assert main is not None
    return " ".join(main.get_text(" ").split())


def no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json.loads hook: fail on a key given twice."""
    repeated = [key for key, times in Counter(key for key, _ in pairs).items() if times > 1]
    assert not repeated, f"repeated in the download: {repeated}"
    return dict(pairs)


def held(browser: Browser, server: str) -> dict[str, Any]:
    """Everything the service holds about this browser's answers (the family's JSON download)."""
    page = browser.get(server, "/questions/your-data.json")
    assert page.status == 200 and page.headers["Content-Type"] == "application/json"
    found: dict[str, Any] = json.loads(page.text, object_pairs_hook=no_repeated_keys)
    return found


# A family


def aged_for_today(answers: dict[str, Any]) -> dict[str, Any]:
    """The persona's answers with the birth month moved so the child is as old today as on AS_OF
    (the servers use the real date, and a child's age decides which questions come)."""
    year, month = (int(part) for part in answers["birth_month"].split("-"))
    today = date.today()
    months = year * 12 + month - 1 + (today.year - AS_OF.year) * 12 + today.month - AS_OF.month
    return {**answers, "birth_month": f"{months // 12:04d}-{months % 12 + 1:02d}"}


FAMILY = aged_for_today(LETTER_FAMILY)
NEUTRAL_TODAY = aged_for_today(NEUTRAL)


def test_a_family_answers_on_both_servers_and_gets_one_plan_and_its_pdf(app, servers):
    a, b = servers
    server = alternating(servers)
    family = Browser()
    given: dict[str, Any] = {}
    location = family.get(server(), "/questions/").location
    for _ in range(100):
        if location.endswith("/check-your-answers"):
            break
        node_id = location.rsplit("/", 1)[-1]
        value = FAMILY.get(node_id)
        response = answer(family, server(), server(), node_id, value)
        assert response.status == 302, (node_id, response.soup.select_one(".govuk-error-summary"))
        if value is not None:
            given[node_id] = value
        location = response.location
    else:
        raise AssertionError("the journey did not reach check your answers")

    check = family.get(a, "/questions/check-your-answers")
    changes = Counter(
        urllib.parse.urlsplit(link["href"]).path.rsplit("/", 1)[-1]
        for link in check.soup.select("a[href*='change=1']")
    )
    made = family.post(
        b, "/questions/check-your-answers", {"csrf_token": check.field("csrf_token")}
    )
    plan_on_a, plan_on_b = family.get(a, "/plan/"), family.get(b, "/plan/")
    pdf = family.get(b, "/plan/plan.pdf")
    download = held(family, a)

    assert len(given) > 20
    assert set(given) <= set(changes) and set(changes.values()) == {1}  # each answer shown once
    assert made.status == 302 and made.location == "/plan/"
    assert download["answers"] == given  # every answer held, once, as given
    assert download["status"] == "finished" and download["plan"]["actions"]
    assert plan_on_a.status == plan_on_b.status == 200
    assert main_text(plan_on_a) == main_text(plan_on_b)
    assert pdf.status == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.body.startswith(b"%PDF-") and len(pikepdf.open(BytesIO(pdf.body)).pages) >= 1
    assert count(app, Assessment) == 1  # no second set of answers made by the other server


def test_the_same_page_sent_to_both_servers_at_once_saves_one_answer(app, servers):
    a, b = servers
    token = seed_assessment(app, NEUTRAL_TODAY)
    first_tab = Browser()
    assert first_tab.get(a, f"/questions/resume/{token}").status == 302
    second_tab = first_tab.copy()
    node = "disability_benefits"
    choices = ["receiving_dla", "receiving_pip", "not_claiming", "not_sure"]
    races = []
    for _ in range(3):
        stored = held(first_tab, b)["answers"][node]
        mine, theirs = [choice for choice in choices if choice != stored][:2]
        on_a, on_b = first_tab.get(a, f"/questions/{node}"), second_tab.get(b, f"/questions/{node}")
        results = all_at_once(
            [
                partial(send_answer, first_tab, a, on_a, node, mine),
                partial(send_answer, second_tab, b, on_b, node, theirs),
            ]
        )
        statuses = [result.status for result in results]
        winner = (mine, theirs)[statuses.index(302)] if 302 in statuses else None
        conflict = [result.heading() for result in results if result.status == 409]
        races.append((sorted(statuses), conflict, winner, held(first_tab, a)["answers"][node]))

    final_version = first_tab.get(b, f"/questions/{node}").field("answer_version")
    for statuses, conflict, winner, saved in races:
        assert statuses == [302, 409], races  # one saved; the other shown the conflict page
        assert conflict == ["This answer was changed somewhere else"]
        assert saved == winner
    assert final_version == "4"  # seeded at 1, then one save in each of the 3 races
    assert count(app, Assessment) == 1


# A keyworker


def sign_in_with_password(browser: Browser, server: str, email: str, password: str) -> Page:
    """The sign-in page and the password sent, both on `server`."""
    page = browser.get(server, "/staff/sign-in")
    return browser.post(
        server,
        "/staff/sign-in",
        {"csrf_token": page.field("csrf_token"), "email": email, "password": password},
    )


def test_a_keyworker_signs_in_works_on_a_case_and_signs_out_across_both_servers(app, servers):
    a, b = servers
    kay = make_staff(app, "kay.worker@demo.example", "Kay Worker", "keyworker")
    browser = Browser()
    password = sign_in_with_password(browser, a, kay.email, PASSWORD)
    code_page = browser.get(b, "/staff/sign-in/code")
    signed_in = browser.post(
        b,
        "/staff/sign-in/code",
        {"csrf_token": code_page.field("csrf_token"), "code": pyotp.TOTP(kay.secret).now()},
    )
    caseload = browser.get(a, "/staff/")
    new = browser.get(b, "/staff/cases/new")
    today = date.today()
    opened = browser.post(
        b,
        "/staff/cases/new",
        {
            "csrf_token": new.field("csrf_token"),
            "label": "AB Dec",
            "consent_by": "parent_carer",
            "consent_day": str(today.day),
            "consent_month": str(today.month),
            "consent_year": str(today.year),
            "consent_to": ["answers", "notes"],
        },
    )
    case_path = opened.location
    case_page = browser.get(a, case_path)
    working = browser.post(
        a, case_path + "/questions", {"csrf_token": case_page.field("csrf_token")}
    )
    server = alternating(servers)
    location = browser.get(server(), "/questions/").location
    answered = []
    for _ in range(4):
        node_id = location.rsplit("/", 1)[-1]
        saved = answer(browser, server(), server(), node_id, NEUTRAL_TODAY[node_id])
        assert saved.status == 302, node_id
        answered.append(node_id)
        location = saved.location
    page = browser.get(a, case_path)
    noted = browser.post(
        a, case_path + "/notes", {"csrf_token": page.field("csrf_token"), "note": "Met at school."}
    )
    next_page = location.rsplit("/", 1)[-1]
    form = browser.get(a, f"/questions/{next_page}")
    kept = dict(browser.cookies)  # the cookie as it was while signed in, copied and kept
    signed_out = browser.post(a, "/staff/sign-out", {"csrf_token": page.field("csrf_token")})
    after_on_b = browser.get(b, "/staff/")
    copied_on_b = Browser(kept).get(b, case_path)
    copied_answer = Browser(kept).post(
        b,
        f"/questions/{next_page}",
        {
            "csrf_token": form.field("csrf_token"),
            "answer_version": form.field("answer_version"),
            **form_for(next_page, NEUTRAL_TODAY[next_page]),
        },
    )
    with app.extensions["db_sessionmaker"]() as session:
        case = session.scalars(select(Case)).one()
        record = session.get(Assessment, case.assessment_id)
        assert record is not None
        actions = Counter(
            session.scalars(select(AuditEvent.action).where(AuditEvent.case_id == case.id))
        )

    assert password.status == 302 and password.location == "/staff/sign-in/code"
    assert signed_in.status == 302 and signed_in.location == "/staff/"
    assert caseload.status == 200 and caseload.heading() == "Your cases"
    assert opened.status == 302 and case_path == f"/staff/cases/{case.id}"
    assert case_page.status == 200 and working.status == 302
    assert noted.status == 302
    assert signed_out.status == 302 and signed_out.location == "/staff/sign-in"
    # Signed out on A: the session ends on B too, even for a copy of the old cookie.
    assert after_on_b.status == 302 and after_on_b.location == "/staff/sign-in"
    assert copied_on_b.status == 302 and copied_on_b.location == "/staff/sign-in"
    assert copied_answer.status == 302 and copied_answer.location == "/staff/sign-in"
    assert count(app, Case) == 1 and count(app, Assessment) == 1
    assert count(app, CaseNote, CaseNote.case_id == case.id) == 1
    assert record.version >= len(answered)
    assert actions["create"] == 1 and actions["open answers"] == 1 and actions["note"] == 1
    assert actions["edit"] == len(answered)  # each answer saved once, on whichever server


# The sign-in limits


def test_wrong_passwords_on_both_servers_lock_the_account_at_the_one_limit(app, servers):
    a, b = servers
    kay = make_staff(app, "kay.worker@demo.example", "Kay Worker", "keyworker")
    lee = make_staff(app, "lee.helper@demo.example", "Lee Helper", "keyworker")
    server = alternating(servers)
    wrong = [
        sign_in_with_password(Browser(), server(), kay.email, "not the password")
        for _ in range(FAILURES_PER_EMAIL)
    ]
    one_more = sign_in_with_password(Browser(), server(), kay.email, "not the password")
    right_on_a = sign_in_with_password(Browser(), a, kay.email, PASSWORD)
    right_on_b = sign_in_with_password(Browser(), b, kay.email, PASSWORD)
    colleague = sign_in_with_password(Browser(), b, lee.email, PASSWORD)

    assert [page.status for page in wrong] == [400] * FAILURES_PER_EMAIL
    assert one_more.status == right_on_a.status == right_on_b.status == 429
    assert right_on_a.heading() == "Too many attempts to sign in"
    assert colleague.status == 302  # the account is locked, not the address
    assert count(app, AuditEvent, AuditEvent.action == "sign_in_locked") == 1


def test_the_limit_per_address_is_shared_by_both_servers(app, servers):
    # The address's earlier failures, counted as the servers count them (30 real ones take
    # seconds of password hashing): two attempts are left.
    key = limits.limit_key("address", BROWSER_ADDRESS)
    with app.extensions["db_sessionmaker"]() as session:
        for _ in range(FAILURES_PER_ADDRESS - 2):
            limits.take_attempt(session, key, FAILURES_PER_ADDRESS, WINDOW, datetime.now(UTC))
        session.commit()
    server = alternating(servers)
    tries = [
        sign_in_with_password(Browser(), server(), f"nobody{n}@demo.example", "not the password")
        for n in range(4)
    ]

    assert [page.status for page in tries] == [400, 400, 429, 429]


def test_the_limit_on_new_answers_per_address_is_shared_by_both_servers(app, servers):
    server = alternating(servers)
    first = Browser().get(servers[0], "/questions/").location.rsplit("/", 1)[-1]
    started = [
        answer(Browser(), server(), server(), first, NEUTRAL_TODAY[first])
        for _ in range(NEW_ANSWERS_PER_HOUR + 1)
    ]

    assert [page.status for page in started] == [302] * NEW_ANSWERS_PER_HOUR + [429]
    assert count(app, Assessment) == NEW_ANSWERS_PER_HOUR
