"""Compliance report fixtures: a small directory made row by row, and staff of every role."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask

from tests.conftest import app_config
from tests.support.staff import People, make_people
from wizard.app import create_app
from wizard.storage.directory_models import Service, ServiceTag


def add_service(
    app: Flask,
    name: str,
    *,
    categories: tuple[str, ...] = (),
    in_area: bool = True,
    status: str = "active",
    assured: date | None = date(2026, 10, 1),
    eligibility: str = "Children and young people aged 0 to 25 with SEND",
) -> str:
    """A directory listing with these Local Offer categories, as an import leaves it; its id."""
    service_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"compliance-test/{name}"))
    with app.extensions["db_sessionmaker"]() as session:
        session.add(
            Service(
                id=service_id,
                feed_id=name,
                source="compliance-test",
                name=name,
                status=status,
                in_area=in_area,
                assured_date=assured,
                eligibility_description=eligibility,
                record_hash="0" * 64,
            )
        )
        session.flush()
        session.add_all(
            ServiceTag(service_id=service_id, kind="category", value=value) for value in categories
        )
        session.commit()
    return service_id


#: The report's day in these tests (the app's clock, so downloads are named for it).
FIXED_NOW = "2026-12-02T12:00:00"


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """The app on a fresh database, its clock at FIXED_NOW."""
    application = create_app(app_config(database_url, FIXED_NOW=FIXED_NOW))
    yield application
    application.extensions["db_engine"].dispose()


@pytest.fixture
def people(app: Flask) -> People:
    """Accounts for every role."""
    return make_people(app)
