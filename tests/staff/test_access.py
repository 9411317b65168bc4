"""Who may reach what: a role x endpoint matrix over two families and two keyworkers, and a
meta-test that every route taking a case or assessment id checks access to that object."""

from __future__ import annotations

import pytest

from tests.support.pages import csrf_token
from tests.support.personas import NEUTRAL
from tests.support.providers import SENDIASS, make_provider
from tests.support.staff import make_staff, sign_in
from tests.support.web_journey import seed
from wizard.storage.directory_models import Organization

#: (method, path with {a} for kw1's case and {b} for kw2's, form data)
CASE_ROUTES = [
    ("GET", "/staff/cases/{a}", None),
    ("POST", "/staff/cases/{a}/questions", {}),
    ("POST", "/staff/cases/{a}/notes", {"note": "A note"}),
    ("GET", "/staff/cases/{a}/share", None),
    ("GET", "/staff/cases/{a}/hand-over", None),
    ("POST", "/staff/cases/{a}/family-link", {}),
    ("POST", "/staff/cases/{a}/status", {"status": "open"}),
    ("POST", "/staff/cases/{a}/stop", {}),
]
AUDIT = ("GET", "/staff/cases/{a}/audit", None)
ROLE_PAGES = {
    "/staff/cases/new": {"keyworker"},
    "/staff/admin/users": {"admin"},
    "/staff/admin/audit": {"admin"},
    "/staff/feedback": {"editor", "admin"},
    "/staff/directory": {"editor", "admin"},
    "/staff/local-offer-comments": {"editor", "admin"},
    "/staff/you-said-we-did": {"editor", "admin"},
    "/staff/you-said-we-did/new": {"editor", "admin"},
    "/staff/annual-review": {"editor", "admin"},
    "/staff/listing-changes": {"editor", "admin"},
    "/staff/providers": {"editor", "admin"},
    "/staff/provider/": {"provider"},
    "/staff/insight/": {"insight", "admin"},
    "/staff/insight/unmet-need": {"insight", "admin"},
    "/staff/insight/journey": {"insight", "admin"},
    "/staff/insight/needs-areas.csv": {"insight", "admin"},
}


def client_as(app, people, who):
    client = app.test_client()
    if who == "family":
        seed(client, NEUTRAL, upto="birth_month")  # a family with their own answers
    elif who == "provider":
        sign_in(client, a_provider(app))
    elif who == "insight":
        sign_in(client, make_staff(app, "in.sight@demo.example", "Indy Sight", "insight"))
    elif who != "nobody":
        sign_in(client, getattr(people, who))
    return client


def a_provider(app):
    """A provider for an organisation of their own (no services needed to be refused a case)."""
    with app.extensions["db_sessionmaker"]() as session:
        session.add(Organization(id=SENDIASS, name="Demo Borough SENDIASS"))
        session.commit()
    return make_provider(app, "pat.provider@demo.example", "Pat Provider", SENDIASS)


def call(client, method, path, data):
    if method == "GET":
        return client.get(path)
    token = csrf_token(client.get("/feedback"))  # a form every visitor can load
    return client.post(path, data={"csrf_token": token, **(data or {})})


@pytest.mark.parametrize(
    "who", ["nobody", "family", "kw1", "kw2", "editor", "admin", "provider", "insight"]
)
def test_case_routes_answer_only_the_keyworker_holding_the_case(app, people, who):
    client = client_as(app, people, who)
    for method, template, data in CASE_ROUTES:
        for case, holder in ((people.case_a, "kw1"), (people.case_b, "kw2")):
            path = template.replace("{a}", str(case))
            response = call(client, method, path, data)
            if who in ("nobody", "family"):
                assert response.status_code == 302, (who, path)
                assert response.headers["Location"].startswith("/staff/sign-in"), (who, path)
            elif who == holder:
                assert response.status_code in (200, 302), (who, path, response.status_code)
                assert not response.headers.get("Location", "").startswith("/staff/sign-in")
            else:
                assert response.status_code == 404, (who, path, response.status_code)


@pytest.mark.parametrize("who", ["kw1", "kw2", "editor", "admin", "provider", "insight"])
def test_only_admins_read_audit_trails(app, people, who):
    client = client_as(app, people, who)
    for case in (people.case_a, people.case_b):
        response = client.get(f"/staff/cases/{case}/audit")
        assert response.status_code == (200 if who == "admin" else 404), (who, case)


@pytest.mark.parametrize("who", ["nobody", "kw1", "editor", "admin", "provider", "insight"])
def test_role_pages(app, people, who):
    client = client_as(app, people, who)
    for path, roles in ROLE_PAGES.items():
        response = client.get(path)
        if who == "nobody":
            assert response.headers["Location"].startswith("/staff/sign-in"), path
        else:
            role = who if who in ("provider", "insight") else getattr(people, who).role
            assert response.status_code == (200 if role in roles else 403), (who, path)


def test_a_case_id_that_does_not_exist_is_not_found(app, people):
    client = client_as(app, people, "kw1")

    assert client.get("/staff/cases/999999").status_code == 404


def test_every_route_taking_a_case_or_assessment_id_checks_access(app):
    unchecked = []
    for rule in app.url_map.iter_rules():
        if {"case_id", "assessment_id"} & set(rule.arguments):
            view = app.view_functions[rule.endpoint]
            if not getattr(view, "case_checked", False):
                unchecked.append(rule.rule)
    assert unchecked == []
    assert any("case_id" in rule.arguments for rule in app.url_map.iter_rules())


def test_the_meta_test_catches_a_route_without_the_check(app):
    @app.get("/staff/cases/<int:case_id>/leak")
    def leak(case_id):
        return str(case_id)

    with pytest.raises(AssertionError):
        test_every_route_taking_a_case_or_assessment_id_checks_access(app)
