"""Alembic migrations driven from the app: `flask db upgrade`, `downgrade`, `current`, `revision`."""

from __future__ import annotations

import click
from alembic import command
from alembic.config import Config
from flask import Flask, current_app
from flask.cli import AppGroup

from wizard import PROJECT_ROOT

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def alembic_config(database_url: str) -> Config:
    """Return an Alembic configuration pointing at our migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Passed as an attribute, not an ini option, so a '%' in a password needs no escaping.
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the database schema up to `revision`."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    """Take the database schema back to `revision` ('base' for empty)."""
    command.downgrade(alembic_config(database_url), revision)


db_cli = AppGroup("db", help="Manage the database schema (Alembic migrations).")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def upgrade_command(revision: str) -> None:
    """Upgrade the database to REVISION (default: the latest)."""
    upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database upgraded to {revision}.")


@db_cli.command("downgrade")
@click.argument("revision")
def downgrade_command(revision: str) -> None:
    """Downgrade the database to REVISION ('base' removes every table)."""
    downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database downgraded to {revision}.")


@db_cli.command("current")
def current_command() -> None:
    """Show the revision the database is at."""
    command.current(alembic_config(current_app.config["DATABASE_URL"]))


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the migration does.")
@click.option("--autogenerate", is_flag=True, help="Compare the models with the database.")
def revision_command(message: str, autogenerate: bool) -> None:
    """Create a new migration file in migrations/versions/."""
    command.revision(
        alembic_config(current_app.config["DATABASE_URL"]),
        message=message,
        autogenerate=autogenerate,
    )


def init_app(app: Flask) -> None:
    """Register the `flask db` commands."""
    app.cli.add_command(db_cli)
