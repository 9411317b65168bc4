"""`flask questions check | graph | walk` on the shipped content and on broken fixtures."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.support.graphs import variant, write_content
from wizard import PROJECT_ROOT


def test_check_passes_on_the_shipped_content(runner):
    result = runner.invoke(args=["questions", "check", "--samples", "300"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: ")
    assert "content version" in result.output


@pytest.fixture
def broken_copy(tmp_path):
    """A copy of questions/ with a misspelt group in a condition."""
    target = tmp_path / "questions"
    shutil.copytree(PROJECT_ROOT / "questions", target)
    education = target / "nodes" / "03-education.yaml"
    text = education.read_text()
    text = text.replace("when: setting in setting_attended", "when: setting in setting_attendd", 1)
    education.write_text(text)
    return target


def test_check_fails_with_every_problem_located(runner, broken_copy):
    result = runner.invoke(args=["questions", "check", "--dir", str(broken_copy)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any(
        line.startswith("nodes/03-education.yaml:")
        and "[setting] condition 'setting in setting_attendd': 'setting_attendd' is not a group of values"
        in line
        for line in lines
    ), result.output
    # Load-time problems are all listed; the flow checks run once the content loads.
    assert "1 problem(s) found." in result.output


def test_check_reports_a_route_to_nowhere(runner, tmp_path):
    files = variant("to: walks", "to: walkies")
    root = write_content(
        tmp_path / "q",
        {**files, "locality.yaml": (PROJECT_ROOT / "questions" / "locality.yaml").read_text()},
    )
    result = runner.invoke(args=["questions", "check", "--dir", str(root)])
    assert result.exit_code == 1
    assert "[pets] route 1 goes to 'walkies', which does not exist" in result.output


def test_graph_as_mermaid_and_dot(runner):
    mermaid = runner.invoke(args=["questions", "graph", "--format", "mermaid"])
    assert mermaid.exit_code == 0
    assert mermaid.output.startswith("flowchart TD")
    assert 'setting -->|"setting in setting_attended"| setting_out_of_area' in mermaid.output
    dot = runner.invoke(args=["questions", "graph", "--format", "dot"])
    assert dot.output.startswith("digraph questions {")
    assert '"setting" -> "current_support" [style=dashed, label="otherwise"];' in dot.output


def test_graph_svg_needs_graphviz(runner, tmp_path):
    result = runner.invoke(
        args=["questions", "graph", "--format", "svg", "--output", str(tmp_path / "g.svg")]
    )
    if shutil.which("dot"):
        assert result.exit_code == 0 and (tmp_path / "g.svg").read_text().startswith("<?xml")
    else:
        assert result.exit_code == 1 and "SVG needs Graphviz" in result.output


def test_walk_prints_the_path(runner, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps(
            {
                "answers": {
                    "respondent": "young_person",
                    "lives_in_area": True,
                    "birth_month": "2008-05",
                    "colour": "red",
                },
                "as_of": "2026-11-30",
            }
        )
    )
    result = runner.invoke(args=["questions", "walk", str(answers)])
    assert result.exit_code == 0, result.output
    assert '  1. respondent: "young_person"' in result.output
    assert "  4. needs_areas: (not answered: the walk stops here)" in result.output
    assert '"age": 18' in result.output and '"school_year": null' in result.output
    assert "Ignored (not on the path): colour" in result.output


def test_walk_refuses_a_file_that_is_not_json(runner, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = runner.invoke(args=["questions", "walk", str(bad)])
    assert result.exit_code != 0
    assert "is not a readable JSON file" in result.output


def test_check_reports_a_directory_mapping_mistake(runner, tmp_path):
    target = tmp_path / "questions"
    shutil.copytree(PROJECT_ROOT / "questions", target)
    mapping = target / "directory" / "mapping.yaml"
    mapping.write_text(
        mapping.read_text().replace("actions: [short-breaks]", "actions: [short-brakes]")
    )

    result = runner.invoke(args=["questions", "check", "--dir", str(target), "--samples", "50"])

    assert result.exit_code == 1
    assert "'short-brakes' is not a plan action (see questions/actions/)" in result.output
    assert "questions/directory/mapping.yaml:" in result.output


def test_check_reports_wording_problems_with_file_line_and_id(runner, tmp_path):
    target = tmp_path / "questions"
    shutil.copytree(PROJECT_ROOT / "questions", target)
    glossary = target / "glossary.yaml"
    glossary.write_text(
        glossary.read_text().replace(
            "glossary:\n",
            "glossary:\n"
            "  - term: Respite\n"
            "    appears_as: [respite]\n"
            "    meaning: A break for the young person and their family, arranged by the LSCB.\n",
            1,
        )
    )

    line = (
        glossary.read_text()
        .splitlines()
        .index("    meaning: A break for the young person and their family, arranged by the LSCB.")
    )

    result = runner.invoke(args=["questions", "check", "--dir", str(target), "--samples", "50"])

    assert result.exit_code == 1
    where = f"glossary.yaml:{line + 1}: [Respite]"
    assert f"{where} 'LSCB' is not explained: spell it out where it is first used" in result.output
    assert f'{where} a young person reading for themselves sees "the young person"' in result.output
