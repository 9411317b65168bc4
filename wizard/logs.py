"""Logging: one line per event with a request id; never answers, tokens or other personal data."""

from __future__ import annotations

import logging
import sys

from flask import Flask, g, has_request_context

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s %(message)s"


class RequestIdFilter(logging.Filter):
    """Stamp every record with the id of the request it was logged in (or '-')."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add `request_id` to the record; never drops it."""
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def send_to_stderr(level: int | str, propagate: bool = False) -> None:
    """Write the service's log records to standard error, one line each, at `level` and above."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("wizard")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = propagate


def init_app(app: Flask) -> None:
    """Send the app's logs to standard error at the configured level."""
    # In tests records also propagate, so pytest's caplog sees them.
    send_to_stderr(app.config["LOG_LEVEL"], propagate=app.config["TESTING"])
    # The development server logs every path, and paths can carry private tokens.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
