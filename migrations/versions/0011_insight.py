"""Anonymous records of finished plans, for the council's insight.

insight_plan holds one anonymous record a finished plan (month, age band, option values, action ids;
a random key, no rowid on SQLite); insight_count keeps a month's counts of the listed values (needs areas, actions, unmet
actions); insight_section_reached counts, a month, the answers that first
reached each section. Neither shares a column with an assessment (ADR 0035).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels = None
depends_on = None

#: The columns each insight view counts, indexed with the month (as in wizard/storage/insight.py).
COUNTED = ("age_band", "setting", "ehc_status")


def upgrade() -> None:
    """Add the insight tables."""
    op.create_table(
        "insight_plan",
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("age_band", sa.String(length=16), nullable=False),
        sa.Column("setting", sa.String(length=40), nullable=False),
        sa.Column("ehc_status", sa.String(length=40), nullable=False),
        sa.Column("needs_areas", sa.Text(), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("unmet", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("ref"),
        sqlite_with_rowid=False,
    )
    for name in COUNTED:
        op.create_index(f"ix_insight_plan_{name}", "insight_plan", ["month", name])
    op.create_table(
        "insight_count",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("measure", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=80), nullable=False),
        sa.Column("area", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "measure", "value", "area"),
    )
    op.create_table(
        "insight_pending",
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column("data_key", sa.String(length=120), nullable=False),
        sa.Column("sealed", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("ref"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "insight_section_reached",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("section", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "section"),
    )


def downgrade() -> None:
    """Drop the insight tables (their counts are lost)."""
    op.drop_table("insight_section_reached")
    op.drop_table("insight_pending")
    op.drop_table("insight_count")
    for name in COUNTED:
        op.drop_index(f"ix_insight_plan_{name}", table_name="insight_plan")
    op.drop_table("insight_plan")
