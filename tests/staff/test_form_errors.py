"""Every staff form shows its problems the GOV.UK way: a summary linking to fields on the page."""

from __future__ import annotations

import pytest
from werkzeug.test import TestResponse

from tests.staff.test_invitations import invite, new_person
from tests.support.pages import csrf_token, parse, text_of
from tests.support.staff import post, sign_in, sign_in_with_password
from wizard.web import staff_auth


def _summary_links(response: TestResponse) -> dict[str, str]:
    """The error summary's links (target id -> message), after checking each points at a field
    on the page that shows the same message next to it, and the title says "Error:"."""
    page = parse(response)
    summary = page.select_one(".govuk-error-summary")
    assert summary is not None, "no GOV.UK error summary"
    assert text_of(page.title).startswith("Error: ")
    links = {str(link["href"]).removeprefix("#"): text_of(link) for link in summary.select("a")}
    for target, message in links.items():
        field = page.find(id=target)
        assert field is not None and field.name in ("input", "textarea"), target
        group = field.find_parent(class_="govuk-form-group--error")
        assert group is not None, f"{target} is not in a form group with an error"
        shown = group.select_one(".govuk-error-message")
        assert shown is not None and text_of(shown) == f"Error: {message}", target
    return links


def test_signing_in_with_nothing_entered(client, monkeypatch):
    def must_not_run(*args):
        raise AssertionError("an incomplete sign-in must neither count nor check a password")

    monkeypatch.setattr(staff_auth.passwords, "verify_password", must_not_run)
    monkeypatch.setattr(staff_auth.limits, "take_attempt", must_not_run)
    page = client.get("/staff/sign-in")
    response = client.post("/staff/sign-in", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 400
    assert _summary_links(response) == {
        "email": "Enter your email address",
        "password": "Enter your password",
    }
    spaces = client.post(
        "/staff/sign-in",
        data={"csrf_token": csrf_token(page), "email": "  ", "password": "x"},
    )
    assert _summary_links(spaces) == {"email": "Enter your email address"}


def test_the_code_with_nothing_entered(client, people):
    sign_in_with_password(client, people.kw1)
    response = post(client, "/staff/sign-in/code", {"code": ""}, page="/staff/sign-in/code")
    assert response.status_code == 400
    assert _summary_links(response) == {
        "code": "Enter the 6-digit code from your authenticator app"
    }


def test_an_invitation_and_setting_up_the_app_with_nothing_entered(app, client):
    client.get(f"/staff/invitation/{invite(app, new_person(app))}")
    response = post(client, "/staff/invitation", {}, page="/staff/invitation")
    assert response.status_code == 400
    assert list(_summary_links(response)) == ["password"]

    accepted = post(
        client,
        "/staff/invitation",
        {"password": "a long enough passphrase", "confirm": "another one"},
        page="/staff/invitation",
    )
    assert _summary_links(accepted) == {
        "confirm": "The passwords do not match. Enter the same password twice"
    }
    post(
        client,
        "/staff/invitation",
        {"password": "a long enough passphrase", "confirm": "a long enough passphrase"},
        page="/staff/invitation",
    )
    page = "/staff/set-up-authenticator"
    response = post(client, page, {"code": "12"}, page=page)
    assert response.status_code == 400
    assert _summary_links(response) == {"code": "Code must be 6 digits"}


def test_a_new_case_with_nothing_entered(client, people):
    sign_in(client, people.kw1)
    response = post(client, "/staff/cases/new", {}, page="/staff/cases/new")
    assert response.status_code == 400
    assert list(_summary_links(response)) == ["label", "consent_by", "consent_day", "consent_to"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("share", "Select a colleague to share the case with"),
        ("hand-over", "Select the keyworker to hand the case to"),
    ],
)
def test_choosing_no_colleague(client, people, path, message):
    sign_in(client, people.kw1)
    url = f"/staff/cases/{people.case_a}/{path}"
    response = post(client, url, {}, page=url)
    assert response.status_code == 400
    assert _summary_links(response) == {"colleague": message}


def test_an_empty_note(client, people):
    sign_in(client, people.kw1)
    case = f"/staff/cases/{people.case_a}"
    response = post(client, f"{case}/notes", {"note": "  "}, page=case)
    assert response.status_code == 400
    assert _summary_links(response) == {"note": "Enter a note"}


def test_an_invitation_with_nothing_entered(client, people):
    sign_in(client, people.admin)
    response = post(client, "/staff/admin/users", {}, page="/staff/admin/users")
    assert response.status_code == 400
    assert _summary_links(response) == {
        "name": "Enter the person's name",
        "email": "Enter their work email address",
        "role": "Select a role",
    }


def test_finding_an_audit_trail_for_no_such_case(client, people):
    sign_in(client, people.admin)
    response = client.get("/staff/admin/audit?case=999999")
    assert _summary_links(response) == {"case": "There is no case with this number"}
