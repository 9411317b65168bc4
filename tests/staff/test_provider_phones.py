"""Every telephone number of a service is the provider's to change: each one's number and what it
is for, one more in an empty row, any of them removed; checked as a feed's are, with messages that
name the number. The editor compares all of them, and approving publishes all of them without
touching the contacts' own numbers; a number kept keeps its id on /oruk/, and no id is handed on."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.support.directory import demo_service, load_demo
from tests.support.pages import csrf_token, error_summary, parse, text_of
from tests.support.providers import form_fields, send_listing_change, signed_in_provider_and_editor
from wizard.storage import directory as store
from wizard.storage.directory_models import Contact, Phone
from wizard.storage.staff_models import ListingChange

ADVICE_LINE = demo_service("sendiass-advice-line")
EDIT = f"/staff/provider/services/{ADVICE_LINE}"
FIRST = "c74b0590-b885-5dc6-a451-1a4fa1f7960c"  # the demo's own number (020 7946 0200)
SECOND = "e0000000-0000-4000-8000-000000000002"  # sorts after the first: listed second
THIRD = "e0000000-0000-4000-8000-000000000003"  # added by the tests that need three numbers
CONTACTS = "d0000000-0000-4000-8000-00000000000c"  # a named contact's number, not the service's
FORMAT = "in the correct format, like 01632 960 001 or 07700 900 982"


@pytest.fixture
def people(app):
    """A provider of a service with two numbers of its own and a contact with one, and an editor."""
    load_demo(app)
    with app.extensions["db_sessionmaker"]() as session:
        session.add(
            Phone(
                id=SECOND, service_id=ADVICE_LINE, number="020 7946 0210", description="Text only"
            )
        )
        session.add(Contact(id="contact-1", service_id=ADVICE_LINE, name="", title="Caseworker"))
        session.add(
            Phone(
                id=CONTACTS,
                service_id=ADVICE_LINE,
                contact_id="contact-1",
                number="020 7946 0299",
                description="Caseworker",
            )
        )
        session.commit()
    _provider, provider_client, editor_client = signed_in_provider_and_editor(app)
    return provider_client, editor_client


def send(client, changes):
    return send_listing_change(client, ADVICE_LINE, changes)


def the_change(app):
    with app.extensions["db_sessionmaker"]() as session:
        return session.scalars(select(ListingChange)).one_or_none()


def stored_phones(app):
    with app.extensions["db_sessionmaker"]() as session:
        query = (
            select(Phone)
            .where(Phone.service_id == ADVICE_LINE)
            .order_by(*store.listed_order(Phone))
        )
        return [(p.contact_id, p.number, p.description) for p in session.scalars(query)]


def published_phones(app):
    """The service's own numbers as /oruk/ publishes them, in order: (id, number)."""
    oruk = app.test_client().get(f"/oruk/services/{ADVICE_LINE}").get_json()
    return [(p["id"], p["number"]) for p in oruk["phones"] if not p.get("contact_id")]


def add_third_number(app):
    with app.extensions["db_sessionmaker"]() as session:
        session.add(
            Phone(id=THIRD, service_id=ADVICE_LINE, number="020 7946 0220", description="Fax")
        )
        session.commit()


def approve(app, editor):
    change = the_change(app)
    review = editor.get(f"/staff/listing-changes/{change.id}")
    seen = parse(review).select_one("input[name=seen]")["value"]
    response = editor.post(
        f"/staff/listing-changes/{change.id}/approve",
        data={"csrf_token": csrf_token(review), "seen": seen},
    )
    assert response.status_code == 302


def test_the_form_shows_every_number_of_the_service_and_an_empty_row_for_one_more(people):
    provider, _ = people
    page = parse(provider.get(EDIT))
    data = form_fields(page)

    assert (data["phones-0-number"], data["phones-0-description"]) == ("020 7946 0200", "Enquiries")
    assert (data["phones-1-number"], data["phones-1-description"]) == ("020 7946 0210", "Text only")
    assert (data["phones-2-number"], data["phones-2-description"]) == ("", "")
    assert "phones-3-number" not in data
    assert "020 7946 0299" not in data.values()  # the contact's number is not the service's
    legends = [text_of(legend) for legend in page.select(".app-phone legend")]
    assert legends == [
        "Telephone number 1",
        "Telephone number 2",
        "Telephone number 3 (optional)",
    ]
    # Each number already listed can be removed; the empty row has nothing to remove.
    removes = [
        text_of(box.find_parent(class_="govuk-checkboxes__item"))
        for box in page.select("input[type=checkbox][name$='-remove']")
    ]
    assert removes == ["Remove telephone number 1", "Remove telephone number 2"]


def test_changing_the_second_number_adding_one_and_removing_the_first_is_one_change(app, people):
    provider, _ = people

    response = send(
        provider,
        {
            "phones-0-remove": "y",
            "phones-1-number": "020 7946 0211",
            "phones-2-number": "07700 900 982",
            "phones-2-description": "Out of hours",
        },
    )

    assert response.status_code == 302
    change = the_change(app)
    assert change.changes == {
        "phones": [["020 7946 0211", "Text only"], ["07700 900 982", "Out of hours"]]
    }
    assert change.before == {
        "phones": [["020 7946 0200", "Enquiries"], ["020 7946 0210", "Text only"]]
    }
    # The form shows the waiting change, and again an empty row for one more.
    data = form_fields(parse(provider.get(EDIT)))
    assert data["phones-0-number"] == "020 7946 0211"
    assert data["phones-1-number"] == "07700 900 982"
    assert data["phones-2-number"] == ""


def test_a_row_left_empty_is_no_change(app, people):
    provider, _ = people

    response = send(provider, {})

    assert response.status_code == 302
    assert the_change(app) is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phones-1-number": "call us"}, "phones-1-number", f"Enter telephone number 2 {FORMAT}"),
        ({"phones-0-number": "12"}, "phones-0-number", f"Enter telephone number 1 {FORMAT}"),
        (
            {"phones-2-number": "0" * 65},
            "phones-2-number",
            f"Enter telephone number 3 {FORMAT}",
        ),
        ({"phones-2-description": "Out of hours"}, "phones-2-number", "Enter telephone number 3"),
        ({"phones-0-number": ""}, "phones-0-number", "Enter telephone number 1"),
        (
            {"phones-1-description": "x" * 256},
            "phones-1-description",
            "What telephone number 2 is for must be 255 characters or fewer",
        ),
    ],
)
def test_a_wrong_number_is_named_in_the_summary_which_links_to_it(
    app, people, changes, field, message
):
    provider, _ = people

    response = send(provider, changes)

    assert response.status_code == 400
    assert error_summary(response) == [message]
    page = parse(response)
    [link] = page.select(".govuk-error-summary a")
    assert link["href"] == f"#{field}"
    target = page.find(id=field)
    assert target is not None and target.name == "input"
    shown = target.find_parent(class_="govuk-form-group--error").select_one(".govuk-error-message")
    assert text_of(shown) == f"Error: {message}"
    assert the_change(app) is None


def test_the_form_keeps_what_was_typed_when_something_is_wrong(app, people):
    provider, _ = people

    response = send(
        provider,
        {
            "phones-0-remove": "y",
            "phones-1-number": "020 7946 0211",
            "phones-2-number": "call us",
            "phones-2-description": "Out of hours",
        },
    )

    assert response.status_code == 400
    data = form_fields(parse(response))
    assert data["phones-0-remove"] == "y"
    assert data["phones-1-number"] == "020 7946 0211"
    assert (data["phones-2-number"], data["phones-2-description"]) == ("call us", "Out of hours")


def test_a_number_being_removed_is_not_checked(app, people):
    provider, _ = people

    response = send(provider, {"phones-1-number": "call us", "phones-1-remove": "y"})

    assert response.status_code == 302
    assert the_change(app).changes == {"phones": [["020 7946 0200", "Enquiries"]]}


def test_the_editor_compares_every_number_now_and_proposed(app, people):
    provider, editor = people
    send(provider, {"phones-1-number": "020 7946 0211", "phones-2-number": "07700 900 982"})

    page = parse(editor.get(f"/staff/listing-changes/{the_change(app).id}"))

    rows = {
        text_of(row.select_one("th")): [list(cell.stripped_strings) for cell in row.select("td")]
        for row in page.select(".app-comparison tbody tr")
    }
    assert rows == {
        "Telephone numbers": [
            ["020 7946 0200 (Enquiries)", "020 7946 0210 (Text only)"],
            ["020 7946 0200 (Enquiries)", "020 7946 0211 (Text only)", "07700 900 982"],
        ]
    }


def test_approving_publishes_every_number_and_keeps_the_contacts_numbers(app, people):
    provider, editor = people
    send(
        provider,
        {
            "phones-0-remove": "y",
            "phones-1-number": "020 7946 0211",
            "phones-2-number": "07700 900 982",
            "phones-2-description": "Out of hours",
        },
    )

    approve(app, editor)

    own = [
        (number, description) for contact, number, description in stored_phones(app) if not contact
    ]
    assert own == [("020 7946 0211", "Text only"), ("07700 900 982", "Out of hours")]
    assert (
        "contact-1",
        "020 7946 0299",
        "Caseworker",
    ) in stored_phones(app)  # the contact's number stays
    oruk = app.test_client().get(f"/oruk/services/{ADVICE_LINE}").get_json()
    published = {(p.get("contact_id"), p["number"], p.get("description")) for p in oruk["phones"]}
    assert published == {
        (None, "020 7946 0211", "Text only"),
        (None, "07700 900 982", "Out of hours"),
        ("contact-1", "020 7946 0299", "Caseworker"),
    }
    public = text_of(parse(app.test_client().get(f"/services/{ADVICE_LINE}")).select_one("main"))
    assert "Telephone: 020 7946 0211 (Text only)" in public
    assert "Telephone: 07700 900 982 (Out of hours)" in public
    assert "020 7946 0200" not in public


def test_removing_a_middle_number_leaves_the_others_their_own_ids(app, people):
    provider, editor = people
    add_third_number(app)
    assert published_phones(app) == [
        (FIRST, "020 7946 0200"),
        (SECOND, "020 7946 0210"),
        (THIRD, "020 7946 0220"),
    ]

    send(provider, {"phones-1-remove": "y"})
    approve(app, editor)

    # The third number is still the third number to anyone reading /oruk/: the removed one's id
    # is gone with it, not handed on.
    assert published_phones(app) == [(FIRST, "020 7946 0200"), (THIRD, "020 7946 0220")]


def test_a_number_added_as_another_is_removed_gets_an_id_the_service_never_used(app, people):
    provider, editor = people
    add_third_number(app)
    used = {phone_id for phone_id, _ in published_phones(app)} | {CONTACTS}

    send(provider, {"phones-1-remove": "y", "phones-3-number": "07700 900 982"})
    approve(app, editor)

    [first, third, added] = published_phones(app)
    assert [first, third] == [(FIRST, "020 7946 0200"), (THIRD, "020 7946 0220")]
    added_id, number = added
    assert number == "07700 900 982"
    assert added_id not in used


def test_approving_a_change_to_another_field_leaves_every_number_as_it_is(app, people):
    provider, editor = people
    before = stored_phones(app)
    send(provider, {"url": "https://advice.sendiass.demo-borough.example/"})

    approve(app, editor)

    assert stored_phones(app) == before


def test_removing_every_number_leaves_only_the_contacts(app, people):
    provider, editor = people
    send(provider, {"phones-0-remove": "y", "phones-1-remove": "y"})
    assert the_change(app).changes == {"phones": []}

    approve(app, editor)

    assert stored_phones(app) == [("contact-1", "020 7946 0299", "Caseworker")]


def test_a_listing_gives_at_most_ten_numbers(app, people):
    provider, _ = people
    with app.extensions["db_sessionmaker"]() as session:
        for n in range(8):  # with the two of its own: ten
            session.add(
                Phone(
                    id=f"f000000{n}-0000-4000-8000-000000000000",
                    service_id=ADVICE_LINE,
                    number=f"020 7946 03{n:02}",
                )
            )
        session.commit()
    data = form_fields(parse(provider.get(EDIT)))
    assert "phones-9-number" in data
    assert "phones-10-number" not in data  # no empty row past ten

    data["phones-10-number"] = "020 7946 0399"  # as if the page had offered an eleventh
    response = provider.post(EDIT, data=data)

    assert response.status_code == 400
    assert error_summary(response) == [
        "A listing can give up to 10 telephone numbers. Remove telephone number 11"
    ]
    assert the_change(app) is None
