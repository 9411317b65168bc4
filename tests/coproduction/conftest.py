"""Co-production fixtures: the staff of every role (editors triage and publish)."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.support.staff import People, make_people


@pytest.fixture
def people(app: Flask) -> People:
    """Accounts for every role, and a case for each keyworker."""
    return make_people(app)
