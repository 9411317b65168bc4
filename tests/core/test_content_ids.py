"""The content ids the code names (wizard.core.content_ids) exist in the real content."""

from __future__ import annotations

from datetime import date

from tests.support.content import real_content
from wizard.core import content_ids
from wizard.core.derive import DERIVED_FROM, derived_values


def test_every_named_question_is_a_question_in_the_content():
    graph = real_content().graph
    missing = sorted(i for i in content_ids.QUESTION_IDS if i not in graph.nodes)
    assert missing == []
    assert all(graph.nodes[i].is_question for i in content_ids.QUESTION_IDS)


def test_every_question_name_is_listed_once():
    named = {
        value
        for name, value in vars(content_ids).items()
        if name.isupper() and isinstance(value, str)
    }
    derived = {content_ids.AGE, content_ids.SCHOOL_YEAR, content_ids.COMPULSORY_SCHOOL_AGE_ENDS}
    assert named - derived == set(content_ids.QUESTION_IDS)


def test_the_derived_values_come_from_the_birth_month():
    assert set(DERIVED_FROM.values()) == {content_ids.BIRTH_MONTH}
    assert set(derived_values("2015-03", date(2026, 11, 30))) == set(DERIVED_FROM)
