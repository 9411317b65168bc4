"""Static checks: one broken fixture per check, each message naming the right file, line and node."""

from __future__ import annotations

import textwrap

import pytest

from tests.support.graphs import BASIC, build, line_of, variant, write_content
from wizard.core.conformance import check_asked_when, check_dictionary
from wizard.core.content_checks import check_graph, check_messages, summary
from wizard.core.dictionary import load_dictionary
from wizard.core.flow_analysis import (
    check_condition_order,
    check_cycles,
    check_dead_routes,
    check_reachable,
    check_reaches_end,
    check_targets,
)

DICTIONARY = """\
    version: 1
    groups:
      big: [large, huge]
    facts:
      who: {type: choice, values: [parent, young], asked_when: always}
      birth_month: {type: month, asked_when: always}
      size: {type: choice, values: [small, large, huge], asked_when: always}
      pets: {type: multichoice, values: [cat, dog, none], asked_when: always}
      walks: {type: number, asked_when: pets includes dog}
      happy: {type: boolean, asked_when: always}
      when: {type: date, asked_when: age < 5 and happy is true}
    """


def dictionary(tmp_path, text: str = DICTIONARY):
    path = tmp_path / "dictionary.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_dictionary(path)


def described(problems) -> list[str]:
    return [problem.describe() for problem in problems]


def at(files, fragment, node, message, file="nodes/basic.yaml") -> str:
    return f"{file}:{line_of(files, file, fragment)}: [{node}] {message}"


def test_the_basic_fixture_passes_every_check(tmp_path):
    graph = build(tmp_path)
    assert described(check_graph(graph, dictionary(tmp_path))) == []
    assert summary(graph).startswith("OK: 10 nodes (8 questions, 1 end), 3 routes, 1 sections")


def test_missing_route_target(tmp_path):
    files = variant("to: walks", "to: walkies")
    assert described(check_targets(build(tmp_path, files))) == [
        at(files, "to: walkies", "pets", "route 1 goes to 'walkies', which does not exist")
    ]


def test_unreachable_node(tmp_path):
    files = variant("to: walks", "to: note")
    assert described(check_reachable(build(tmp_path, files))) == [
        at(
            files,
            "id: walks",
            "walks",
            "this node cannot be reached from the start: no route or `next` leads here",
        )
    ]


def test_node_that_cannot_reach_the_end(tmp_path):
    files = variant(
        "    next: done\n  - id: done",
        "    next: stuck\n  - id: stuck\n    type: info\n    title: Stuck\n    next: when\n  - id: done",
    )
    problems = described(check_reaches_end(build(tmp_path, files)))
    assert problems == [
        at(files, "id: when", "when", "no path from this node reaches an end node"),
        at(files, "id: stuck", "stuck", "no path from this node reaches an end node"),
    ]


def test_cycle_names_the_loop(tmp_path):
    files = variant("    next: done\n  - id: done", "    next: happy\n  - id: done")
    problems = described(check_cycles(build(tmp_path, files)))
    # The loop closes at the `next: happy` of `when`, the last line before the end node.
    line = line_of(files, "nodes/basic.yaml", "id: done") - 1
    assert problems == [
        f"nodes/basic.yaml:{line}: [when] this route makes a loop: happy -> when -> happy"
    ]


def test_condition_using_a_question_not_always_answered_before(tmp_path):
    # `walks` is only asked for dog owners, so it is not known on every path to `note`.
    files = variant(
        "    next: happy\n  - id: happy",
        "    routes:\n      - when: walks > 2\n        to: done\n    next: happy\n  - id: happy",
    )
    problems = described(check_condition_order(build(tmp_path, files)))
    assert problems == [
        at(
            files,
            "when: walks > 2",
            "note",
            "condition 'walks > 2' uses 'walks', which is not answered before this point on every path "
            "(for example who -> birth_month -> size -> pets -> note)",
        )
    ]


def test_condition_using_a_later_question(tmp_path):
    files = variant("when: size in big", "when: happy is true")
    problems = described(check_condition_order(build(tmp_path, files)))
    assert problems[0].startswith(
        at(files, "when: happy is true", "size", "condition 'happy is true' uses 'happy'")
    )


def test_wording_cannot_depend_on_its_own_answer(tmp_path):
    files = variant(
        "title: How big?",
        "title:\n      - when: size is small\n        text: Small?\n      - text: How big?",
    )
    problems = described(check_condition_order(build(tmp_path, files)))
    assert problems == [
        at(
            files,
            "when: size is small",
            "size",
            "condition 'size is small' uses this question's own answer, which is not known yet",
        )
    ]


def test_route_that_an_earlier_route_always_beats(tmp_path):
    files = variant(
        "      - when: size in big\n        to: big_info\n",
        "      - when: size in big\n        to: big_info\n      - when: size is huge\n        to: pets\n",
    )
    assert described(check_dead_routes(build(tmp_path, files))) == [
        at(
            files,
            "- when: size is huge",
            "size",
            "route 2 ('size is huge') can never be taken: an earlier route always matches first",
        )
    ]


def test_route_whose_condition_is_never_true(tmp_path):
    files = variant(
        "when: pets includes dog",
        "when: pets includes dog and pets has any value other than dog and pets includes none and not (pets includes cat) and pets includes cat",
    )
    problems = described(check_dead_routes(build(tmp_path, files)))
    assert len(problems) == 1 and "its condition is never true" in problems[0]


def test_dead_routes_over_numbers_and_dates(tmp_path):
    files = variant(
        "      - when: age < 5 and happy is true\n        to: when\n",
        "      - when: age < 5 and happy is true\n        to: when\n      - when: age < 3 and happy is true\n        to: done\n",
    )
    problems = described(check_dead_routes(build(tmp_path, files)))
    assert problems == [
        at(
            files,
            "- when: age < 3",
            "happy",
            "route 2 ('age < 3 and happy is true') can never be taken: an earlier route always matches first",
        )
    ]


def test_missing_and_unneeded_error_messages(tmp_path):
    files = variant("errors: {required: Select a size}", "errors: {invalid: Not used}")
    problems = described(check_messages(build(tmp_path, files)))
    assert (
        at(
            files,
            "errors: {invalid",
            "size",
            "no error message for 'required': add errors.required",
        )
        in problems
    )
    assert (
        at(files, "errors: {invalid", "size", "errors.invalid can never be shown for this question")
        in problems
    )


def test_dictionary_fact_missing_or_wrong(tmp_path):
    spec = dictionary(
        tmp_path,
        DICTIONARY.replace(
            "happy: {type: boolean",
            "mood: {type: choice, values: [good, bad], asked_when: always}\n      happy: {type: boolean",
        ).replace("values: [cat, dog, none]", "values: [cat, dog, fish, none]"),
    )
    problems = described(check_dictionary(build(tmp_path), spec))
    assert any(
        p.startswith("spec/dictionary.yaml:")
        and "[mood] the fact 'mood' has no question with that id" in p
        for p in problems
    )
    options_line = line_of(BASIC, "nodes/basic.yaml", "{value: cat, label: Cat}") - 1
    assert (
        f"nodes/basic.yaml:{options_line}: [pets] the options must be exactly the dictionary's values: missing ['fish']"
        in problems
    )


def test_dictionary_type_and_optional_rules(tmp_path):
    files = variant(
        "    errors: {required: Select yes if you are happy}\n",
        "    validation: {required: false}\n",
    )
    files = variant(
        "type: textarea\n    title: Anything else?\n    validation: {required: false, max_length: 20}\n    errors: {max_length: Note must be 20 characters or less}",
        "type: textarea\n    title: Anything else?\n    validation: {max_length: 20}\n    errors: {required: Enter a note, max_length: Note must be 20 characters or less}",
        base=files,
    )
    problems = described(check_dictionary(build(tmp_path, files), dictionary(tmp_path)))
    assert (
        at(
            files,
            "validation: {required: false}",
            "happy",
            "a dictionary fact must be required: an unanswered fact is unknown",
        )
        in problems
    )
    assert (
        at(
            files,
            "validation: {max_length: 20}",
            "note",
            "a question outside the data dictionary must be optional (validation: required: false)",
        )
        in problems
    )


def test_dictionary_exclusive_values(tmp_path):
    files = variant("{value: none, label: None, exclusive: true}", "{value: none, label: None}")
    files = variant(
        "errors: {required: Select pets, exclusive: Select none on its own}",
        "errors: {required: Select pets}",
        base=files,
    )
    problems = described(check_dictionary(build(tmp_path, files), dictionary(tmp_path)))
    assert any(
        "[pets] the option 'none' must be exclusive (chosen on its own)" in p for p in problems
    )


def test_dictionary_wrong_question_type(tmp_path):
    files = variant(
        "type: yesno\n    title: Are you happy?",
        "type: radios\n    title: Are you happy?\n    options: [{value: 'yes', label: 'Yes'}, {value: 'no', label: 'No'}]",
    )
    files = variant(
        "when: age < 5 and happy is true", "when: age < 5 and happy is 'yes'", base=files
    )
    problems = described(check_dictionary(build(tmp_path, files), dictionary(tmp_path)))
    assert any(
        "[happy] the dictionary says 'happy' is boolean, so it must be a yesno question, not radios"
        in p
        for p in problems
    )


def test_dictionary_groups_must_match(tmp_path):
    spec = dictionary(tmp_path, DICTIONARY.replace("big: [large, huge]", "big: [large]"))
    problems = described(check_dictionary(build(tmp_path), spec))
    assert problems == [
        "graph.yaml:1: groups.big must be exactly the dictionary's group: ['large']"
    ]


def test_asked_when_replay_finds_a_fact_asked_too_often(tmp_path):
    # `walks` should be asked only for dog owners; this graph asks every pet owner.
    files = variant("when: pets includes dog", "when: pets includes dog or cat")
    problems = described(
        check_asked_when(build(tmp_path, files), dictionary(tmp_path), samples=200)
    )
    assert len(problems) == 1
    assert problems[0].startswith(
        at(files, "id: walks", "walks", "'walks' is asked although its rule does not hold")
    )


def test_asked_when_replay_finds_a_fact_never_asked(tmp_path):
    files = variant("when: age < 5 and happy is true", "when: age < 4 and happy is true")
    problems = described(
        check_asked_when(build(tmp_path, files), dictionary(tmp_path), samples=400)
    )
    assert len(problems) == 1
    assert "'when' is not asked although its rule holds" in problems[0]


def test_asked_when_rule_that_cannot_be_read(tmp_path):
    spec = dictionary(
        tmp_path,
        DICTIONARY.replace("asked_when: pets includes dog", "asked_when: pets includes parrot"),
    )
    problems = described(check_dictionary(build(tmp_path), spec))
    assert any(
        "[walks] asked_when: 'pets' does not offer the value 'parrot'" in p for p in problems
    )


def test_check_graph_skips_flow_analysis_on_a_broken_graph(tmp_path):
    files = variant("to: walks", "to: walkies")
    problems = described(check_graph(build(tmp_path, files)))
    assert problems and all("walkies" in p or "cannot be reached" in p for p in problems)


@pytest.mark.parametrize("name", ["graph.yaml", "nodes/basic.yaml"])
def test_fixture_files_exist(name):
    assert name in BASIC


def test_write_content_dedents(tmp_path):
    root = write_content(tmp_path, {"x.yaml": "    a: 1\n"})
    assert (root / "x.yaml").read_text() == "a: 1\n"
