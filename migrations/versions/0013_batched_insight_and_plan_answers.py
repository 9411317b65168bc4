"""Sections reached and answers to "Did this plan help?" wait sealed, and are released in batches.

insight_section_pending holds a section reached until the daily release counts a shuffled batch in
insight_section_reached; plan_answer_pending holds an answer to "Did this plan help?" until the
daily release moves a shuffled batch into local_offer_comment. Both have a random key, no rowid on
SQLite and only a month in the clear (ADR 0041).

Plan answers already in local_offer_comment get their month as their `updated_at` too: the exact
time they were sent (or last triaged, which nothing reads) could be matched with a finished plan,
and on PostgreSQL the update gives them all this migration's transaction id.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the two waiting tables; cut the plan answers' `updated_at` to their month."""
    op.create_table(
        "insight_section_pending",
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("data_key", sa.String(length=120), nullable=False),
        sa.Column("sealed", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("ref"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "plan_answer_pending",
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data_key", sa.String(length=120), nullable=False),
        sa.Column("sealed", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("ref"),
        sqlite_with_rowid=False,
    )
    # created_at of a plan answer was already its month (wizard/storage/local_offer_comments.py).
    op.execute("UPDATE local_offer_comment SET updated_at = created_at WHERE audience = 'plan'")


def downgrade() -> None:
    """Drop the waiting tables (what waits in them is lost; nothing else changes back)."""
    op.drop_table("plan_answer_pending")
    op.drop_table("insight_section_pending")
