"""Insight by calendar quarter for a small area (INSIGHT_GRAIN=quarter, ADR 0045): what a
commissioner sees when a few plans a month are finished, the period chosen in whole quarters, and
the CSV, the chart and the annual review pack counted the same way."""

from __future__ import annotations

import csv
import io
import itertools
import os
import subprocess
import sys
from collections import Counter
from dataclasses import replace

import pytest

from tests.conftest import app_config
from tests.support.pages import error_summary, parse, text_of
from tests.support.staff import make_staff, sign_in
from wizard import PROJECT_ROOT
from wizard.app import create_app
from wizard.config import ConfigError, from_environment
from wizard.core.content_ids import NEEDS_AREAS
from wizard.core.insight import (
    AnonymousPlan,
    in_units,
    months_of,
    newest_month_offered,
    quarter_of,
    recent_units,
    units_between,
)
from wizard.storage import insight

SUMMER = "?start=2026-07&end=2026-09"
ENDED = "A quarter is counted once it has ended. Choose July to September 2026 or earlier"
SPRING_AND_SUMMER = "?start=2026-04&end=2026-09"
PLAN = AnonymousPlan(
    "", "5 to 10", "mainstream_school", "never_requested", ("cognition_learning",),
    ("sendiass",), ("sendiass",),
)  # fmt: skip


# --- months into quarters (wizard.core.insight) ---------------------------------------------------


def test_each_month_falls_in_its_calendar_quarter():
    assert [quarter_of(f"2026-{m:02d}") for m in range(1, 13)] == (
        ["2026-Q1"] * 3 + ["2026-Q2"] * 3 + ["2026-Q3"] * 3 + ["2026-Q4"] * 3
    )
    assert months_of("2026-Q4") == ("2026-10", "2026-11", "2026-12")
    assert months_of("2026-11") == ("2026-11",)


def test_the_quarters_of_a_period_and_the_quarters_offered():
    assert units_between("2025-11", "2026-02", "quarter") == ("2025-Q4", "2026-Q1")
    assert units_between("2025-11", "2026-02", "month") == (
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
    )
    assert recent_units("2026-11", 5, "quarter") == (
        "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4",
    )  # fmt: skip
    assert recent_units("2026-01", 2, "month") == ("2025-12", "2026-01")
    assert newest_month_offered("2026-11", "quarter") == "2026-09"
    assert newest_month_offered("2026-10", "quarter") == "2026-09"
    assert newest_month_offered("2027-01", "quarter") == "2026-12"
    assert newest_month_offered("2026-11", "month") == "2026-11"


def test_month_counts_add_up_into_quarters_and_stay_as_they_are_by_month():
    counts = Counter({("a", "2026-07"): 4, ("a", "2026-08"): 4, ("a", "2026-09"): 4})
    counts[("a", "2026-10")] = 2
    assert in_units(counts, "quarter") == Counter({("a", "2026-Q3"): 12, ("a", "2026-Q4"): 2})
    assert in_units(counts, "month") == counts
    by_area = {("sendiass", "learning", "2026-07"): 5, ("sendiass", "learning", "2026-08"): 6}
    assert in_units(by_area, "quarter") == Counter({("sendiass", "learning", "2026-Q3"): 11})


# --- the pages ------------------------------------------------------------------------------------


def small_area_plans(app, per_month=4, months=("2026-07", "2026-08", "2026-09")):
    """A small area: `per_month` plans finished in each month, all alike."""
    with app.extensions["db_sessionmaker"]() as session:
        for month in months:
            for _ in range(per_month):
                insight.add_plan(session, replace(PLAN, month=month))
        session.commit()


_people = itertools.count()


def signed_in(app, role="insight"):
    """A client signed in as a new member of staff with `role` (the apps share one database)."""
    client = app.test_client()
    sign_in(client, make_staff(app, f"{role}.{next(_people)}@demo.example", "Indy Sight", role))
    return client


def page_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return parse(response)


def table_of(soup, selector="table.app-insight-table"):
    """The table's rows as a user reads them: the row's heading, then its cells."""
    return {
        text_of(row.th): [text_of(td) for td in row.find_all("td")]
        for row in soup.select_one(selector).select("tbody tr")
    }


def headings_of(soup, selector="table.app-insight-table"):
    return [text_of(th) for th in soup.select_one(selector).select("thead th")]


@pytest.fixture
def by_month(make_app):
    return make_app(FIXED_NOW="2026-11-30T12:00:00")


@pytest.fixture
def by_quarter(make_app):
    return make_app(FIXED_NOW="2026-11-30T12:00:00", INSIGHT_GRAIN="quarter")


def test_a_small_area_sees_only_fewer_than_10_by_month_and_12_by_quarter(by_month, by_quarter):
    small_area_plans(by_month)  # 4 plans in each of July, August and September: 12 in the quarter
    monthly = page_of(signed_in(by_month), f"/staff/insight/settings{SUMMER}")
    assert table_of(monthly)["A mainstream school"] == ["fewer than 10"] * 3 + ["hidden"]
    assert "12" not in text_of(monthly.select_one("main"))

    quarterly = page_of(signed_in(by_quarter), f"/staff/insight/settings{SUMMER}")
    assert table_of(quarterly)["A mainstream school"] == ["12", "12"]
    assert headings_of(quarterly) == ["Setting", "July to September 2026", "Total"]
    caption = text_of(quarterly.select_one("table caption"))
    assert caption == "Settings by quarter, July to September 2026"


def test_the_overview_says_insight_is_counted_by_calendar_quarter(by_quarter):
    words = text_of(page_of(signed_in(by_quarter), "/staff/insight/").select_one("main"))
    assert "Counts are by calendar quarter: January to March, April to June" in words
    assert "A quarter is counted once it has ended." in words


def test_the_period_chooser_offers_whole_quarters_that_have_ended(by_quarter):
    """Today is in October to December 2026: that quarter is not offered until it ends, as its
    total would grow month by month and show the month counts it hides."""
    soup = page_of(signed_in(by_quarter), "/staff/insight/settings")
    starts = [(o["value"], text_of(o)) for o in soup.select("#start option")]
    ends = [(o["value"], text_of(o)) for o in soup.select("#end option")]
    assert starts[:2] == [
        ("2026-07", "July to September 2026"),
        ("2026-04", "April to June 2026"),
    ]
    assert ends[:2] == [
        ("2026-09", "July to September 2026"),
        ("2026-06", "April to June 2026"),
    ]
    assert len(starts) == len(ends) == 12  # 36 months back, in quarters
    assert all(int(value[5:]) in (1, 4, 7, 10) for value, _ in starts)
    assert all(int(value[5:]) in (3, 6, 9, 12) for value, _ in ends)
    # Unless asked, the last 4 quarters that have ended.
    assert soup.select_one("#start option[selected]")["value"] == "2025-10"
    assert soup.select_one("#end option[selected]")["value"] == "2026-09"
    assert headings_of(soup)[1:] == [
        "October to December 2025", "January to March 2026", "April to June 2026",
        "July to September 2026", "Total",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("period", "message", "field"),
    [
        ("?start=2026-08&end=2026-09", "Select the quarter to count from", "start"),
        ("?start=2026-07&end=2026-08", "Select the quarter to count to", "end"),
        ("?start=2026-07&end=2026-10", ENDED, "end"),
        ("?start=2026-10&end=2026-12", ENDED, "start"),
        (
            "?start=2026-07&end=2026-06",
            "The quarter to count to must be the same as or after the quarter to count from",
            "end",
        ),
        ("?start=2026-Q3&end=2026-09", "Select the quarter to count from", "start"),
        ("?start=%00&end=", "Select the quarter to count from", "start"),
        ("?end=2026-09", "Select the quarter to count from", "start"),
    ],
)
def test_a_period_that_is_not_whole_quarters_gets_a_message(by_quarter, period, message, field):
    client = signed_in(by_quarter)
    response = client.get(f"/staff/insight/settings{period}")
    assert response.status_code == 200
    assert message in error_summary(response)
    soup = parse(response)
    assert soup.select_one(f"#{field}-error") and not soup.select_one("table.app-insight-table")
    assert client.get(f"/staff/insight/settings.csv{period}").status_code == 400


def test_the_csv_and_the_chart_carry_the_quarter_numbers_of_the_table(by_quarter):
    small_area_plans(by_quarter, per_month=5, months=("2026-04", "2026-05", "2026-06"))
    small_area_plans(by_quarter)
    client = signed_in(by_quarter)
    soup = page_of(client, f"/staff/insight/settings{SPRING_AND_SUMMER}")
    table = table_of(soup)
    assert table["A mainstream school"] == ["15", "12", "27"]  # by hand: 3 x 5, then 3 x 4

    response = client.get(f"/staff/insight/settings.csv{SPRING_AND_SUMMER}")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["Setting", "2026-04 to 2026-06", "2026-07 to 2026-09", "Total"]
    assert {row[0]: row[1:] for row in rows[1:]} == table

    svg = soup.find("svg")
    bar_words = [t.get_text() for t in svg.find_all("text")][1::2]
    assert bar_words == [cells[-1] for label, cells in table.items() if label != "Total"]
    assert "27" in bar_words
    assert "The table has the same numbers by quarter" in svg.find("desc").get_text()


def test_unmet_need_by_needs_area_is_counted_by_quarter(by_month, by_quarter):
    small_area_plans(by_month)
    graph = by_month.extensions["content"].graph
    learning = next(o for o in graph.nodes[NEEDS_AREAS].options if o.value == "cognition_learning")
    sendiass = by_month.extensions["content"].actions.get("sendiass").title.default
    selector = "table.app-insight-by-area"

    def cell(app):
        soup = page_of(signed_in(app), f"/staff/insight/unmet-need{SUMMER}")
        column = headings_of(soup, selector).index(learning.label.default) - 1
        return table_of(soup, selector)[sendiass][column]

    assert cell(by_month) == "hidden"  # 12 over the period, but 4 in each month
    assert cell(by_quarter) == "12"


# --- the annual review pack -----------------------------------------------------------------------


def pack_rows(soup, key):
    table = soup.select_one(f"section[aria-labelledby='counted-{key}'] table")
    return {text_of(tr.th): text_of(tr.td) for tr in table.select("tbody tr")}


def test_the_annual_review_pack_counts_by_quarter(by_month, by_quarter):
    small_area_plans(by_month)
    graph = by_month.extensions["content"].graph
    learning = next(o for o in graph.nodes[NEEDS_AREAS].options if o.value == "cognition_learning")

    monthly = page_of(signed_in(by_month, "editor"), f"/staff/annual-review{SUMMER}")
    assert pack_rows(monthly, "needs-areas")[learning.label.default] == "hidden"

    editor = signed_in(by_quarter, "editor")
    quarterly = page_of(editor, f"/staff/annual-review{SUMMER}")
    assert pack_rows(quarterly, "needs-areas")[learning.label.default] == "12"
    assert text_of(quarterly.select_one("#counted-plan-helped")) == (
        "Did this plan help? Answers by quarter"
    )
    assert "Counts are made by calendar quarter" in text_of(quarterly.select_one("main"))
    starts = [o["value"] for o in quarterly.select("#start option")]
    assert all(int(value[5:]) in (1, 4, 7, 10) for value in starts)

    part = editor.get("/staff/annual-review?start=2026-08&end=2026-09")
    assert error_summary(part) == ["Select the quarter to count from"]
    assert editor.get("/staff/annual-review.pdf?start=2026-08&end=2026-09").status_code == 400


# --- the setting ----------------------------------------------------------------------------------


def test_insight_counts_by_month_unless_told_otherwise():
    assert from_environment({})["INSIGHT_GRAIN"] == "month"
    assert from_environment({"INSIGHT_GRAIN": " Quarter "})["INSIGHT_GRAIN"] == "quarter"


def test_an_unknown_grain_stops_the_app_with_a_message(database_url):
    message = "INSIGHT_GRAIN must be one of month, quarter, not 'fortnight'"
    with pytest.raises(ConfigError, match=message):
        create_app(app_config(database_url, INSIGHT_GRAIN="fortnight"))
    env = {**os.environ, "WIZARD_ENV": "test", "DATABASE_URL": database_url}
    started = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "routes"],
        env={**env, "INSIGHT_GRAIN": "fortnight"},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode != 0
    assert message in started.stderr
