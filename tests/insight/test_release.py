"""Finished plans and sections reached reach insight only in shuffled batches of at least
RELEASE_AT, written in a transaction of their own: the family's own save writes nothing readable
(ADR 0035, ADR 0041), so no PostgreSQL transaction id (xmin) or row order ties a record or a
counter to the assessment it came from."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select, text, update

from tests.insight.test_counts import dated_app  # noqa: F401 (a fixture)
from tests.support.personas import AS_OF, NEUTRAL
from tests.support.web_journey import seed_assessment
from wizard.services import journey as service
from wizard.storage import assessments, insight
from wizard.storage.insight import (
    InsightCount,
    InsightPending,
    InsightPlan,
    InsightSectionPending,
)


def finish_only(app, answers=NEUTRAL) -> None:
    """Finish a plan through the service, without releasing anything."""
    token = seed_assessment(app, answers)
    with app.extensions["db_sessionmaker"]() as session:
        journey = service.Journey(
            session, app.extensions["content"], app.extensions["sealer"], AS_OF
        )
        record = assessments.find_by_token(session, token, journey.sealer)
        assert service.finish(journey, record, lambda _ids, _needs: {}, lambda *_: None).made
        session.commit()


def count(app, model) -> int:
    with app.extensions["db_sessionmaker"]() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_finished_plan_waits_sealed_and_counts_nothing_yet(dated_app):  # noqa: F811
    finish_only(dated_app)
    assert count(dated_app, InsightPlan) == 0 and count(dated_app, InsightCount) == 0
    assert count(dated_app, InsightPending) == 1
    with dated_app.extensions["db_engine"].connect() as connection:
        raw = str(connection.execute(text("SELECT * FROM insight_pending")).all())
    assert "mainstream_school" not in raw and "sendiass" not in raw  # sealed


def test_plans_are_released_only_in_batches_of_at_least_10(dated_app):  # noqa: F811
    sealer = dated_app.extensions["sealer"]
    for _ in range(insight.RELEASE_AT - 1):
        finish_only(dated_app)
    with dated_app.extensions["db_sessionmaker"]() as session:
        assert insight.release_pending(session, sealer) == 0
    assert count(dated_app, InsightPlan) == 0
    finish_only(dated_app)
    result = dated_app.test_cli_runner().invoke(args=["assessments", "purge"])
    assert "Added 10 finished plan(s) to the insight counts" in result.output
    assert count(dated_app, InsightPlan) == 10 and count(dated_app, InsightPending) == 0


def test_no_released_record_shares_a_transaction_with_an_assessment(dated_app):  # noqa: F811
    for _ in range(insight.RELEASE_AT):
        finish_only(dated_app)
    with dated_app.extensions["db_sessionmaker"]() as session:
        insight.release_pending(session, dated_app.extensions["sealer"])
    engine = dated_app.extensions["db_engine"]
    if engine.dialect.name != "postgresql":
        return  # SQLite keeps no transaction id on a row; the rows have no rowid either
    with engine.connect() as connection:
        plans = {r[0] for r in connection.execute(text("SELECT xmin::text FROM insight_plan"))}
        counters = {r[0] for r in connection.execute(text("SELECT xmin::text FROM insight_count"))}
        answers = {r[0] for r in connection.execute(text("SELECT xmin::text FROM assessment"))}
    assert len(plans) == 1, "released together, in one transaction"
    assert not (plans | counters) & answers


# --- Sections reached ----------------------------------------------------------------------------


def reach_first_section(app) -> None:
    """Start a set of answers and answer its first question through the service: one section
    reached, saved in the family's own transaction."""
    with app.extensions["db_sessionmaker"]() as session:
        journey = service.Journey(
            session, app.extensions["content"], app.extensions["sealer"], AS_OF
        )
        record, _token = service.start(journey)
        node = journey.content.graph.nodes["respondent"]
        progress = service.progress_of(journey, record)
        checked = service.check_answer(journey, record, progress, node, "parent_carer", False)
        saved = service.record_answer(journey, record, checked, 0, "family", lambda *_: None)
        assert saved is not None and not isinstance(saved, service.Conflict)


def reached(app) -> Counter[tuple[str, str]]:
    with app.extensions["db_sessionmaker"]() as session:
        return insight.reached_by_month(session, "2026-01", "2026-12")


def test_a_section_reached_waits_sealed_and_counts_nothing_yet(dated_app):  # noqa: F811
    reach_first_section(dated_app)
    assert reached(dated_app) == Counter()  # nothing counted in the family's own save
    assert count(dated_app, InsightSectionPending) == 1
    with dated_app.extensions["db_engine"].connect() as connection:
        raw = str(connection.execute(text("SELECT * FROM insight_section_pending")).all())
    assert "about_you" not in raw  # the section is sealed
    if dated_app.extensions["db_engine"].dialect.name == "sqlite":
        engine = dated_app.extensions["db_engine"]
        with engine.connect() as connection, pytest.raises(Exception, match="rowid"):
            connection.execute(text("SELECT rowid FROM insight_section_pending"))  # no write order


def test_sections_reached_are_released_only_in_batches_of_at_least_10(dated_app):  # noqa: F811
    for _ in range(insight.RELEASE_AT - 1):
        reach_first_section(dated_app)
    with dated_app.extensions["db_sessionmaker"]() as session:
        assert insight.release_sections(session, dated_app.extensions["sealer"]) == 0
    assert reached(dated_app) == Counter()
    reach_first_section(dated_app)
    result = dated_app.test_cli_runner().invoke(args=["assessments", "purge"])
    assert "Added 10 section(s) reached to the insight counts" in result.output
    assert reached(dated_app) == Counter({("about_you", "2026-11"): 10})
    assert count(dated_app, InsightSectionPending) == 0


def test_no_section_counter_shares_a_transaction_with_an_assessment(dated_app):  # noqa: F811
    for _ in range(insight.RELEASE_AT):
        reach_first_section(dated_app)
    for _ in range(insight.RELEASE_AT):
        finish_only(dated_app)
    result = dated_app.test_cli_runner().invoke(args=["assessments", "purge"])
    assert result.exit_code == 0, result.output
    started = reached(dated_app)
    assert started[("about_you", "2026-11")] == insight.RELEASE_AT  # seeded plans reach none
    assert started[(insight.FINISHED, "2026-11")] == insight.RELEASE_AT
    engine = dated_app.extensions["db_engine"]
    if engine.dialect.name != "postgresql":
        return  # SQLite keeps no transaction id on a row
    with engine.connect() as connection:
        counters = {
            r[0] for r in connection.execute(text("SELECT xmin::text FROM insight_section_reached"))
        }
        answers = {r[0] for r in connection.execute(text("SELECT xmin::text FROM assessment"))}
    assert counters and not counters & answers


def test_sections_waiting_past_the_retention_period_are_purged(dated_app):  # noqa: F811
    reach_first_section(dated_app)
    with dated_app.extensions["db_sessionmaker"]() as session:
        session.execute(update(InsightSectionPending).values(month="2023-10"))
        session.commit()
        assert insight.purge(session, date(2026, 11, 30), months=36) == 1
    assert count(dated_app, InsightSectionPending) == 0


def test_a_save_reaching_a_section_shares_its_transaction_with_no_counter(dated_app):  # noqa: F811
    reach_first_section(dated_app)
    engine = dated_app.extensions["db_engine"]
    if engine.dialect.name != "postgresql":
        return  # SQLite keeps no transaction id on a row
    with engine.connect() as connection:
        [saved] = [r[0] for r in connection.execute(text("SELECT xmin::text FROM assessment"))]
        counters = [
            r[0] for r in connection.execute(text("SELECT xmin::text FROM insight_section_reached"))
        ]
    assert saved not in counters


def test_where_families_stop_reads_right_once_a_batch_is_released(dated_app):  # noqa: F811
    from tests.insight.test_insight_pages import page, table_of
    from tests.support.staff import make_staff, sign_in

    insight_user = make_staff(dated_app, "in.sight@demo.example", "Indy Sight", "insight")

    def journey_table():
        client = dated_app.test_client()  # signed in afresh: the purge ends idle staff sessions
        sign_in(client, insight_user)
        return table_of(page(client, "/staff/insight/journey?start=2026-11&end=2026-11"))

    for _ in range(12):
        reach_first_section(dated_app)
    for _ in range(insight.RELEASE_AT):
        finish_only(dated_app)  # seeded answers: they finish without reaching a section here
    graph = dated_app.extensions["content"].graph
    assert graph.nodes["respondent"].section == graph.sections[0].id
    first = graph.sections[0].title.default
    assert journey_table()[first] == ["fewer than 10", "fewer than 10"]  # 0: nothing released
    dated_app.test_cli_runner().invoke(args=["assessments", "purge"])
    table = journey_table()
    # By hand: 12 started (reached the first section), 10 finished, all in November 2026.
    assert table[first] == ["12", "12"]
    assert table["Plan finished"] == ["10", "10"]
