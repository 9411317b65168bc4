"""Security rule 15: idle answers are hard-deleted by `flask assessments purge` (run from cron)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from tests.support.personas import NEUTRAL
from tests.support.web_journey import seed_assessment
from wizard.storage.models import Assessment, utcnow


def ages(app, **days_ago: int) -> None:
    with app.extensions["db_sessionmaker"]() as session:
        for reference, (days, status) in days_ago.items():
            session.execute(
                update(Assessment)
                .where(Assessment.reference == reference)
                .values(updated_at=utcnow() - timedelta(days=days), status=status)
            )
        session.commit()


def references(app) -> set[str]:
    with app.extensions["db_sessionmaker"]() as session:
        return set(session.scalars(select(Assessment.reference)))


def test_purge_deletes_only_what_is_past_its_retention(app, runner):
    for _ in range(4):
        seed_assessment(app, NEUTRAL, upto="ehc_status")
    old_unfinished, new_unfinished, old_finished, new_finished = sorted(references(app))
    ages(
        app,
        **{
            old_unfinished: (91, "in_progress"),
            new_unfinished: (89, "changed"),
            old_finished: (366, "finished"),
            new_finished: (200, "finished"),
        },
    )
    result = runner.invoke(args=["assessments", "purge"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Deleted 2 assessment(s)")
    assert references(app) == {new_unfinished, new_finished}


def test_purge_periods_are_configurable(make_app):
    app = make_app(RETENTION_UNFINISHED_DAYS=7)
    seed_assessment(app, NEUTRAL, upto="ehc_status")
    [reference] = references(app)
    ages(app, **{reference: (8, "in_progress")})
    app.test_cli_runner().invoke(args=["assessments", "purge"])
    assert references(app) == set()
