"""`flask assessments purge` also clears what staff sign-in leaves behind, so no table grows for ever.

Ended or long-unused staff sessions go after a day, sign-in attempts after 90 days, and the
counters behind the sign-in and new-answers limits once their window is long over. Nothing a
signed-in member of staff or a limit still needs is touched.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import null, select, text, update

from tests.support.staff import make_people, make_staff
from wizard.storage import cases, limits, staff_accounts, tokens
from wizard.storage import feedback as feedback_store
from wizard.storage.models import Feedback
from wizard.storage.staff_models import Case, SignInAttempt, SignInLimit, StaffSession

NOW = datetime.now(UTC)


def utc(moment: datetime) -> datetime:
    """SQLite gives back naive times for timezone-aware columns: they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def test_purge_clears_old_sign_in_records_and_keeps_live_ones(any_app):
    kay = make_staff(any_app, "kay.worker@demo.example", "Kay Worker", "keyworker")
    with any_app.extensions["db_sessionmaker"]() as session:
        live = staff_accounts.start_session(
            session, kay.id, NOW - timedelta(minutes=5), verified=True
        )
        ended = staff_accounts.start_session(
            session, kay.id, NOW - timedelta(days=3), verified=True
        )
        idle = staff_accounts.start_session(
            session, kay.id, NOW - timedelta(days=2), verified=False
        )
        just_ended = staff_accounts.start_session(
            session, kay.id, NOW - timedelta(hours=2), verified=True
        )
        session.flush()
        for token, ended_at in ((ended, NOW - timedelta(days=2)), (just_ended, NOW)):
            found = staff_accounts.find_session(session, token)
            assert found is not None
            found[0].ended_at = ended_at
        for days in (100, 91, 89, 1):
            staff_accounts.record_attempt(
                session, kay.email, "192.0.2.1", False, NOW - timedelta(days=days)
            )
        old_key = limits.limit_key("address", "192.0.2.1")
        fresh_key = limits.limit_key("new_answers", "192.0.2.1")
        limits.take_attempt(session, old_key, 5, timedelta(minutes=15), NOW - timedelta(days=2))
        limits.take_attempt(
            session, fresh_key, 300, timedelta(hours=1), NOW - timedelta(minutes=10)
        )
        session.commit()

    result = any_app.test_cli_runner().invoke(args=["assessments", "purge"])

    assert result.exit_code == 0, result.output
    assert "2 staff session(s)" in result.output
    assert "2 sign-in attempt(s)" in result.output
    assert "1 limit counter(s)" in result.output
    with any_app.extensions["db_sessionmaker"]() as session:
        kept = set(session.scalars(select(StaffSession.id)))
        assert kept == {tokens.digest(live), tokens.digest(just_ended)}
        assert staff_accounts.find_session(session, live) is not None
        ages = sorted((NOW - utc(at)).days for at in session.scalars(select(SignInAttempt.at)))
        assert ages == [1, 89]
        assert set(session.scalars(select(SignInLimit.key))) == {fresh_key}
    assert idle not in result.output and live not in result.output  # no tokens in the output


def test_purge_seals_labels_and_comments_saved_before_sealing(any_app):
    people = make_people(any_app)
    sealer = any_app.extensions["sealer"]
    with any_app.extensions["db_sessionmaker"]() as session:
        # As migration 0007 leaves rows saved before it: the text in the clear, nothing sealed.
        session.execute(
            update(Case)
            .where(Case.id == people.case_a)
            .values(plain_label="Old label", sealed_label=null())
        )
        session.add(Feedback(satisfaction="satisfied", comments="Old comment about Ann"))
        session.commit()

    result = any_app.test_cli_runner().invoke(args=["assessments", "purge"])

    assert result.exit_code == 0, result.output
    assert "Sealed 2 case label(s) or feedback comment(s)" in result.output
    with any_app.extensions["db_sessionmaker"]() as session:
        raw = " ".join(
            str(row)
            for table in ("staff_case", "feedback")
            for row in session.execute(text(f"SELECT * FROM {table}"))
        )
        assert "Old label" not in raw and "Old comment" not in raw
        case = session.get(Case, people.case_a)
        assert cases.label_of(case, sealer) == "Old label"
        [(_, _, comments)] = feedback_store.latest(session, sealer)
        assert comments == "Old comment about Ann"
    again = any_app.test_cli_runner().invoke(args=["assessments", "purge"])
    assert "Sealed" not in again.output  # nothing left to seal
