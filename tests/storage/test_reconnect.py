"""Security rule 20: after PostgreSQL drops the app's connections (a restart), the app carries on.

The pool checks a connection that sat idle before lending it out, instead of pinging on every
request; these tests end the server side of a pooled connection, as a restart does.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import sessionmaker

from tests.support.databases import postgres_url, reset_postgres, skip_or_fail
from wizard.storage import assessments, db
from wizard.storage.db import make_engine
from wizard.storage.sealing import Sealer

SEALER = Sealer(b"k" * 32)


@pytest.fixture
def url() -> str:
    found = postgres_url()
    if found is None:
        skip_or_fail("PostgreSQL tests need TEST_POSTGRESQL_URL or a postgresql TEST_DATABASE_URL")
    return found


@pytest.fixture
def engine(url: str) -> Iterator[Engine]:
    made = make_engine(url)
    yield made
    made.dispose()


def _backend(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _end_backend(url: str, pid: int) -> None:
    """End one server session from another connection, and wait until it is gone."""
    other = make_engine(url)
    try:
        with other.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            connection.commit()
            for _ in range(100):
                alive = connection.execute(
                    text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
                ).scalar_one()
                connection.commit()
                if not alive:
                    return
                time.sleep(0.02)
        raise AssertionError("the server session did not end")
    finally:
        other.dispose()


def test_an_idle_connection_the_server_dropped_is_replaced_before_use(url, engine, monkeypatch):
    pid = _backend(engine)
    _end_backend(url, pid)
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)  # every checkout counts as idle
    assert _backend(engine) != pid  # a fresh connection, and no error reached the caller


def test_a_connection_in_steady_use_is_not_pinged_so_a_drop_surfaces_once(url, engine, monkeypatch):
    # The cost of skipping the ping on busy connections: one statement fails, then the pool
    # replaces its connections and the next one works.
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 3600.0)
    pid = _backend(engine)
    _end_backend(url, pid)
    with pytest.raises(DBAPIError) as failure:
        _backend(engine)
    assert failure.value.connection_invalidated
    assert _backend(engine) != pid


def test_a_journey_read_on_a_dropped_connection_fails_once_as_unavailable_then_works(
    url, engine, monkeypatch
):
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 3600.0)
    reset_postgres(url)
    sessions = sessionmaker(engine, expire_on_commit=False)
    with sessions() as session:
        _created, token = assessments.create(session, "v1", [], SEALER)
        session.commit()
        pid = session.connection().execute(text("SELECT pg_backend_pid()")).scalar_one()
    _end_backend(url, pid)
    with sessions() as session, pytest.raises(OperationalError) as failure:
        assessments.find_by_token(session, token, SEALER)
    assert failure.value.connection_invalidated  # the app shows its "try again later" page
    with sessions() as session:
        found = assessments.find_by_token(session, token, SEALER)
    assert found is not None and found.version == 1
