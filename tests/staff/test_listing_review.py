"""Editors review providers' changes: a field-by-field comparison, approve (published at once, on
the public page and /oruk/) or return with a reason the provider reads; every step audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.support.directory import demo_service, load_demo
from tests.support.pages import csrf_token, error_summary, parse, text_of
from tests.support.providers import SENDIASS, form_fields, signed_in_provider_and_editor
from tests.support.staff import make_staff, sign_in
from wizard.storage import provider_accounts
from wizard.storage.directory_models import Service
from wizard.storage.staff_models import AuditEvent, ListingChange, User

ADVICE_LINE = demo_service("sendiass-advice-line")
EDIT = f"/staff/provider/services/{ADVICE_LINE}"


@pytest.fixture
def clients(app):
    """A provider who has sent a change, and an editor."""
    load_demo(app)
    _provider, provider_client, editor_client = signed_in_provider_and_editor(app)
    data = form_fields(parse(provider_client.get(EDIT)))
    data.update(
        {
            "description": "Free advice about SEND for families (changed, demonstration).",
            "url": "https://advice.sendiass.demo-borough.example/",
            "status": "temporarily closed",
            "maximum_age": "19",
            "FR_opens": "",
            "FR_closes": "",
        }
    )
    assert provider_client.post(EDIT, data=data).status_code == 302
    return provider_client, editor_client


def decision(review) -> dict[str, str]:
    """What the review page's decision forms send: the CSRF token and the proposal it showed."""
    page = parse(review)
    return {"csrf_token": csrf_token(review), "seen": page.select_one("input[name=seen]")["value"]}


def the_change(app):
    with app.extensions["db_sessionmaker"]() as session:
        return session.scalars(select(ListingChange)).one()


def audited(app):
    with app.extensions["db_sessionmaker"]() as session:
        return [
            event.action
            for event in session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action.like("listing_change_%"))
                .order_by(AuditEvent.id)
            )
        ]


def test_the_queue_lists_the_change_and_says_where_the_listing_is_kept(app, clients):
    _, editor = clients
    page = parse(editor.get("/staff/listing-changes"))

    [row] = page.select("tbody tr")
    cells = [text_of(cell) for cell in row.select("td")]
    assert cells[0] == "SENDIASS advice line"
    assert cells[1] == "Demo Borough SENDIASS"
    assert "by Pat Provider" in cells[2]
    assert cells[3] == "Imported from demo-feed.json: the next import replaces it"


def test_the_comparison_shows_only_the_changed_fields_now_and_proposed(app, clients):
    _, editor = clients
    page = parse(editor.get(f"/staff/listing-changes/{the_change(app).id}"))

    rows = {
        text_of(row.select_one("th")): [text_of(cell) for cell in row.select("td")]
        for row in page.select(".app-comparison tbody tr")
    }
    assert rows == {
        "What the service does": [
            "Free, impartial and confidential advice about special educational needs and "
            "disability (SEND), including education, health and care, for families and young "
            "people.",
            "Free advice about SEND for families (changed, demonstration).",
        ],
        "Website": [
            "https://sendiass.demo-borough.example/",
            "https://advice.sendiass.demo-borough.example/",
        ],
        "Opening times": [
            "Monday to Friday, 9:30am to 4:30pm",
            "Monday to Thursday, 9:30am to 4:30pm",
        ],
        "Oldest age": ["25", "19"],
        "New referrals": ["Open to new referrals", "Closed to new referrals"],
    }
    assert "imported from demo-feed.json" in text_of(page.select_one(".app-imported-listing"))


def test_approving_publishes_at_once_on_the_page_and_in_oruk(app, clients):
    provider, editor = clients
    change_id = the_change(app).id
    review = editor.get(f"/staff/listing-changes/{change_id}")
    response = editor.post(f"/staff/listing-changes/{change_id}/approve", data=decision(review))
    assert response.status_code == 302

    public = parse(app.test_client().get(f"/services/{ADVICE_LINE}"))
    assert "Free advice about SEND for families (changed" in text_of(public.select_one("main"))
    assert "Monday to Thursday, 9:30am to 4:30pm" in text_of(public.select_one("main"))
    assert "Ages 0 to 19" in text_of(public.select_one("main"))
    oruk = app.test_client().get(f"/oruk/services/{ADVICE_LINE}").get_json()
    assert oruk["description"].startswith("Free advice about SEND for families (changed")
    assert oruk["url"] == "https://advice.sendiass.demo-borough.example/"
    assert oruk["status"] == "temporarily closed"
    assert oruk["maximum_age"] == 19
    assert [s["byday"] for s in oruk["schedules"]] == ["MO,TU,WE,TH"]
    found = app.test_client().get("/services/?q=changed")
    assert "SENDIASS advice line" in found.get_data(as_text=True)  # search sees the new words
    assert the_change(app).status == "approved"
    assert audited(app) == ["listing_change_proposed", "listing_change_approved"]
    home = parse(provider.get("/staff/provider/"))
    assert "Published" in text_of(home.select_one("tbody"))
    # Decided once: the change has left the queue.
    assert editor.get(f"/staff/listing-changes/{change_id}").status_code == 404


def test_the_next_import_from_the_source_of_truth_replaces_an_approved_change(app, clients):
    _, editor = clients
    change_id = the_change(app).id
    review = editor.get(f"/staff/listing-changes/{change_id}")
    editor.post(f"/staff/listing-changes/{change_id}/approve", data=decision(review))

    load_demo(app)

    with app.extensions["db_sessionmaker"]() as session:
        service = session.get(Service, ADVICE_LINE)
        assert service.description.startswith("Free, impartial and confidential advice")
        assert service.status == "active"


def test_returning_needs_a_reason_and_the_provider_reads_it(app, clients):
    provider, editor = clients
    change_id = the_change(app).id
    review = editor.get(f"/staff/listing-changes/{change_id}")

    empty = editor.post(
        f"/staff/listing-changes/{change_id}/return",
        data={**decision(review), "reason": "  "},
    )
    assert empty.status_code == 400
    assert error_summary(empty) == ["Enter why you are returning the change"]
    assert the_change(app).status == "pending"

    returned = editor.post(
        f"/staff/listing-changes/{change_id}/return",
        data={**decision(review), "reason": "The advice line is open on Fridays."},
    )
    assert returned.status_code == 302
    assert the_change(app).status == "returned"
    assert audited(app) == ["listing_change_proposed", "listing_change_returned"]
    with app.extensions["db_sessionmaker"]() as session:
        assert session.get(Service, ADVICE_LINE).status == "active"  # the listing stays as it was
    page = parse(provider.get(EDIT))
    assert "The advice line is open on Fridays." in text_of(page.select_one(".app-returned-change"))
    home = parse(provider.get("/staff/provider/"))
    assert "Returned The advice line is open on Fridays." in text_of(home.select_one("tbody"))


def test_an_editor_invites_a_provider_for_one_organisation(app, clients):
    _, editor = clients
    page = editor.get("/staff/providers")

    missing = editor.post(
        "/staff/providers",
        data={"csrf_token": csrf_token(page), "name": "Sam", "email": "sam@demo.example"},
    )
    assert missing.status_code == 400
    assert error_summary(missing) == ["Select the provider's organisation"]

    invited = editor.post(
        "/staff/providers",
        data={
            "csrf_token": csrf_token(page),
            "name": "Sam Provider",
            "email": "sam@demo.example",
            "organization": SENDIASS,
        },
    )
    assert invited.status_code == 200
    link = text_of(parse(invited).select_one("#invite-link"))
    assert "/staff/invitation/" in link
    with app.extensions["db_sessionmaker"]() as session:
        user = session.scalars(select(User).where(User.email == "sam@demo.example")).one()
        assert user.role == "provider"
        assert provider_accounts.organization_id_of(session, user) == SENDIASS
    fresh = app.test_client()
    opened = fresh.get(link.replace("http://localhost", ""), follow_redirects=True)
    assert opened.status_code == 200
    assert "Sam Provider" in opened.get_data(as_text=True) or "sam@demo.example" in (
        opened.get_data(as_text=True)
    )
    listed = parse(editor.get("/staff/providers"))
    assert "Sam Provider" in text_of(listed.select_one("tbody"))


def test_the_administrators_form_does_not_make_a_provider_without_an_organisation(app):
    admin = make_staff(app, "ad.min@demo.example", "Addy Min", "admin")
    client = app.test_client()
    sign_in(client, admin)
    page = client.get("/staff/admin/users")

    response = client.post(
        "/staff/admin/users",
        data={
            "csrf_token": csrf_token(page),
            "name": "No Org",
            "email": "no.org@demo.example",
            "role": "provider",
        },
    )
    assert response.status_code == 400
    assert error_summary(response) == ["Select a role"]


def test_a_provider_cannot_approve_their_own_change(app, clients):
    provider, _ = clients
    change_id = the_change(app).id
    token = csrf_token(provider.get(EDIT))

    assert provider.get(f"/staff/listing-changes/{change_id}").status_code == 403
    response = provider.post(
        f"/staff/listing-changes/{change_id}/approve", data={"csrf_token": token}
    )
    assert response.status_code == 403
    assert the_change(app).status == "pending"


def test_a_proposal_changed_while_the_editor_reads_it_is_not_decided_unseen(app, clients):
    provider, editor = clients
    change_id = the_change(app).id
    review = editor.get(f"/staff/listing-changes/{change_id}")  # the editor sees the first wish
    data = form_fields(parse(provider.get(EDIT)))
    data["description"] = "A second wish, sent while the editor was reading (demonstration)."
    assert provider.post(EDIT, data=data).status_code == 302
    assert the_change(app).id == change_id  # the same waiting change, now saying something else

    for action, extra in (("approve", {}), ("return", {"reason": "Not now"})):
        response = editor.post(
            f"/staff/listing-changes/{change_id}/{action}", data={**decision(review), **extra}
        )
        assert response.headers["Location"].endswith(f"/staff/listing-changes/{change_id}")
        assert the_change(app).status == "pending"
    again = editor.get(f"/staff/listing-changes/{change_id}")
    assert "changed this proposal while you were reading it" in text_of(parse(again))
    assert "A second wish" in text_of(parse(again))
    with app.extensions["db_sessionmaker"]() as session:
        assert "second wish" not in session.get(Service, ADVICE_LINE).description
    assert (
        editor.post(f"/staff/listing-changes/{change_id}/approve", data=decision(again)).status_code
        == 302
    )


def test_approving_new_opening_times_keeps_the_schedules_and_costs_the_form_does_not_show(
    app, clients
):
    from wizard.storage.directory_models import CostOption, Schedule

    _, editor = clients
    with app.extensions["db_sessionmaker"]() as session:
        session.add(
            Schedule(
                id="monthly-drop-in",
                service_id=ADVICE_LINE,
                position=9,
                freq="MONTHLY",
                bymonthday="1",
                description="First of the month drop-in (demonstration)",
            )
        )
        session.add(CostOption(id="cost-1", service_id=ADVICE_LINE, option="Workshop", amount=5))
        session.commit()
    change_id = the_change(app).id
    assert "opening_times" in the_change(app).changes  # the fixture's change closes on Fridays
    review = editor.get(f"/staff/listing-changes/{change_id}")
    assert editor.post(f"/staff/listing-changes/{change_id}/approve", data=decision(review))
    with app.extensions["db_sessionmaker"]() as session:
        schedules = session.scalars(select(Schedule).where(Schedule.service_id == ADVICE_LINE))
        kinds = sorted((s.freq, s.description) for s in schedules)
        costs = session.scalars(select(CostOption).where(CostOption.service_id == ADVICE_LINE))
        assert ("MONTHLY", "First of the month drop-in (demonstration)") in kinds
        assert "Workshop" in [c.option for c in costs]
        assert "FR" not in ",".join(
            s.byday
            for s in session.scalars(select(Schedule).where(Schedule.freq == "WEEKLY"))
            if s.service_id == ADVICE_LINE
        )
