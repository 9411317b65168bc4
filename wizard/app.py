"""The application factory: configuration, extensions, blueprints, content loaded and checked once."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask_wtf.csrf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import BytecodeCache, ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from jinja2.bccache import Bucket
from werkzeug.middleware.proxy_fix import ProxyFix

from wizard import PROJECT_ROOT, cli, logs
from wizard.config import check_secret_key, from_environment
from wizard.core.content import Content, content_files, load_content
from wizard.core.yamlsource import ContentProblems
from wizard.directory.mapping import DirectoryMapping, condition_values, load_mapping
from wizard.documents import pdf
from wizard.storage import db, migrate
from wizard.storage.sealing import Sealer, key_from_secret, key_from_setting
from wizard.web import (
    admin,
    annual_review,
    api,
    assets,
    caseload,
    compliance,
    coproduction_admin,
    directory,
    downloads,
    editor,
    errors,
    feedback,
    filters,
    health,
    insight,
    journey,
    listing_review,
    local_offer,
    oruk_api,
    pages,
    plan,
    provider,
    security,
    staff_auth,
)
from wizard.web.body_limit import ChunkedBodyLimit

csrf = CSRFProtect()


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates shared by every app in the process (GOV.UK macros are slow to compile)."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill the bucket from memory when this template was compiled before."""
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Remember a freshly compiled template."""
        self._store[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CACHE = _MemoryBytecodeCache()


def _serving_requests() -> bool:
    """True unless the app was loaded for a `flask` command other than `run` (which serves nobody)."""
    ctx = click.get_current_context(silent=True)
    return ctx is None or ctx.info_name == "run"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app from the environment, with `config` overriding it (tests pass their own)."""
    settings = from_environment(overrides=config)
    serving = _serving_requests()
    check_secret_key(settings, serving)
    if not settings["SECRET_KEY"]:
        # A command-line task signs nothing a browser keeps; a throwaway key keeps Flask-WTF quiet.
        settings["SECRET_KEY"] = secrets.token_hex(32)

    app = Flask(
        "wizard",
        root_path=str(PROJECT_ROOT),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=settings["INSTANCE_PATH"],
    )
    app.config.update(settings)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.wsgi_app = ChunkedBodyLimit(app.wsgi_app, lambda: app.config["MAX_CONTENT_LENGTH"])  # type: ignore[method-assign]
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(PROJECT_ROOT / "templates")),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    app.jinja_env.bytecode_cache = _TEMPLATE_CACHE
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    content = _load_content(app, serving)
    app.jinja_env.globals.update(
        locality=content.locality if content else None, service_name="SEND Pathway Planner"
    )

    app.extensions["sealer"] = Sealer(
        key_from_setting(app.config["DATA_KEY"])
        if app.config["DATA_KEY"]
        else key_from_secret(app.config["SECRET_KEY"])
    )
    logs.init_app(app)
    security.init_app(app)  # first, so every later hook and error page has a request id
    csrf.init_app(app)
    WTFormsHelpers(app)
    errors.init_app(app)
    db.init_app(app)
    migrate.init_app(app)
    for module in (
        assets,
        pages,
        feedback,
        health,
        api,
        journey,
        plan,
        downloads,
        directory,
        oruk_api,
        staff_auth,
        caseload,
        admin,
        editor,
        local_offer,
        coproduction_admin,
        annual_review,
        compliance,
        provider,
        listing_review,
        insight,
    ):
        app.register_blueprint(module.blueprint)
    # A JSON API that uses no cookie and stores nothing: CSRF cannot apply to it.
    csrf.exempt(api.blueprint)
    staff_auth.init_app(app)
    cli.init_app(app)
    filters.init_app(app)
    if _warm_renderer_wanted(app, serving):
        # In the background: the renderer warms up in its own process while the app starts serving.
        pdf.start_warm()
    return app


def _warm_renderer_wanted(app: Flask, serving: bool) -> bool:
    """Start the PDF renderer with a serving app; not in a test run, unless PDF_WARM_START says so.

    A test run is WIZARD_ENV=test in the process environment (as for password hashing), so the
    many production-mode apps tests make in process start no renderer they do not use.
    """
    asked = app.config.get("PDF_WARM_START")
    if asked is not None:
        return bool(asked)
    test_run = os.environ.get("WIZARD_ENV", "").strip().lower() == "test"
    return serving and not test_run and app.config["WIZARD_ENV"] != "test"


def _fingerprint(questions_dir: Path, locality_file: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every content file: changes when any file changes."""
    files = content_files(questions_dir, locality_file)
    return tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.exists())


@lru_cache(maxsize=8)
def _checked_content(questions_dir: Path, locality_file: Path, _fingerprint: object) -> Content:
    """Load and check content once per version of the files (apps made in tests share it)."""
    return load_content(questions_dir, locality_file)


def _load_content(app: Flask, serving: bool) -> Content | None:
    """Load and check questions/ once. A server refuses bad content; a command keeps the problems.

    `flask questions check` must be able to report broken content, so only serving fails here.
    """
    questions_dir, locality_file = (
        Path(app.config["QUESTIONS_DIR"]),
        Path(app.config["LOCALITY_FILE"]),
    )
    try:
        content = _checked_content(
            questions_dir, locality_file, _fingerprint(questions_dir, locality_file)
        )
    except ContentProblems as problems:
        if serving:
            raise
        app.extensions["content_problems"] = problems
        return None
    app.extensions["content"] = content
    try:
        app.extensions["directory_mapping"] = _checked_mapping(
            Path(app.config["DIRECTORY_MAPPING_FILE"]),
            tuple(content.actions.categories.items()),
            tuple(action.id for action in content.actions.actions),
            condition_values(content.graph),
            _fingerprint_of(app),
        )
    except ContentProblems as problems:
        if serving:
            raise
        app.extensions["content_problems"] = problems
    return content


def _fingerprint_of(app: Flask) -> tuple[str, int, int]:
    path = Path(app.config["DIRECTORY_MAPPING_FILE"])
    stat = path.stat() if path.exists() else None
    return (str(path), stat.st_size if stat else -1, stat.st_mtime_ns if stat else -1)


@lru_cache(maxsize=8)
def _checked_mapping(
    path: Path,
    categories: tuple[tuple[str, str], ...],
    action_ids: tuple[str, ...],
    conditions: tuple[str, ...],
    _fingerprint: object,
) -> DirectoryMapping:
    """Load and check the directory mapping against the content's categories, actions and
    conditions."""
    return load_mapping(path, dict(categories), action_ids, conditions)
