"""Browser fixtures: one Chromium per run, a live server per test, a fresh page per test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from tests.support.browser import CHROMIUM_ARGS, chromium_path
from tests.support.live_server import serve


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, launched once for the whole run."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live_url(app: Flask) -> Iterator[str]:
    """The app under test served on 127.0.0.1."""
    with serve(app) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A new page in a new context (no cookies shared between tests)."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test."""
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
