"""The journey's hot statements: same values as SQLAlchemy gives, same transactions, on both databases."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.support.databases import postgres_url, reset_postgres, skip_or_fail
from wizard.storage import assessments, staff
from wizard.storage.assessments import _BY_TOKEN, _FIELDS, StaleRecord, token_hash
from wizard.storage.db import make_engine
from wizard.storage.models import Assessment
from wizard.storage.sealing import Sealer
from wizard.storage.staff_models import AuditEvent

SEALER = Sealer(secrets.token_bytes(32))


@pytest.fixture
def engine(any_database_url: str) -> Iterator[Engine]:
    made = make_engine(any_database_url)
    yield made
    made.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def _new_assessment(sessions: sessionmaker[Session]) -> str:
    with sessions() as session:
        _created, token = assessments.create(session, "v1", ["respondent"], SEALER)
        session.commit()
    return token


def test_a_prepared_read_gives_what_sqlalchemy_gives(sessions):
    token = _new_assessment(sessions)
    with sessions() as session:
        record = assessments.find_by_token(session, token, SEALER)
        assert record is not None
        keyworker = staff.create_user(session, "kw@example.test", "Kim Worker", "keyworker")
        staff.create_case(
            session,
            SEALER,
            label="Family A",
            owner=keyworker,
            assessment_id=record.id,
            consent_by="parent_carer",
            consent_on=date(2026, 11, 30),
            consent_to=["answers"],
        )
        session.commit()
        via_core = (
            session.connection()
            .execute(select(*_FIELDS).where(Assessment.token_hash == token_hash(token)))
            .mappings()
            .one()
        )
        via_prepared = _BY_TOKEN.first(session.connection(), {"hash": token_hash(token)})
    assert via_prepared == dict(via_core)
    assert via_prepared["known_nodes"] == ["respondent"]  # JSON read back as a list
    assert via_prepared["case_id"] is not None  # the scalar subquery's value


def test_a_prepared_read_of_a_missing_row_is_none(sessions):
    with sessions() as session:
        assert _BY_TOKEN.first(session.connection(), {"hash": "0" * 64}) is None


def test_a_saved_answer_reads_back_with_its_types(sessions):
    token = _new_assessment(sessions)
    answers = {"child_name": "Ada", "needs": ["communication", "sensory"], "age": 7, "ok": True}
    with sessions() as session:
        record = assessments.find_by_token(session, token, SEALER)
        assert record is not None
        assessments.update(session, record, SEALER, answers=answers, status="changed")
    with sessions() as session:
        again = assessments.find_by_token(session, token, SEALER)
        stored = session.scalars(select(Assessment)).one()
    assert again is not None
    assert again.answers == answers
    assert again.status == "changed"
    assert again.version == record.version == 2
    # The time went through SQLAlchemy's conversion (SQLite keeps it as UTC text without the zone).
    updated = stored.updated_at.replace(tzinfo=stored.updated_at.tzinfo or UTC)
    assert abs((datetime.now(UTC) - updated).total_seconds()) < 60


def test_an_audit_row_and_the_save_it_records_commit_together_or_not_at_all(sessions):
    token = _new_assessment(sessions)
    with sessions() as session:
        first = assessments.find_by_token(session, token, SEALER)
        second = assessments.find_by_token(session, token, SEALER)
        assert first is not None and second is not None
        session.add(AuditEvent(actor="keyworker", action="edit", detail="question one"))
        assessments.update(session, first, SEALER, answers={"one": "yes"})
        session.add(AuditEvent(actor="keyworker", action="edit", detail="question two"))
        with pytest.raises(StaleRecord):  # `second` was read before `first` was saved
            assessments.update(session, second, SEALER, answers={"two": "no"})
    with sessions() as session:
        details = session.scalars(select(AuditEvent.detail)).all()
        saved = assessments.find_by_token(session, token, SEALER)
    assert details == ["question one"]
    assert saved is not None and saved.answers == {"one": "yes"}


def _transaction_status(session: Session) -> str:
    driver = session.connection().connection.driver_connection
    return str(driver.info.transaction_status.name)  # type: ignore[union-attr]


@pytest.fixture
def postgres_sessions() -> Iterator[sessionmaker[Session]]:
    url = postgres_url()
    if url is None:
        skip_or_fail("PostgreSQL tests need TEST_POSTGRESQL_URL or a postgresql TEST_DATABASE_URL")
    reset_postgres(url)
    made = make_engine(url)
    yield sessionmaker(made, expire_on_commit=False)
    made.dispose()


def test_on_postgresql_a_lone_read_or_save_opens_no_transaction(postgres_sessions):
    sessions = postgres_sessions
    token = _new_assessment(sessions)
    with sessions() as session:
        record = assessments.find_by_token(session, token, SEALER)
        assert _transaction_status(session) == "IDLE"  # no BEGIN sent for the read
        assert record is not None
        assessments.update(session, record, SEALER, answers={"one": "yes"})
        assert _transaction_status(session) == "IDLE"


def test_on_postgresql_a_read_inside_a_transaction_joins_it(postgres_sessions):
    sessions = postgres_sessions
    token = _new_assessment(sessions)
    with sessions() as session:
        session.add(AuditEvent(actor="family", action="export", detail="pdf"))
        session.flush()  # a transaction is now open on the connection
        record = assessments.find_by_token(session, token, SEALER)
        assert record is not None
        assert _transaction_status(session) == "INTRANS"  # still the same transaction
        session.rollback()
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0
