"""The demo directory: fictional, complete enough to show every Local Offer category, and in step
with its readable source."""

from __future__ import annotations

import re
from datetime import date

from tests.support.directory import DEMO_FEED, demo_feed
from wizard.directory.demo import feed_text

PHONE = re.compile(r"^020 7946 0\d{3}$")  # Ofcom's drama range


def test_the_feed_file_is_built_from_the_yaml():
    assert DEMO_FEED.read_text(encoding="utf-8") == feed_text(), (
        "questions/directory/demo-feed.json is out of date: run python -m wizard.directory.demo"
    )


def test_there_are_at_least_60_services_each_saying_what_a_family_needs_to_know():
    services = demo_feed()["contents"]

    assert len(services) >= 60
    for service in services:
        name = service["name"]
        for field in (
            "description",
            "eligibility_description",
            "application_process",
            "decision_process",
        ):
            assert service.get(field), (name, field)
        assert service.get("cost_options") or service.get("fees"), name
        assert service.get("phones") or service.get("email"), name
        assert service["attributes"] and service["service_at_locations"], name


def test_every_kind_of_service_the_local_offer_needs_is_there():
    terms = {a["taxonomy_term"]["name"] for s in demo_feed()["contents"] for a in s["attributes"]}

    for needed in (
        "Early years",
        "Mainstream schools",
        "Special schools",
        "Post-16 education",
        "Supported internships",
        "Speech and language therapy",
        "Occupational therapy",
        "Physiotherapy",
        "Children's mental health",
        "Community paediatrics",
        "Short breaks",
        "Childcare",
        "Leisure and sport",
        "SENDIASS",
        "Parent carer forum",
        "Mediation",
        "School transport",
        "Post-16 transport",
        "Adult transition",
    ):
        assert needed in terms, needed


def test_every_category_has_a_service_once_imported(demo_app):
    from sqlalchemy import select

    from wizard.storage.directory_models import ServiceTag

    with demo_app.extensions["db_sessionmaker"]() as session:
        used = set(session.scalars(select(ServiceTag.value).where(ServiceTag.kind == "category")))
    assert used == set(demo_app.extensions["content"].actions.categories)


def test_some_services_are_outside_the_area_some_overdue_and_one_closed():
    services = demo_feed()["contents"]
    outside = [s for s in services if s["service_areas"][0]["name"] != "Demo Borough"]
    special_outside = [s for s in outside if "Special schools" in str(s["attributes"])]
    overdue = [s for s in services if date.fromisoformat(s["assured_date"]) < date(2025, 11, 30)]

    assert len(outside) >= 4 and len(special_outside) >= 2
    assert len(overdue) >= 5
    assert [s["status"] for s in services].count("temporarily closed") == 1


def test_every_contact_detail_is_fictional():
    for service in demo_feed()["contents"]:
        for phone in service.get("phones", []):
            assert PHONE.match(phone["number"]), phone
        assert service["email"].split("@")[1].endswith(".example"), service["email"]
        for url in (service.get("url", ""), service["organization"]["website"]):
            assert not url or re.match(r"^https://[a-z0-9.-]+\.example/", url), url
