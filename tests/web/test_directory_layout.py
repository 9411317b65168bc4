"""The directory pages' layout as GOV.UK sets it out: the keyword box before the filters in the
page's order (phones, keyboards and screen readers meet it first), tags spaced apart in a list,
and a service's closure or alert notice after its heading."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.support.directory import demo_service, load_demo
from tests.support.pages import parse, text_of


@pytest.fixture
def demo_client(app: Flask):
    load_demo(app)
    return app.test_client()


def position(page, element):
    """Where an element comes in the page's source order."""
    return list(page.find_all(True)).index(element)


def test_the_keyword_box_comes_before_the_filters_and_the_results(demo_client):
    page = parse(demo_client.get("/services/"))
    main = page.select_one("main")

    keyword, filters, results = (
        main.select_one("#q"),
        main.find("h2", string="Filter"),
        main.select_one("#result-count"),
    )

    assert position(page, page.select_one("h1")) < position(page, keyword)
    assert position(page, keyword) < position(page, filters) < position(page, results)
    assert position(page, keyword) < position(page, main.select_one("#age"))
    # The wide-screen layout puts the filters alongside; it comes from the style sheet.
    layout = keyword.find_parent(class_="app-directory-layout")
    assert layout is not None and layout.select_one(".app-directory-layout__filters #age")


def test_the_keyword_box_keeps_its_search_button_and_label(demo_client):
    page = parse(demo_client.get("/services/?q=swimming"))
    search = page.select_one(".app-directory-layout__search")

    assert text_of(search.select_one("label[for=q]")) == "Search by name or keyword"
    assert search.select_one("#q")["value"] == "swimming"
    assert text_of(search.select_one("button")) == "Search"


def test_tags_on_a_result_are_a_list_one_tag_an_item(demo_client):
    page = parse(demo_client.get("/services/?q=Northfield"))
    result = page.select_one(".app-result")

    tags = result.select(".govuk-tag")
    assert [text_of(tag) for tag in tags] == ["Free", "Outside Demo Borough"]
    for tag in tags:
        item = tag.parent
        assert item.name == "li" and item.parent.name == "ul"
        assert "app-tag-list" in item.parent["class"]
        assert item.select(".govuk-tag") == [tag]


def test_every_tag_on_the_search_page_is_in_a_tag_list(demo_client):
    for query in ("", "?page=2", "?page=3", "?area=out"):
        page = parse(demo_client.get(f"/services/{query}"))
        tags = page.select("main .govuk-tag")
        assert tags, query
        assert all(tag.find_parent("ul", class_="app-tag-list") for tag in tags), query


def test_a_closed_service_says_so_after_its_heading(demo_client):
    page = parse(demo_client.get(f"/services/{demo_service('sleep-support-clinic')}"))
    main = page.select_one("main")
    heading = main.select_one("h1")

    tag = main.find("strong", string="Temporarily closed")
    alert = next(
        (
            notice
            for notice in main.select(".govuk-inset-text")
            if "closed to new referrals until spring 2027" in text_of(notice)
        ),
        None,
    )
    assert tag is not None and alert is not None
    assert position(page, heading) < position(page, tag) < position(page, alert)
    assert tag.find_parent("ul", class_="app-tag-list") is not None
    assert position(page, alert) < position(page, main.find("h2", string="Who it is for"))


def test_a_service_no_longer_listed_says_so_after_its_heading(app, demo_client):
    from sqlalchemy import update

    from wizard.storage.directory_models import Service

    with app.extensions["db_sessionmaker"]() as session, session.begin():
        session.execute(
            update(Service).where(Service.id == demo_service("portage")).values(status="inactive")
        )

    page = parse(demo_client.get(f"/services/{demo_service('portage')}"))
    warning = page.select_one("main .govuk-warning-text")

    assert "no longer in the Local Offer" in text_of(warning)
    assert position(page, page.select_one("main h1")) < position(page, warning)


def test_a_service_page_shows_its_tags_spaced_in_a_list(demo_client):
    page = parse(demo_client.get(f"/services/{demo_service('northfield-special-school')}"))
    tags = page.select("main .govuk-tag")

    assert [text_of(tag) for tag in tags] == ["Free", "Outside Demo Borough"]
    assert all(tag.parent.name == "li" for tag in tags)
    assert tags[0].find_parent("ul", class_="app-tag-list") is tags[1].find_parent("ul")
