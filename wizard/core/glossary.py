"""The glossary (questions/glossary.yaml): the terms a plan explains, chosen by the words it uses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wizard.core.loader import ContentProblems
from wizard.core.schema import validate
from wizard.core.yamlsource import ContentError, load_yaml_file

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "questions" / "schemas" / "glossary.schema.json"


@dataclass(frozen=True)
class GlossaryEntry:
    """A term, the words that show it is used, and what it means in plain English."""

    term: str
    appears_as: tuple[str, ...]
    meaning: str


def load_glossary(path: Path) -> tuple[GlossaryEntry, ...]:
    """Load and check the glossary; raise ContentProblems naming the line of any mistake."""
    if not path.exists():
        return ()
    try:
        document = load_yaml_file(path, display_name=path.name)
    except ContentError as error:
        raise ContentProblems([error]) from error
    problems = validate(document, SCHEMA_FILE)
    if problems:
        raise ContentProblems(problems)
    return tuple(
        GlossaryEntry(item["term"], tuple(item["appears_as"]), " ".join(item["meaning"].split()))
        for item in document.data["glossary"]
    )


def terms_used(entries: tuple[GlossaryEntry, ...], text: str) -> list[GlossaryEntry]:
    """The entries whose words appear in `text`, in alphabetical order of term."""
    return sorted(
        (e for e in entries if any(word in text for word in e.appears_as)),
        key=lambda e: e.term.lower(),
    )
