"""Headless Chromium (Debian's, never a downloaded build) driven by Playwright, and axe-core checks."""

from __future__ import annotations

import shutil
from typing import Any

from axe_playwright_python.sync_playwright import Axe

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
    """Run axe-core on the page as it is now; return one line per violation and node."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    lines = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            lines.append(
                f"{violation['id']} ({violation['impact']}): {node['target']} - {violation['help']}"
            )
    return lines
