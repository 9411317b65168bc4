"""Plan notices (questions/notices.yaml): loaded and checked with the content, shown when they hold."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest

from tests.support.content import real_content
from tests.support.personas import PERSONAS
from wizard import PROJECT_ROOT
from wizard.core.content import load_content
from wizard.core.notices import load_notices, plan_notices
from wizard.core.pathway import build_pathway
from wizard.core.yamlsource import ContentProblems

AS_OF = date(2026, 11, 30)


def write(tmp_path, text: str):
    path = tmp_path / "notices.yaml"
    path.write_text(text)
    return path


def problems_in(tmp_path, text: str) -> list[str]:
    with pytest.raises(ContentProblems) as caught:
        load_notices(write(tmp_path, text), real_content().graph)
    return [problem.describe() for problem in caught.value.problems]


def test_the_reform_notice_is_on_every_plan():
    [notice] = real_content().notices
    assert notice.id == "reform-proposed"
    assert notice.checked == date(2026, 12, 2)
    assert notice.when is None
    for persona in PERSONAS:
        shown = build_pathway(real_content(), persona.answers, persona.as_of).notices
        assert [n.id for n in shown] == ["reform-proposed"], persona.name


def test_the_reform_notice_says_what_is_proposed_and_that_the_law_stands():
    [notice] = build_pathway(real_content(), PERSONAS[0].answers, AS_OF).notices
    text = " ".join(notice.text)
    assert '"Every child achieving and thriving"' in text and "23 February 2026" in text
    assert "Parliament" in text and "EHC plan" in text and "the law as it is today" in text
    assert re.search(r"\byou(r)?\b", text, re.IGNORECASE), "speak to the reader as you"
    for sentence in re.split(r"(?<=[.!?])\s+", " ".join([notice.title, text])):
        assert len(sentence.split()) <= 25, sentence
    for phrase in ("has changed", "have changed", "is now law", "new law"):
        assert phrase not in text.lower(), f"'{phrase}' states a proposal as law"


def test_a_notice_is_shown_only_when_its_condition_holds(tmp_path):
    notices = load_notices(
        write(
            tmp_path,
            "notices:\n"
            "  - id: for-young-people\n"
            "    title: For {child}\n"
            "    text: ['Only {child} see this.']\n"
            "    checked: 2026-12-02\n"
            "    when: respondent is young_person\n"
            "  - id: for-everyone\n"
            "    title: For everyone\n"
            "    text: [Everyone sees this.]\n"
            "    checked: 2026-12-01\n",
        ),
        real_content().graph,
    )
    graph = real_content().graph
    parent = plan_notices(notices, graph, {"respondent": "parent_carer"})
    young = plan_notices(notices, graph, {"respondent": "young_person"})
    assert [n.id for n in parent] == ["for-everyone"]
    assert [n.id for n in young] == ["for-young-people", "for-everyone"]
    assert young[0].title == "For you" and young[0].text == ("Only you see this.",)
    assert young[1].checked == date(2026, 12, 1)


def test_a_checked_date_must_be_real(tmp_path):
    found = problems_in(
        tmp_path,
        "notices:\n"
        "  - id: wrong-date\n"
        "    title: A title\n"
        "    text: [A paragraph.]\n"
        "    checked: 2026-02-30\n",
    )
    assert found == ["notices.yaml:5: [wrong-date] checked must be a real date"]


def test_condition_id_and_term_mistakes_name_the_line_and_notice(tmp_path):
    found = problems_in(
        tmp_path,
        "notices:\n"
        "  - id: first\n"
        "    title: A title\n"
        "    text: [A paragraph.]\n"
        "    checked: 2026-12-02\n"
        "    when: shoe_size > 3\n"
        "  - id: first\n"
        "    title: Again\n"
        "    text: [Again.]\n"
        "    checked: 2026-12-02\n"
        "  - id: second\n"
        "    title: A title\n"
        "    text: ['Hello {grandchild}.']\n"
        "    checked: 2026-12-02\n",
    )
    assert len(found) == 3
    assert found[0].startswith("notices.yaml:6: [first] condition 'shoe_size > 3':")
    assert found[1] == "notices.yaml:7: [first] the notice 'first' is defined twice"
    assert found[2].startswith("notices.yaml:13: [second] unknown term {grandchild}")


def test_the_schema_is_checked_with_lines(tmp_path):
    found = problems_in(
        tmp_path,
        "notices:\n  - id: no-title\n    text: [A paragraph.]\n    checked: 2 December 2026\n",
    )
    assert any(p.startswith("notices.yaml:") and "'title' is missing" in p for p in found), found
    assert any("2 December 2026" in p for p in found), found


def test_load_content_checks_the_notices_and_a_missing_file_means_none(tmp_path):
    questions = tmp_path / "questions"
    shutil.copytree(PROJECT_ROOT / "questions", questions)
    path = questions / "notices.yaml"
    path.write_text(path.read_text().replace("checked: 2026-12-02", "checked: 2026-13-02"))
    with pytest.raises(ContentProblems) as caught:
        load_content(questions, questions / "locality.yaml", samples=50)
    assert [p.describe() for p in caught.value.problems] == [
        f"notices.yaml:{_line_of(path, 'checked:')}: [reform-proposed] checked must be a real date"
    ]
    path.unlink()
    assert load_content(questions, questions / "locality.yaml", samples=50).notices == ()


def _line_of(path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)
