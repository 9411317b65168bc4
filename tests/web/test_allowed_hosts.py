"""The service answers only on its own web address, so the links it builds always name it.

Private links and staff invitations are built from the address a request came to. A request with a
forged Host (or X-Forwarded-Host) could otherwise make the service hand out a link to another site.
The allowed names are PUBLIC_URL's host plus ALLOWED_HOSTS; development and tests add localhost.
"""

from __future__ import annotations

import pytest

from tests.conftest import app_config
from tests.support.pages import csrf_token, heading, parse, text_of
from tests.support.web_journey import answer_page
from wizard.app import create_app
from wizard.config import ConfigError

PUBLIC = "https://planner.demo.example"
REFUSED = "Sorry, this service is not at that web address"


@pytest.fixture
def production(make_app):
    return make_app(WIZARD_ENV="production", DATA_KEY="ab" * 32, PUBLIC_URL=PUBLIC)


def test_a_request_for_another_host_is_refused_with_a_page_that_says_where_to_go(production):
    client = production.test_client()
    refused = client.get("/", base_url="https://evil.example")
    assert refused.status_code == 400
    assert heading(refused) == REFUSED
    assert f"{PUBLIC}/" in text_of(parse(refused).find("main"))
    # Form posts too: nothing is read or saved for a request that came to the wrong address.
    assert client.post("/questions/respondent", base_url="https://evil.example").status_code == 400


def test_the_public_host_is_served_with_or_without_its_port(production):
    client = production.test_client()
    assert client.get("/", base_url="https://planner.demo.example").status_code == 200
    assert client.get("/", base_url="https://planner.demo.example:443").status_code == 200
    assert client.get("/", base_url="https://PLANNER.demo.example").status_code == 200


def test_a_forged_forwarded_host_behind_the_proxy_is_refused(make_app):
    app = make_app(
        WIZARD_ENV="production", DATA_KEY="ab" * 32, PUBLIC_URL=PUBLIC, TRUSTED_PROXIES=1
    )
    client = app.test_client()
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"}
    assert client.get("/", base_url="http://127.0.0.1:8000", headers=headers).status_code == 400
    headers["X-Forwarded-Host"] = "planner.demo.example"
    assert client.get("/", base_url="http://127.0.0.1:8000", headers=headers).status_code == 200


def test_the_private_link_names_the_public_address(production):
    client = production.test_client()
    # Production cookies are Secure, so the family is on https, as behind the README's proxy.
    client.get("/questions/respondent", base_url=f"{PUBLIC}/")
    page = client.get("/questions/respondent", base_url=PUBLIC)
    assert page.status_code == 200
    saved = client.post(
        "/questions/respondent",
        base_url=PUBLIC,
        data={"csrf_token": csrf_token(page), "answer_version": "0", "respondent": "parent_carer"},
        headers={"Referer": f"{PUBLIC}/questions/respondent"},
    )
    assert saved.status_code == 302
    link = text_of(
        parse(client.get("/questions/save-and-return", base_url=PUBLIC)).select_one("#private-link")
    )
    assert link.startswith(f"{PUBLIC}/questions/resume/")


def test_more_names_can_be_allowed(make_app):
    app = make_app(
        WIZARD_ENV="production",
        DATA_KEY="ab" * 32,
        PUBLIC_URL=PUBLIC,
        ALLOWED_HOSTS="send-planner.demo.example, .planner-old.demo.example",
    )
    client = app.test_client()
    for host in (
        "send-planner.demo.example",
        "www.planner-old.demo.example",
        "planner.demo.example",
    ):
        assert client.get("/", base_url=f"https://{host}").status_code == 200, host
    assert client.get("/", base_url="https://planner-new.demo.example").status_code == 400


def test_the_health_check_answers_a_load_balancer_that_uses_the_servers_address(production):
    # Load balancers often probe with the server's own address as the Host. The health check
    # builds no links, so it answers whatever the Host.
    response = production.test_client().get("/healthz", base_url="http://10.0.0.12:8000")
    assert response.status_code == 200


def test_development_and_tests_also_answer_on_this_machine(app):
    client = app.test_client()
    for base in ("http://localhost", "http://127.0.0.1:5000", "http://localhost:8123"):
        assert client.get("/", base_url=base).status_code == 200, base
    assert client.get("/", base_url="http://evil.example").status_code == 400
    assert answer_page(client, "respondent", "parent_carer").status_code == 302


@pytest.mark.parametrize(
    "public_url, problem",
    [
        (None, "PUBLIC_URL is not set"),
        ("http://planner.demo.example", "PUBLIC_URL must start with https://"),
        ("https://", "PUBLIC_URL must be a web address"),
        ("https://planner.demo.example/path?x=1", "PUBLIC_URL must be a web address"),
    ],
)
def test_production_needs_its_public_address(database_url, public_url, problem):
    config = app_config(database_url, WIZARD_ENV="production", DATA_KEY="ab" * 32)
    if public_url is not None:
        config["PUBLIC_URL"] = public_url
    with pytest.raises(ConfigError, match=problem):
        create_app(config)
