"""Deadlines that have passed, what to do then, and the order actions are shown in."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.content import questions_with_if_passed, real_content
from tests.support.personas import PERSONAS
from wizard.core.calendar import CalendarEvent, build_calendar, upcoming
from wizard.core.content import load_content
from wizard.core.pathway import Deadline, PlannedAction, build_pathway, order_key

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


def test_order_nearest_upcoming_deadline_then_all_passed_then_none():
    actions = [
        action("advice", action_id="no-dates"),
        action("rights", ("2026-10-01", True), action_id="all-passed"),
        action("ehc", ("2026-09-01", True), ("2027-05-01", True), action_id="all-passed-ehc"),
        action("health", ("2027-03-01", False), action_id="march"),
        # a passed date does not count: this one is ordered by its May date
        action("education", ("2026-01-01", True), ("2027-05-01", False), action_id="may"),
        action("education", action_id="no-dates-education"),
    ]
    assert in_order(*actions) == [
        "march",
        "may",
        "all-passed-ehc",  # ties among the passed go by domain: ehc before rights
        "all-passed",
        "no-dates-education",
        "no-dates",
    ]


def test_order_ties_go_by_domain_then_content_order():
    same_day = ("2027-01-10", False)
    actions = [
        action("rights", same_day, action_id="rights"),
        action("education", same_day, action_id="education-first"),
        action("education", same_day, action_id="education-second"),
    ]
    assert in_order(*actions) == ["education-first", "education-second", "rights"]


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


def test_an_action_whose_dates_passed_is_no_longer_first():
    assert build_pathway(real_content(), BUSY.answers, BUSY.as_of).actions[0].id == (
        "mediation-and-appeal"
    )
    later = build_pathway(real_content(), BUSY.answers, date(2027, 1, 15))
    ids = [a.id for a in later.actions]
    assert ids[:2] == ["phase-transfer", "mediation-and-appeal"]
    assert all(d.passed for d in later.actions[1].deadlines)
    assert all(not a.deadlines for a in later.actions[2:])


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
