"""The database engine and a session per request; the only place that opens connections."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from wizard.storage.silent_server import GRACE_SECONDS, connect_guarded

#: A pooled PostgreSQL connection unused for longer than this is checked before it is lent out.
PING_AFTER_IDLE_SECONDS = 10.0

#: TCP keepalives find a vanished server or network under an idle pooled connection in about
#: 25 seconds, and tcp_user_timeout gives up on data the other end has not acknowledged in 30.
#: Neither helps with a frozen server, whose kernel still answers (see silent_server).
TCP_SETTINGS = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,
}


def _sqlite_pragmas(busy_timeout_ms: int) -> Callable[[Any, Any], None]:
    def set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        """WAL lets readers and the writer work together; foreign keys are off unless asked."""
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # A writer waits this long for another to finish, then fails (the 503 page), never hangs.
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return set_pragmas


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


def make_engine(
    url: str,
    *,
    statement_timeout_ms: int = 5000,
    connect_timeout_seconds: int = 5,
    pool_timeout_seconds: float = 5.0,
    busy_timeout_ms: int = 5000,
) -> Engine:
    """Create an engine for SQLite or PostgreSQL with the settings this service relies on.

    Every wait on the database is bounded (ADR 0017): on PostgreSQL a statement by
    `statement_timeout_ms` (0 for none, as migrations use), connecting by `connect_timeout_seconds`
    (libpq counts under 2 as 2), a free pooled connection by `pool_timeout_seconds`; on SQLite a
    locked database by `busy_timeout_ms`.
    """
    parsed = make_url(url)
    # Statement parameters hold answers: never let them into exception messages or logs.
    options: dict[str, Any] = {"hide_parameters": True, "future": True}
    if parsed.get_backend_name() == "sqlite":
        options["connect_args"] = {"timeout": busy_timeout_ms / 1000}
        if parsed.database not in (None, "", ":memory:"):  # an in-memory database has no pool
            options["pool_timeout"] = pool_timeout_seconds
        engine = create_engine(url, **options)
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        return engine
    # Up to 20 connections per process: one for each of gunicorn's 16 threads, with room to spare.
    options.update(pool_size=10, max_overflow=10, pool_timeout=pool_timeout_seconds)
    if parsed.get_backend_name() == "postgresql":
        options["connect_args"] = _postgresql_connect_args(
            parsed.query.get("options"), statement_timeout_ms, connect_timeout_seconds
        )
    engine = create_engine(url, **options)
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() == "psycopg":
        deadline = statement_timeout_ms / 1000 + GRACE_SECONDS if statement_timeout_ms else 0.0

        def connect(_dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
            """Open the connection with a client-side deadline on a server gone silent."""
            return connect_guarded(deadline, *cargs, **cparams)

        event.listen(engine, "do_connect", connect)
    # Recovery after a database restart without a ping on every request (see _ping_if_idle).
    event.listen(engine, "checkin", _note_idle_since)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


def _postgresql_connect_args(
    url_options: str | tuple[str, ...] | None, statement_timeout_ms: int, connect_timeout: int
) -> dict[str, Any]:
    """libpq settings: the server's statement timeout (added to any `options` in the URL),
    the connect timeout and TCP keepalives."""
    given = " ".join([url_options] if isinstance(url_options, str) else url_options or ())
    server_options = f"-c statement_timeout={int(statement_timeout_ms)}"
    return {
        "connect_timeout": connect_timeout,
        "options": f"{given} {server_options}".strip(),
        **TCP_SETTINGS,
    }


def init_app(app: Flask) -> None:
    """Attach an engine and session factory to the app and close the session after each request."""
    engine = make_engine(
        app.config["DATABASE_URL"],
        statement_timeout_ms=app.config["DATABASE_STATEMENT_TIMEOUT_MS"],
        connect_timeout_seconds=app.config["DATABASE_CONNECT_TIMEOUT_SECONDS"],
        pool_timeout_seconds=app.config["DATABASE_POOL_TIMEOUT_SECONDS"],
        busy_timeout_ms=app.config["DATABASE_BUSY_TIMEOUT_MS"],
    )
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
