"""The pure core stays pure: wizard/core imports no web, storage, form or PDF package."""

from __future__ import annotations

import ast
from pathlib import Path

FORBIDDEN = {
    "flask",
    "flask_wtf",
    "sqlalchemy",
    "alembic",
    "wtforms",
    "weasyprint",
    "govuk_frontend_wtf",
}
CORE = Path(__file__).resolve().parent.parent / "wizard" / "core"


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_core_imports_no_framework():
    files = sorted(CORE.rglob("*.py"))
    assert files, "wizard/core has no Python files"
    offenders = {
        str(path.relative_to(CORE)): sorted(_imported_roots(path) & FORBIDDEN) for path in files
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}


def test_core_imports_nothing_from_the_rest_of_the_app():
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("wizard.")
            ):
                assert node.module.startswith("wizard.core"), f"{path.name} imports {node.module}"
