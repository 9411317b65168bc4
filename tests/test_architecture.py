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


WIZARD = CORE.parent
WEB = WIZARD / "web"


def _is_view_module(path: Path) -> bool:
    """A view module defines a Blueprint."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Blueprint":
            return True
    return False


def _view_modules() -> set[str]:
    return {f"wizard.web.{path.stem}" for path in WEB.glob("*.py") if _is_view_module(path)}


def _names_from_views(path: Path, views: set[str]) -> set[tuple[str, str, str]]:
    """Every (file, module, name) `path` imports from a view module."""
    found: set[tuple[str, str, str]] = set()
    where = str(path.relative_to(WIZARD.parent))
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module in views:
            found.update((where, node.module, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module == "wizard.web":
            found.update(
                (where, f"wizard.web.{alias.name}", "*")
                for alias in node.names
                if f"wizard.web.{alias.name}" in views
            )
        elif isinstance(node, ast.Import):
            found.update((where, alias.name, "*") for alias in node.names if alias.name in views)
    return found


def test_the_view_modules_are_found():
    views = _view_modules()
    assert {"wizard.web.journey", "wizard.web.plan", "wizard.web.staff_auth"} <= views
    assert "wizard.web.context" not in views and "wizard.web.case_access" not in views


def test_no_web_module_imports_from_a_view_module():
    views = _view_modules()
    found: set[tuple[str, str, str]] = set()
    # The command line too: it shares the API's computation, never a view's helper.
    for path in [*sorted(WEB.glob("*.py")), WIZARD / "cli.py"]:
        found |= _names_from_views(path, views)
    assert found == set()


def test_only_the_app_registers_view_modules():
    found = _names_from_views(WIZARD / "app.py", _view_modules())
    assert found, "app.py registers the blueprints"
    assert {name for _where, _module, name in found} == {"*"}, "app.py imports whole modules only"


def test_services_import_no_framework():
    files = sorted((WIZARD / "services").rglob("*.py"))
    assert files, "wizard/services has no Python files"
    for path in files:
        roots = _imported_roots(path)
        assert not roots & {"flask", "flask_wtf", "wtforms", "werkzeug"}, path.name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [m for m in modules if m.startswith("wizard.web")], path.name
