"""The app factory and configuration from the environment (security rule 7)."""

from __future__ import annotations

import pytest

from tests.conftest import app_config
from wizard.app import create_app
from wizard.config import DEVELOPMENT_SECRET_KEY, ConfigError, from_environment


def test_defaults_are_production_with_an_sqlite_file_under_instance():
    settings = from_environment({})
    assert settings["WIZARD_ENV"] == "production"
    assert settings["DATABASE_URL"].startswith("sqlite:///")
    assert settings["DATABASE_URL"].endswith("instance/wizard.db")
    assert settings["LOCALITY_FILE"].endswith("questions/locality.yaml")


def test_environment_variables_are_read():
    settings = from_environment(
        {"DATABASE_URL": "postgresql+psycopg://db/x", "LOG_LEVEL": "warning", "SECRET_KEY": "k"}
    )
    assert settings["DATABASE_URL"] == "postgresql+psycopg://db/x"
    assert settings["LOG_LEVEL"] == "WARNING"
    assert settings["SECRET_KEY"] == "k"


def test_unknown_mode_is_refused():
    with pytest.raises(ConfigError, match="WIZARD_ENV must be one of"):
        from_environment({"WIZARD_ENV": "staging"})


@pytest.mark.parametrize("key", ["", DEVELOPMENT_SECRET_KEY, "too-short"])
def test_production_refuses_a_missing_default_or_short_secret_key(database_url, key):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(
            app_config(database_url, WIZARD_ENV="production", SECRET_KEY=key, DATA_KEY="ab" * 32)
        )


def test_production_starts_with_a_proper_secret_key(database_url):
    app = create_app(
        app_config(
            database_url,
            WIZARD_ENV="production",
            SECRET_KEY="s" * 40,
            DATA_KEY="ab" * 32,
            PUBLIC_URL="https://planner.demo.example",
        )
    )
    assert app.config["DEBUG"] is False
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None


def test_development_has_a_default_key_and_debug_off():
    settings = from_environment({"WIZARD_ENV": "development"})
    assert settings["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY


def test_a_bad_locality_file_stops_the_app_with_the_field_named(database_url, tmp_path):
    bad = tmp_path / "locality.yaml"
    bad.write_text("council:\n  name: X\n  local_offer_url: not-a-url\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"locality.yaml:3: council.local_offer_url"):
        create_app(app_config(database_url, LOCALITY_FILE=str(bad)))
