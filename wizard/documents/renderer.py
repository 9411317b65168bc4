"""The renderer process's side: WeasyPrint, locked down (security rule 4).

Imported only in the child process that `pdf.py` starts; the app's own processes never load it.
"""

from __future__ import annotations

import logging
import os

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from wizard.logs import send_to_stderr

log = logging.getLogger("wizard.documents")


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


def start(level: int, niceness: int) -> None:
    """Set up the renderer process: lower its priority, log like the app, warm WeasyPrint up."""
    os.nice(niceness)
    send_to_stderr(level)
    HTML(string="<p>warm</p>").render()


def render(html: str) -> bytes:
    """Render HTML to a tagged PDF/UA-1, fetching nothing but data: URLs."""
    document = HTML(string=html, base_url="about:blank", url_fetcher=DataOnlyFetcher())
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1", attachments=[], uncompressed_pdf=False)
    return pdf
