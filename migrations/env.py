"""Alembic environment: the database URL comes from the app's configuration, never from an ini file."""

from alembic import context

import wizard.storage.directory_models
import wizard.storage.staff_models  # noqa: F401  (registers the staff tables)
from wizard.storage.db import make_engine
from wizard.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    """Emit SQL to standard output without a database connection (`--sql`)."""
    context.configure(
        url=config.attributes["database_url"],
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations over a connection; batch mode lets SQLite alter tables."""
    # No statement timeout: building an index on a large table may rightly take minutes.
    engine = make_engine(config.attributes["database_url"], statement_timeout_ms=0)
    with engine.connect() as connection:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
