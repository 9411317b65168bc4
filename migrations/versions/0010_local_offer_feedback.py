"""Comments on the Local Offer, answers to "Did this plan help?", and "You said, we did" entries.

local_offer_comment keeps each comment sealed with its own key (the words, the service named and
any contact details the person chose to give), with the editors' triage beside it; no assessment
or account is linked. you_said_we_did holds the council's published answers (issue 18).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 15:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the two tables."""
    op.create_table(
        "you_said_we_did",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("theme", sa.String(length=64), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("you_said", sa.Text(), nullable=False),
        sa.Column("we_will", sa.Text(), nullable=False),
        sa.Column("due_by", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "local_offer_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("plan_helped", sa.String(length=8), nullable=True),
        sa.Column("may_publish", sa.Boolean(), nullable=False),
        sa.Column("data_key", sa.String(length=120), nullable=False),
        sa.Column("sealed_words", sa.JSON(), nullable=False),
        sa.Column("has_contact", sa.Boolean(), nullable=False),
        sa.Column("theme", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("published_words", sa.Text(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["you_said_we_did.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_local_offer_comment_entry_id", "local_offer_comment", ["entry_id"])


def downgrade() -> None:
    """Remove the two tables."""
    op.drop_index("ix_local_offer_comment_entry_id", table_name="local_offer_comment")
    op.drop_table("local_offer_comment")
    op.drop_table("you_said_we_did")
