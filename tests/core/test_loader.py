"""Loading content: schema, structure and condition mistakes name the file, the line and the node."""

from __future__ import annotations

import pytest

from tests.support.graphs import AS_OF, BASIC, build, line_of, next_page, variant
from wizard.core.yamlsource import ContentProblems


def problems_of(tmp_path, files) -> list[str]:
    with pytest.raises(ContentProblems) as caught:
        build(tmp_path, files)
    return [problem.describe() for problem in caught.value.problems]


def test_the_basic_fixture_loads(tmp_path):
    graph = build(tmp_path)
    assert graph.start == "who"
    assert list(graph.nodes)[:3] == ["who", "birth_month", "size"]
    assert graph.groups == {"big": ("large", "huge")}
    assert graph.node("note").optional
    assert len(graph.version) == 16


def test_the_version_changes_when_any_content_changes(tmp_path):
    first = build(tmp_path / "a").version
    second = build(tmp_path / "b", variant("title: Which pets?", "title: Which animals?")).version
    assert first != second
    assert build(tmp_path / "c").version == first


def test_voices_fill_terms_by_who_is_answering(tmp_path):
    graph = build(tmp_path)
    title = graph.node("birth_month").title
    assert graph.words(title, {"who": "young"}) == "When was you born?"
    assert graph.words(title, {"who": "parent"}) == "When was your child born?"
    assert graph.words(title, {}) == "When was your child born?"


def test_wording_variants_pick_the_first_that_fits(tmp_path):
    files = variant(
        "title: How big?",
        "title:\n      - when: who is young\n        text: How big are you?\n      - text: How big are they?",
    )
    graph = build(tmp_path, files)
    assert graph.words(graph.node("size").title, {"who": "young"}) == "How big are you?"
    assert graph.words(graph.node("size").title, {"who": "parent"}) == "How big are they?"


@pytest.mark.parametrize(
    ("old", "new", "fragment", "message"),
    [
        (
            "type: radios\n    section: you",
            "type: dropdown\n    section: you",
            "type: dropdown",
            "nodes.0.type: 'dropdown' is not one of",
        ),
        (
            "    errors: {required: Select a size}\n",
            "    errors: {required: Select a size}\n    colour: red\n",
            "colour: red",
            "unknown field ('colour' was unexpected)",
        ),
        (
            "{value: small, label: Small}",
            "{value: small, label: no}",
            "label: no",
            "put quotes around it, like 'No'",
        ),
        ("id: walks", "id: Walks", "id: Walks", "does not match"),
    ],
)
def test_schema_mistakes_name_file_line_and_field(tmp_path, old, new, fragment, message):
    files = variant(old, new)
    [problem] = problems_of(tmp_path, files)
    assert problem.startswith(f"nodes/basic.yaml:{line_of(files, 'nodes/basic.yaml', fragment)}:")
    assert message in problem


def test_bad_yaml_names_the_line(tmp_path):
    files = variant("title: Which pets?", "title: [Which pets?")
    [problem] = problems_of(tmp_path, files)
    assert problem.startswith("nodes/basic.yaml:")
    assert "not valid YAML" in problem


def test_duplicate_keys_are_refused(tmp_path):
    files = variant("    title: How big?\n", "    title: How big?\n    title: How large?\n")
    [problem] = problems_of(tmp_path, files)
    line = line_of(files, "nodes/basic.yaml", "title: How large?")
    assert problem == f"nodes/basic.yaml:{line}: duplicate key 'title' (first at line {line - 1})"


def test_duplicate_node_ids_name_both_places(tmp_path):
    files = {
        **BASIC,
        "nodes/more.yaml": "nodes:\n  - {id: pets, type: info, title: Again, next: done}\n",
    }
    [problem] = problems_of(tmp_path, files)
    first = line_of(BASIC, "nodes/basic.yaml", "id: pets")
    assert (
        problem
        == f"nodes/more.yaml:2: [pets] the id 'pets' is used twice (first at nodes/basic.yaml:{first})"
    )


def test_condition_syntax_and_type_errors_name_the_node(tmp_path):
    files = variant("when: pets includes dog", "when: pets includes bird")
    [problem] = problems_of(tmp_path, files)
    line = line_of(files, "nodes/basic.yaml", "when: pets includes bird")
    assert problem == (
        f"nodes/basic.yaml:{line}: [pets] condition 'pets includes bird': 'pets' does not offer the value 'bird'"
    )
    files = variant("when: size in big", "when: size in [big")
    [problem] = problems_of(tmp_path, files)
    assert "[size] condition 'size in [big':" in problem and "expected ']'" in problem


def test_unknown_term_in_text(tmp_path):
    files = variant("title: How big?", "title: How big is {kid}?")
    [problem] = problems_of(tmp_path, files)
    assert "[size] unknown term {kid} (known terms: child)" in problem


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    next: birth_month\n",
            "",
            "[who] every node except an end node needs a default `next`",
        ),
        (
            "type: end\n    title: Finished",
            "type: end\n    title: Finished\n    next: who",
            "[done] an end node has no next or routes",
        ),
        (
            "{value: cat, label: Cat}",
            "{value: dog, label: Cat}",
            "[pets] the option value 'dog' is used twice",
        ),
        (
            "validation: {min: 0, max: 10}",
            "validation: {min: 5, max: 1}",
            "[walks] validation min is greater than max",
        ),
        (
            "validation: {not_future: true}\n    errors: {required: Enter a month",
            "validation: {max_length: 3}\n    errors: {required: Enter a month",
            "[birth_month] max_length is for text and textarea questions",
        ),
        ("section: you", "section: elsewhere", "[who] the section 'elsewhere' is not defined"),
    ],
)
def test_structural_mistakes(tmp_path, old, new, message):
    problems = problems_of(tmp_path, variant(old, new))
    assert any(message in problem for problem in problems), problems


def test_missing_start_is_reported(tmp_path):
    files = variant("start: who\n", "", file="graph.yaml")
    assert problems_of(tmp_path, files) == [
        "graph.yaml: no start node: add `start: <node id>` to graph.yaml"
    ]


def test_every_problem_is_listed_not_just_the_first(tmp_path):
    files = variant("when: pets includes dog", "when: pets includes bird")
    files = variant("when: size in big", "when: size in bigger", base=files)
    assert len(problems_of(tmp_path, files)) == 2


def test_a_loaded_age_condition_is_judged_on_the_day_given(tmp_path):
    graph = build(tmp_path)
    answers = {"who": "parent", "birth_month": "2022-01", "size": "small", "pets": ["cat"]}
    answers |= {"note": "Thanks", "happy": True}
    # `age < 5 and happy is true` leads to `when`: the child is 4 on AS_OF and 5 a year later.
    assert next_page(graph, answers, as_of=AS_OF) == "when"
    assert next_page(graph, answers, as_of=AS_OF.replace(year=AS_OF.year + 1)) is None
