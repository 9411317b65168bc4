"""Configuration read from the environment, with one class per run mode."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from wizard import PROJECT_ROOT
from wizard.core.insight import GRAINS

#: The secret key development mode uses when none is set. Production refuses it.
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - deliberately public, refused in production

MODES = ("production", "development", "test")

#: Where development and tests serve (`make run`), and the names this machine answers to.
LOCAL_PUBLIC_URL = "http://127.0.0.1:5000"
LOCAL_HOST_NAMES = ("127.0.0.1", "localhost")


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
        # A database that hangs gives the "service unavailable" page after a few seconds (ADR 0017).
        "DATABASE_STATEMENT_TIMEOUT_MS": int(env.get("DATABASE_STATEMENT_TIMEOUT_MS", "5000")),
        "DATABASE_CONNECT_TIMEOUT_SECONDS": int(env.get("DATABASE_CONNECT_TIMEOUT_SECONDS", "5")),
        "DATABASE_POOL_TIMEOUT_SECONDS": float(env.get("DATABASE_POOL_TIMEOUT_SECONDS", "5")),
        "DATABASE_BUSY_TIMEOUT_MS": int(env.get("DATABASE_BUSY_TIMEOUT_MS", "5000")),
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
        # The address families and staff use: links the service builds name it, and requests for
        # any other host are refused (required in production; see check_secret_key).
        "PUBLIC_URL": env.get("PUBLIC_URL", ""),
        # More host names to answer on (comma-separated), such as an old address kept for a while.
        "ALLOWED_HOSTS": env.get("ALLOWED_HOSTS", ""),
        # New sets of answers one network address may start in an hour. A council office or a
        # library puts many families behind one address, so it is generous.
        "NEW_ASSESSMENTS_PER_HOUR": int(env.get("NEW_ASSESSMENTS_PER_HOUR", "300")),
        # Comments on the Local Offer (and "Did this plan help?" answers) one network address may
        # send in an hour: generous for a shared council network, low enough to stop a flood.
        "COMMENTS_PER_HOUR": int(env.get("COMMENTS_PER_HOUR", "30")),
        # Months the anonymous insight records and counters are kept (wizard/storage/insight.py).
        "INSIGHT_RETENTION_MONTHS": int(env.get("INSIGHT_RETENTION_MONTHS", "36")),
        # What insight counts by: "month", or "quarter" so that a small area sees more than
        # "fewer than 10". Chosen once: two grains could be subtracted (ADR 0045).
        "INSIGHT_GRAIN": (env.get("INSIGHT_GRAIN") or "month").strip().lower(),
        # How many Local Offer services the plan lists under each action (in-area ones first).
        "PLAN_SERVICES_PER_ACTION": int(env.get("PLAN_SERVICES_PER_ACTION", "5")),
        # "Report a problem with this listing" forms one network address may send in an hour.
        "LISTING_REPORTS_PER_HOUR": int(env.get("LISTING_REPORTS_PER_HOUR", "20")),
        # The council's Open Referral UK API that `flask directory sync` imports (run from cron).
        "DIRECTORY_FEED_URL": env.get("DIRECTORY_FEED_URL", ""),
    }
    settings.update(overrides)
    if settings["INSIGHT_GRAIN"] not in GRAINS:
        raise ConfigError(
            f"INSIGHT_GRAIN must be one of {', '.join(GRAINS)}, not {settings['INSIGHT_GRAIN']!r}. "
            "Use quarter where a month's counts are mostly under 10, and choose once (ADR 0045)."
        )
    if mode == "development" and not settings["SECRET_KEY"]:
        settings["SECRET_KEY"] = DEVELOPMENT_SECRET_KEY
    if mode != "production" and not settings["PUBLIC_URL"]:
        settings["PUBLIC_URL"] = LOCAL_PUBLIC_URL
    settings["ALLOWED_HOST_NAMES"] = allowed_host_names(
        settings["PUBLIC_URL"], settings["ALLOWED_HOSTS"], mode
    )
    return {**fixed_settings(mode), **settings}


def allowed_host_names(public_url: str, extra: str, mode: str) -> tuple[str, ...]:
    """The host names requests may come to: PUBLIC_URL's, the extra ones, and this machine's
    outside production. A name starting with a dot allows its subdomains too."""
    names = [urlsplit(public_url).hostname or ""] + [n.strip() for n in extra.split(",")]
    if mode != "production":
        names += list(LOCAL_HOST_NAMES)
    return tuple(dict.fromkeys(name.lower() for name in names if name))


def public_url_problem(public_url: str) -> str | None:
    """What is wrong with PUBLIC_URL for production, or None."""
    if not public_url:
        return (
            "PUBLIC_URL is not set. Set it to the address families use, such as "
            "https://send-planner.example.gov.uk: links the service builds name it, and requests "
            "for any other address are refused."
        )
    parts = urlsplit(public_url)
    if parts.scheme != "https":
        return "PUBLIC_URL must start with https:// in production."
    if not parts.hostname or parts.path not in ("", "/") or parts.query or parts.fragment:
        return "PUBLIC_URL must be a web address with only a host name, such as https://send-planner.example.gov.uk."
    return None


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
    """Refuse to serve in production with a missing, default or short secret key, no data key, or
    no proper PUBLIC_URL."""
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
    problem = public_url_problem(settings.get("PUBLIC_URL") or "")
    if problem:
        raise ConfigError(problem)
