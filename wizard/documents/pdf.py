"""HTML to a tagged PDF (PDF/UA-1) with WeasyPrint, locked down (security rule 4) and bounded.

- The URL fetcher serves data: URLs only: no network, no file://, no redirects. The templates
  inline their CSS, and fonts come from the system (Liberation Sans, Arial's metrics).
- Renders run in a worker thread with a time limit, and at most RENDER_SLOTS at once per process,
  so PDF downloads can never take every worker from people answering questions.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from weasyprint import HTML
from weasyprint.urls import URLFetcher

log = logging.getLogger("wizard.documents")

RENDER_SLOTS = 1
_slots = threading.BoundedSemaphore(RENDER_SLOTS)
_pool = ThreadPoolExecutor(max_workers=RENDER_SLOTS + 1, thread_name_prefix="pdf")


class RenderBusy(RuntimeError):
    """Every render slot stayed busy for too long: ask the user to try again shortly."""


class RenderTimeout(RuntimeError):
    """The render took longer than its time limit."""


class DataOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """Fetch nothing but data: URLs. Everything else is refused before any connection is made."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=False)

    def fetch(self, url, headers=None):  # type: ignore[no-untyped-def]
        """Refuse every URL that is not data: (WeasyPrint then leaves the resource out)."""
        if not url.startswith("data:"):
            log.warning("pdf resource refused scheme=%s", url.split(":", 1)[0][:10])
            raise ValueError("only data: URLs are allowed in documents")
        return super().fetch(url, headers)


def _render(html: str) -> bytes:
    try:
        document = HTML(string=html, base_url="about:blank", url_fetcher=DataOnlyFetcher())
        pdf: bytes = document.write_pdf(
            pdf_variant="pdf/ua-1", attachments=[], uncompressed_pdf=False
        )
        return pdf
    finally:
        _slots.release()


def render_pdf(html: str, time_limit: float = 20.0, wait: float = 10.0) -> bytes:
    """Render HTML to a tagged PDF, waiting at most `wait` s for a slot and `time_limit` s to render."""
    if not _slots.acquire(timeout=wait):
        raise RenderBusy("no render slot came free")
    try:
        future: Future[bytes] = _pool.submit(_render, html)
    except BaseException:
        _slots.release()
        raise
    try:
        return future.result(timeout=time_limit)
    except FutureTimeout as error:
        # The thread finishes on its own and then frees the slot; the user gets a clear message now.
        raise RenderTimeout("the document took too long to make") from error
