"""The data dictionary (questions/spec/data-dictionary.yaml): the facts every graph must collect."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wizard.core.yamlsource import ContentError, SourceDocument, load_yaml_file

DICTIONARY_FILE = (
    Path(__file__).resolve().parents[2] / "questions" / "spec" / "data-dictionary.yaml"
)

#: The question type that collects each dictionary type.
NODE_TYPE_FOR = {
    "choice": "radios",
    "multichoice": "checkboxes",
    "boolean": "yesno",
    "month": "month",
    "date": "date",
    "number": "number",
}

#: Multichoice values that must be chosen alone.
EXCLUSIVE_VALUES = {"none", "not_sure"}


@dataclass(frozen=True)
class FactSpec:
    """One fact: its id, type, allowed values and the rule for when it is asked."""

    id: str
    type: str
    values: tuple[str, ...]
    asked_when: str
    line: int | None


@dataclass(frozen=True)
class Dictionary:
    """All the facts, the named groups of values, and the file they came from."""

    facts: dict[str, FactSpec]
    groups: dict[str, tuple[str, ...]]
    document: SourceDocument


def load_dictionary(path: Path = DICTIONARY_FILE) -> Dictionary:
    """Read the data dictionary; raise ContentError if it is not shaped as the spec says."""
    document = load_yaml_file(path, display_name=f"spec/{path.name}")
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("facts"), dict):
        raise ContentError(document.file, 1, "the data dictionary has no `facts` mapping")
    facts = {}
    for fact_id, raw in data["facts"].items():
        if not isinstance(raw, dict) or raw.get("type") not in NODE_TYPE_FOR:
            raise ContentError(
                document.file,
                document.line_of(("facts", fact_id)),
                f"fact '{fact_id}' has no known type",
            )
        values = tuple(
            str(v).lower() if isinstance(v, bool) else str(v) for v in raw.get("values", [])
        )
        facts[fact_id] = FactSpec(
            id=fact_id,
            type=raw["type"],
            values=tuple("yes" if v == "true" else "no" if v == "false" else v for v in values),
            asked_when=" ".join(str(raw.get("asked_when", "always")).split()),
            line=document.line_of(("facts", fact_id)),
        )
    groups = {name: tuple(values) for name, values in (data.get("groups") or {}).items()}
    return Dictionary(facts=facts, groups=groups, document=document)
