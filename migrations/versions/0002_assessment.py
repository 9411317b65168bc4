"""Assessments: a family's saved answers and plan, reachable through a private link.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the assessment table."""
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("content_version", sa.String(length=32), nullable=False),
        sa.Column("known_nodes", sa.JSON(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("answer_versions", sa.JSON(), nullable=False),
        sa.Column("passed", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_assessment_token_hash", "assessment", ["token_hash"], unique=True)
    op.create_index("ix_assessment_reference", "assessment", ["reference"], unique=True)


def downgrade() -> None:
    """Drop the assessment table."""
    op.drop_index("ix_assessment_reference", table_name="assessment")
    op.drop_index("ix_assessment_token_hash", table_name="assessment")
    op.drop_table("assessment")
