"""Provider test helpers: a provider for a demo organisation, and their form as the page fills it."""

from __future__ import annotations

from typing import Any

import pyotp
from flask import Flask
from flask.testing import FlaskClient

from tests.support.pages import parse
from tests.support.staff import _HASH, Staff, make_staff, sign_in
from wizard.directory.demo import demo_id
from wizard.storage import provider_accounts, staff_accounts

SENDIASS = demo_id("organization", "sendiass")
PLAY = demo_id("organization", "play")


def make_provider(app: Flask, email: str, name: str, organization_id: str) -> Staff:
    """A provider for one organisation who has accepted their invitation and set up their app."""
    secret = pyotp.random_base32()
    with app.extensions["db_sessionmaker"]() as session:
        user = provider_accounts.create_provider(session, email, name, organization_id)
        user.password_hash = _HASH
        staff_accounts.set_totp_secret(session, user, app.extensions["sealer"], secret)
        session.commit()
        return Staff(user.id, user.email, name, "provider", secret)


def form_fields(soup: Any) -> dict[str, str]:
    """What a browser would send for the page's listing form as it stands."""
    form = soup.select_one("form[action*='/staff/provider/services/']")
    assert form is not None, "no listing form on the page"
    data: dict[str, str] = {}
    for field in form.select("input, textarea"):
        name = field.get("name")
        if not name:
            continue
        if field.get("type") in ("radio", "checkbox"):
            if field.has_attr("checked"):
                data[name] = field["value"]
        elif field.name == "textarea":
            data[name] = field.get_text()
        else:
            data[name] = field.get("value", "")
    return data


def signed_in_provider_and_editor(app: Flask) -> tuple[Staff, FlaskClient, FlaskClient]:
    """Pat, a provider for the demo SENDIASS, and Eddie, an editor, each signed in on a client."""
    provider = make_provider(app, "pat.provider@demo.example", "Pat Provider", SENDIASS)
    editor = make_staff(app, "ed.itor@demo.example", "Eddie Tor", "editor")
    provider_client, editor_client = app.test_client(), app.test_client()
    sign_in(provider_client, provider)
    sign_in(editor_client, editor)
    return provider, provider_client, editor_client


def send_listing_change(client: FlaskClient, service_id: str, changes: dict[str, str]) -> Any:
    """Send the provider's listing form as the page fills it, with `changes` made."""
    path = f"/staff/provider/services/{service_id}"
    data = form_fields(parse(client.get(path)))
    data.update(changes)
    return client.post(path, data=data)
