"""Staff fixtures: two keyworkers, an editor and an admin; two families with cases."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask

from tests.support.staff import Staff, make_staff, open_case


@dataclass
class People:
    """Everyone a staff test needs."""

    kw1: Staff
    kw2: Staff
    editor: Staff
    admin: Staff
    case_a: int  # held by kw1
    case_b: int  # held by kw2


@pytest.fixture
def people(app: Flask) -> People:
    """Accounts for every role, and a case for each keyworker."""
    kw1 = make_staff(app, "kay.worker@demo.example", "Kay Worker", "keyworker")
    kw2 = make_staff(app, "lee.helper@demo.example", "Lee Helper", "keyworker")
    editor = make_staff(app, "ed.itor@demo.example", "Eddie Tor", "editor")
    admin = make_staff(app, "ad.min@demo.example", "Addy Min", "admin")
    return People(
        kw1, kw2, editor, admin, open_case(app, kw1, "Family A"), open_case(app, kw2, "Family B")
    )
