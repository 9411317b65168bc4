"""Directory fixtures: an app on each database, and an app with the demo directory loaded."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.support.directory import load_demo


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
