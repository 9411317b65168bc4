"""The assessment statements on both databases: a lone read or save is its own unit of work
(AUTOCOMMIT), one inside a transaction joins it, and the version-guarded UPDATE is the only lock."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from wizard.storage import assessments
from wizard.storage.assessments import StaleRecord
from wizard.storage.cases import create_case
from wizard.storage.db import make_engine
from wizard.storage.models import Assessment
from wizard.storage.sealing import Sealer
from wizard.storage.staff_accounts import create_user
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


def _in_driver_transaction(dbapi_connection: Any) -> bool:
    """Whether the driver holds an open transaction (psycopg or sqlite3)."""
    info = getattr(dbapi_connection, "info", None)
    if info is not None and hasattr(info, "transaction_status"):
        return str(info.transaction_status.name) != "IDLE"
    return bool(dbapi_connection.in_transaction)


@pytest.fixture
def statements(engine: Engine) -> Iterator[list[tuple[str, bool]]]:
    """Each assessment statement's verb and whether the driver was in a transaction after it."""
    seen: list[tuple[str, bool]] = []

    def after(_conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if "assessment" in statement and statement.split()[0] in ("SELECT", "UPDATE"):
            seen.append((statement.split()[0], _in_driver_transaction(cursor.connection)))

    event.listen(engine, "after_cursor_execute", after)
    yield seen
    event.remove(engine, "after_cursor_execute", after)


def _new_assessment(sessions: sessionmaker[Session]) -> str:
    with sessions() as session:
        _created, token = assessments.create(session, "v1", ["respondent"], SEALER)
        session.commit()
    return token


def test_a_lone_read_and_a_lone_save_each_commit_on_their_own(sessions, statements):
    token = _new_assessment(sessions)
    with sessions() as session:
        record = assessments.find_by_token(session, token, SEALER)
        assert record is not None and record.version == 1
        assert not session.in_transaction()  # the read was the whole unit of work
        assessments.update(session, record, SEALER, answers={"one": "yes"})
        assert not session.in_transaction()
    assert statements == [("SELECT", False), ("UPDATE", False)]  # no BEGIN, no COMMIT
    with sessions() as other:
        saved = assessments.find_by_token(other, token, SEALER)
    assert saved is not None and saved.answers == {"one": "yes"} and saved.version == 2


def test_after_a_lone_statement_the_session_is_transactional_again(sessions):
    token = _new_assessment(sessions)
    with sessions() as session:
        stale = assessments.find_by_token(session, token, SEALER)
        assert stale is not None
        with sessions() as other:  # someone else saves meanwhile
            theirs = assessments.find_by_token(other, token, SEALER)
            assert theirs is not None
            assessments.update(other, theirs, SEALER, answers={"theirs": "yes"})
        session.add(AuditEvent(actor="keyworker", action="edit", detail="lost with the save"))
        session.flush()  # written, but not committed: AUTOCOMMIT must not have stayed on
        with pytest.raises(StaleRecord):
            assessments.update(session, stale, SEALER, answers={"mine": "yes"})
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_a_read_inside_a_transaction_joins_it(sessions, statements):
    token = _new_assessment(sessions)
    with sessions() as session:
        session.execute(update(Assessment).values(status="changed"))  # not committed
        record = assessments.find_by_token(session, token, SEALER)
        assert record is not None and record.status == "changed"  # sees its own transaction
        assert session.in_transaction()
        session.rollback()
    with sessions() as session:
        again = assessments.find_by_token(session, token, SEALER)
    assert again is not None and again.status == "in_progress"
    assert statements == [("UPDATE", True), ("SELECT", True), ("SELECT", False)]


def test_a_save_joins_the_transaction_its_audit_row_is_in(sessions, statements):
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
    assert statements[2:] == [("UPDATE", True), ("UPDATE", True)]
    with sessions() as session:
        details = session.scalars(select(AuditEvent.detail)).all()
        saved = assessments.find_by_token(session, token, SEALER)
    assert details == ["question one"]
    assert saved is not None and saved.answers == {"one": "yes"} and saved.version == 2


def test_a_stale_lone_save_is_refused_and_changes_nothing(sessions):
    token = _new_assessment(sessions)
    with sessions() as session:
        record = assessments.find_by_token(session, token, SEALER)
        assert record is not None
    with sessions() as session:
        fresh = assessments.find_by_token(session, token, SEALER)
        assert fresh is not None
        assessments.update(session, fresh, SEALER, answers={"fresh": "yes"})
    with sessions() as session:
        with pytest.raises(StaleRecord):
            assessments.update(session, record, SEALER, answers={"stale": "yes"})
        with pytest.raises(StaleRecord):
            assessments.new_private_link(session, record, SEALER)
        assert record.version == 1  # not moved on by the refused saves
        saved = assessments.reload(session, record, SEALER)
    assert saved is not None and saved.answers == {"fresh": "yes"} and saved.version == 2
    assert assessments.find_by_token(sessions(), token, SEALER) is not None  # link unchanged


def test_the_version_moves_only_with_the_guarded_update(sessions):
    token = _new_assessment(sessions)
    with sessions() as session, session.begin():  # an ORM change, as key rotation makes one
        row = session.scalars(select(Assessment)).one()
        row.content_version = "v2"
    with sessions() as session:
        record = assessments.find_by_token(session, token, SEALER)
    assert record is not None and record.content_version == "v2"
    assert record.version == 1  # the mapping keeps no version counter of its own


def test_a_saved_answer_reads_back_with_its_types_and_case(sessions):
    token = _new_assessment(sessions)
    answers = {"child_name": "Ada", "needs": ["communication", "sensory"], "age": 7, "ok": True}
    with sessions() as session:
        record = assessments.find_by_token(session, token, SEALER)
        assert record is not None and record.case_id is None
        assessments.update(session, record, SEALER, answers=answers, status="changed")
        keyworker = create_user(session, "kw@example.test", "Kim Worker", "keyworker")
        create_case(
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
    with sessions() as session:
        again = assessments.find_by_token(session, token, SEALER)
        stored = session.scalars(select(Assessment)).one()
    assert again is not None
    assert again.answers == answers and again.known_nodes == ["respondent"]
    assert again.status == "changed" and again.version == record.version == 2
    assert again.case_id is not None  # the case subquery, read in the same statement
    # SQLite keeps the time as UTC text without the zone.
    updated = stored.updated_at.replace(tzinfo=stored.updated_at.tzinfo or UTC)
    assert abs((datetime.now(UTC) - updated).total_seconds()) < 60
