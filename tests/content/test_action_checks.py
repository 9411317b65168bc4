"""Mistakes in the action files are caught at load time with file, line and action id."""

from __future__ import annotations

import shutil

import pytest

from wizard import PROJECT_ROOT
from wizard.core.content import load_content
from wizard.core.yamlsource import ContentProblems


@pytest.fixture
def questions(tmp_path):
    target = tmp_path / "questions"
    shutil.copytree(PROJECT_ROOT / "questions", target)
    return target


def edit(questions, name: str, old: str, new: str) -> int:
    """Replace text in an action file; return the 1-based line where the change is."""
    path = questions / "actions" / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return text[: text.index(old)].count("\n") + 1


def problems(questions) -> list[str]:
    with pytest.raises(ContentProblems) as caught:
        load_content(questions, questions / "locality.yaml", samples=300)
    return [problem.describe() for problem in caught.value.problems]


def test_a_rule_that_disagrees_with_the_catalogue(questions):
    edit(
        questions,
        "06-social-care.yaml",
        "disability_benefits in [not_claiming, not_sure] and age < 16",
        "disability_benefits in [not_claiming, not_sure] and age < 17",
    )
    [problem] = problems(questions)
    assert problem.startswith("actions/06-social-care.yaml:")
    assert "[claim-dla] 'claim-dla' applies although the catalogue's rule does not hold" in problem


def test_a_missing_action(questions):
    path = questions / "actions" / "06-social-care.yaml"
    text = path.read_text()
    start = text.index("  - id: leisure-activities")
    end = text.index("  - id: ", start + 1)
    path.write_text(text[:start] + text[end:])
    [problem] = problems(questions)
    assert problem.startswith("spec/action-catalogue.yaml:")
    assert (
        "[leisure-activities] the action 'leisure-activities' has no content in questions/actions/"
        in problem
    )


def test_wrong_domain_and_deadlines(questions):
    edit(
        questions,
        "03-ehc.yaml",
        "    domain: ehc\n    timing: {priority: 1}\n    title: Respond",
        "    domain: rights\n    timing: {priority: 1}\n    title: Respond",
    )
    edit(questions, "03-ehc.yaml", "      - id: draft-plan-response", "      - id: draft-response")
    found = problems(questions)
    assert any(
        "[respond-to-draft-plan] the catalogue puts 'respond-to-draft-plan' in ehc, not rights" in p
        for p in found
    )
    assert any(
        "[respond-to-draft-plan] deadlines must be exactly the catalogue's ['draft-plan-response']"
        in p
        for p in found
    )


def test_unknown_category_date_and_address(questions):
    line = edit(questions, "06-social-care.yaml", "categories: [leisure]", "categories: [fun]")
    edit(
        questions,
        "04-rights.yaml",
        "from: decision_date\n        add: {months: 2}\n        label: Contact",
        "from: birth_month\n        add: {months: 2}\n        label: Contact",
    )
    edit(questions, "02-education.yaml", '"{home_to_school_transport_policy_url}"', '"{bus_url}"')
    found = problems(questions)
    assert (
        f"actions/06-social-care.yaml:{line}: [leisure-activities] 'fun' is not a Local Offer category"
        in found
    )
    assert any("[mediation-and-appeal] 'birth_month' is not a date question" in p for p in found)
    assert any(
        "[home-to-school-transport] {bus_url} is not an address from the council profile" in p
        for p in found
    )


def test_schema_and_condition_errors(questions):
    line = edit(
        questions,
        "05-health.yaml",
        "    applies_when: medical_support_in_setting is true",
        "    applies_when: medical_support_in_setting is maybe",
    )
    found = problems(questions)
    assert found == [
        f"actions/05-health.yaml:{line}: [individual-healthcare-plan] condition 'medical_support_in_setting is maybe': "
        "'medical_support_in_setting' is boolean, so compare it with true or false, not 'maybe'"
    ]
    edit(
        questions,
        "05-health.yaml",
        "medical_support_in_setting is maybe",
        "medical_support_in_setting is true",
    )
    edit(
        questions,
        "05-health.yaml",
        "    legal_basis:\n      - Children and Families Act 2014, section 100",
        "    legal:\n      - x",
    )
    assert any("unknown field ('legal' was unexpected)" in p for p in problems(questions))
