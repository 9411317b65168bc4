"""Our YAML loader types plain scalars itself (for speed and line numbers): on the shipped content
it must give what `yaml.safe_load` gives, apart from the two differences it makes on purpose."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml

from wizard import PROJECT_ROOT
from wizard.core.yamlsource import parse_yaml

QUESTIONS = PROJECT_ROOT / "questions"
SHIPPED = sorted(QUESTIONS.rglob("*.yaml"))


def _typed_key(text: str) -> Any:
    """A mapping key typed as safe_load types it (`on:` is True in YAML 1.1)."""
    loader = yaml.SafeLoader("")
    try:
        tag = loader.resolve(yaml.ScalarNode, text, (True, False))
        return loader.construct_object(yaml.ScalarNode(tag, text))
    finally:
        loader.dispose()


def as_safe_load_would(value: Any) -> Any:
    """Our loader's data with its keys typed as safe_load types them."""
    if isinstance(value, dict):
        return {_typed_key(key): as_safe_load_would(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_safe_load_would(item) for item in value]
    return value


def dates_as_text(value: Any) -> Any:
    """safe_load's data with dates as ISO text, as our loader keeps them on purpose."""
    if isinstance(value, dict):
        return {dates_as_text(key): dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [dates_as_text(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value


def test_the_shipped_content_is_all_here():
    assert len(SHIPPED) > 20
    assert QUESTIONS / "graph.yaml" in SHIPPED


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(QUESTIONS).as_posix())
def test_scalars_are_typed_as_safe_load_types_them(path):
    text = path.read_text(encoding="utf-8")
    ours = parse_yaml(text, path.name).data
    assert as_safe_load_would(ours) == dates_as_text(yaml.safe_load(text))


def test_the_comparison_sees_a_wrongly_typed_scalar():
    text = "a: yes\nb: 0.5\nc: ~\nd: 2026-03-01\non: 3\n"
    ours = parse_yaml(text, "x.yaml").data
    assert ours == {"a": True, "b": 0.5, "c": None, "d": "2026-03-01", "on": 3}
    assert as_safe_load_would(ours) == dates_as_text(yaml.safe_load(text))
    assert as_safe_load_would({**ours, "a": "yes"}) != dates_as_text(yaml.safe_load(text))
