"""The replay engine and one-answer submission, on the basic fixture graph."""

from __future__ import annotations

import pytest

from tests.support.graphs import AS_OF, build, next_page, variant
from wizard.core.answers import AnswerError
from wizard.core.engine import EngineError, NotOnPath, resolve, submit

PARENT = {
    "who": "parent",
    "birth_month": "2023-01",
    "size": "small",
    "pets": ["cat"],
    "happy": False,
}


@pytest.fixture
def graph(tmp_path):
    return build(tmp_path)


# --- flow tests: given these answers, the next page is ... ----------------------------------------


def test_the_first_page_is_the_start(graph):
    assert next_page(graph, {}) == "who"


def test_after_who_comes_birth_month(graph):
    assert next_page(graph, {"who": "parent"}) == "birth_month"


@pytest.mark.parametrize(
    ("size", "page"), [("small", "pets"), ("large", "big_info"), ("huge", "big_info")]
)
def test_size_routes_big_things_to_the_information_page(graph, size, page):
    assert next_page(graph, {"who": "parent", "birth_month": "2023-01", "size": size}) == page


def test_an_information_page_is_shown_once_then_passed(graph):
    answers = {"who": "parent", "birth_month": "2023-01", "size": "huge"}
    assert next_page(graph, answers, passed={"big_info"}) == "pets"


@pytest.mark.parametrize(
    ("pets", "page"), [(["dog"], "walks"), (["cat"], "note"), (["none"], "note")]
)
def test_dog_owners_are_asked_about_walks(graph, pets, page):
    answers = {"who": "parent", "birth_month": "2023-01", "size": "small", "pets": pets}
    assert next_page(graph, answers) == page


def test_an_optional_question_is_shown_until_skipped(graph):
    answers = {**PARENT}
    del answers["happy"]
    assert next_page(graph, answers) == "note"
    assert next_page(graph, answers, passed={"note"}) == "happy"


@pytest.mark.parametrize(
    ("birth_month", "page"), [("2022-01", "when"), ("2021-12", "when"), ("2021-11", None)]
)
def test_routes_use_the_derived_age(graph, birth_month, page):
    answers = {**PARENT, "birth_month": birth_month, "happy": True}
    assert next_page(graph, answers, passed={"note"}) == page


# --- resolve ----------------------------------------------------------------------------------------


def test_replay_passes_optional_questions_and_information_pages(graph):
    progress = resolve(graph, {**PARENT, "size": "large"}, AS_OF)
    assert progress.complete and progress.current is None
    assert progress.path == (
        "who",
        "birth_month",
        "size",
        "big_info",
        "pets",
        "note",
        "happy",
        "done",
    )


def test_replay_stops_at_the_first_unanswered_required_question(graph):
    progress = resolve(graph, {"who": "parent", "size": "small"}, AS_OF)
    assert not progress.complete
    assert progress.current == "birth_month"
    assert progress.path == ("who", "birth_month")
    assert progress.ignored == ("size",)


def test_answers_off_the_path_are_ignored_not_deleted(graph):
    answers = {**PARENT, "pets": ["dog"], "walks": 3}
    assert "walks" in resolve(graph, answers, AS_OF).answers
    changed = {**answers, "pets": ["cat"]}
    progress = resolve(graph, changed, AS_OF)
    assert progress.ignored == ("walks",)
    assert "walks" not in progress.answers
    assert resolve(graph, {**changed, "pets": ["dog"]}, AS_OF).answers["walks"] == 3


def test_an_answer_the_question_no_longer_accepts_stops_the_replay_there(graph):
    progress = resolve(graph, {**PARENT, "size": "gigantic"}, AS_OF)
    assert progress.current == "size"
    assert progress.invalid == ("size",)


def test_derived_values(graph):
    progress = resolve(graph, PARENT, AS_OF)
    assert progress.derived["age"] == 3
    assert progress.derived["school_year"] is None


def test_a_loop_is_stopped_by_the_guard(tmp_path):
    looped = build(
        tmp_path, variant("    next: done\n  - id: done", "    next: happy\n  - id: done")
    )
    with pytest.raises(EngineError, match="loops back"):
        resolve(
            looped, {**PARENT, "birth_month": "2024-01", "happy": True, "when": "2026-01-01"}, AS_OF
        )


def test_resolve_is_deterministic(graph):
    assert resolve(graph, PARENT, AS_OF) == resolve(graph, dict(reversed(PARENT.items())), AS_OF)


# --- submit -----------------------------------------------------------------------------------------


def test_submit_adds_an_answer_and_moves_on(graph):
    result = submit(graph, {}, "who", "young", AS_OF, passed=set())
    assert result.answers == {"who": "young"}
    assert result.progress.current == "birth_month"


def test_changing_an_earlier_answer_keeps_later_answers(graph):
    result = submit(graph, PARENT, "size", "huge", AS_OF)
    assert result.answers["pets"] == ["cat"]
    assert result.answers["happy"] is False


def test_submit_refuses_a_question_not_on_the_path(graph):
    with pytest.raises(NotOnPath):
        submit(graph, {"who": "parent"}, "walks", 3, AS_OF)
    with pytest.raises(NotOnPath):
        submit(graph, {}, "nonsense", 3, AS_OF)


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        ("who", None, "Select who you are"),
        ("who", "alien", "Select who you are"),
        ("birth_month", "2023-13", "Enter a real month"),
        ("birth_month", "2099-01", "Must be in the past"),
        ("size", ["small"], "Select a size"),
    ],
)
def test_submit_refuses_bad_answers_with_the_content_message(graph, question, value, message):
    answers = {"who": "parent", "birth_month": "2023-01"}
    with pytest.raises(AnswerError) as caught:
        submit(graph, answers, question, value, AS_OF)
    assert caught.value.message == message
    assert caught.value.question == question


def test_error_messages_use_the_voice(tmp_path):
    files = variant(
        "errors: {required: Enter a month,", "errors: {required: 'Enter when {child} was born',"
    )
    voiced = build(tmp_path, files)
    with pytest.raises(AnswerError) as caught:
        submit(voiced, {"who": "young"}, "birth_month", None, AS_OF)
    assert caught.value.message == "Enter when you was born"


def test_skipping_an_optional_question_by_submitting_nothing(graph):
    result = submit(graph, {**PARENT, "note": "old"}, "note", "", AS_OF)
    assert "note" not in result.answers
