"""Finished plans reach insight only in shuffled batches of at least RELEASE_AT, written in a
transaction of their own: the finishing transaction writes nothing readable (ADR 0035), so no
PostgreSQL transaction id (xmin) or row order ties a record to the assessment it came from."""

from __future__ import annotations

from sqlalchemy import func, select, text

from tests.insight.test_counts import dated_app  # noqa: F401 (a fixture)
from tests.support.personas import AS_OF, NEUTRAL
from tests.support.web_journey import seed_assessment
from wizard.services import journey as service
from wizard.storage import assessments, insight
from wizard.storage.insight import InsightCount, InsightPending, InsightPlan


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
