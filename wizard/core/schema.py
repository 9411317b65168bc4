"""Validate content against its JSON Schema and report each problem with its file and line."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from wizard.core.yamlsource import ContentError, SourceDocument

#: The draft every schema declares, and the one jsonschema (the full validator) checks them with.
SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: fastjsonschema knows drafts 4 to 7 only, so the fast validator compiles the schemas as draft 7.
#: The schemas use only keywords that mean the same in both (tests/core/test_schema_guard.py).
COMPILED_DRAFT = "http://json-schema.org/draft-07/schema#"


@cache
def load_schema(path: Path) -> dict[str, Any]:
    """Read a JSON Schema file (cached: schemas do not change while the app runs)."""
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return schema


@cache
def fast_validator(path: Path) -> Any:
    """A compiled validator (fastjsonschema): checks a large file in milliseconds, but stops at the
    first error, so a failure is then re-checked by jsonschema to list every problem with its line."""
    schema = dict(load_schema(path))
    schema["$schema"] = COMPILED_DRAFT  # the keywords we use mean the same
    return fastjsonschema.compile(schema)


def validate(document: SourceDocument, schema_path: Path) -> list[ContentError]:
    """Check a document against the schema file; return every violation (none when valid)."""
    try:
        fast_validator(schema_path)(document.data)
    except fastjsonschema.JsonSchemaException:
        return schema_errors(document, load_schema(schema_path))
    return []


def _field_name(error: ValidationError) -> str:
    parts = [str(p) for p in error.absolute_path]
    return ".".join(parts) if parts else "(top level)"


def _plain_message(error: ValidationError) -> str:
    if isinstance(error.instance, bool):
        return (
            f"{str(error.instance).lower()} is not allowed here: YAML reads an unquoted yes, no, "
            "true or false as a yes/no value, so put quotes around it, like 'No'"
        )
    if error.validator == "required":
        return str(error.message).replace(" is a required property", " is missing")
    if error.validator == "additionalProperties":
        return str(error.message).replace("Additional properties are not allowed", "unknown field")
    return str(error.message)


def schema_errors(document: SourceDocument, schema: dict[str, Any]) -> list[ContentError]:
    """Return every schema violation in the document, in file order."""
    validator = Draft202012Validator(schema)
    found: list[ContentError] = []
    for error in validator.iter_errors(document.data):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(error.schema.get("properties", {}))
            extra = [key for key in error.instance if key not in allowed]
            if extra:  # point at the unexpected key's own line, not the start of its block
                path = (*path, extra[0])
        message = f"{_field_name(error)}: {_plain_message(error)}"
        found.append(document.error(path, message))
    found.sort(key=lambda e: (e.line or 0, e.message))
    return found
