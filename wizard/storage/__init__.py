"""Storage: SQLAlchemy models, the engine and session per request, and Alembic migrations."""
