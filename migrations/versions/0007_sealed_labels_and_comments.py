"""Encryption at rest for case labels and feedback comments (they can hold names).

staff_case gains sealed_label, sealed with the case's existing data key; feedback gains its own
wrapped data_key and sealed_comments. Like 0003, this runs without the server key, so rows saved
before it stay readable as they are (the sealed column is empty): a case's label is sealed the next
time the case changes; older feedback is never changed, so it stays as it is (ADR 0018).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 04:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the sealed columns (and feedback's data key)."""
    with op.batch_alter_table("staff_case") as batch:
        batch.add_column(sa.Column("sealed_label", sa.JSON(), nullable=True))
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(sa.Column("data_key", sa.String(length=120), nullable=True))
        batch.add_column(sa.Column("sealed_comments", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop the sealed columns (sealed labels and comments are then lost: restore a backup instead)."""
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("sealed_comments")
        batch.drop_column("data_key")
    with op.batch_alter_table("staff_case") as batch:
        batch.drop_column("sealed_label")
