"""The benchmark's generated graphs are valid content (so the benchmark measures real work)."""

from __future__ import annotations

from tests.benchmarks.generated_graph import answers_for_path, write_generated_graph
from tests.support.graphs import AS_OF
from wizard.core.content_checks import check_graph
from wizard.core.engine import resolve
from wizard.core.loader import load_graph


def test_a_generated_graph_passes_every_check(tmp_path):
    graph = load_graph(write_generated_graph(tmp_path, 120))
    assert 116 <= len(graph.nodes) <= 120
    assert check_graph(graph) == []


def test_sixty_answers_walk_sixty_questions(tmp_path):
    graph = load_graph(write_generated_graph(tmp_path, 200))
    progress = resolve(graph, answers_for_path(60), AS_OF)
    assert len(progress.answers) == 60
    assert progress.ignored == ()
