"""Counts from persona plans finished through the journey service, checked against counts worked
out by hand; the anonymous record proven unlinkable; records purged after the retention period."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import Date, DateTime, Integer, inspect, select, text

from tests.conftest import app_config
from tests.support.personas import AS_OF, NEUTRAL, PERSONAS
from tests.support.web_journey import seed_assessment
from wizard.app import create_app
from wizard.core.insight import EHC_STATUS, suppress
from wizard.services import journey as service
from wizard.storage import assessments, insight
from wizard.storage.insight import InsightCount, InsightPlan, InsightSectionReached
from wizard.storage.models import Assessment

NURSERY = next(p for p in PERSONAS if p.name.startswith("3-year-old at nursery")).answers


@pytest.fixture
def dated_app(any_database_url):
    application = create_app(app_config(any_database_url, FIXED_NOW="2026-11-30T12:00:00"))
    yield application
    application.extensions["db_engine"].dispose()


def finish(app, answers, finder=lambda _ids, _needs: {}):
    """Save the answers as a family would, then finish the plan through the service."""
    token = seed_assessment(app, answers)
    with app.extensions["db_sessionmaker"]() as session:
        journey = service.Journey(
            session, app.extensions["content"], app.extensions["sealer"], AS_OF
        )
        record = assessments.find_by_token(session, token, journey.sealer)
        finished = service.finish(journey, record, finder, lambda *_: None)
        assert finished.made
        session.commit()
        insight.release_pending(session, journey.sealer, at_least=1)  # the daily batch, for one
        return token, record.id


def counts(app, measure):
    with app.extensions["db_sessionmaker"]() as session:
        return insight.counts_by_month(session, measure, "2026-01", "2026-12")


def test_counts_from_persona_plans_match_the_hand_count(dated_app):
    for _ in range(12):
        finish(dated_app, NEUTRAL)
    for _ in range(3):
        finish(dated_app, NURSERY)

    # By hand: 12 ten-year-olds at a mainstream school, 3 three-year-olds at nursery, all in
    # November 2026, learning needs for the neutral family, never asked for an assessment.
    assert counts(dated_app, "age_band") == Counter(
        {("5 to 10", "2026-11"): 12, ("0 to 4", "2026-11"): 3}
    )
    assert counts(dated_app, "setting") == Counter(
        {("mainstream_school", "2026-11"): 12, ("early_years", "2026-11"): 3}
    )
    assert counts(dated_app, "ehc_status")[("never_requested", "2026-11")] == 12 + (
        3 if NURSERY.get(EHC_STATUS) == "never_requested" else 0
    )
    assert counts(dated_app, "needs_areas")[("cognition_learning", "2026-11")] == 15
    actions = counts(dated_app, "actions")
    assert actions[("sendiass", "2026-11")] == 15
    assert actions[("early-years-support", "2026-11")] == 3
    assert actions[("request-ehc-assessment", "2026-11")] == 0

    table = suppress(counts(dated_app, "age_band"), ["0 to 4", "5 to 10"], ["2026-11"])
    assert table.cell("0 to 4", "2026-11").hidden  # 3 reads "fewer than 10"
    assert table.cell("5 to 10", "2026-11").value == 12  # a shown count is its own count
    assert table.cell("Total", "Total").hidden  # else 15 - 12 gives the 3 away


def test_unmet_need_counts_actions_with_no_open_service_in_the_area(dated_app):
    def finder(ids, _needs):
        return {
            "sendiass": [{"id": "s1", "in_area": True, "closed": False}],
            "parent-carer-forum": [
                {"id": "s2", "in_area": True, "closed": True},
                {"id": "s3", "in_area": False, "closed": False},
            ],
        }

    finish(dated_app, NEUTRAL, finder)
    with dated_app.extensions["db_sessionmaker"]() as session:
        plan = session.scalars(select(InsightPlan)).one()
        by_area = insight.unmet_by_area(session, "2026-11", "2026-11")
    content = dated_app.extensions["content"]
    with_categories = {a.id for a in content.actions.actions if a.categories}
    unmet = set(plan.unmet.split())
    assert "sendiass" not in unmet  # an open service in the area
    if "parent-carer-forum" in with_categories:
        assert "parent-carer-forum" in unmet  # closed, or out of the area
    assert unmet <= set(plan.actions.split()) & with_categories
    assert set(by_area) == {(action, "cognition_learning", "2026-11") for action in unmet}


def test_a_plan_finished_again_is_counted_once(dated_app):
    token, _id = finish(dated_app, NEUTRAL)
    with dated_app.extensions["db_sessionmaker"]() as session:
        journey = service.Journey(
            session, dated_app.extensions["content"], dated_app.extensions["sealer"], AS_OF
        )
        record = assessments.find_by_token(session, token, journey.sealer)
        assert service.finish(journey, record, lambda *_: {}, lambda *_: None).made
        assert session.scalar(select(text("count(*)")).select_from(InsightPlan)) == 1


def test_answers_reaching_a_section_are_counted_once_without_an_id(dated_app):
    with dated_app.extensions["db_sessionmaker"]() as session:
        journey = service.Journey(
            session, dated_app.extensions["content"], dated_app.extensions["sealer"], AS_OF
        )
        graph = journey.content.graph
        record, _token = service.start(journey)
        for node_id, value in (("respondent", "parent_carer"), ("lives_in_area", True)):
            progress = service.progress_of(journey, record)
            checked = service.check_answer(
                journey, record, progress, graph.nodes[node_id], value, False
            )
            saved = service.record_answer(journey, record, checked, 0, "family", lambda *_: None)
            record = saved.record
        insight.release_sections(session, journey.sealer, at_least=1)  # the daily batch, for one
        reached = insight.reached_by_month(session, "2026-11", "2026-11")
    first = graph.nodes["respondent"].section
    assert reached[(first, "2026-11")] == 1  # two answers in the first section: counted once
    assert [c.name for c in InsightSectionReached.__table__.columns] == [
        "month",
        "section",
        "count",
    ]


def test_the_anonymous_record_cannot_be_joined_back_to_an_assessment(dated_app):
    made = [finish(dated_app, NEUTRAL) for _ in range(5)]
    engine = dated_app.extensions["db_engine"]
    schema = inspect(engine)
    assessment_columns = {c["name"] for c in schema.get_columns("assessment")}
    for table in (InsightPlan.__table__, InsightSectionReached.__table__, InsightCount.__table__):
        names = {c.name for c in table.columns}
        assert not names & assessment_columns, names & assessment_columns  # no column in common
        assert not any(isinstance(c.type, (DateTime, Date)) for c in table.columns)  # no times
        assert not table.foreign_keys
    # No number that could follow the order plans were written in.
    assert not any(isinstance(c.type, Integer) for c in InsightPlan.__table__.columns)
    with dated_app.extensions["db_sessionmaker"]() as session:
        plans = session.execute(select(InsightPlan.__table__)).mappings().all()
        stored = session.execute(select(Assessment)).mappings().all()
        if engine.dialect.name == "sqlite":  # no hidden rowid to order them by
            with pytest.raises(Exception, match="rowid"):
                session.execute(text("SELECT rowid FROM insight_plan"))
            session.rollback()
    assert len(plans) == 5
    assert all(re.fullmatch(r"\d{4}-\d{2}", plan["month"]) for plan in plans)
    assert all(re.fullmatch(r"[0-9a-f]{32}", plan["ref"]) for plan in plans)
    values = {str(v) for row in stored for v in dict(row).values() if v is not None}
    ids = {str(assessment_id) for _token, assessment_id in made} | {t for t, _ in made}
    for plan in plans:
        for column in InsightPlan.__table__.columns:
            value = plan[column.key]
            assert value not in ids
            assert value not in values or value == "", (column.key, value)
            assert NEUTRAL["birth_month"] not in value


def test_records_and_counters_older_than_the_retention_period_are_purged(dated_app):
    from wizard.core.insight import AnonymousPlan

    with dated_app.extensions["db_sessionmaker"]() as session:
        for month in ("2023-10", "2023-11", "2026-11"):
            insight.add_plan(
                session, AnonymousPlan(month, "5 to 10", "early_years", "plan_issued", (), (), ())
            )
        session.commit()
        removed = insight.purge(session, date(2026, 11, 30), months=36)
        left = sorted(session.scalars(select(InsightPlan.month)))
        counters = sorted(session.scalars(select(InsightSectionReached.month)))
    assert removed == 2  # one record and its counter, both of October 2023 (no lists to count)
    assert left == ["2023-11", "2026-11"]
    assert counters == ["2023-11", "2026-11"]


def test_the_daily_purge_removes_insight_past_its_retention_period(dated_app):
    from datetime import UTC, datetime

    from wizard.core.insight import AnonymousPlan
    from wizard.storage.housekeeping import purge_staff_records

    with dated_app.extensions["db_sessionmaker"]() as session:
        for month in ("2025-10", "2025-11"):
            insight.add_plan(
                session, AnonymousPlan(month, "0 to 4", "early_years", "plan_issued", (), (), ())
            )
        session.commit()
        purged = purge_staff_records(session, datetime(2026, 11, 30, tzinfo=UTC), insight_months=12)
        left = list(session.scalars(select(InsightPlan.month)))
    assert purged.insight == 2  # October 2025's record and its counter
    assert left == ["2025-11"]
