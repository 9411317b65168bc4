"""Deadlines that have passed, what to do then, and the order actions are shown in."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.support.content import questions_with_if_passed, real_content
from tests.support.personas import PERSONAS
from wizard.core.calendar import CalendarEvent, build_calendar, upcoming
from wizard.core.content import load_content
from wizard.core.pathway import Deadline, PlannedAction, arrange, build_pathway, order_key

BUSY = next(p for p in PERSONAS if p.name.startswith("busy family"))
WAITING = next(p for p in PERSONAS if p.name == "waiting to hear about an assessment")


def action(domain: str, *deadlines: tuple[str, bool], action_id: str = "a") -> PlannedAction:
    return PlannedAction(
        id=action_id,
        domain=domain,
        title="",
        summary="",
        why=(),
        steps=(),
        expect=(),
        legal_basis=(),
        deadlines=tuple(
            Deadline(f"d{n}", date.fromisoformat(day), "", passed)
            for n, (day, passed) in enumerate(deadlines)
        ),
        eligibility=None,
        eligibility_text="",
        categories=(),
        contacts=(),
        links=(),
        offers_letter=False,
        content_checked=date(2026, 11, 30),
    )


def in_order(*actions: PlannedAction) -> list[str]:
    ranked = sorted(enumerate(actions), key=lambda item: order_key(item[1], item[0]))
    return [planned.id for _position, planned in ranked]


def test_order_by_timing_then_priority_then_nearest_date_then_content_order():
    actions = [
        replace(action("advice", action_id="advice"), timing="advice"),
        replace(action("education", action_id="later"), timing="later"),
        replace(action("health", ("2027-03-01", False), action_id="soon-march"), timing="soon"),
        replace(action("rights", ("2026-10-01", True), action_id="now-passed"), timing="now"),
        # a passed date does not count while one is to come: this one goes by its May date
        replace(
            action("ehc", ("2026-01-01", True), ("2027-05-01", False), action_id="now-may"),
            timing="now",
        ),
        replace(action("ehc", action_id="now-first-priority"), timing="now", priority=1),
        replace(action("advice", action_id="first"), timing="now", priority=0),
        replace(action("education", ("2027-02-01", False), action_id="soon-feb"), timing="soon"),
    ]
    assert in_order(*actions) == [
        "first",
        "now-first-priority",
        "now-may",  # a date to come before dates all passed
        "now-passed",
        "soon-feb",
        "soon-march",
        "later",
        "advice",
    ]


def test_arrange_keeps_each_area_together_led_by_its_most_pressing_action():
    actions = [
        replace(action("education", action_id="school-low"), timing="now", priority=4),
        replace(action("ehc", action_id="ehc-request"), timing="now", priority=1),
        replace(action("education", action_id="school-high"), timing="now", priority=2),
        replace(action("ehc", action_id="ehc-other"), timing="now", priority=5),
        replace(action("advice", action_id="advice"), timing="advice"),
    ]
    ids = [a.id for a in arrange(actions, ["education", "ehc", "advice"])]
    assert ids == ["ehc-request", "ehc-other", "school-high", "school-low", "advice"]


def test_a_deadline_before_the_as_of_date_has_passed():
    early = build_pathway(real_content(), WAITING.answers, date(2026, 11, 30))
    later = build_pathway(real_content(), WAITING.answers, date(2026, 12, 1))
    [timeline] = [a for a in early.actions if a.id == "ehc-assessment-timeline"]
    assert [(d.id, d.passed) for d in timeline.deadlines] == [
        ("decision-whether-to-assess", False),  # due today: not passed yet
        ("decision-whether-to-issue-plan", False),
        ("final-plan", False),
    ]
    [timeline] = [a for a in later.actions if a.id == "ehc-assessment-timeline"]
    assert [d.passed for d in timeline.deadlines] == [True, False, False]
    assert timeline.next_deadline == date(2027, 2, 8)
    assert timeline.first_deadline == date(2026, 11, 30)


def test_an_action_whose_dates_passed_stays_something_to_do_now():
    assert build_pathway(real_content(), BUSY.answers, BUSY.as_of).actions[0].id == (
        "mediation-and-appeal"
    )
    later = build_pathway(real_content(), BUSY.answers, date(2027, 1, 15))
    mediation = next(a for a in later.actions if a.id == "mediation-and-appeal")
    transfer = next(a for a in later.actions if a.id == "phase-transfer")
    assert all(d.passed for d in mediation.deadlines)
    # there may still be time to appeal: it stays "now"; the move on 31 March 2027 is "soon"
    assert (mediation.timing, transfer.timing) == ("now", "soon")
    assert later.actions[0].id == "mediation-and-appeal"


@pytest.fixture(scope="module")
def with_if_passed(tmp_path_factory):
    """The shipped content with an `if_passed` text on the mediation deadline."""
    questions = questions_with_if_passed(tmp_path_factory.mktemp("content"))
    return load_content(questions, questions / "locality.yaml", samples=50)


def test_if_passed_is_given_only_when_the_date_has_passed(with_if_passed):
    def mediation(as_of: date, answers: dict) -> Deadline:
        planned = build_pathway(with_if_passed, answers, as_of)
        found = next(a for a in planned.actions if a.id == "mediation-and-appeal")
        return next(d for d in found.deadlines if d.id == "mediation-adviser-contact")

    assert mediation(BUSY.as_of, BUSY.answers).if_passed is None
    passed = mediation(date(2027, 1, 15), BUSY.answers)
    assert passed.passed is True
    sendiass = with_if_passed.locality.sendiass.name
    assert passed.if_passed == f"Ask {sendiass} if your child can still appeal."
    young = {**BUSY.answers, "respondent": "young_person"}
    assert (
        mediation(date(2027, 1, 15), young).if_passed == f"Ask {sendiass} if you can still appeal."
    )
    api = build_pathway(with_if_passed, BUSY.answers, date(2027, 1, 15)).to_api()
    deadline = next(
        d for a in api["actions"] for d in a["deadlines"] if d["id"] == "mediation-adviser-contact"
    )
    assert deadline["passed"] is True and deadline["if_passed"] == passed.if_passed


def test_the_calendar_leaves_out_dates_that_have_passed():
    events = [
        CalendarEvent("past", date(2026, 11, 29), "Gone", ""),
        CalendarEvent("today", date(2026, 11, 30), "Today", ""),
        CalendarEvent("later", date(2027, 1, 4), "Later", ""),
    ]
    assert [e.key for e in upcoming(events, date(2026, 11, 30))] == ["today", "later"]
    body = build_calendar(events, "ABC-DEF-GHJ", date(2026, 11, 30), "Demo")
    assert "SUMMARY:Gone" not in body
    assert "SUMMARY:Today" in body and "SUMMARY:Later" in body
    assert body.count("BEGIN:VEVENT") == 2
