"""Encryption at rest: each assessment's wrapped data key.

Rows saved before this stay readable as they are and are sealed the next time they are saved.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the data_key column."""
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("data_key", sa.String(length=120), nullable=True))


def downgrade() -> None:
    """Drop the data_key column (sealed rows then cannot be read: restore from a backup instead)."""
    with op.batch_alter_table("assessment") as batch:
        batch.drop_column("data_key")
