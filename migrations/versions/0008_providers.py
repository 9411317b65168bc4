"""Providers propose changes to their listings; editors approve or return them.

staff_provider holds each provider's organisation: a table of its own, as adding a column to
staff_user would make SQLite rebuild that table, and the rebuild's delete cascades to invitations.
dir_listing_change holds each proposed change, its decision and the reason a returned one was
given (ADR 0033).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add providers' organisations and the table of proposed listing changes."""
    op.create_table(
        "staff_provider",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["staff_user.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organization_id"], ["dir_organization.id"]),
        sa.PrimaryKeyConstraint("user_id"),
    )
    with op.batch_alter_table("staff_provider") as batch:
        batch.create_index("ix_staff_provider_organization_id", ["organization_id"], unique=False)
    op.create_table(
        "dir_listing_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=True),
        sa.Column("proposed_by", sa.Integer(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("return_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["dir_service.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["proposed_by"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dir_listing_change") as batch:
        batch.create_index("ix_dir_listing_change_service_id", ["service_id"], unique=False)
        batch.create_index(
            "ix_dir_listing_change_organization_id", ["organization_id"], unique=False
        )
        batch.create_index("ix_dir_listing_change_status", ["status"], unique=False)


def downgrade() -> None:
    """Drop the proposed changes and providers' organisations (provider accounts stay, unable to
    see any listing)."""
    op.drop_table("dir_listing_change")
    op.drop_table("staff_provider")
