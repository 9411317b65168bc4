"""Confirmations of what someone just did show as GOV.UK success banners (role alert, "Success");
information and refusals stay ordinary "Important" banners."""

from __future__ import annotations

import pytest

from tests.support.pages import parse, text_of
from tests.support.staff import make_people, post, sign_in


@pytest.fixture
def people(app):
    return make_people(app)


def banners(response) -> list[tuple[str, str, str]]:
    """Each banner on the page: its role, its title and its heading."""
    return [
        (
            banner["role"],
            text_of(banner.select_one(".govuk-notification-banner__title")),
            text_of(banner.select_one(".govuk-notification-banner__heading")),
        )
        for banner in parse(response).select(".govuk-notification-banner")
    ]


def test_signing_out_is_confirmed_with_a_success_banner(app, people):
    client = app.test_client()
    sign_in(client, people.kw1)
    response = post(client, "/staff/sign-out", page="/staff/")
    page = client.get(response.headers["Location"])
    assert ("alert", "Success", "You have signed out.") in banners(page)


def test_disabling_and_enabling_an_account_are_confirmed_with_success_banners(app, people):
    admin = app.test_client()
    sign_in(admin, people.admin)
    url = f"/staff/admin/users/{people.kw1.id}/access"
    post(admin, url, {"action": "disable"}, "/staff/admin/users")
    page = admin.get("/staff/admin/users")
    assert ("alert", "Success", f"{people.kw1.name} can no longer sign in.") in banners(page)
    post(admin, url, {"action": "enable"}, "/staff/admin/users")
    page = admin.get("/staff/admin/users")
    assert ("alert", "Success", f"{people.kw1.name} can sign in again.") in banners(page)


def test_a_refusal_stays_an_ordinary_banner(app, people):
    admin = app.test_client()
    sign_in(admin, people.admin)
    post(
        admin,
        f"/staff/admin/users/{people.admin.id}/access",
        {"action": "disable"},
        "/staff/admin/users",
    )
    page = admin.get("/staff/admin/users")
    assert ("region", "Important", "You cannot disable your own account.") in banners(page)
