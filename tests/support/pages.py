"""Helpers for page tests: parse a response as a user's browser would, and read what it shows."""

from __future__ import annotations

from bs4 import BeautifulSoup
from werkzeug.test import TestResponse


def parse(response: TestResponse) -> BeautifulSoup:
    """Parse a response's HTML with html5lib (as forgiving as a browser)."""
    return BeautifulSoup(response.get_data(as_text=True), "html5lib")


def text_of(element: object) -> str:
    """Return an element's visible text with whitespace collapsed."""
    return " ".join(element.get_text(" ").split()) if element is not None else ""  # type: ignore[attr-defined]


def heading(response: TestResponse) -> str:
    """Return the page's h1 as a user reads it."""
    return text_of(parse(response).find("h1"))


def csrf_token(response: TestResponse) -> str:
    """Return the CSRF token from the first form on the page."""
    field = parse(response).find("input", attrs={"name": "csrf_token"})
    assert field is not None, "the page has no CSRF token"
    return str(field["value"])


def error_summary(response: TestResponse) -> list[str]:
    """Return the messages in the GOV.UK error summary, in order."""
    summary = parse(response).select_one(".govuk-error-summary")
    return [text_of(item) for item in summary.select("li")] if summary else []
