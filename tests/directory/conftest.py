"""Directory fixtures: an app on each database, and an app with the demo directory loaded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.conftest import app_config
from tests.support.directory import load_demo
from wizard.app import create_app


@pytest.fixture
def any_app(any_database_url: str) -> Iterator[Flask]:
    """The app on SQLite and on PostgreSQL."""
    application = create_app(app_config(any_database_url))
    yield application
    application.extensions["db_engine"].dispose()


@pytest.fixture
def demo_app(app: Flask) -> Flask:
    """The app with the demo directory imported, as `make run` leaves it."""
    summary = load_demo(app)
    assert summary.complete and summary.created >= 60, summary.report()
    return app


@pytest.fixture
def demo_client(demo_app: Flask):
    """A test client for the app with the demo directory."""
    return demo_app.test_client()
