"""Properties that hold for any answers and any graph (Hypothesis)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.support.content import real_content
from tests.support.graphs import AS_OF, BASIC, build
from tests.support.journey import step_by_step
from wizard.core.content_checks import check_graph
from wizard.core.engine import resolve
from wizard.core.graph import Graph
from wizard.core.loader import load_graph
from wizard.core.yamlsource import ContentProblems

# How many examples comes from the Hypothesis profile (tests/conftest.py): fewer on a laptop, the
# full count in CI (ADR 0026).
FAST = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def answer_values(graph: Graph) -> st.SearchStrategy[dict[str, Any]]:
    """Answers to any subset of the questions: mostly valid values, some invalid ones."""
    strategies = {}
    for node in graph.questions():
        valid: st.SearchStrategy[Any]
        if node.type == "radios":
            valid = st.sampled_from(node.option_values)
        elif node.type == "checkboxes":
            valid = st.lists(st.sampled_from(node.option_values), min_size=1, unique=True)
        elif node.type == "yesno":
            valid = st.booleans()
        elif node.type == "number":
            valid = st.one_of(st.integers(0, 12), st.floats(0, 12, allow_nan=False))
        elif node.type == "month":
            valid = st.builds(
                lambda y, m: f"{y:04d}-{m:02d}", st.integers(1999, 2027), st.integers(1, 12)
            )
        elif node.type == "date":
            valid = st.dates().map(lambda d: d.isoformat())
        else:
            valid = st.text(max_size=30)
        invalid = st.one_of(
            st.none(), st.integers(), st.text(max_size=5), st.lists(st.text(max_size=3))
        )
        strategies[node.id] = st.one_of(valid, valid, valid, invalid)
    return st.fixed_dictionaries({}, optional=strategies)


BASIC_GRAPH = build(Path(__import__("tempfile").mkdtemp()))
REAL_GRAPH = real_content().graph


@FAST
@given(
    answers=answer_values(BASIC_GRAPH), passed=st.sets(st.sampled_from(sorted(BASIC_GRAPH.nodes)))
)
def test_any_answers_end_within_the_node_count_basic(answers, passed):
    for mode in (None, passed):
        progress = resolve(BASIC_GRAPH, answers, AS_OF, passed=mode)
        assert len(progress.path) <= len(BASIC_GRAPH.nodes)
        assert progress.complete or progress.current == progress.path[-1]


@FAST
@given(answers=answer_values(REAL_GRAPH))
def test_any_answers_end_within_the_node_count_real(answers):
    progress = resolve(REAL_GRAPH, answers, AS_OF)
    assert len(progress.path) <= len(REAL_GRAPH.nodes)
    assert set(progress.answers) <= set(answers)
    assert not set(progress.answers) & set(progress.ignored)


def assert_replay_equals_journey(graph: Graph, answers: dict[str, Any]) -> None:
    journey = step_by_step(graph, answers, AS_OF)
    replay = resolve(graph, answers, AS_OF)
    assert journey.path == replay.path
    assert journey.answers == replay.answers
    assert (journey.complete, journey.current) == (replay.complete, replay.current)


@FAST
@given(answers=answer_values(BASIC_GRAPH))
def test_replay_equals_step_by_step_submission_basic(answers):
    assert_replay_equals_journey(BASIC_GRAPH, answers)


@FAST
@given(answers=answer_values(REAL_GRAPH))
def test_replay_equals_step_by_step_submission_real(answers):
    assert_replay_equals_journey(REAL_GRAPH, answers)


# --- generated graphs ----------------------------------------------------------------------------

NODE_TYPES = ["radios", "checkboxes", "yesno", "number", "month", "date", "text", "info", "end"]


@st.composite
def generated_graphs(draw) -> dict[str, str]:
    """Random, often broken, graphs: unknown targets, loops, odd conditions and all."""
    count = draw(st.integers(1, 9))
    ids = [f"n{i}" for i in range(count)]
    nodes = []
    for node_id in ids:
        node_type = draw(st.sampled_from(NODE_TYPES))
        node: dict[str, Any] = {"id": node_id, "type": node_type, "title": f"Question {node_id}?"}
        if node_type in ("radios", "checkboxes"):
            node["options"] = [{"value": v, "label": v} for v in ("a", "b", "c")]
        if node_type in ("radios", "checkboxes", "yesno", "number", "month", "date", "text"):
            node["errors"] = {"required": "Answer it"}
            if draw(st.booleans()):
                node["validation"] = {"required": False}
        if node_type != "end":
            node["next"] = draw(st.sampled_from([*ids, "nowhere"]))
            routes = []
            for _ in range(draw(st.integers(0, 3))):
                subject = draw(st.sampled_from(ids))
                condition = draw(
                    st.sampled_from(
                        [
                            f"{subject} is a",
                            f"{subject} includes b",
                            f"{subject} is true",
                            f"{subject} > 2",
                            f"answered({subject})",
                            f"{subject} in [a, b] or {subject} is c",
                            "always",
                            f"not ({subject} is b)",
                            f"{subject} < 2026-01",
                            f"{subject} is",
                        ]
                    )
                )
                routes.append({"when": condition, "to": draw(st.sampled_from([*ids, "gone"]))})
            if routes:
                node["routes"] = routes
        nodes.append(node)
    return {
        "graph.yaml": yaml.safe_dump({"start": ids[0]}),
        "nodes/n.yaml": yaml.safe_dump({"nodes": nodes}),
    }


def _written(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


#: A graph of the generated kind that passes every check: random graphs rarely do (about 1 in
#: 300), so it is always tried, and the replay branch below always runs at least once.
PASSING_GENERATED = {
    "graph.yaml": yaml.safe_dump({"start": "n0"}),
    "nodes/n.yaml": yaml.safe_dump(
        {
            "nodes": [
                {
                    "id": "n0",
                    "type": "yesno",
                    "title": "Question n0?",
                    "errors": {"required": "Answer it"},
                    "next": "n1",
                    "routes": [{"when": "n0 is true", "to": "n2"}],
                },
                {"id": "n1", "type": "info", "title": "Question n1?", "next": "n2"},
                {"id": "n2", "type": "end", "title": "Question n2?"},
            ]
        }
    ),
}


def test_the_passing_example_passes_every_check(tmp_path):
    assert check_graph(load_graph(_written(tmp_path, PASSING_GENERATED))) == []


@FAST
@example(files=PASSING_GENERATED)
@given(files=generated_graphs())
def test_the_checks_never_crash_on_generated_graphs(tmp_path_factory, files):
    root = _written(tmp_path_factory.mktemp("generated"), files)
    try:
        graph = load_graph(root)
    except ContentProblems as problems:
        assert problems.problems
        assert all(problem.file and problem.message for problem in problems.problems)
        return
    found = check_graph(graph)
    assert all(problem.file and problem.message for problem in found)
    if not found:  # a graph that passes every check always replays to an end or a question
        progress = resolve(graph, {}, AS_OF)
        assert progress.complete or graph.nodes[progress.current or ""].is_question


def test_the_basic_graph_passes_every_check_and_the_tests_left_it_as_written(tmp_path):
    assert check_graph(BASIC_GRAPH) == []
    assert BASIC_GRAPH.version == build(tmp_path, BASIC).version
