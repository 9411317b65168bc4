"""Test databases: a migrated SQLite template, PostgreSQL reset (one database per xdist worker),
and skip-or-fail for CI."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import create_engine, make_url, text

from wizard.storage.db import make_engine
from wizard.storage.migrate import upgrade

IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> NoReturn:
    """Skip with a loud reason on a laptop; fail in CI, where nothing may skip."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true, so this test must run, not skip)", pytrace=False)
    pytest.skip(f"SKIPPED LOUDLY: {reason}")


def postgres_url() -> str | None:
    """The PostgreSQL database for storage tests (this worker's own), if a server is configured."""
    for name in ("TEST_POSTGRESQL_URL", "TEST_DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith("postgresql"):
            return for_this_worker(url)
    return None


def app_database_url() -> str | None:
    """TEST_DATABASE_URL, on PostgreSQL this worker's own database, or None when it is not set."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    return for_this_worker(url) if url else None


@cache
def for_this_worker(url: str) -> str:
    """Under pytest-xdist, `<database>_<worker>` on the same server, made when missing.

    Every test empties the tables first (reset_postgres), so two workers on one database would
    empty each other's tables mid-test; without xdist the given database is used as it is.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker or not url.startswith("postgresql"):
        return url
    given = make_url(url)
    name = f"{given.database or 'postgres'}_{worker}"
    # CREATE DATABASE cannot run in a transaction, hence AUTOCOMMIT on the given database.
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if exists is None:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


def migrated_sqlite_template(path: Path) -> Path:
    """Create an SQLite file with every migration applied."""
    upgrade(f"sqlite:///{path}")
    return path


_postgres_migrated: set[str] = set()


def reset_postgres(url: str) -> None:
    """Migrate the server once per run, then empty every table before each test."""
    if url not in _postgres_migrated:
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        upgrade(url)
        _postgres_migrated.add(url)
    from wizard.storage.models import Base

    engine = make_engine(url)
    with engine.begin() as connection:
        tables = ", ".join(f'"{name}"' for name in Base.metadata.tables)
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
