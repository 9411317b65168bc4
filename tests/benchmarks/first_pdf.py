"""The first PDF after a cold start against the warm ones (issue #16, ADR 0029).

A fresh gunicorn (the README's settings, one worker so "first" means one renderer) on a fresh
database, its renderer warming up as in production; one family with the largest plan. Measured in
one run: the worker's warm-up time (from the renderer's own log line), the first download after the
warm-up, the warm downloads after it, and the first download of a second fresh server asked for at
once (before its warm-up has ended: that download waits for it).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.http_load import ROOT, VENV_BIN, free_port
from tests.benchmarks.journey_load import no_redirects
from tests.support.servers import running

WARM_LINE = re.compile(r"pdf renderer warm pid=\d+ seconds=([0-9.]+)")


@dataclass(frozen=True)
class FirstPdf:
    """What one cold start measured, in seconds."""

    warm_up: float  # the renderer's own warm-up, logged by it
    first: float  # the first download after the warm-up
    warm: float  # median of the downloads after it
    at_once: float  # the first download of a fresh server, asked for as soon as it answers
    at_once_warm_up: float  # that server's warm-up (the download waited for part of it)
    bare_first: float  # bare WeasyPrint in a fresh Python: import and the first render
    bare_warm: float  # bare WeasyPrint, median of later renders of the same HTML


@contextmanager
def cold_gunicorn(env: dict[str, str], log: Path) -> Iterator[str]:
    """Start gunicorn as the README does (one worker), logging to `log`; yield its URL once it answers."""
    port = free_port()
    command = [
        str(VENV_BIN / "gunicorn"),
        "wsgi:app",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--threads",
        "16",
        "--forwarded-allow-ips",
        "",
    ]
    with running(command, port, cwd=ROOT, env={**os.environ, **env}, log=log) as url:
        yield url


def warm_up_seconds(log: Path, timeout: float = 60) -> float:
    """Wait for the renderer's "warm" line in the server's log; return the seconds it says."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = WARM_LINE.search(log.read_text(errors="replace"))
        if found:
            return float(found.group(1))
        time.sleep(0.05)
    raise RuntimeError(f"the renderer did not say it was warm: {log}")


def download(url: str, cookie: str) -> float:
    """Download the plan PDF once; return the seconds it took (fails on anything but a PDF)."""
    request = urllib.request.Request(url + "/plan/plan.pdf", headers={"Cookie": cookie})
    started = time.perf_counter()
    with no_redirects.open(request, timeout=60) as response:
        kind, body = response.headers["Content-Type"], response.read()
    took = time.perf_counter() - started
    if kind != "application/pdf" or not body.startswith(b"%PDF"):
        raise RuntimeError(f"the download got {response.status} {kind}, not the PDF")
    return took


BARE = """
import sys, time, statistics
started = time.perf_counter()
import weasyprint
html = open(sys.argv[1]).read()
weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
first = time.perf_counter() - started
timings = []
for _ in range(int(sys.argv[2])):
    began = time.perf_counter()
    weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    timings.append(time.perf_counter() - began)
print(first, statistics.median(timings))
"""


def bare_weasyprint(html: str, runs: int) -> tuple[float, float]:
    """Bare WeasyPrint on `html` in a fresh Python: (import + first render, median of the rest)."""
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False) as file:
        file.write(html)
    try:
        result = subprocess.run(
            [str(VENV_BIN / "python"), "-c", BARE, file.name, str(runs)],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
    finally:
        os.unlink(file.name)
    first, warm = result.stdout.split()
    return float(first), float(warm)


def measure_first_pdf(
    database_url: str, env: dict[str, str], cookie: str, html: str, runs: int = 7
) -> FirstPdf:
    """Two cold starts of the served app on `database_url` (whose family `cookie` opens), then
    bare WeasyPrint on the plan's `html`."""
    env = {**env, "LOG_LEVEL": "INFO"}  # the renderer logs its warm-up at INFO
    with tempfile.TemporaryDirectory() as folder:
        first_log, second_log = Path(folder, "first.log"), Path(folder, "second.log")
        with cold_gunicorn(env, first_log) as url:
            warm_up = warm_up_seconds(first_log)
            first = download(url, cookie)
            warm = statistics.median([download(url, cookie) for _ in range(runs)])
        with cold_gunicorn(env, second_log) as url:
            at_once = download(url, cookie)
            at_once_warm_up = warm_up_seconds(second_log)
    bare_first, bare_warm = bare_weasyprint(html, runs)
    return FirstPdf(warm_up, first, warm, at_once, at_once_warm_up, bare_first, bare_warm)
