"""The shipped content, loaded once per test run."""

from __future__ import annotations

import re
import shutil
from functools import cache
from pathlib import Path

from wizard import PROJECT_ROOT
from wizard.core.content import Content, load_content


@cache
def real_content() -> Content:
    """questions/ as shipped, loaded and checked."""
    return load_content(PROJECT_ROOT / "questions", PROJECT_ROOT / "questions" / "locality.yaml")


#: A known `if_passed` text on the mediation deadline, for tests of what a plan says once a date
#: passes (independent of the shipped wording, which content designers may change).
MEDIATION_LABEL = "        label: Contact the mediation adviser by this date\n"
MEDIATION_IF_PASSED = "        if_passed: Ask {sendiass} if {child} can still appeal.\n"
SHIPPED_IF_PASSED = re.compile(r"(?m)^        if_passed: .*\n")


def questions_with_if_passed(target: Path) -> Path:
    """A copy of questions/ in `target` whose mediation deadline has an `if_passed` text."""
    questions = target / "questions"
    shutil.copytree(PROJECT_ROOT / "questions", questions)
    path = questions / "actions" / "04-rights.yaml"
    text = path.read_text()
    assert MEDIATION_LABEL in text
    text = SHIPPED_IF_PASSED.sub("", text)  # only the test's own text, on one deadline
    path.write_text(text.replace(MEDIATION_LABEL, MEDIATION_LABEL + MEDIATION_IF_PASSED, 1))
    return questions
