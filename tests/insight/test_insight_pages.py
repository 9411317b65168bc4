"""The insight pages as an insight user sees them: a chart with a title and description, a table
with the same suppressed numbers, a CSV of them, and the period chosen with GOV.UK errors."""

from __future__ import annotations

import csv
import io

import pytest
from bs4 import BeautifulSoup

from tests.conftest import app_config
from tests.support.staff import make_staff, sign_in
from wizard.app import create_app
from wizard.core.insight import AnonymousPlan
from wizard.documents.spreadsheet import safe_cell as safe_csv
from wizard.storage import insight
from wizard.web.insight_context import VIEWS


@pytest.fixture
def insight_client(database_url):
    app = create_app(app_config(database_url, FIXED_NOW="2026-11-30T12:00:00"))
    with app.extensions["db_sessionmaker"]() as session:
        plans = (
            [
                AnonymousPlan(
                    "2026-11",
                    "5 to 10",
                    "mainstream_school",
                    "never_requested",
                    ("cognition_learning",),
                    ("sendiass",),
                    ("sendiass",),
                )
            ]
            * 30
            + [
                AnonymousPlan(
                    "2026-10",
                    "5 to 10",
                    "mainstream_school",
                    "plan_issued",
                    ("sensory_physical",),
                    ("sendiass",),
                    (),
                )
            ]
            * 25
            + [
                AnonymousPlan(
                    "2026-11",
                    "0 to 4",
                    "early_years",
                    "never_requested",
                    ("cognition_learning",),
                    ("sendiass",),
                    (),
                )
            ]
            * 4
        )
        for plan in plans:
            insight.add_plan(session, plan)
        session.commit()
    client = app.test_client()
    sign_in(client, make_staff(app, "in.sight@demo.example", "Indy Sight", "insight"))
    yield client
    app.extensions["db_engine"].dispose()


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def table_of(soup):
    table = soup.select_one("table.app-insight-table")
    return {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in table.select("tbody tr")
    }


PERIOD = "?start=2026-10&end=2026-11"


def test_the_overview_links_every_view(insight_client):
    soup = page(insight_client, "/staff/insight/")
    links = {a.get_text(strip=True) for a in soup.select("main a.govuk-link")}
    assert {view.title for view in VIEWS.values()} <= links


@pytest.mark.parametrize("view", list(VIEWS))
def test_each_view_has_an_accessible_chart_and_a_table_of_the_same_numbers(insight_client, view):
    soup = page(insight_client, f"/staff/insight/{view}{PERIOD}")
    svg = soup.find("svg")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.find("title", id=title_id).get_text().startswith(VIEWS[view].title)
    assert "fewer than 10" in svg.find("desc", id=desc_id).get_text()
    assert svg.find("pattern")  # patterns as well as colours
    table = table_of(soup)
    bar_words = [t.get_text() for t in svg.find_all("text")][1::2]
    totals = [cells[-1] for label, cells in table.items() if label != "Total"]
    assert [w.replace("hidden", "hidden") for w in bar_words] == totals


def test_the_settings_table_suppresses_small_counts_and_what_gives_them_away(insight_client):
    soup = page(insight_client, f"/staff/insight/settings{PERIOD}")
    table = table_of(soup)
    # By hand: mainstream 25 in October and 30 in November; early years 4 in November (and 0 in
    # October). A shown number is its own count; a total with a hidden number in it is hidden.
    assert table["A mainstream school"] == ["25", "30", "55"]
    assert table["Nursery, pre-school or childminder"] == ["fewer than 10"] * 3
    assert table["Total"] == ["hidden", "hidden", "hidden"]  # else 34 - 30 gives the 4 away
    # November on its own shows the same cells: two periods cannot be subtracted.
    november = table_of(page(insight_client, "/staff/insight/settings?start=2026-11&end=2026-11"))
    assert november["A mainstream school"] == ["30", "30"]
    assert november["Total"] == ["hidden", "hidden"]


def test_the_csv_has_the_same_suppressed_numbers(insight_client):
    soup = page(insight_client, f"/staff/insight/settings{PERIOD}")
    response = insight_client.get(f"/staff/insight/settings.csv{PERIOD}")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["Setting", "2026-10", "2026-11", "Total"]
    assert {row[0]: row[1:] for row in rows[1:]} == table_of(soup)
    assert "Download this table as CSV" in soup.select_one("a[download]").get_text()


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+1", "-1", "@SUM(A1)"])
def test_csv_cells_that_a_spreadsheet_would_run_are_made_text(text):
    assert safe_csv(text) == "'" + text
    assert safe_csv("Mainstream school") == "Mainstream school"


def test_a_period_that_runs_backwards_is_an_error_with_a_message(insight_client):
    soup = page(insight_client, "/staff/insight/settings?start=2026-11&end=2026-10")
    summary = soup.select_one(".govuk-error-summary")
    assert (
        "The month to count to must be the same as or after the month to count from"
        in summary.get_text()
    )
    assert summary.find("a")["href"] == "#end"
    assert soup.select_one("#end-error")
    assert not soup.select_one("table.app-insight-table")


def test_a_month_not_offered_is_an_error_with_a_message(insight_client):
    soup = page(insight_client, "/staff/insight/settings?start=1999-01&end=2026-10")
    assert "Select the month to count from" in soup.select_one(".govuk-error-summary").get_text()
    assert (
        insight_client.get("/staff/insight/settings.csv?start=1999-01&end=2026-10").status_code
        == 400
    )


def test_an_unknown_view_is_not_found(insight_client):
    assert insight_client.get("/staff/insight/cases").status_code == 404


def test_the_pages_show_no_case_answer_or_comment(insight_client):
    soup = page(insight_client, f"/staff/insight/needs-areas{PERIOD}")
    text = soup.get_text()
    assert "Family" not in text and "assessment=" not in text
    for path in ("/staff/", "/staff/feedback", "/staff/local-offer-comments"):
        assert insight_client.get(path).status_code == 403


def test_the_privacy_notice_says_what_is_counted(client):
    soup = BeautifulSoup(client.get("/privacy").get_data(as_text=True), "html.parser")
    heading = soup.find("h2", string="What we count to plan local services")
    words = " ".join(p.get_text() for p in heading.find_next_siblings("p", limit=2))
    for counted in ("month you finished", "age band", "areas of need", "EHC", "no open service"):
        assert counted in words
    assert "fewer than 10" in words and "36 months" in words


def test_unmet_need_is_shown_by_needs_area_too(insight_client):
    soup = page(insight_client, f"/staff/insight/unmet-need{PERIOD}")
    table = soup.select_one("table.app-insight-by-area")
    rows = {
        r.th.get_text(strip=True): [td.get_text(strip=True) for td in r.find_all("td")]
        for r in table.select("tbody tr")
    }
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    # By hand: 30 plans in November with SENDIASS unmet, all naming learning needs.
    sendiass = (
        insight_client.application.extensions["content"].actions.get("sendiass").title.default
    )
    learning = headers.index(next(h for h in headers if "learning" in h.lower())) - 1
    # Over October and November the cell is hidden: October counted 0, under 10. Shown, the two
    # months and November alone could be subtracted.
    assert rows[sendiass][learning] == "hidden", (headers, rows[sendiass])
    soup = page(insight_client, "/staff/insight/unmet-need?start=2026-11&end=2026-11")
    table = soup.select_one("table.app-insight-by-area")
    november = {
        r.th.get_text(strip=True): [td.get_text(strip=True) for td in r.find_all("td")]
        for r in table.select("tbody tr")
    }
    assert november[sendiass][learning] == "30", (headers, november[sendiass])


def test_feedback_themes_count_triaged_comments_and_the_csv_guards_formulas(insight_client):
    from datetime import UTC, datetime

    from wizard.storage import local_offer_comments
    from wizard.storage.local_offer_comments import Words

    app = insight_client.application
    with app.extensions["db_sessionmaker"]() as session:
        for n in range(15):
            comment = local_offer_comments.save(
                session, app.extensions["sealer"], audience="adult", topic="transport",
                words=Words(comment="The bus is late"), may_publish=False,
            )  # fmt: skip
            theme = "School transport" if n < 12 else '=HYPERLINK("x")'
            local_offer_comments.triage(
                comment, theme=theme, status="considering", reason="", published_words="",
                entry_id=None,
            )  # fmt: skip
            comment.created_at = datetime(2026, 11, 15, 12, tzinfo=UTC)  # the app's month
        session.commit()
    soup = page(insight_client, "/staff/insight/feedback-themes")
    table = table_of(soup)
    assert table["School transport"][-1] == "hidden"  # 12, but 15 - 12 would give the 3 away
    assert table['=HYPERLINK("x")'][-1] == "fewer than 10"
    assert "The bus is late" not in soup.get_text()
    rows = list(
        csv.reader(
            io.StringIO(
                insight_client.get("/staff/insight/feedback-themes.csv").get_data(as_text=True)
            )
        )
    )
    assert '\'=HYPERLINK("x")' in [row[0] for row in rows]
