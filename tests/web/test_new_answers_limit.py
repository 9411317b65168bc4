"""Starting new sets of answers is limited per network address, generously, with a clear page.

A script could otherwise fill the database with empty assessments. A council office or a library
puts many families behind one address, so the limit is high and configurable (NEW_ASSESSMENTS_PER_HOUR).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tests.conftest import app_config
from tests.support.pages import csrf_token, error_summary, heading, parse, text_of
from tests.support.web_journey import answer_page
from wizard.app import create_app
from wizard.storage.models import Assessment

BUSY = "Sorry, too many sets of answers have been started from your network"


def stored(app) -> int:
    with app.extensions["db_sessionmaker"]() as session:
        return int(session.execute(select(func.count()).select_from(Assessment)).scalar_one())


def family(app, address: str = "192.0.2.10"):
    """A new browser on a network address."""
    browser = app.test_client()
    browser.environ_base["REMOTE_ADDR"] = address
    return browser


def test_the_limit_is_generous_by_default(app):
    assert app.config["NEW_ASSESSMENTS_PER_HOUR"] >= 200


def test_a_family_past_the_limit_is_told_plainly_and_nothing_is_stored(make_app):
    app = make_app(NEW_ASSESSMENTS_PER_HOUR=3)
    for _ in range(3):
        assert answer_page(family(app), "respondent", "parent_carer").status_code == 302
    refused = answer_page(family(app), "respondent", "parent_carer")
    assert refused.status_code == 429
    assert heading(refused) == BUSY
    said = text_of(parse(refused).find("main"))
    assert "shared network" in said and "Wait an hour, then try again" in said
    assert "private link" in said  # answers saved before are still reachable
    assert refused.headers["Retry-After"] == "3600"
    assert stored(app) == 3


def test_families_already_under_way_carry_on(make_app):
    app = make_app(NEW_ASSESSMENTS_PER_HOUR=2)
    first, second = family(app), family(app)
    answer_page(first, "respondent", "parent_carer")
    answer_page(second, "respondent", "parent_carer")
    assert answer_page(family(app), "respondent", "parent_carer").status_code == 429
    # The limit counts new sets of answers, not answers: both families go on answering.
    assert answer_page(first, "lives_in_area", True).status_code == 302
    assert answer_page(second, "lives_in_area", True).status_code == 302


def test_a_wrong_answer_does_not_use_up_the_limit(make_app):
    app = make_app(NEW_ASSESSMENTS_PER_HOUR=1)
    browser = family(app)
    page = browser.get("/questions/respondent")
    bad = browser.post(
        "/questions/respondent",
        data={"csrf_token": csrf_token(page), "answer_version": "0", "respondent": "alien"},
    )
    assert error_summary(bad)  # the family is asked to correct it; nothing was started
    assert answer_page(browser, "respondent", "parent_carer").status_code == 302


def test_other_addresses_are_not_held_back(make_app):
    app = make_app(NEW_ASSESSMENTS_PER_HOUR=1)
    answer_page(family(app, "192.0.2.10"), "respondent", "parent_carer")
    assert answer_page(family(app, "192.0.2.10"), "respondent", "parent_carer").status_code == 429
    assert answer_page(family(app, "198.51.100.7"), "respondent", "parent_carer").status_code == 302


def test_the_limit_ends_after_an_hour(make_app):
    start = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    app = make_app(NEW_ASSESSMENTS_PER_HOUR=1, FIXED_NOW=start.isoformat())
    answer_page(family(app), "respondent", "parent_carer")
    assert answer_page(family(app), "respondent", "parent_carer").status_code == 429
    later = make_app(
        NEW_ASSESSMENTS_PER_HOUR=1, FIXED_NOW=(start + timedelta(minutes=61)).isoformat()
    )
    assert answer_page(family(later), "respondent", "parent_carer").status_code == 302


def test_the_limit_holds_when_many_start_at_once(any_database_url):
    app = create_app(app_config(any_database_url, NEW_ASSESSMENTS_PER_HOUR=5))
    try:
        # Each browser loads its page first, so only the saves race.
        browsers = [family(app) for _ in range(16)]
        pages = [browser.get("/questions/respondent") for browser in browsers]
        assert all(page.status_code == 200 for page in pages)

        def start(browser):
            return answer_page(browser, "respondent", "parent_carer").status_code

        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(start, browsers))
        assert sorted(statuses) == [302] * 5 + [429] * 11
        assert stored(app) == 5
    finally:
        app.extensions["db_engine"].dispose()


def test_the_privacy_notice_says_what_is_counted(client):
    notice = text_of(parse(client.get("/privacy")).find("main"))
    assert "count how many sets of answers are started from each network address" in notice
    assert "delete the count within a day" in notice
