"""The fast validator (fastjsonschema, compiled as draft 7) and the full one (jsonschema, draft
2020-12) must give the same verdict, or content could pass one and fail the other (ADR 0026)."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import validators

from tests.core.test_loader import test_schema_mistakes_name_file_line_and_field as schema_cases
from tests.core.test_properties import generated_graphs
from tests.support.graphs import BASIC, variant
from wizard import PROJECT_ROOT
from wizard.core.schema import (
    COMPILED_DRAFT,
    SCHEMA_DRAFT,
    fast_validator,
    load_schema,
    schema_errors,
)
from wizard.core.yamlsource import SourceDocument, parse_yaml

QUESTIONS = PROJECT_ROOT / "questions"
SCHEMAS = QUESTIONS / "schemas"

#: Each shipped content file and the schema it is checked against.
SHIPPED = {
    "graph.yaml": "questions",
    "nodes/*.yaml": "questions",
    "actions/*.yaml": "actions",
    "glossary.yaml": "glossary",
    "notices.yaml": "notices",
    "locality.yaml": "locality",
    "directory/mapping.yaml": "directory-mapping",
}

#: Keywords that mean the same in draft 7 and draft 2020-12, as fastjsonschema and jsonschema
#: apply them. Not here on purpose: `format` (fastjsonschema asserts it, jsonschema by default
#: does not), array-form `items` and `additionalItems` (2020-12 has `prefixItems`), `dependencies`,
#: `$anchor`, `$dynamicRef`, `unevaluated*` and `dependent*` (2020-12 only or changed).
SAME_IN_BOTH = frozenset(
    {
        "$schema", "$id", "$ref", "$defs", "$comment", "title", "description", "default",
        "examples", "type", "enum", "const", "properties", "patternProperties", "required",
        "additionalProperties", "propertyNames", "minProperties", "maxProperties", "items",
        "minItems", "maxItems", "uniqueItems", "contains", "minLength", "maxLength", "pattern",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "oneOf",
        "anyOf", "allOf", "not", "if", "then", "else",
    }
)  # fmt: skip
#: Keywords beside `$ref` that draft 7 would ignore but 2020-12 applies (so none may appear).
ANNOTATIONS = frozenset({"$comment", "title", "description", "default", "examples"})
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions")
_ONE_SCHEMA = ("additionalProperties", "propertyNames", "items", "contains", "not", "if", "then")
_ONE_SCHEMA += ("else",)
_SCHEMA_LISTS = ("oneOf", "anyOf", "allOf")


def schema_files() -> list[Path]:
    return sorted(SCHEMAS.glob("*.schema.json"))


def subschemas(schema: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object inside `schema`, with a JSON pointer to it."""
    if not isinstance(schema, dict):
        return
    yield where, schema
    for keyword in _SCHEMA_MAPS:
        for name, inner in schema.get(keyword, {}).items():
            yield from subschemas(inner, f"{where}/{keyword}/{name}")
    for keyword in _ONE_SCHEMA:
        if keyword in schema:
            yield from subschemas(schema[keyword], f"{where}/{keyword}")
    for keyword in _SCHEMA_LISTS:
        for index, inner in enumerate(schema.get(keyword, [])):
            yield from subschemas(inner, f"{where}/{keyword}/{index}")


@pytest.mark.parametrize("path", schema_files(), ids=lambda p: p.name)
def test_each_schema_declares_the_draft_the_full_validator_checks(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == SCHEMA_DRAFT
    assert validators.validator_for(schema).META_SCHEMA["$id"] == SCHEMA_DRAFT
    assert COMPILED_DRAFT != SCHEMA_DRAFT  # so the keyword check below is needed


@pytest.mark.parametrize("path", schema_files(), ids=lambda p: p.name)
def test_each_schema_uses_only_keywords_that_mean_the_same_in_the_compiled_draft(path):
    unsafe = []
    for where, schema in subschemas(load_schema(path)):
        unsafe += [f"{where}: {key}" for key in schema if key not in SAME_IN_BOTH]
        if not isinstance(schema.get("items", {}), dict):
            unsafe.append(f"{where}: items as a list")
        if "$ref" in schema:
            unsafe += [
                f"{where}: {key} beside $ref" for key in set(schema) - ANNOTATIONS - {"$ref"}
            ]
    assert unsafe == []


def test_the_keyword_check_sees_an_unsafe_keyword():
    schema = {"type": "object", "properties": {"a": {"$ref": "#/$defs/x", "minLength": 1}}}
    schema["$defs"] = {"x": {"type": "string", "format": "email"}}
    found = {where: set(inner) for where, inner in subschemas(schema)}
    assert found["#/$defs/x"] == {"type", "format"}
    assert found["#/properties/a"] == {"$ref", "minLength"}


def fast_passes(document: SourceDocument, schema: str) -> bool:
    try:
        fast_validator(SCHEMAS / f"{schema}.schema.json")(document.data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def full_passes(document: SourceDocument, schema: str) -> bool:
    return schema_errors(document, load_schema(SCHEMAS / f"{schema}.schema.json")) == []


def shipped_documents() -> list[tuple[str, str]]:
    found = []
    for pattern, schema in SHIPPED.items():
        paths = sorted(QUESTIONS.glob(pattern))
        assert paths, pattern  # a renamed file must not silently drop out of the guard
        found += [(path.relative_to(QUESTIONS).as_posix(), schema) for path in paths]
    return found


@pytest.mark.parametrize(("name", "schema"), shipped_documents())
def test_both_validators_accept_the_shipped_content(name, schema):
    document = parse_yaml((QUESTIONS / name).read_text(encoding="utf-8"), name)
    assert fast_passes(document, schema)
    assert full_passes(document, schema)


def _fixture_documents() -> list[tuple[str, str]]:
    """BASIC and each of the loader tests' schema mistakes (all files of each, by text)."""
    cases = [BASIC]
    for mark in schema_cases.pytestmark:
        if mark.name == "parametrize":
            cases += [variant(old, new) for old, new, *_ in mark.args[1]]
    assert len(cases) > 4  # BASIC and at least four mistakes
    return [(textwrap.dedent(text), name) for files in cases for name, text in files.items()]


@pytest.mark.parametrize(("text", "name"), _fixture_documents())
def test_both_validators_agree_on_the_test_fixtures(text, name):
    document = parse_yaml(text, name)
    assert fast_passes(document, "questions") == full_passes(document, "questions")


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(files=generated_graphs())
def test_both_validators_agree_on_generated_graphs(files):
    for name, text in files.items():
        document = parse_yaml(text, name)
        assert fast_passes(document, "questions") == full_passes(document, "questions")
