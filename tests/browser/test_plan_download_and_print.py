"""The plan page in Chromium: a printed page shows no relative link addresses, and with JavaScript the
PDF download says it is being made (the form works without JavaScript as before)."""

from __future__ import annotations

from tests.support.personas import NEUTRAL
from tests.support.web_journey import seed_assessment

MAKING = "Making your PDF. This can take a few seconds."

#: The download form as the plan page marks it up for app.mjs (the lead adds these attributes).
FORM = """<!DOCTYPE html>
<html lang="en-GB"><head><title>Download</title></head>
<body class="govuk-template__body">
<form method="get" action="/plan/plan.pdf" novalidate data-module="app-download-status">
  <button type="submit" class="govuk-button">Download your plan (PDF)</button>
  <p class="govuk-body app-download-status" role="status" aria-live="polite"></p>
</form>
<script type="module" src="/static/app.mjs"></script>
</body></html>"""


def test_a_printed_plan_shows_no_relative_link_addresses(app, live_url, page):
    token = seed_assessment(app, NEUTRAL)
    page.goto(f"{live_url}/questions/resume/{token}")
    page.goto(live_url + "/questions/check-your-answers")
    page.get_by_role("button", name="See your plan").click()
    page.wait_for_url("**/plan/")  # waits for the load event, not only the new address
    page.emulate_media(media="print")
    after = page.evaluate(
        """() => [...document.querySelectorAll('a[href]')].map(a => [
            a.getAttribute('href'), getComputedStyle(a, '::after').content])"""
    )
    relative = [(href, content) for href, content in after if not href.startswith("http")]
    assert relative, "the plan page has relative links to check"
    assert [(h, c) for h, c in relative if h in c or "attr(href)" in c] == []
    for href, content in after:
        if href.startswith(("http://", "https://")) and content not in ("none", "normal"):
            assert href in content or "attr(href)" in content  # an absolute address may show


def test_with_javascript_the_download_says_the_pdf_is_being_made(live_url, page):
    pdfs: list[str] = []

    def download(route):
        pdfs.append(route.request.url)
        route.fulfill(
            status=200,
            headers={"Content-Disposition": 'attachment; filename="plan.pdf"'},
            content_type="application/pdf",
            body=b"%PDF-1.7\n%%EOF\n",
        )

    page.route(
        live_url + "/test/download-form",
        lambda route: route.fulfill(body=FORM, content_type="text/html"),
    )
    page.route(live_url + "/plan/plan.pdf*", download)
    page.clock.install()
    page.goto(live_url + "/test/download-form")  # waits for the load event: app.mjs has run
    status = page.get_by_role("status")
    assert status.inner_text() == ""
    with page.expect_download():
        page.get_by_role("button", name="Download your plan (PDF)").click()
    assert status.inner_text() == MAKING
    assert pdfs and page.url.endswith("/test/download-form")  # the page stays; the file downloads
    page.clock.run_for(30_000)
    assert status.inner_text() == ""


def test_printing_the_plan_opens_its_folded_steps_and_folds_them_back_after(app, live_url, page):
    token = seed_assessment(app, NEUTRAL)
    page.goto(f"{live_url}/questions/resume/{token}")
    page.goto(live_url + "/questions/check-your-answers")
    page.get_by_role("button", name="See your plan").click()
    page.wait_for_url("**/plan/")
    folded = "() => [...document.querySelectorAll('details')].filter(d => !d.open).length"
    closed = page.evaluate(folded)
    assert closed > 0, "the plan has folded steps"
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")  # what printing fires
    assert page.evaluate(folded) == 0
    assert page.locator(".app-todo .govuk-details__text").first.is_visible()
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate(folded) == closed
