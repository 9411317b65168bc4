"""Test databases: a migrated SQLite template, PostgreSQL reset, and skip-or-fail for CI."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import text

from wizard.storage.db import make_engine
from wizard.storage.migrate import upgrade

IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> NoReturn:
    """Skip with a loud reason on a laptop; fail in CI, where nothing may skip."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true, so this test must run, not skip)", pytrace=False)
    pytest.skip(f"SKIPPED LOUDLY: {reason}")


def postgres_url() -> str | None:
    """The PostgreSQL server for storage tests, if one is configured."""
    for name in ("TEST_POSTGRESQL_URL", "TEST_DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith("postgresql"):
            return url
    return None


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
