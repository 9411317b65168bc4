"""GET /healthz: is the app up, and can it reach its database?"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from wizard.storage.db import database_is_up

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Report app and database status: 200 when both are fine, 503 when the database is not."""
    database_ok = database_is_up()
    body = {
        "status": "ok" if database_ok else "unavailable",
        "app": "ok",
        "database": "ok" if database_ok else "unavailable",
        "content_version": current_app.extensions["content"].version,
    }
    return jsonify(body), 200 if database_ok else 503
