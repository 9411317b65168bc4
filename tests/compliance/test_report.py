"""The compliance report on small directories made for each test: what covers each item of
Schedule 2, what is missing, out-of-area provision and listings overdue for review.

Runs on SQLite and on PostgreSQL (the report is one join over the directory's tags)."""

from __future__ import annotations

import dataclasses
from datetime import date

from tests.compliance.conftest import add_service
from wizard.core.local_offer import load_schedule
from wizard.core.locality import Organisation
from wizard.directory.compliance import (
    COVERED,
    MISSING,
    NOT_CHECKED,
    PARTLY,
    build_report,
)
from wizard.directory.mapping import NEEDS_AREAS

TODAY = date(2026, 12, 2)


def report_of(app, *, locality=None, schedule=None):
    content = app.extensions["content"]
    with app.extensions["db_sessionmaker"]() as session:
        return build_report(
            session,
            schedule or app.extensions["local_offer_schedule"],
            content.actions,
            locality or content.locality,
            today=TODAY,
            review_after_months=12,
        )


def item(report, item_id):
    [found] = [c for c in report.items if c.item.id == item_id]
    return found


def names(coverage):
    return [service.name for service in coverage.services]


def test_an_item_a_listed_service_covers_names_it_and_one_no_service_covers_is_missing(any_app):
    add_service(any_app, "Riverside Speech Therapy", categories=("health",))
    report = report_of(any_app)
    health = item(report, "health-provision")
    assert health.status == COVERED
    assert names(health) == ["Riverside Speech Therapy"]
    assert health.pages == (
        "Ask for a therapy referral",
        "Get support for mental health and emotional wellbeing",
        "Agree an individual healthcare plan",
    )
    childcare = item(report, "childcare")
    assert childcare.status == MISSING
    assert childcare.services == ()
    assert childcare.missing == (
        "No listed service in Demo Borough in the directory is for Childcare and holiday care",
    )


def test_only_listed_services_count(any_app):
    add_service(any_app, "Closed Holiday Club", categories=("childcare",), status="inactive")
    add_service(any_app, "Paused Nursery", categories=("childcare",), status="temporarily closed")
    assert names(item(report_of(any_app), "childcare")) == ["Paused Nursery"]


def test_provision_in_and_outside_the_area_are_told_apart(any_app):
    add_service(any_app, "Demotown Primary School", categories=("schools",))
    add_service(any_app, "Westvale Sensory School", categories=("schools",), in_area=False)
    add_service(any_app, "Northshire Short Breaks", categories=("short_breaks",), in_area=False)
    report = report_of(any_app)
    assert names(item(report, "provision-in-area")) == ["Demotown Primary School"]
    assert names(item(report, "provision-outside-area")) == ["Westvale Sensory School"]
    # "any": a service outside the area still covers an item that does not ask where
    assert names(item(report, "kinds-of-provision")) == [
        "Demotown Primary School",
        "Westvale Sensory School",
    ]
    assert [s.name for s in report.out_of_area] == [
        "Northshire Short Breaks",
        "Westvale Sensory School",
    ]


def test_with_no_service_outside_the_area_that_item_is_missing(any_app):
    add_service(any_app, "Demotown Primary School", categories=("schools",))
    outside = item(report_of(any_app), "provision-outside-area")
    assert outside.status == MISSING
    assert outside.missing == (
        "No listed service outside Demo Borough in the directory is for Early years education "
        "and support or Schools, including special schools and units or Post-16 education "
        "and training",
    )


def test_listings_overdue_for_review(any_app):
    add_service(any_app, "Checked Lately", categories=("leisure",), assured=date(2026, 6, 1))
    add_service(any_app, "Checked Long Ago", categories=("leisure",), assured=date(2025, 11, 1))
    add_service(any_app, "Never Checked", categories=("leisure",), assured=None)
    add_service(any_app, "Old But Gone", status="defunct", assured=date(2020, 1, 1))
    overdue = report_of(any_app).overdue
    assert [(d.name, d.review_date) for d in overdue] == [
        ("Never Checked", None),
        ("Checked Long Ago", date(2026, 11, 1)),
    ]


def test_an_item_with_council_pages_is_covered_only_in_part(app):
    add_service(app, "Demotown Primary School", categories=("schools",))
    moves = item(report_of(app), "moving-between-phases")
    assert moves.status == PARTLY
    assert moves.pages == (
        "Plan the move to {child_s} next school or college",
        "Apply for a school place for {child}",
        "Plan the move to a new nursery, school or college",
    )
    assert "moves between phases" in moves.not_checked[0]


def test_listings_that_do_not_say_who_a_service_is_for_are_named(any_app):
    add_service(any_app, "Riverside Speech Therapy", categories=("health",))
    add_service(any_app, "Demotown Youth Club", categories=("leisure",), eligibility="   ")
    add_service(any_app, "Anyone Welcome Café", eligibility="")
    add_service(any_app, "Closed Club", status="inactive", eligibility="")
    criteria = item(report_of(any_app), "eligibility-criteria")
    assert criteria.status == MISSING
    assert criteria.missing == ("2 of 3 listed services do not say who the service is for",)
    assert [s.name for s in criteria.lacking] == ["Anyone Welcome Café", "Demotown Youth Club"]
    assert criteria.listings == ()


def test_when_every_listing_says_who_it_is_for_only_the_council_pages_are_left(any_app):
    add_service(any_app, "Riverside Speech Therapy", categories=("health",))
    criteria = item(report_of(any_app), "eligibility-criteria")
    assert criteria.status == PARTLY
    assert criteria.listings == ("The one listed service says who the service is for",)
    assert criteria.lacking == () and criteria.missing == ()
    assert "short breaks" in criteria.not_checked[0]


def test_with_no_listed_service_the_listing_check_is_missing(app):
    criteria = item(report_of(app), "eligibility-criteria")
    assert criteria.status == MISSING
    assert criteria.missing == (
        "No listed service in the directory to check for who the service is for",
    )


def test_an_item_only_the_council_can_show_is_not_checked_never_passed(app, tmp_path):
    path = tmp_path / "schedule.yaml"
    path.write_text(
        "checked: 2026-12-02\n"
        "items:\n"
        "  - id: funding\n"
        "    paragraph: 3(d)\n"
        "    source: SEND Regulations 2014, Schedule 2, paragraph 3(d)\n"
        "    certainty: V\n"
        "    title: Funding\n"
        "    plain: How the council funds provision.\n"
        "    coverage:\n"
        "      council_pages: [The council's funding page]\n",
        encoding="utf-8",
    )
    content = app.extensions["content"]
    schedule = load_schedule(
        path, content.actions.categories, NEEDS_AREAS, [a.id for a in content.actions.actions]
    )
    [funding] = report_of(app, schedule=schedule).items
    assert funding.status == NOT_CHECKED
    assert funding.not_checked == ("The council's funding page",)
    assert funding.item.paragraph_label == "Schedule 2, paragraph 3(d)"


def test_a_blank_council_contact_is_missing(app):
    add_service(app, "Demo Borough SENDIASS", categories=("information_advice_support",))
    locality = app.extensions["content"].locality
    blank = dataclasses.replace(locality, sendiass=Organisation(name=" ", url="https://x.example/"))
    advice = item(report_of(app, locality=blank), "information-advice-support")
    assert advice.status == MISSING
    assert advice.missing == (
        "Not in the council profile (questions/locality.yaml): "
        "The SEND Information, Advice and Support Service",
    )
