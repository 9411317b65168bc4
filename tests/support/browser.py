"""Headless Chromium (Debian's, never a downloaded build) driven by Playwright, and axe-core checks."""

from __future__ import annotations

import shutil
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

from tests.support.databases import skip_or_fail

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

#: WCAG 2.2 AA and everything below it, plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

_axe = Axe()


def chromium_path() -> str:
    """Return Debian's Chromium, or skip (fail in CI) when it is not installed."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        skip_or_fail("browser tests need Debian's chromium package (apt-get install chromium)")
    return path


def axe_violations(page: Any) -> list[str]:
    """Run axe-core on the page once it has loaded; return one line per violation and node."""
    results = None
    for attempt in range(3):
        # A click that submits a form may still be navigating: axe must see the new page,
        # and a run cut short by the navigation (no document) is simply run again.
        page.wait_for_load_state("load")
        try:
            results = _axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            break
        except PlaywrightError as error:
            if attempt == 2 or not _navigated_away(error):
                raise
    assert results is not None
    lines = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            lines.append(
                f"{violation['id']} ({violation['impact']}): {node['target']} - {violation['help']}"
            )
    return lines


def _navigated_away(error: PlaywrightError) -> bool:
    """True when an evaluation failed because the page navigated while it ran."""
    text = str(error)
    return "documentElement" in text or "Execution context was destroyed" in text
