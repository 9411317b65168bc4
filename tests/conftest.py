"""Shared fixtures: the app on a fresh database, a test client, a CLI runner, CI-aware skipping."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings
from sqlalchemy import text

from tests.support.databases import (
    IN_CI,
    app_database_url,
    migrated_sqlite_template,
    postgres_url,
    reset_postgres,
    skip_or_fail,
)
from wizard.app import create_app

TEST_SECRET_KEY = "test-secret-key-" + "x" * 32

# The process runs as a test run, whatever the shell exported: password hashing uses the cheap
# Argon2 parameters (ADR 0026). Set before any test hashes; the password tests switch back to the
# real parameters themselves, and servers started as subprocesses set their own mode.
os.environ["WIZARD_ENV"] = "test"

# Property tests: the full count in CI, a quicker run on a laptop (HYPOTHESIS_PROFILE overrides).
settings.register_profile("ci", max_examples=200, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=40, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "dev"))


def app_config(database_url: str, **overrides: object) -> dict[str, object]:
    """Return the configuration the test apps use."""
    config: dict[str, object] = {
        "WIZARD_ENV": "test",
        "SECRET_KEY": TEST_SECRET_KEY,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "DEBUG",
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated once per run, copied for each test (much faster than migrating)."""
    return migrated_sqlite_template(tmp_path_factory.mktemp("template") / "template.db")


def _fresh_sqlite(template: Path, tmp_path: Path) -> str:
    target = tmp_path / "wizard.db"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def database_url(sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    """The database the app under test uses: TEST_DATABASE_URL when set, else a fresh SQLite file."""
    url = app_database_url()
    if url:
        reset_postgres(url)
        yield url
    else:
        yield _fresh_sqlite(sqlite_template, tmp_path)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_database_url(request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path) -> str:
    """Each storage test runs on SQLite and on PostgreSQL (which skips, loudly, without a server)."""
    if request.param == "sqlite":
        return _fresh_sqlite(sqlite_template, tmp_path)
    url = postgres_url()
    if url is None:
        skip_or_fail("PostgreSQL tests need TEST_POSTGRESQL_URL or a postgresql TEST_DATABASE_URL")
    reset_postgres(url)
    return url


@pytest.fixture
def any_app(any_database_url: str) -> Iterator[Flask]:
    """The app on SQLite and on PostgreSQL."""
    application = create_app(app_config(any_database_url))
    yield application
    application.extensions["db_engine"].dispose()


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """The app under test, configured as in production apart from the database and secret."""
    application = create_app(app_config(database_url))
    yield application
    application.extensions["db_engine"].dispose()


@pytest.fixture
def make_app(database_url: str) -> Iterator[Callable[..., Flask]]:
    """Build more apps on the same database, with settings changed (for example FIXED_NOW)."""
    made: list[Flask] = []

    def build(**overrides: object) -> Flask:
        application = create_app(app_config(database_url, **overrides))
        made.append(application)
        return application

    yield build
    for application in made:
        application.extensions["db_engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for the app."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A runner for the app's `flask` commands."""
    return app.test_cli_runner()


def count_rows(app: Flask) -> dict[str, int]:
    """Return the number of rows in every table (to prove a request changed nothing)."""
    from wizard.storage.models import Base

    with app.extensions["db_engine"].connect() as connection:
        return {
            name: connection.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one()
            for name in Base.metadata.tables
        }


#: Tests that start heavy or timing-sensitive processes of their own (Chromium, gunicorn, a
#: PostgreSQL that is frozen on purpose). Under `--dist loadgroup` each group runs on one worker,
#: so they never compete with each other for this machine's cores (ADR 0026).
SERIAL_GROUPS = {
    "tests/browser/": "browser",
    "tests/storage/test_database_hangs.py": "servers",
    "tests/web/test_two_instances.py": "servers",
    "tests/web/test_deployment_command.py": "servers",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put the tests that start their own servers into one xdist group each."""
    for item in items:
        where = item.path.relative_to(config.rootpath).as_posix()
        for prefix, group in SERIAL_GROUPS.items():
            if where.startswith(prefix):
                item.add_marker(pytest.mark.xdist_group(group))


def pytest_report_header() -> list[str]:
    """Say which database and which optional parts this run covers."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    database = "PostgreSQL (TEST_DATABASE_URL)" if url else "SQLite (a fresh file per test)"
    return [f"app database: {database}; CI={'yes' if IN_CI else 'no'}"]
