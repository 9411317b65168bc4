"""Hourly limits per network address for what anyone may do without an account (new sets of
answers, comments on the Local Offer), and the "too many" page they lead to."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import make_response, request
from werkzeug.wrappers import Response

from wizard.storage import limits
from wizard.storage.db import db_session
from wizard.web.context import now
from wizard.web.errors import render_error

log = logging.getLogger("wizard.limits")

#: Every anonymous limit counts over an hour.
WINDOW = timedelta(hours=1)


def within_hourly_limit(kind: str, per_hour: int) -> bool:
    """Count one more `kind` against this network address's hourly limit (committed at once, so
    requests arriving together see it); False once the limit is reached."""
    database = db_session()
    counted = limits.take_attempt(
        database, limits.limit_key(kind, request.remote_addr or "unknown"), per_hour, WINDOW, now()
    )
    database.commit()
    return counted is not None


def too_many(page_key: str) -> Response:
    """The GOV.UK-style "too many" page (429), telling the browser when to try again."""
    log.warning("refused: this address reached its hourly limit page=%s", page_key)
    response = make_response(render_error(429, page_key))
    response.headers["Retry-After"] = str(int(WINDOW.total_seconds()))
    return response
