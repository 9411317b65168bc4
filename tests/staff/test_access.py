"""Who may reach what: a role x endpoint matrix over two families and two keyworkers (and over two
organisations' providers for their listing changes), and a meta-test that every route taking a
case or assessment id checks access to that object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from tests.support.directory import demo_service, load_demo
from tests.support.pages import csrf_token
from tests.support.personas import NEUTRAL
from tests.support.providers import PLAY, SENDIASS, make_provider
from tests.support.staff import Staff, make_staff, sign_in
from tests.support.web_journey import seed
from wizard.storage import listing_changes
from wizard.storage.directory_models import Organization, Service
from wizard.storage.staff_models import ListingChange, User

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
SENT = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
#: (method, path with {a} for a change waiting for one organisation's provider, form data)
CHANGE_ROUTES = [
    ("GET", "/staff/provider/changes/{a}/withdraw", None),
    ("POST", "/staff/provider/changes/{a}/withdraw", {}),
]
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
        if session.get(Organization, SENDIASS) is None:  # the demo directory may hold it already
            session.add(Organization(id=SENDIASS, name="Demo Borough SENDIASS"))
            session.commit()
    return make_provider(app, "pat.provider@demo.example", "Pat Provider", SENDIASS)


@dataclass
class WaitingChanges:
    """A change waiting for the council from each of two organisations, and who sent each."""

    sendiass: int
    play: int
    providers: dict[str, Staff]


@pytest.fixture
def waiting_changes(app) -> WaitingChanges:
    """The demo directory, with a waiting change to a SENDIASS listing sent by its provider and
    one to a Play Together listing sent by that charity's provider."""
    load_demo(app)
    sendiass = a_provider(app)
    play = make_provider(app, "robin.play@demo.example", "Robin Play", PLAY)
    ids = []
    with app.extensions["db_sessionmaker"]() as session:
        for key, sender in (("sendiass-advice-line", sendiass), ("inclusive-holiday-club", play)):
            service = session.get(Service, demo_service(key))
            wish = {**listing_changes.current_values(session, service), "alert": "Closed in May"}
            sent = session.get(User, sender.id)
            ids.append(listing_changes.propose(session, service, sent, wish, SENT).id)
        session.commit()
    return WaitingChanges(ids[0], ids[1], {"provider": sendiass, "other_provider": play})


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
                assert_sent_to_sign_in(response, who, path)
            elif who == holder:
                assert_answered(response, who, path)
            else:
                assert response.status_code == 404, (who, path, response.status_code)


EVERYONE = ["nobody", "family", "kw1", "kw2", "editor", "admin", "provider", "other_provider"]
EVERYONE += ["insight"]


def client_with_changes(app, people, waiting_changes, who):
    """A client signed in as `who`, where either organisation's provider is the one who sent
    that organisation's waiting change."""
    if who in waiting_changes.providers:
        client = app.test_client()
        sign_in(client, waiting_changes.providers[who])
        return client
    return client_as(app, people, who)


def assert_sent_to_sign_in(response, who, path):
    assert response.status_code == 302, (who, path)
    assert response.headers["Location"].startswith("/staff/sign-in"), (who, path)


def assert_answered(response, who, path):
    assert response.status_code in (200, 302), (who, path, response.status_code)
    assert not response.headers.get("Location", "").startswith("/staff/sign-in"), (who, path)


@pytest.mark.parametrize("who", EVERYONE)
def test_withdrawing_a_change_answers_only_a_provider_of_its_organisation(
    app, people, waiting_changes, who
):
    client = client_with_changes(app, people, waiting_changes, who)
    holders = {waiting_changes.sendiass: "provider", waiting_changes.play: "other_provider"}
    for method, template, data in CHANGE_ROUTES:
        for change, holder in holders.items():
            path = template.replace("{a}", str(change))
            response = call(client, method, path, data)
            if who in ("nobody", "family"):
                assert_sent_to_sign_in(response, who, path)
            elif who == holder:
                assert_answered(response, who, path)
            elif who in waiting_changes.providers:  # a provider, of the other organisation
                assert response.status_code == 404, (who, path, response.status_code)
            else:  # staff who are not providers: the page is not theirs at all
                assert response.status_code == 403, (who, path, response.status_code)
    with app.extensions["db_sessionmaker"]() as session:
        for change, holder in holders.items():
            status = session.get(ListingChange, change).status
            assert status == ("withdrawn" if who == holder else "pending"), (who, change)


@pytest.mark.parametrize("who", EVERYONE)
def test_a_listing_page_answers_only_a_provider_of_its_organisation(
    app, people, waiting_changes, who
):
    client = client_with_changes(app, people, waiting_changes, who)
    holders = {
        demo_service("sendiass-advice-line"): "provider",
        demo_service("inclusive-holiday-club"): "other_provider",
    }
    for service_id, holder in holders.items():
        path = f"/staff/provider/services/{service_id}"
        response = client.get(path)
        if who in ("nobody", "family"):
            assert_sent_to_sign_in(response, who, path)
        elif who == holder:
            assert response.status_code == 200, (who, path, response.status_code)
        elif who in waiting_changes.providers:  # a provider, of the other organisation
            assert response.status_code == 404, (who, path, response.status_code)
        else:
            assert response.status_code == 403, (who, path, response.status_code)


@pytest.mark.parametrize("who", EVERYONE)
def test_only_editors_and_admins_review_a_change_and_no_one_else_can_decide_it(
    app, people, waiting_changes, who
):
    client = client_with_changes(app, people, waiting_changes, who)
    for change in (waiting_changes.sendiass, waiting_changes.play):
        path = f"/staff/listing-changes/{change}"
        response = client.get(path)
        if who in ("nobody", "family"):
            assert_sent_to_sign_in(response, who, path)
        elif who in ("editor", "admin"):
            assert response.status_code == 200, (who, path, response.status_code)
            continue
        else:
            assert response.status_code == 403, (who, path, response.status_code)
        for decision in ("approve", "return"):
            response = call(client, "POST", f"{path}/{decision}", {"reason": "No"})
            if who in ("nobody", "family"):
                assert_sent_to_sign_in(response, who, path)
            else:
                assert response.status_code == 403, (who, path, decision, response.status_code)
    with app.extensions["db_sessionmaker"]() as session:
        for change in (waiting_changes.sendiass, waiting_changes.play):
            assert session.get(ListingChange, change).status == "pending", (who, change)


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
