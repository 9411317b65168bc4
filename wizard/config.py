"""Configuration read from the environment, with one class per run mode."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from wizard import PROJECT_ROOT

#: The secret key development mode uses when none is set. Production refuses it.
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - deliberately public, refused in production

MODES = ("production", "development", "test")


class ConfigError(RuntimeError):
    """The environment does not give a configuration the app can safely start with."""


def default_database_url(instance_path: Path) -> str:
    """Return the embedded SQLite database under instance/."""
    return f"sqlite:///{instance_path / 'wizard.db'}"


def from_environment(
    environ: dict[str, str] | None = None, overrides: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Build the app's settings from environment variables (see the README), then `overrides`."""
    env = dict(os.environ if environ is None else environ)
    overrides = overrides or {}
    if "WIZARD_ENV" in overrides:
        env["WIZARD_ENV"] = str(overrides["WIZARD_ENV"])
    mode = env.get("WIZARD_ENV", "production").strip().lower()
    if mode not in MODES:
        raise ConfigError(f"WIZARD_ENV must be one of {', '.join(MODES)}, not {mode!r}.")
    instance_path = Path(env.get("WIZARD_INSTANCE_PATH", PROJECT_ROOT / "instance"))
    settings: dict[str, Any] = {
        "WIZARD_ENV": mode,
        "SECRET_KEY": env.get("SECRET_KEY", ""),
        "DATA_KEY": env.get("DATA_KEY", ""),
        "DATABASE_URL": env.get("DATABASE_URL") or default_database_url(instance_path),
        "QUESTIONS_DIR": env.get("QUESTIONS_DIR", str(PROJECT_ROOT / "questions")),
        "LOCALITY_FILE": env.get(
            "LOCALITY_FILE", str(PROJECT_ROOT / "questions" / "locality.yaml")
        ),
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO").upper(),
        "INSTANCE_PATH": str(instance_path),
        # Behind a TLS-terminating proxy the app sees HTTP; say so here to get HSTS and Secure cookies.
        "PREFERRED_URL_SCHEME": env.get(
            "PREFERRED_URL_SCHEME", "https" if mode == "production" else "http"
        ),
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", str(64 * 1024))),
        "RETENTION_UNFINISHED_DAYS": int(env.get("RETENTION_UNFINISHED_DAYS", "90")),
        "RETENTION_FINISHED_DAYS": int(env.get("RETENTION_FINISHED_DAYS", "365")),
        "DIRECTORY_MAPPING_FILE": env.get(
            "DIRECTORY_MAPPING_FILE", str(PROJECT_ROOT / "questions" / "directory" / "mapping.yaml")
        ),
        # The address staff use, for invitation links printed by `flask users create`.
        "PUBLIC_URL": env.get("PUBLIC_URL", "http://127.0.0.1:5000"),
        # How many Local Offer services the plan lists under each action (in-area ones first).
        "PLAN_SERVICES_PER_ACTION": int(env.get("PLAN_SERVICES_PER_ACTION", "5")),
    }
    settings.update(overrides)
    if mode == "development" and not settings["SECRET_KEY"]:
        settings["SECRET_KEY"] = DEVELOPMENT_SECRET_KEY
    return {**fixed_settings(mode), **settings}


def fixed_settings(mode: str) -> dict[str, Any]:
    """Settings that follow from the mode and are not for deployers to change."""
    production = mode == "production"
    return {
        "DEBUG": False,
        "TESTING": mode == "test",
        # Tokens last as long as the session so a parent who takes an hour over a page is not thrown out.
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": production,
        "SESSION_COOKIE_NAME": "session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "TEMPLATES_AUTO_RELOAD": mode == "development",
        "SEND_FILE_MAX_AGE_DEFAULT": 3600,
    }


def check_secret_key(settings: dict[str, Any], serving: bool) -> None:
    """Refuse to serve in production with a missing, default or short secret key, or no data key."""
    if settings["WIZARD_ENV"] != "production" or not serving:
        return
    if not settings.get("DATA_KEY"):
        raise ConfigError(
            "DATA_KEY is not set. It encrypts families' answers: set it to 32 random bytes as 64 hex "
            "characters, for example the output of `python -c 'import secrets; print(secrets.token_hex(32))'`, "
            "and keep it safe: answers cannot be read without it."
        )
    key = settings.get("SECRET_KEY") or ""
    if not key:
        raise ConfigError(
            "SECRET_KEY is not set. Set it to a long random value, for example the output of "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`."
        )
    if key == DEVELOPMENT_SECRET_KEY or len(key) < 32:
        raise ConfigError("SECRET_KEY is the development default or shorter than 32 characters.")
