"""The application factory: configuration, extensions, blueprints, content loaded and checked once."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask_wtf.csrf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from wizard import PROJECT_ROOT, logs
from wizard.config import check_secret_key, from_environment
from wizard.core.locality import load_locality
from wizard.storage import db, migrate
from wizard.web import assets, errors, feedback, health, pages, security

csrf = CSRFProtect()


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
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(PROJECT_ROOT / "templates")),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    locality = load_locality(Path(app.config["LOCALITY_FILE"]))
    app.extensions["locality"] = locality
    app.jinja_env.globals.update(locality=locality, service_name="SEND Pathway Planner")

    logs.init_app(app)
    security.init_app(app)  # first, so every later hook and error page has a request id
    csrf.init_app(app)
    WTFormsHelpers(app)
    errors.init_app(app)
    db.init_app(app)
    migrate.init_app(app)
    for module in (assets, pages, feedback, health):
        app.register_blueprint(module.blueprint)
    return app
