"""One exception for every list of content problems: each names its file, line and id."""

from __future__ import annotations

import pytest

from wizard.core.locality import load_locality
from wizard.core.yamlsource import ContentError, ContentProblems


def test_the_message_lists_every_problem_under_its_subject():
    problems = [
        ContentError("mapping.yaml", 3, "the term 'x' is mapped twice"),
        ContentError("graph.yaml", None, "no start", "start"),
    ]
    error = ContentProblems(problems, "The directory mapping")
    assert error.problems == problems
    assert str(error) == (
        "The directory mapping has 2 problem(s):\n"
        "  mapping.yaml:3: the term 'x' is mapped twice\n"
        "  graph.yaml: [start] no start"
    )


def test_the_question_content_is_the_default_subject():
    error = ContentProblems([ContentError("a.yaml", 1, "bad", "q")])
    assert str(error).startswith("The question content has 1 problem(s):\n  a.yaml:1: [q] bad")


def test_a_bad_council_profile_raises_it_under_its_own_subject(tmp_path):
    profile = tmp_path / "locality.yaml"
    profile.write_text("fictional: maybe\n")
    with pytest.raises(ContentProblems) as caught:
        load_locality(profile)
    assert str(caught.value).startswith("The council profile has ")
    assert all(p.file == "locality.yaml" for p in caught.value.problems)
