"""The glossary (questions/glossary.yaml): the terms a plan explains, chosen by the words it uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wizard.core.loader import load_checked_file

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "questions" / "schemas" / "glossary.schema.json"


@dataclass(frozen=True)
class GlossaryEntry:
    """A term, the words that show it is used, and what it means in plain English."""

    term: str
    appears_as: tuple[str, ...]
    meaning: str
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Glossary:
    """The glossary file: its entries, and the acronyms everybody knows (which need no explaining)."""

    file: str
    entries: tuple[GlossaryEntry, ...] = ()
    known_acronyms: tuple[str, ...] = ()
    known_acronyms_line: int | None = None


def load_glossary(path: Path) -> tuple[GlossaryEntry, ...]:
    """Load and check the glossary; raise ContentProblems naming the line of any mistake."""
    return read_glossary(path).entries


def read_glossary(path: Path) -> Glossary:
    """The whole glossary file, checked; raise ContentProblems naming the line of any mistake."""
    if not path.exists():
        return Glossary(path.name)
    document = load_checked_file(path, SCHEMA_FILE)
    entries = tuple(
        GlossaryEntry(
            item["term"],
            tuple(item["appears_as"]),
            " ".join(item["meaning"].split()),
            document.line_of(("glossary", index, "meaning")),
        )
        for index, item in enumerate(document.data["glossary"])
    )
    return Glossary(
        document.file,
        entries,
        tuple(document.data.get("known_acronyms", [])),
        document.line_of(("known_acronyms",)),
    )


def terms_used(entries: tuple[GlossaryEntry, ...], text: str) -> list[GlossaryEntry]:
    """The entries whose words appear in `text`, in alphabetical order of term."""
    return sorted(
        (e for e in entries if any(word in text for word in e.appears_as)),
        key=lambda e: e.term.lower(),
    )
