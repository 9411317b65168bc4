"""The database engine and a session per request; the only place that opens connections."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 5000

#: A pooled PostgreSQL connection unused for longer than this is checked before it is lent out.
PING_AFTER_IDLE_SECONDS = 10.0


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers and the writer work together; foreign keys are off in SQLite unless asked."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _note_idle_since(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Check a connection that sat idle (the server may have restarted meanwhile).

    A connection in steady use is lent out without a ping: a ping on every checkout is a round trip
    to the server on every request. Raising DisconnectionError makes the pool drop this connection
    and lend a fresh one, so a restart costs no failed request; a connection lost mid-use is
    still invalidated by SQLAlchemy when its error arrives.
    """
    since = record.info.get("idle_since")
    if since is None or time.monotonic() - since <= PING_AFTER_IDLE_SECONDS:
        return
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_connection.rollback()
    except Exception as error:  # any driver error: the connection is no use
        raise DisconnectionError("the database connection was lost while idle") from error


def make_engine(url: str) -> Engine:
    """Create an engine for SQLite or PostgreSQL with the settings this service relies on."""
    parsed = make_url(url)
    # Statement parameters hold answers: never let them into exception messages or logs.
    options: dict[str, Any] = {"hide_parameters": True, "future": True}
    if parsed.get_backend_name() == "sqlite":
        options["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        engine = create_engine(url, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # Up to 20 connections per process: one for each of gunicorn's 16 threads, with room to spare.
    options.update(pool_size=10, max_overflow=10, pool_timeout=5)
    if parsed.get_backend_name() == "postgresql":
        options["connect_args"] = {"connect_timeout": 5}
    engine = create_engine(url, **options)
    # Recovery after a database restart without a ping on every request (see _ping_if_idle).
    event.listen(engine, "checkin", _note_idle_since)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


def init_app(app: Flask) -> None:
    """Attach an engine and session factory to the app and close the session after each request."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    """Return the current app's engine."""
    found: Engine = current_app.extensions["db_engine"]
    return found


def db_session() -> Session:
    """Return this request's session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
    found: Session = g.db_session
    return found


@contextmanager
def transaction() -> Iterator[Session]:
    """Run a unit of work that commits whole or not at all."""
    session = db_session()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def database_is_up() -> bool:
    """Answer whether the database takes a trivial query now."""
    try:
        with engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not available" to the health check
        return False
    return True
