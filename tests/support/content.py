"""The shipped content, loaded once per test run."""

from __future__ import annotations

from functools import cache

from wizard import PROJECT_ROOT
from wizard.core.content import Content, load_content


@cache
def real_content() -> Content:
    """questions/ as shipped, loaded and checked."""
    return load_content(PROJECT_ROOT / "questions", PROJECT_ROOT / "questions" / "locality.yaml")
