"""Listing review dates, problem reports from the public and the record of scheduled imports.

Review dates need no column: they are counted from dir_service.assured_date with the mapping's
review period (wizard/directory/freshness.py). dir_listing_report holds reports, sealed;
dir_import_run holds one row per import or sync.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the problem report and import run tables."""
    op.create_table(
        "dir_listing_report",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "service_id",
            sa.String(length=36),
            sa.ForeignKey("dir_service.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data_key", sa.String(length=120), nullable=False),
        sa.Column("sealed_problem", sa.JSON(), nullable=False),
        sa.Column("sealed_contact", sa.JSON(), nullable=True),
        sa.Column("dealt_with_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_dir_listing_report_service_id", "dir_listing_report", ["service_id"])
    op.create_index("ix_dir_listing_report_dealt_with_at", "dir_listing_report", ["dealt_with_at"])
    op.create_table(
        "dir_import_run",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("inactivated", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("failures", sa.JSON(), nullable=False),
    )
    op.create_index("ix_dir_import_run_started_at", "dir_import_run", ["started_at"])


def downgrade() -> None:
    """Drop both tables (reports and the run history are lost)."""
    op.drop_index("ix_dir_import_run_started_at", table_name="dir_import_run")
    op.drop_table("dir_import_run")
    op.drop_index("ix_dir_listing_report_dealt_with_at", table_name="dir_listing_report")
    op.drop_index("ix_dir_listing_report_service_id", table_name="dir_listing_report")
    op.drop_table("dir_listing_report")
