"""Security standing rules 1, 5 and 6: CSRF on every state change, no data in logs, headers."""

from __future__ import annotations

import logging
import re

import pytest
from flask import Flask

from tests.conftest import app_config, count_rows
from tests.support.pages import csrf_token, heading, parse, text_of
from wizard.app import create_app


def _routes(app: Flask, method: str) -> list[str]:
    """Every URL rule accepting `method`, with simple placeholder values for its arguments."""
    urls = []
    for rule in app.url_map.iter_rules():
        if method in (rule.methods or set()):
            url = re.sub(r"<int:[^>]+>", "1", rule.rule)
            url = re.sub(r"<(?:[^:>]+:)?([^>]+)>", "x", url)
            urls.append(url)
    return sorted(set(urls))


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_every_state_changing_route_refuses_a_request_without_a_csrf_token(app, client, method):
    routes = _routes(app, method)
    if method == "POST":
        assert routes, "the walk found no POST routes at all"
    for url in routes:
        before = count_rows(app)
        response = client.open(url, method=method, data={"anything": "1"})
        assert response.status_code == 400, f"{method} {url} answered {response.status_code}"
        assert count_rows(app) == before


def test_a_wrong_csrf_token_gets_the_friendly_400_page(client):
    client.get("/feedback")
    response = client.post("/feedback", data={"csrf_token": "forged", "satisfaction": "satisfied"})
    assert response.status_code == 400
    assert heading(response) == "Sorry, there is a problem with the page"
    assert "Traceback" not in response.get_data(as_text=True)


def test_a_token_from_another_session_is_refused(app, client):
    other = app.test_client()
    token = csrf_token(other.get("/feedback"))
    client.get("/feedback")
    response = client.post("/feedback", data={"csrf_token": token, "satisfaction": "satisfied"})
    assert response.status_code == 400


def test_every_get_route_leaves_the_database_unchanged(app, client):
    for url in _routes(app, "GET"):
        before = count_rows(app)
        client.get(url)
        assert count_rows(app) == before, f"GET {url} changed the database"


def test_security_headers_on_pages(client):
    response = client.get("/")
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    scripts = parse(response).find_all("script")
    assert scripts and all(s.get("nonce") == nonce for s in scripts)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers  # plain HTTP here


def test_each_response_gets_a_new_nonce(client):
    first = client.get("/").headers["Content-Security-Policy"]
    second = client.get("/").headers["Content-Security-Policy"]
    assert first != second


def test_hsts_over_https(client):
    response = client.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_static_files_are_cacheable_and_nosniff(client):
    response = client.get("/assets/govuk-frontend.min.css")
    response.close()
    assert response.status_code == 200
    assert "public" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_error_pages_carry_headers_too(client):
    response = client.get("/missing")
    assert "Content-Security-Policy" in response.headers


def test_session_cookie_is_httponly_and_lax(client):
    response = client.get("/feedback")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_is_secure_in_production(database_url):
    app = create_app(
        app_config(
            database_url,
            WIZARD_ENV="production",
            DATA_KEY="ab" * 32,
            PUBLIC_URL="https://localhost",
        )
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_hostile_feedback_appears_as_text_never_markup(client):
    token = csrf_token(client.get("/feedback"))
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&"
    response = client.post(
        "/feedback", data={"csrf_token": token, "comments": hostile, "satisfaction": "bad"}
    )
    page = parse(response)
    assert page.select_one("textarea").get_text() == hostile
    assert not [s for s in page.find_all("script") if "alert" in s.get_text()]
    assert page.find("img", attrs={"onerror": True}) is None


def test_no_personal_data_in_logs(client, caplog):
    sentinel = "SENTINEL-Zebedee-Quux"
    caplog.set_level(logging.DEBUG)
    token = csrf_token(client.get("/feedback"))
    client.post(
        "/feedback", data={"csrf_token": token, "satisfaction": "bad", "comments": sentinel}
    )
    client.post(
        "/feedback", data={"csrf_token": token, "satisfaction": "satisfied", "comments": sentinel}
    )
    client.get(f"/no-such-page/{sentinel}")
    assert caplog.records, "nothing was logged, so the test proves nothing"
    assert sentinel not in caplog.text
    assert all(
        hasattr(record, "request_id")
        for record in caplog.records
        if record.name.startswith("wizard")
    )


def test_a_forced_500_shows_a_friendly_page_and_logs_no_message(database_url, caplog):
    app = create_app(app_config(database_url))

    secret = "SENTINEL-in-exception-message"

    @app.get("/__boom")
    def boom():
        raise RuntimeError(secret)

    response = app.test_client().get("/__boom")
    assert response.status_code == 500
    assert heading(response) == "Sorry, there is a problem with the service"
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "SENTINEL" not in body
    reference = text_of(parse(response).select_one(".app-reference"))
    assert reference == response.headers["X-Request-Id"]
    assert "RuntimeError" in caplog.text
    assert "SENTINEL" not in caplog.text


def test_request_too_large_gets_413_page(client):
    response = client.post("/feedback", data={"comments": "a" * (65 * 1024)})
    assert response.status_code == 413
    assert heading(response) == "What you sent is too long"
