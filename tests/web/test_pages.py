"""The start page and information pages: what a user sees."""

from __future__ import annotations

from tests.support.pages import heading, parse, text_of


def test_start_page_explains_the_service_and_has_a_start_button(client):
    response = client.get("/")
    page = parse(response)
    assert response.status_code == 200
    assert heading(response).startswith("Get a plan for a child or young person")
    subheadings = [text_of(h) for h in page.select("h2.govuk-heading-m")]
    assert "Who can use this service" in subheadings
    assert "Before you start" in subheadings
    assert "It takes about 15 minutes" in text_of(page)
    start = page.select_one("a.govuk-button--start")
    assert start is not None and text_of(start) == "Start now"


def test_start_page_html_is_small(client):
    assert len(client.get("/").data) < 15 * 1024


def test_every_page_has_skip_link_header_phase_banner_and_footer(client):
    page = parse(client.get("/"))
    skip = page.select_one("a.govuk-skip-link")
    assert skip["href"] == "#main-content"
    assert page.select_one("main#main-content") is not None
    assert text_of(page.select_one(".app-council-bar")) == "Demo Borough Council"
    assert "SEND Pathway Planner" in text_of(page.select_one(".govuk-service-navigation"))
    banner = page.select_one(".govuk-phase-banner")
    assert "Beta" in text_of(banner)
    assert banner.select_one("a")["href"] == "/feedback"
    footer_links = {text_of(a): a["href"] for a in page.select("footer a")}
    assert footer_links == {
        "Accessibility statement": "/accessibility-statement",
        "Privacy notice": "/privacy",
        "Cookies": "/cookies",
        "Contact": "/contact",
        "Tell us what you think of the Local Offer": "/local-offer/feedback",
        "You said, we did": "/you-said-we-did",
        "Staff sign in": "/staff/sign-in",
    }


def test_pages_say_the_demo_council_is_fictional(client):
    notice = parse(client.get("/contact")).select_one(".app-demo-notice")
    assert "made up" in text_of(notice)


def test_no_crown_and_no_gds_transport(client):
    html = client.get("/").get_data(as_text=True)
    assert "govuk-crest" not in html and "govuk-logo" not in html
    with client.get("/assets/govuk-frontend.min.css") as response:
        css = response.get_data(as_text=True)
    assert "GDS Transport" not in css
    assert "arial" in css


def test_page_titles_name_the_page_service_and_council(client):
    title = text_of(parse(client.get("/cookies")).find("title"))
    assert title == "Cookies - SEND Pathway Planner - Demo Borough Council"


def test_accessibility_statement(client):
    response = client.get("/accessibility-statement")
    text = text_of(parse(response))
    assert heading(response) == "Accessibility statement for SEND Pathway Planner"
    assert "WCAG" in text and "2.2 AA" in text
    assert "Enforcement procedure" in text
    assert "pathway.planner@demo-borough.example" in text


def test_privacy_notice_names_the_controller(client):
    response = client.get("/privacy")
    assert heading(response) == "Privacy notice"
    assert "Demo Borough Council is the data controller" in text_of(parse(response))


def test_cookies_page_lists_only_the_essential_cookie(client):
    page = parse(client.get("/cookies"))
    rows = page.select("tbody tr")
    assert len(rows) == 1
    assert text_of(rows[0].find("th")) == "session"
    assert "We do not use any other cookies" in text_of(page)


def test_contact_page_gives_sendiass_send_team_and_service_contacts(client):
    text = text_of(parse(client.get("/contact")))
    assert "Demo Borough SENDIASS" in text
    assert "send.team@demo-borough.example" in text
    assert "DM1 1AA" in text
    assert "pathway.planner@demo-borough.example" in text


def test_unknown_url_gets_the_404_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert heading(response) == "Page not found"
    assert "Traceback" not in response.get_data(as_text=True)


def test_wrong_method_gets_a_friendly_page(client):
    response = client.post("/cookies")
    # CSRF is checked before routing: a POST without a token is refused as a bad request.
    assert response.status_code in (400, 405)
    assert heading(response) == "Sorry, there is a problem with the page"
