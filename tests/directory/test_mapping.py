"""The SEND mapping: the real file loads; mistakes name file and line; area rules."""

from __future__ import annotations

import pytest

from wizard import PROJECT_ROOT
from wizard.core.yamlsource import ContentProblems
from wizard.directory.mapping import load_mapping

REAL = PROJECT_ROOT / "questions" / "directory" / "mapping.yaml"


def test_the_real_mapping_covers_every_local_offer_category(app):
    mapping = app.extensions["directory_mapping"]
    categories = set(app.extensions["content"].actions.categories)

    mapped = set().union(*(tags.categories for tags in mapping.by_term.values()))

    assert mapped == categories


def test_terms_match_by_name_code_or_id_ignoring_case(app):
    mapping = app.extensions["directory_mapping"]

    tags, unmapped = mapping.tags_for(
        [
            {"name": "SPEECH AND LANGUAGE THERAPY"},
            {"name": "x", "code": "short breaks"},
            {"name": "Knitting"},
        ]
    )

    assert tags.categories == {"health", "short_breaks", "social_care"}
    assert tags.needs == {"communication_interaction"}
    assert "therapy-referral" in tags.actions and "short-breaks" in tags.actions
    assert unmapped == ["Knitting"]


def test_a_mapping_mistake_names_the_file_and_line(tmp_path):
    bad = tmp_path / "mapping.yaml"
    bad.write_text(
        "area:\n  service_area_names: [Demo Borough]\nreview_after_months: 12\nmappings:\n"
        "  - terms: [Swimming]\n    categories: [sport]\n"
        "  - terms: [swimming]\n    actions: [go-swimming]\n"
    )

    with pytest.raises(ContentProblems) as error:
        load_mapping(bad, {"leisure": "Leisure"}, ["leisure-activities"])

    problems = [p.describe() for p in error.value.problems]
    assert problems == [
        "questions/directory/mapping.yaml:6: 'sport' is not a Local Offer category (see questions/actions/)",
        "questions/directory/mapping.yaml:8: 'go-swimming' is not a plan action (see questions/actions/)",
        "questions/directory/mapping.yaml:7: the term 'swimming' is mapped twice",
    ]


def test_a_schema_mistake_is_reported_too(tmp_path):
    bad = tmp_path / "mapping.yaml"
    bad.write_text("area: {}\nreview_after_months: 0\nmappings: []\n")

    with pytest.raises(ContentProblems) as error:
        load_mapping(bad, {}, [])

    assert len(error.value.problems) >= 2


def test_in_area_is_judged_by_service_area_then_postcode(app):
    mapping = app.extensions["directory_mapping"]

    assert mapping.in_area(["Demo Borough"], []) is True
    assert mapping.in_area(["Northshire"], ["DM1 1AA"]) is False
    assert mapping.in_area([], ["dm3 7lt"]) is True
    assert mapping.in_area([], ["NS4 2AB"]) is False
    assert mapping.in_area([], []) is True


def test_conditions_must_be_named_conditions_from_the_conditions_question(tmp_path):
    bad = tmp_path / "mapping.yaml"
    bad.write_text(
        "area:\n  service_area_names: [Demo Borough]\nreview_after_months: 12\nmappings:\n"
        "  - terms: [Deaf club]\n    conditions: [hearing_impairment, deafness]\n"
        "  - terms: [Awaiting]\n    conditions: [awaiting_assessment]\n"
    )

    with pytest.raises(ContentProblems) as error:
        load_mapping(bad, {}, [], ["hearing_impairment", "awaiting_assessment", "none"])

    problems = [p.describe() for p in error.value.problems]
    assert problems == [
        "questions/directory/mapping.yaml:6: 'deafness' is not a condition"
        " (see the conditions question in questions/nodes/)",
        "questions/directory/mapping.yaml:8: 'awaiting_assessment' is not a condition"
        " (see the conditions question in questions/nodes/)",
    ]


def test_the_real_mapping_tags_condition_specific_terms_only(app):
    mapping = app.extensions["directory_mapping"]

    hearing, _ = mapping.tags_for([{"name": "Hearing impairment"}])
    general, _ = mapping.tags_for(
        [{"name": n} for n in ("Physical disability", "Learning disability", "Emotional wellbeing")]
    )

    assert hearing.conditions == {"hearing_impairment"}
    assert hearing.needs == {"sensory_physical"}
    assert general.conditions == frozenset()
    assert {"service_id": "s", "kind": "condition", "value": "hearing_impairment"} in hearing.rows(
        "s"
    )
