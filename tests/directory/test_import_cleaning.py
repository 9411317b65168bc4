"""Fields are checked on the way in: only http and https links, real email addresses and phone
numbers, text within its length; each field dropped or cut is named in the import summary. A
character no database stores skips only the record that holds it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import count_rows
from tests.support.directory import ORUK_SPEC, demo_feed, import_into
from wizard.directory.records import email_problem, phone_problem, url_problem
from wizard.oruk_fields import TEXT_LENGTH, length
from wizard.storage.directory_models import Contact, Organization, Phone, Service, ServiceArea

OURS = Path(__file__).parent.parent / "fixtures" / "oruk"
SPEC = ORUK_SPEC / "examples"


def _service() -> dict:
    found: dict = json.loads((SPEC / "v3-service_full.json").read_text())
    return found


def _import(app, tmp_path, document, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return import_into(app, str(path))


def _stored(app, model):
    with app.extensions["db_sessionmaker"]() as session:
        return list(session.scalars(select(model)))


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example/x",
        "//no-scheme.example",
        "https://",
        "http://a b.example/",
        "www.example.com",
    ],
)
def test_a_link_that_is_not_http_or_https_is_dropped_and_reported(any_app, tmp_path, value):
    record = _service()
    record["url"] = value
    record["organization"]["website"] = value
    record["service_areas"][0]["uri"] = value

    summary = _import(any_app, tmp_path, record)

    assert summary.created == 1, summary.report()
    [service] = _stored(any_app, Service)
    [organization] = _stored(any_app, Organization)
    [area] = _stored(any_app, ServiceArea)
    assert (service.url, organization.website, area.uri) == ("", "", "")
    notes = [note for label, rid, note in summary.cleaned if rid == record["id"]]
    assert {note.split(" ", 1)[0] for note in notes} == {
        "url",
        "organization.website",
        "service_areas[0].uri",
    }
    assert all("was dropped: it is not" in note for note in notes)
    assert "  3 fields dropped or cut:" in summary.report()


@pytest.mark.parametrize(
    "good", ["https://example.com", "http://example.com/a?b=c#d", "HTTPS://EXAMPLE.COM/"]
)
def test_http_and_https_links_are_kept(good):
    assert url_problem(good) is None


@pytest.mark.parametrize("bad", ["not an email", "a@b", "@example.com", "a b@example.com", "x@"])
def test_an_invalid_email_is_dropped(bad):
    assert email_problem(bad) == "it is not an email address"


@pytest.mark.parametrize("good", ["advice@sendiass.example", "first.last+tag@mail.example.co.uk"])
def test_a_valid_email_is_kept(good):
    assert email_problem(good) is None


@pytest.mark.parametrize(
    "good", ["020 7946 0999", "+44 (0)20 7946 0999", "0800-123-456", "111", "01632 960 123 ext 4"]
)
def test_a_telephone_number_as_people_write_it_is_kept(good):
    assert phone_problem(good) is None


@pytest.mark.parametrize("bad", ["call us", "0800 FLOWERS", "12", "1" * 16, "<script>"])
def test_something_else_in_a_phone_number_is_dropped(bad):
    assert phone_problem(bad) == "it is not a telephone number"


def test_bad_emails_and_phones_in_a_record_are_dropped_and_named(any_app, tmp_path):
    record = _service()
    record["email"] = "counselling at example dot com"
    record["assurer_email"] = "nobody@"
    record["contacts"][0]["email"] = "reception(at)example.com"
    record["contacts"][0]["phones"] = [
        {"id": "p1", "number": "not known"},
        {"id": "p2", "number": "01632 960 123"},
    ]

    summary = _import(any_app, tmp_path, record)

    [service] = _stored(any_app, Service)
    assert (service.email, service.assurer_email) == ("", "")
    assert [contact.email for contact in _stored(any_app, Contact)] == [""]
    assert [phone.number for phone in _stored(any_app, Phone)] == ["01632 960 123"]
    notes = {note for _label, _rid, note in summary.cleaned}
    assert notes == {
        "email 'counselling at example dot com' was dropped: it is not an email address",
        "assurer_email 'nobody@' was dropped: it is not an email address",
        "contacts[0].email 'reception(at)example.com' was dropped: it is not an email address",
        "contacts[0].phones[0].number 'not known' was dropped: it is not a telephone number",
    }


def test_overlong_text_is_cut_and_an_overlong_address_dropped_each_reported(any_app, tmp_path):
    record = _service()
    record["description"] = "d" * (TEXT_LENGTH + 5)
    record["contacts"][0]["title"] = "t" * (length("contact", "title") + 1)
    record["url"] = "https://example.com/" + "p" * length("service", "url")

    summary = _import(any_app, tmp_path, record)

    [service] = _stored(any_app, Service)
    assert len(service.description) == TEXT_LENGTH and service.url == ""
    [contact] = _stored(any_app, Contact)
    assert len(contact.title) == length("contact", "title")
    notes = sorted(note for _label, _rid, note in summary.cleaned)
    assert notes[0] == f"contacts[0].title was cut to {length('contact', 'title')} characters"
    assert notes[1] == f"description was cut to {TEXT_LENGTH} characters"
    assert notes[2].startswith("url 'https://example.com/ppp")
    assert notes[2].endswith(
        f"was dropped: it is longer than {length('service', 'url')} characters"
    )
    report = "\n".join(summary.report())
    assert f"feed.json: {record['id']}: description was cut to {TEXT_LENGTH} characters" in report


def test_the_demo_feed_needs_no_cleaning(any_app, tmp_path):
    summary = _import(any_app, tmp_path, demo_feed())

    assert summary.cleaned == [] and summary.created == len(demo_feed()["contents"])


def test_a_bad_link_in_an_organisation_list_or_a_term_is_reported(any_app, tmp_path):
    organizations = json.loads((OURS / "organization_list.json").read_text())
    organizations["contents"][0]["website"] = "javascript:void(0)"
    terms = json.loads((OURS / "taxonomy_term_list.json").read_text())
    terms["contents"][0]["term_uri"] = "file:///etc/passwd"

    first = _import(any_app, tmp_path, organizations, "organizations.json")
    second = _import(any_app, tmp_path, terms, "terms.json")

    assert first.cleaned == [
        (
            "organizations.json",
            organizations["contents"][0]["id"],
            "website 'javascript:void(0)' was dropped: it is not an http or https address",
        )
    ]
    assert second.cleaned == [
        (
            "terms.json",
            terms["contents"][0]["id"],
            "term_uri 'file:///etc/passwd' was dropped: it is not an http or https address",
        )
    ]
    assert "" in {org.website for org in _stored(any_app, Organization)}


# --- Characters no database stores ---------------------------------------------------------------

NUL_REASON = "the record holds a NUL character (\\u0000) in {}, which cannot be stored"


@pytest.mark.parametrize(
    ("fixture", "where", "field"),
    [
        ("organization_list.json", ["contents", 1, "description"], "description"),
        ("taxonomy_list.json", ["contents", 1, "name"], "name"),
        (
            "service_at_location_list.json",
            ["contents", 1, "location", "name"],
            "location.name",
        ),
    ],
)
def test_a_nul_skips_only_the_item_that_holds_it(any_app, tmp_path, fixture, where, field):
    document = json.loads((OURS / fixture).read_text())
    target = document
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = "Before\x00after"
    bad_id = document["contents"][1]["id"]

    summary = _import(any_app, tmp_path, document, fixture)

    assert summary.complete, summary.report()
    assert summary.rejected == [(fixture, bad_id, NUL_REASON.format(field))]
    rows = count_rows(any_app)
    assert rows["dir_organization"] + rows["dir_taxonomy"] + rows["dir_service"] >= 1


def test_the_import_command_lists_what_it_cleaned_and_the_duplicates(app, tmp_path):
    record = _service()
    record["url"] = "javascript:alert(1)"
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([record, record, {"id": "x9", "name": "Unclear"}]))

    result = app.test_cli_runner().invoke(args=["directory", "import", str(path)])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  2 fields dropped or cut:" in lines  # once for each listing of the record
    assert (
        f"    feed.json: {record['id']}: url 'javascript:alert(1)' was dropped:"
        " it is not an http or https address"
    ) in lines
    assert f"    {record['id']}: listed 2 times" in lines
    # An item with only an id and a name, among services, is a brief service.
    assert "  2 new, 0 updated, 0 unchanged services; 1 taxonomy terms read" in lines
