"""GOV.UK-style error pages (and JSON errors under /api/); never a traceback."""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass

from flask import Flask, Response, current_app, jsonify, render_template, request, session
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import BadRequest, HTTPException

from wizard.core.snapshot import SnapshotUnreadable
from wizard.storage.sealing import UnreadableData

log = logging.getLogger("wizard.errors")

#: Driver and pool errors that mean the database cannot be reached right now.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeoutError)


class UnknownHost(BadRequest):
    """A request for a host name the service does not answer on (see security.py)."""


@dataclass(frozen=True)
class ErrorPage:
    """What an error page says: a heading and plain-English paragraphs."""

    title: str
    paragraphs: tuple[str, ...]


ERROR_PAGES: dict[int | str, ErrorPage] = {
    400: ErrorPage(
        "Sorry, there is a problem with the page",
        (
            "We could not accept what was sent. This can happen if the page was open for a "
            "long time, you used the browser's back button, or cookies are turned off.",
            "Anything you saved before has not been lost. Go back, reload the page and try again.",
        ),
    ),
    "csrf_referrer": ErrorPage(
        "Sorry, we could not accept that form",
        (
            "Forms on this service only work when they are sent from one of its own pages. "
            "Your browser did not say which page this form came from.",
            "Anything you saved before has not been lost. Go back, reload the page and try again.",
            "If this keeps happening, a privacy setting or add-on in your browser may be hiding "
            "which page a form came from. Allow it for this service, or try another browser.",
        ),
    ),
    "unknown_host": ErrorPage(
        "Sorry, this service is not at that web address",
        (
            "Check the web address you used.",
            "The service is at {public_url}/",
        ),
    ),
    403: ErrorPage("You cannot see this page", ("You do not have permission to see this page.",)),
    429: ErrorPage(
        "Too many attempts to sign in",
        (
            "You have tried to sign in too many times.",
            "Wait 15 minutes, then try again.",
            "If you have forgotten your password, ask an administrator for a new invitation.",
        ),
    ),
    "too_many_new_answers": ErrorPage(
        "Sorry, too many sets of answers have been started from your network",
        (
            "This can happen on a shared network, such as in a council office, a school or a "
            "library.",
            "Wait an hour, then try again.",
            "If you saved answers before, your private link still opens them.",
        ),
    ),
    "too_many_reports": ErrorPage(
        "Sorry, too many problem reports have been sent from your network",
        (
            "This can happen on a shared network, such as in a council office, a school or a "
            "library.",
            "Wait an hour, then try again.",
        ),
    ),
    "too_many_comments": ErrorPage(
        "Sorry, too many comments have been sent from your network",
        (
            "This can happen on a shared network, such as in a council office, a school or a "
            "library.",
            "Wait an hour, then try again.",
        ),
    ),
    404: ErrorPage(
        "Page not found",
        (
            "If you typed the web address, check it is correct.",
            "If you pasted the web address, check you copied the entire address.",
        ),
    ),
    405: ErrorPage(
        "Sorry, there is a problem with the page",
        ("This page cannot be used in that way. Go back and try again.",),
    ),
    413: ErrorPage(
        "What you sent is too long",
        ("Go back, make your answer shorter and try again. Anything you saved before is kept.",),
    ),
    500: ErrorPage(
        "Sorry, there is a problem with the service",
        (
            "Try again later. Anything you saved before this has not been lost.",
            "If the problem continues, contact us and quote the reference below.",
        ),
    ),
    "unreadable": ErrorPage(
        "Sorry, your saved answers cannot be opened",
        (
            "Something is wrong with the saved copy of your answers, so we cannot show them.",
            "Start again, or contact us and quote the reference below.",
        ),
    ),
    "documents_busy": ErrorPage(
        "Sorry, we could not make your document just now",
        (
            "Many documents are being made at the moment. Try again in a minute.",
            "Your plan is saved and you can still see it on screen.",
        ),
    ),
    503: ErrorPage(
        "Sorry, the service is unavailable",
        (
            "The service cannot save or show answers at the moment. Try again later.",
            "Anything you saved before this has not been lost.",
        ),
    ),
}

API_MESSAGES = {
    400: "The request could not be understood.",
    404: "There is nothing at this address.",
    405: "This address does not accept that method.",
    413: "The request body is too large.",
    500: "Something went wrong on our side. Try again later.",
    503: "The service is unavailable. Try again later.",
}


def render_error(status: int, page_key: str | None = None) -> tuple[Response | str, int]:
    """Render the error page (or JSON error under /api/) for an HTTP status; `page_key` picks a
    page that says more than the status alone, such as "documents_busy"."""
    if request.path.startswith("/api/"):
        message = API_MESSAGES.get(status, API_MESSAGES[500])
        return jsonify(errors=[{"question": None, "message": message}]), status
    page = ERROR_PAGES.get(page_key or status) or ERROR_PAGES[500 if status >= 500 else 400]
    public_url = current_app.config["PUBLIC_URL"].rstrip("/")
    said = ErrorPage(
        page.title, tuple(p.replace("{public_url}", public_url) for p in page.paragraphs)
    )
    return render_template("errors/error.html", page=said, status=status), status


def _http_error(error: HTTPException) -> tuple[Response | str, int]:
    return render_error(error.code or 500)


def _unknown_host(_error: UnknownHost) -> tuple[Response | str, int]:
    return render_error(400, "unknown_host")


def _csrf_error(error: CSRFError) -> tuple[Response | str, int]:
    log.info("csrf rejected reason=%s", error.description)
    # Flask-WTF's HTTPS check: no Referer, or one from another site (ADR 0016).
    about_referrer = "referrer" in (error.description or "").lower()
    return render_error(400, "csrf_referrer" if about_referrer else None)


def _database_unavailable(error: Exception) -> tuple[Response | str, int]:
    log.error("database unavailable error=%s", type(error).__name__)
    return render_error(503)


def _unreadable(error: Exception) -> tuple[Response | str, int]:
    log.error("sealed data could not be opened type=%s", type(error).__name__)
    session.pop("token", None)  # so the next page starts afresh instead of failing again
    return render_error(500, "unreadable")


def _unexpected(error: Exception) -> tuple[Response | str, int]:
    if isinstance(error, HTTPException):
        return _http_error(error)
    # The type and the frames go to the log, not the message: a message can quote an answer.
    frames = "".join(traceback.format_tb(error.__traceback__))
    log.error("unhandled error type=%s\n%s", type(error).__name__, frames)
    return render_error(500)


def init_app(app: Flask) -> None:
    """Register the handlers: CSRF, HTTP errors, database outages, anything else."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(UnknownHost, _unknown_host)
    app.register_error_handler(HTTPException, _http_error)
    for error_type in DATABASE_UNAVAILABLE:
        app.register_error_handler(error_type, _database_unavailable)
    app.register_error_handler(UnreadableData, _unreadable)
    # A saved plan of a version this code cannot read is as unopenable as one that was altered.
    app.register_error_handler(SnapshotUnreadable, _unreadable)
    app.register_error_handler(Exception, _unexpected)
