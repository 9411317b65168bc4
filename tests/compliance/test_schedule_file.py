"""The Schedule 2 file: the shipped one loads and every item has its row of sources; mistakes
are reported with their file, line and item id."""

from __future__ import annotations

import re

import pytest

from wizard import PROJECT_ROOT
from wizard.core.content import load_content
from wizard.core.local_offer import load_schedule
from wizard.core.yamlsource import ContentProblems
from wizard.directory.mapping import NEEDS_AREAS

SHIPPED = PROJECT_ROOT / "questions" / "local-offer" / "schedule-2.yaml"
SOURCES = PROJECT_ROOT / "docs" / "content-sources.md"

GOOD_ITEM = """\
  - id: {id}
    paragraph: "{paragraph}"
    source: SEND Regulations 2014, Schedule 2
    certainty: {certainty}
    title: An item
    plain: What it says.
    coverage:
      directory:
        categories: [{category}]
      plan_actions: [{action}]
      locality: [{fact}]
"""


@pytest.fixture(scope="module")
def content():
    return load_content(PROJECT_ROOT / "questions", PROJECT_ROOT / "questions" / "locality.yaml")


def load(path, content):
    return load_schedule(
        path,
        content.actions.categories,
        NEEDS_AREAS,
        [action.id for action in content.actions.actions],
        display_name="schedule.yaml",
    )


def write(tmp_path, *items, checked="2026-12-02"):
    path = tmp_path / "schedule.yaml"
    path.write_text(f"checked: {checked}\nitems:\n" + "".join(items), encoding="utf-8")
    return path


def item(**changes):
    values = dict(
        id="health",
        paragraph="5",
        certainty="V",
        category="health",
        action="therapy-referral",
        fact="sendiass",
    )
    return GOOD_ITEM.format(**{**values, **changes})


def problems_of(path, content):
    with pytest.raises(ContentProblems) as raised:
        load(path, content)
    return [problem.describe() for problem in raised.value.problems]


def test_the_shipped_file_loads_and_every_item_has_a_row_in_content_sources(content):
    schedule = load(SHIPPED, content)
    sources = SOURCES.read_text(encoding="utf-8")
    for entry in schedule.items:
        assert f"`{entry.id}`" in sources, f"{entry.id} has no row in docs/content-sources.md"


def test_a_schema_mistake_names_the_file_the_line_and_the_item(tmp_path, content):
    path = write(tmp_path, item(id="first"), item(id="second", certainty="X"))
    [problem] = problems_of(path, content)
    assert problem.startswith("schedule.yaml:17: [second] items.1.certainty: 'X' is not one of")


def test_an_unknown_category_action_or_contact_is_named_with_its_line(tmp_path, content):
    path = write(
        tmp_path,
        item(id="first", category="potions"),
        item(id="second", action="fly-to-the-moon", fact="dragon"),
    )
    assert problems_of(path, content) == [
        "schedule.yaml:11: [first] 'potions' is not a Local Offer category "
        "(see questions/actions/00-categories.yaml)",
        "schedule.yaml:23: [second] 'fly-to-the-moon' is not a plan action (see questions/actions/)",
        "schedule.yaml:24: [second] 'dragon' is not a council profile fact (one of: send_team, "
        "sendiass, parent_carer_forum, mediation_service, local_offer_url, "
        "short_breaks_statement_url, home_to_school_transport_policy_url, "
        "post16_transport_policy_url)",
    ]


def test_an_id_used_twice_is_named(tmp_path, content):
    path = write(tmp_path, item(id="same"), item(id="same"))
    assert problems_of(path, content) == [
        "schedule.yaml:14: [same] the id 'same' is used twice (first at line 3)"
    ]


def test_an_item_that_says_nothing_about_coverage_is_refused(tmp_path, content):
    path = write(
        tmp_path,
        "  - id: empty\n    paragraph: unconfirmed\n    source: s\n    certainty: U\n"
        "    title: t\n    plain: p\n    coverage: {}\n",
    )
    [problem] = problems_of(path, content)
    assert problem.startswith("schedule.yaml:9: [empty] items.0.coverage:")


def test_a_date_that_is_not_a_date_and_broken_yaml(tmp_path, content):
    assert problems_of(write(tmp_path, item(), checked="2026-02-30"), content) == [
        "schedule.yaml:1: checked must be a real date"
    ]
    path = tmp_path / "broken.yaml"
    path.write_text("checked: 2026-12-02\nitems: [\n", encoding="utf-8")
    [problem] = problems_of(path, content)
    assert problem.startswith("schedule.yaml:3: this is not valid YAML")


def test_every_paragraph_of_schedule_2_and_each_of_its_parts_has_an_item(content):
    """Schedule 2 has 23 paragraphs; 3, 4 and 15 are split where their parts are found in
    different places. No item's number is left unconfirmed."""
    paragraphs = [entry.paragraph for entry in load(SHIPPED, content).items]
    numbers = {int(re.match(r"\d+", p).group()) for p in paragraphs if p[0].isdigit()}
    assert numbers == set(range(1, 24))
    assert {"3(a)-(c)", "3(d)", "4(a)-(c)", "4(d)"} <= set(paragraphs)
    assert {f"15({part})" for part in "abcdef"} <= set(paragraphs)
    assert "unconfirmed" not in paragraphs
    assert paragraphs.count("act") == 1


def test_each_kind_of_paragraph_is_labelled_in_words(tmp_path, content):
    items = [
        item(id="one", paragraph="1"),
        item(id="part", paragraph="15(b)"),
        item(id="range", paragraph="3(a)-(c)"),
        item(id="act", paragraph="act"),
        item(id="unsure", paragraph="unconfirmed"),
    ]
    labels = [entry.paragraph_label for entry in load(write(tmp_path, *items), content).items]
    assert labels == [
        "Schedule 2, paragraph 1",
        "Schedule 2, paragraph 15(b)",
        "Schedule 2, paragraph 3(a)-(c)",
        "Children and Families Act 2014 (not a paragraph of Schedule 2)",
        "Schedule 2 (paragraph number not confirmed)",
    ]


def test_a_paragraph_schedule_2_does_not_have_is_refused(tmp_path, content):
    assert problems_of(write(tmp_path, item(id="extra", paragraph="24")), content) == [
        "schedule.yaml:4: [extra] Schedule 2 has 23 paragraphs: there is no paragraph 24"
    ]


def test_a_listing_field_the_report_cannot_check_is_refused(tmp_path, content):
    path = write(
        tmp_path,
        item(id="hours").replace(
            "      plan_actions", "      listings: [opening_hours]\n      plan_actions"
        ),
    )
    [problem] = problems_of(path, content)
    assert problem.startswith("schedule.yaml:12: [hours]")
    assert "opening_hours" in problem


def test_a_server_with_a_broken_file_refuses_to_start(make_app, tmp_path):
    path = write(tmp_path, item(id="travel", category="broomsticks"))
    with pytest.raises(ContentProblems) as raised:
        make_app(LOCAL_OFFER_SCHEDULE_FILE=str(path))
    [problem] = raised.value.problems
    assert problem.describe() == (
        "questions/local-offer/schedule.yaml:11: [travel] 'broomsticks' is not a Local Offer "
        "category (see questions/actions/00-categories.yaml)"
    )
