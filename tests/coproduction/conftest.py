"""Co-production fixtures: the staff of every role (editors triage and publish)."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.support.staff import People, make_people, sign_in


@pytest.fixture
def people(app: Flask) -> People:
    """Accounts for every role, and a case for each keyworker."""
    return make_people(app)


@pytest.fixture
def editor(app: Flask, people: People):
    """A browser signed in as the editor."""
    client = app.test_client()
    sign_in(client, people.editor)
    return client
