"""The renderer process's side: WeasyPrint, locked down (security rule 4).

Imported only in the child process that `pdf.py` starts; the app's own processes never load it.
"""

from __future__ import annotations

import logging
import os
import time

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


#: A small document shaped like the plan (cover page, tables, lists, bold text, a long address), so
#: the warm-up loads what a real render needs: the fonts in both weights, the page footer, the PDF
#: writer. A bare "<p>" left the first family's PDF to pay for those.
_WARM_UP_BODY = """
<section class="cover">
  <h1>Your plan</h1>
  <table class="meta"><tbody>
    <tr><th scope="row">Reference</th><td><strong>ABCD-1234</strong></td></tr>
    <tr><th scope="row">Made on</th><td>2 December 2026</td></tr>
  </tbody></table>
  <p class="note">This plan is information, not legal advice.</p>
</section>
<section>
  <h2>What to do now</h2>
  <div class="action">
    <h3>Ask for an EHC needs assessment</h3>
    <p>You can ask the council to assess your child's needs. <span class="passed">Date passed</span></p>
    <table><caption class="small">Dates</caption>
      <thead><tr><th scope="col">By</th><th scope="col">What</th></tr></thead>
      <tbody><tr><th scope="row">Wednesday 30 December 2026</th><td>The council replies</td></tr></tbody>
    </table>
    <h4>What to do</h4>
    <ol><li>Write to the council.</li><li>Keep proof of the date it is sent.</li></ol>
    <ul><li>Free help: <span class="url">https://www.example.gov.uk/send/local-offer</span></li></ul>
    <p class="legal">The law: Children and Families Act 2014, section 36.</p>
    <p class="passed-now"><span class="gap">[your name]</span></p>
  </div>
</section>
"""


def warm_up_document() -> str:
    """The warm-up document: the real print styles around a small plan-shaped body."""
    from jinja2 import Environment, FileSystemLoader  # the app's own templates, without Flask

    from wizard import PROJECT_ROOT

    templates = Environment(loader=FileSystemLoader(PROJECT_ROOT / "templates"), autoescape=True)
    styles = templates.get_template("documents/_print.css.html").render(footer_note="Warm-up")
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Warm-up</title>'
        f"{styles}</head><body>{_WARM_UP_BODY}</body></html>"
    )


def start(level: int, niceness: int, warm_up: str | None = None) -> float:
    """Set up the renderer process (lower priority, the app's logging) and warm WeasyPrint up with
    one throwaway render; return the seconds the warm-up took."""
    started = time.monotonic()
    os.nice(niceness)
    send_to_stderr(level)
    render(warm_up_document() if warm_up is None else warm_up)
    seconds = time.monotonic() - started
    log.info("pdf renderer warm pid=%s seconds=%.2f", os.getpid(), seconds)
    return seconds


def render(html: str) -> bytes:
    """Render HTML to a tagged PDF/UA-1, fetching nothing but data: URLs."""
    document = HTML(string=html, base_url="about:blank", url_fetcher=DataOnlyFetcher())
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1", attachments=[], uncompressed_pdf=False)
    return pdf
