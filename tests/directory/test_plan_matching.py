"""Services that fit the child: a plan's Local Offer services match the child's age, conditions,
needs areas and area; closed ones come last, flagged; each says in plain words why it is there."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
import yaml
from sqlalchemy import event

from tests.support.directory import demo_service, import_into
from wizard.core.pathway import ServiceNeeds
from wizard.directory.demo import build_feed, demo_id
from wizard.web.context import find_services

AS_OF = date(2026, 12, 2)
LEISURE = "leisure-activities"  # the action the mapping's "Leisure and sport" term points to


def a_service(key: str, name: str, terms: list[str], **extra: Any) -> dict[str, Any]:
    """One fictional service in the demo directory's readable form."""
    return {
        "id": key,
        "name": name,
        "org": "club",
        "description": "A fictional service for these tests.",
        "for": "Children and young people in the test area.",
        "ages": [4, 16],
        "apply": "Phone the service.",
        "decisions": "Everyone who asks is offered a place.",
        "cost": "free",
        "terms": terms,
        "place": "hall",
        "phone": "020 7946 0999",
        "email": f"{key}@club.example",
        **extra,
    }


@pytest.fixture
def directory(app, tmp_path):
    """Import a small fictional directory; returns a function taking the services to load."""

    def load(*services: dict[str, Any], unchecked: tuple[str, ...] = ()) -> None:
        source = tmp_path / "services.yaml"
        source.write_text(
            yaml.safe_dump(
                {
                    "taxonomy": "Test Local Offer",
                    "checked_default": date(2026, 9, 1),
                    "hours_default": {"days": "MO,TU", "opens": "09:00", "closes": "17:00"},
                    "organisations": {
                        "club": {
                            "name": "Test Club",
                            "description": "A fictional club.",
                            "website": "https://club.example/",
                        }
                    },
                    "places": {
                        "hall": {
                            "name": "Test Hall",
                            "address": "1 High Street",
                            "city": "Demotown",
                            "postcode": "DM1 1AA",
                        }
                    },
                    "services": list(services),
                }
            )
        )
        feed = build_feed(source)
        for service in feed["contents"]:
            if service["id"] in {demo_id("service", key) for key in unchecked}:
                del service["assured_date"]
        path = tmp_path / "feed.json"
        path.write_text(json.dumps(feed))
        summary = import_into(app, str(path))
        assert summary.complete and not summary.rejected and not summary.unmapped, summary.report()

    return load


def services_for(app, actions=(LEISURE,), **child: Any) -> dict[str, list[dict[str, Any]]]:
    """The plan's services for these actions and this child, as the plan page gets them."""
    needs = ServiceNeeds(
        age=child.get("age", 10),
        needs_areas=frozenset(child.get("needs", ())),
        conditions=frozenset(child.get("conditions", ())),
        lives_in_area=child.get("lives_in_area", True),
        as_of=child.get("as_of", AS_OF),
    )
    with app.test_request_context():
        return find_services(list(actions), needs)


def names(app, action=LEISURE, **child: Any) -> list[str]:
    """The names listed under one action, in order."""
    return [s["name"] for s in services_for(app, (action,), **child).get(action, [])]


def test_a_service_for_a_condition_is_not_listed_for_a_child_without_it(app, directory):
    directory(
        a_service("deaf-club", "Deaf children's club", ["Leisure and sport", "Hearing impairment"]),
        a_service("swim", "Swimming club", ["Leisure and sport"]),
    )

    assert names(app) == ["Swimming club"]
    assert names(app, conditions={"autism"}) == ["Swimming club"]
    # Waiting for an assessment is not a named condition.
    assert names(app, conditions={"awaiting_assessment"}) == ["Swimming club"]


def test_a_service_for_a_condition_is_listed_first_for_a_child_with_it(app, directory):
    directory(
        a_service("deaf-club", "Westvale deaf club", ["Leisure and sport", "Hearing impairment"]),
        a_service("swim", "Adventure swimming", ["Leisure and sport"]),
    )

    assert names(app, conditions={"hearing_impairment"}) == [
        "Westvale deaf club",
        "Adventure swimming",
    ]
    assert names(app, conditions={"autism", "hearing_impairment"})[0] == "Westvale deaf club"


def test_a_service_for_several_conditions_is_listed_for_a_child_with_any_of_them(app, directory):
    directory(
        a_service(
            "sensory",
            "Sensory club",
            ["Leisure and sport", "Hearing impairment", "Visual impairment"],
        ),
    )

    assert names(app, conditions={"visual_impairment"}) == ["Sensory club"]
    assert names(app, conditions={"epilepsy"}) == []


def test_services_for_the_childs_needs_areas_come_before_others(app, directory):
    directory(
        a_service("art", "Art club", ["Leisure and sport"]),
        a_service("calm", "Calm club", ["Leisure and sport", "Emotional wellbeing"]),
        a_service("boccia", "Boccia club", ["Leisure and sport", "Physical disability"]),
    )

    assert names(app, needs={"social_emotional_mental_health"}) == [
        "Calm club",
        "Art club",
        "Boccia club",
    ]
    assert names(app, needs={"sensory_physical"}) == ["Boccia club", "Art club", "Calm club"]
    assert names(app, needs={"cognition_learning"}) == ["Art club", "Boccia club", "Calm club"]


def test_a_temporarily_closed_service_comes_after_the_open_ones_marked_closed(app, directory):
    directory(
        a_service(
            "closed",
            "A closed club",
            ["Leisure and sport", "Emotional wellbeing"],
            status="temporarily closed",
        ),
        a_service("open", "Open club", ["Leisure and sport"]),
    )

    found = services_for(app, needs={"social_emotional_mental_health"})[LEISURE]

    assert [(s["name"], s["closed"]) for s in found] == [
        ("Open club", False),
        ("A closed club", True),
    ]


@pytest.mark.parametrize("status", ["inactive", "defunct"])
def test_an_inactive_or_defunct_service_is_not_listed(app, directory, status):
    directory(
        a_service("gone", "A gone club", ["Leisure and sport"], status=status),
        a_service("open", "Open club", ["Leisure and sport"]),
    )

    assert names(app) == ["Open club"]


def test_a_listing_not_checked_within_the_review_period_is_flagged_overdue(app, directory):
    directory(
        a_service("fresh", "Checked club", ["Leisure and sport"], checked=date(2026, 9, 1)),
        a_service("stale", "Stale club", ["Leisure and sport"], checked=date(2025, 11, 1)),
        a_service("never", "Unchecked club", ["Leisure and sport"]),
        unchecked=("never",),
    )

    found = services_for(app)[LEISURE]
    overdue = {s["name"]: s["check_overdue"] for s in found}

    assert overdue == {"Checked club": False, "Stale club": True, "Unchecked club": True}
    # The mapping's 12 months count back from the plan's date, not from today.
    later = services_for(app, as_of=date(2027, 9, 2))[LEISURE]
    assert {s["name"]: s["check_overdue"] for s in later}["Checked club"] is True


def test_each_service_says_in_plain_words_why_it_is_there(app, directory):
    directory(
        a_service(
            "deaf-club",
            "Deaf children's club",
            ["Leisure and sport", "Hearing impairment", "Sensory support"],
        ),
        a_service("any-age", "Family swim", ["Leisure and sport"], ages=[0, 25]),
    )

    found = services_for(
        app, conditions={"hearing_impairment"}, needs={"sensory_physical", "cognition_learning"}
    )[LEISURE]
    why = {s["name"]: s["why"] for s in found}

    assert why == {
        "Deaf children's club": "For children and young people aged 4 to 16 with a hearing"
        " impairment. Matches: sensory and physical needs. In Demo Borough.",
        "Family swim": "For children and young people aged 0 to 25. In Demo Borough.",
    }
    for text in why.values():
        assert len(text.split(". ")[0].split()) <= 25


def test_in_area_services_come_first_and_others_are_marked_outside(app, directory):
    directory(
        a_service("away", "Away club", ["Leisure and sport"], area="Northshire"),
        a_service("home", "Home club", ["Leisure and sport"]),
    )

    found = services_for(app)[LEISURE]

    assert [(s["name"], s["in_area"]) for s in found] == [
        ("Home club", True),
        ("Away club", False),
    ]
    assert "In Demo Borough" in found[0]["why"] and "Demo Borough" not in found[1]["why"]
    # A child living elsewhere: neither is preferred for its area, nor said to fit for it.
    elsewhere = services_for(app, lives_in_area=False)[LEISURE]
    assert [s["name"] for s in elsewhere] == ["Away club", "Home club"]
    assert all("In Demo Borough" not in s["why"] for s in elsewhere)


def test_only_services_whose_age_range_includes_the_child_are_listed(app, directory):
    directory(
        a_service("little", "Toddler club", ["Leisure and sport"], ages=[0, 3]),
        a_service("school", "School-age club", ["Leisure and sport"], ages=[4, 16]),
        a_service("older", "Youth club", ["Leisure and sport"], ages=[17, 25]),
    )

    assert names(app, age=16) == ["School-age club"]
    assert names(app, age=2) == ["Toddler club"]
    assert names(app, age=None) == ["School-age club", "Toddler club", "Youth club"]


def test_each_service_is_listed_once_per_action_it_is_mapped_to(app, directory):
    directory(
        # Both terms point to the leisure action; the second also to childcare.
        a_service("camp", "Holiday camp", ["Leisure and sport", "Holiday activities"]),
    )

    found = services_for(app, actions=(LEISURE, "childcare"))

    assert [s["name"] for s in found[LEISURE]] == ["Holiday camp"]
    assert [s["name"] for s in found["childcare"]] == ["Holiday camp"]


def test_each_service_has_what_the_plan_shows(app, directory):
    directory(
        a_service("swim", "Swimming club", ["Leisure and sport"], web="https://swim.example/")
    )

    (found,) = services_for(app)[LEISURE]

    assert found == {
        "id": demo_id("service", "swim"),
        "name": "Swimming club",
        "url": f"/services/{demo_id('service', 'swim')}",
        "in_area": True,
        "why": "For children and young people aged 4 to 16. In Demo Borough.",
        "closed": False,
        "check_overdue": False,
        "website": "https://swim.example/",
        "email": "swim@club.example",
        "phone": "020 7946 0999",
        "last_checked": "2026-09-01",
    }


def test_a_whole_plan_takes_a_few_queries_however_many_actions(app, directory):
    directory(
        *(
            a_service(f"club-{n}", f"Club {n}", ["Leisure and sport", "Holiday activities"])
            for n in range(8)
        )
    )
    statements: list[str] = []
    engine = app.extensions["db_engine"]

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        found = services_for(
            app,
            actions=(LEISURE, "childcare", "sendiass", "short-breaks", "blue-badge"),
            needs={"sensory_physical"},
        )
    finally:
        event.remove(engine, "before_cursor_execute", count)

    assert len(found[LEISURE]) == len(found["childcare"]) == 5
    assert len(statements) <= 3


def test_services_open_to_any_child_with_send_are_not_limited_to_a_diagnosis(demo_app):
    """The demo: an assessment pathway and a general clinic are for children without a diagnosis."""
    found = services_for(demo_app, actions=("individual-healthcare-plan",), age=8)
    listed = {s["name"]: s for s in found["individual-healthcare-plan"]}

    assert "Autism assessment pathway" in listed
    assert "Community paediatrics" in listed
    assert "Epilepsy specialist nurse" not in listed
    assert listed["Sleep support clinic"]["closed"] is True
    assert list(listed)[-1] == "Sleep support clinic"
    with_epilepsy = services_for(
        demo_app, actions=("individual-healthcare-plan",), age=8, conditions={"epilepsy"}
    )["individual-healthcare-plan"]
    assert with_epilepsy[0]["id"] == demo_service("epilepsy-nurse")
    assert with_epilepsy[0]["why"].startswith("For children and young people aged 0 to 18 with")
