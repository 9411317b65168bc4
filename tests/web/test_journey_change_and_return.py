"""Changing an answer from check your answers, and coming back with the private link, as a family
sees it: only new questions are asked, each in change mode, then check your answers again; the
Back links; the Change links' hidden words; the save page; Welcome back; success banners."""

from __future__ import annotations

from itertools import pairwise
from urllib.parse import parse_qs, urlparse

from tests.support.pages import csrf_token, parse, text_of
from tests.support.personas import NEUTRAL
from tests.support.web_journey import answer_page, complete_journey, path_of, seed

CHECK = "/questions/check-your-answers"


def change(client, url: str, data: dict):
    """Send a change-mode page's form to where the page's own form sends it."""
    page = client.get(url)
    assert page.status_code == 200, url
    form = parse(page).select_one("form[data-autosave]")
    version = form.select_one("input[name=answer_version]")["value"]
    fields = {"csrf_token": csrf_token(page), "answer_version": version, **data}
    return client.post(form["action"], data=fields)


def test_a_change_asks_only_the_new_questions_each_in_change_mode_then_check_your_answers(client):
    complete_journey(client, NEUTRAL, finish=False)
    new_answers = {
        "walking_distance_miles": {"walking_distance_miles": "2"},
        "cannot_walk_due_to_needs": {"cannot_walk_due_to_needs": "no"},
        "low_income_family": {"low_income_family": "no"},
    }
    response = change(client, "/questions/travel_difficulty?change=1", {"travel_difficulty": "yes"})
    asked = []
    for _ in range(10):
        location = urlparse(response.headers["Location"])
        if location.path == CHECK:
            break
        node_id = location.path.rsplit("/", 1)[-1]
        assert parse_qs(location.query) == {"change": ["1"]}, f"{node_id} is not in change mode"
        assert node_id not in NEUTRAL, f"{node_id} was already answered, yet asked again"
        asked.append(node_id)
        response = change(client, f"{location.path}?{location.query}", new_answers[node_id])
    assert asked == ["walking_distance_miles", "cannot_walk_due_to_needs", "low_income_family"]
    assert path_of(response.headers["Location"]) == CHECK
    rows = {
        text_of(r.select_one("dt")): text_of(r.select_one("dd"))
        for r in parse(client.get(CHECK)).select(".govuk-summary-list__row")
    }
    assert rows["Walking distance to the nearest suitable school or college"] == "2 miles"


def test_on_a_new_question_in_change_mode_back_goes_to_the_changed_question(client):
    complete_journey(client, NEUTRAL, finish=False)
    changed = parse(client.get("/questions/travel_difficulty?change=1"))
    assert changed.select_one("a.govuk-back-link")["href"] == CHECK
    response = change(client, "/questions/travel_difficulty?change=1", {"travel_difficulty": "yes"})
    new = parse(client.get(response.headers["Location"]))
    assert new.select_one("a.govuk-back-link")["href"] == "/questions/travel_difficulty?change=1"


def test_a_change_that_opens_nothing_new_goes_straight_back(client):
    complete_journey(client, NEUTRAL, finish=False)
    response = change(
        client,
        "/questions/birth_month?change=1",
        {
            "birth_month-month": "4",
            "birth_month-year": "2016",
        },
    )
    assert path_of(response.headers["Location"]) == CHECK


def test_check_your_answers_has_a_back_link_to_the_last_question(client):
    visit = complete_journey(client, NEUTRAL, finish=False)
    last_question = visit.pages[-2]  # the page answered just before check your answers
    back = parse(client.get(CHECK)).select_one("a.govuk-back-link")
    assert back is not None
    assert back["href"] == f"/questions/{last_question}"
    assert client.get(back["href"]).status_code == 200


def test_change_links_read_as_a_sentence(client):
    complete_journey(client, NEUTRAL, finish=False)
    links = [text_of(a) for a in parse(client.get(CHECK)).select(".govuk-summary-list__actions a")]
    assert "Change lives in Demo Borough" in links  # a place name keeps its capitals
    assert "Change EHC needs assessment or plan" in links  # so does an acronym
    assert "Change month and year of birth" in links
    assert all(link.startswith("Change ") for link in links)
    assert not [link for link in links if link.lower().startswith("change change")]
    assert "Change your answer about changes coming up" in links
    for link in links:
        words = link.lower().replace(",", "").split()
        assert not [a for a, b in pairwise(words) if a == b], link
    hidden = parse(client.get(CHECK)).select(".govuk-summary-list__actions .govuk-visually-hidden")
    assert all(span.get_text().startswith(" ") for span in hidden)  # "Change" and the label apart


def test_the_save_page_says_to_keep_the_link_itself(client):
    answer_page(client, "respondent", "parent_carer")
    page = parse(client.get("/questions/save-and-return"))
    words = text_of(page)
    assert "Bookmark this page" not in words
    assert "copy the link" in words.lower()
    link = page.select_one("#private-link a")
    assert link is not None and link["href"].startswith("http://localhost/questions/resume/")


def test_the_download_says_what_the_file_is(client):
    answer_page(client, "respondent", "parent_carer")
    page = parse(client.get("/questions/save-and-return"))
    download = page.select_one("a[href='/questions/your-data.json']")
    assert text_of(download) == "Download your answers and plan (JSON file)"
    explained = " ".join(text_of(p) for p in download.find_parent("p").find_next_siblings("p")[:2])
    assert "your reference, each answer, who gave it and your plan" in explained
    assert "does not include your private link" in explained
    assert "JSON file" in explained and "text editor" in explained


def welcome(response) -> str:
    """The Welcome back banner's words on the page a private link lands on."""
    for banner in parse(response).select(".govuk-notification-banner"):
        if "Welcome back" in text_of(banner):
            return text_of(banner)
    return ""


def test_a_private_link_says_welcome_back_and_where_you_are(app, client):
    token = seed(client, NEUTRAL, upto="setting")
    other = app.test_client()
    landed = other.get(f"/questions/resume/{token}", follow_redirects=True)
    assert landed.request.path == "/questions/setting"
    banner = welcome(landed)
    assert "Your answers are saved" in banner
    assert "section 3 of 8" in banner and "Education and support" in banner
    assert welcome(other.get("/questions/setting")) == "", "shown once, not on every page"


def test_a_private_link_to_every_answer_says_to_check_them(app, client):
    token = seed(client, NEUTRAL)
    landed = app.test_client().get(f"/questions/resume/{token}", follow_redirects=True)
    assert landed.request.path == CHECK
    assert "You have answered every question" in welcome(landed)


def test_a_private_link_to_a_plan_says_the_plan_is_ready(app, client):
    complete_journey(client, NEUTRAL)
    link = text_of(parse(client.get("/questions/save-and-return")).select_one("#private-link"))
    landed = app.test_client().get(link.replace("http://localhost", ""), follow_redirects=True)
    assert landed.request.path == "/plan/"
    assert "Your plan is ready" in welcome(landed)


def test_a_confirmation_shows_as_a_success_banner(client):
    answer_page(client, "respondent", "parent_carer")
    page = client.get("/questions/start-again")
    response = client.post(
        "/questions/start-again", data={"csrf_token": csrf_token(page)}, follow_redirects=True
    )
    banner = parse(response).select_one(".govuk-notification-banner--success")
    assert banner is not None
    assert banner["role"] == "alert"
    assert text_of(banner.select_one(".govuk-notification-banner__title")) == "Success"
    assert text_of(banner.select_one(".govuk-notification-banner__heading")).startswith(
        "You have started again"
    )


def test_information_stays_an_ordinary_banner(app, client):
    token = seed(client, NEUTRAL, upto="setting")
    other = app.test_client()
    landed = other.get(f"/questions/resume/{token}", follow_redirects=True)
    banner = next(
        b
        for b in parse(landed).select(".govuk-notification-banner")
        if "Welcome back" in text_of(b)
    )
    assert "govuk-notification-banner--success" not in banner["class"]
    assert banner["role"] == "region"
    assert text_of(banner.select_one(".govuk-notification-banner__heading")) == "Welcome back"
