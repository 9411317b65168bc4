"""The condition language: every construct parses, type-checks and evaluates as documented."""

from __future__ import annotations

from datetime import date

import pytest

from wizard.core.conditions import (
    ConditionError,
    FactType,
    HasOther,
    Includes,
    Membership,
    bind_groups,
    parse,
    type_check,
)

TYPES = {
    "who": FactType("choice", ("parent", "young", "pro")),
    "pets": FactType("multichoice", ("cat", "dog", "none")),
    "happy": FactType("boolean"),
    "age": FactType("number", derived=True),
    "born": FactType("month"),
    "decided": FactType("date"),
    "note": FactType("text"),
}
GROUPS = {"grown": ("young", "pro"), "wrong": ("young", "alien")}


def holds(source: str, **facts) -> bool:
    condition = bind_groups(parse(source), GROUPS)
    assert type_check(condition, TYPES, GROUPS) == []
    return condition.evaluate(facts)


@pytest.mark.parametrize(
    ("source", "facts", "expected"),
    [
        ("who is parent", {"who": "parent"}, True),
        ("who is not parent", {"who": "young"}, True),
        ("who is parent or young", {"who": "young"}, True),
        ("who is parent, young or pro", {"who": "pro"}, True),
        ("who in [parent, pro]", {"who": "young"}, False),
        ("who not in [parent, pro]", {"who": "young"}, True),
        ("who in grown", {"who": "pro"}, True),
        ("who is in grown", {"who": "parent"}, False),
        ("pets includes dog", {"pets": ["cat", "dog"]}, True),
        ("pets includes dog or cat", {"pets": ["cat"]}, True),
        ("pets includes any of [dog, cat]", {"pets": ["none"]}, False),
        ("pets has any value other than none", {"pets": ["none"]}, False),
        ("pets has any value other than none", {"pets": ["cat"]}, True),
        ("happy is true", {"happy": True}, True),
        ("happy is false", {"happy": True}, False),
        ("age < 5", {"age": 4}, True),
        ("age >= 5", {"age": 5}, True),
        ("age in [5, 6]", {"age": 6}, True),
        ("born >= 2016-09", {"born": "2016-09"}, True),
        ("born < 2016-09-01", {"born": "2016-08"}, True),
        ("decided > 2026-01-31", {"decided": "2026-02-01"}, True),
        ("answered(note)", {"note": "hi"}, True),
        ("answered(note)", {}, False),
        ("not (who is parent)", {"who": "young"}, True),
        ("always", {}, True),
        ("never", {}, False),
        ("who is parent and (happy is true or age < 5)", {"who": "parent", "age": 3}, True),
        ("who is parent or who is young and happy is true", {"who": "parent"}, True),
    ],
)
def test_constructs(source, facts, expected):
    assert holds(source, **facts) is expected


@pytest.mark.parametrize(
    "source",
    [
        "who is parent",
        "who is not parent",
        "who not in [parent]",
        "pets includes dog",
        "pets has any value other than none",
        "happy is false",
        "age < 5",
        "age >= 5",
        "born < 2020-01",
        "decided == 2026-01-01",
        "who in grown",
    ],
)
def test_an_unanswered_question_makes_every_comparison_false(source):
    assert holds(source) is False


def test_not_of_an_unanswered_comparison_is_true():
    assert holds("not (who is parent)") is True


def test_english_value_lists_stop_before_the_next_comparison():
    expr = parse("who is parent or young and pets includes cat or dog").expr
    assert isinstance(expr.items[0], Membership)  # type: ignore[union-attr]
    assert [v.raw for v in expr.items[0].values] == ["parent", "young"]  # type: ignore[union-attr]
    assert isinstance(expr.items[1], Includes)  # type: ignore[union-attr]
    assert [v.raw for v in expr.items[1].values] == ["cat", "dog"]  # type: ignore[union-attr]


def test_comma_before_or_joins_clauses():
    expr = parse("who is parent or young, or pets includes cat").expr
    assert len(expr.items) == 2  # type: ignore[union-attr]


def test_quoted_values_are_words():
    expr = parse("who in ['yes', \"no\"]").expr
    assert [v.raw for v in expr.values] == ["yes", "no"]  # type: ignore[union-attr]


def test_has_any_value_other_than():
    assert isinstance(parse("pets has any value other than none").expr, HasOther)


@pytest.mark.parametrize(
    ("source", "message", "column"),
    [
        ("", "the condition is empty", 1),
        ("who is", "expected a value, found the end of the condition", 7),
        ("who parent", "expected is, in, not in, includes, has or a comparison after 'who'", 5),
        ("(who is parent", "expected ')'", 15),
        ("who is parent )", "unexpected ')'", 15),
        ("who in [parent", "expected ']'", 15),
        ("who is parent; drop", "unexpected character ';'", 14),
        ("answered(1)", "expected a question id", 10),
        ("who not parent", "expected 'in' after 'not'", 9),
    ],
)
def test_syntax_errors_say_what_and_where(source, message, column):
    with pytest.raises(ConditionError) as caught:
        parse(source)
    assert message in str(caught.value)
    assert f"at character {column}" in str(caught.value)


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("colour is red", "'colour' is not a question id or derived value"),
        ("who is alien", "'who' does not offer the value 'alien'"),
        ("who in wrong", "'who' does not offer the value 'alien' (in group 'wrong')"),
        ("who in missing", "'missing' is not a group of values"),
        ("pets is dog", "'pets' is a checkbox question: use 'includes', not 'is' or 'in'"),
        ("who includes parent", "'includes' needs a checkbox question, but 'who' is choice"),
        ("pets includes bird", "'pets' does not offer the value 'bird'"),
        ("happy is yes", "'happy' is boolean, so compare it with true or false, not 'yes'"),
        ("age < 2020-01", "'age' is number, so compare it with a number, not '2020-01'"),
        ("born > 5", "'born' is month, so compare it with a month (YYYY-MM) or a date, not '5'"),
        ("who < parent", "'who' is choice: it cannot be compared with '<'"),
        ("note is hello", "'note' is free text and cannot be compared"),
        ("answered(nothing)", "'nothing' is not a question id or derived value"),
    ],
)
def test_type_errors(source, problem):
    problems = type_check(parse(source), TYPES, GROUPS)
    assert any(found.startswith(problem) for found in problems), problems


def test_references_list_every_identifier():
    condition = parse("who is parent and (age < 5 or answered(note))")
    assert condition.references() == {"who", "age", "note"}


def test_evaluation_never_uses_python_eval():
    # A condition is data: a string that looks like Python is only ever a parse error.
    with pytest.raises(ConditionError):
        parse("__import__('os').system('true')")


def test_month_values_compare_as_dates():
    assert holds("born < 2016-09", born="2016-08") is True
    assert parse("born < 2016-09").evaluate({"born": date(2016, 8, 1)}) is True
