"""Telephone numbers keep their place in a position column, so their ids need not (ADR 0043).

dir_phone had no position: pages and /oruk/ listed a service's numbers by id, so approving a
provider's change gave ids out by place and a removed number's id went to the next one. Each number
now has its place among its owner's numbers (the service's own, or one contact's). Stored numbers
get the place they were listed in, by id, so nothing families or /oruk/ see moves.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels = None
depends_on = None

# How many numbers of the same owner sort before this one by id: its place as it was listed.
# The ids are compared by the database, as its ORDER BY compared them for the pages.
_BACK_FILL = """
UPDATE dir_phone SET position = (
    SELECT COUNT(*) FROM dir_phone AS earlier
    WHERE earlier.service_id = dir_phone.service_id
      AND (earlier.contact_id = dir_phone.contact_id
           OR (earlier.contact_id IS NULL AND dir_phone.contact_id IS NULL))
      AND earlier.id < dir_phone.id
)
"""


def upgrade() -> None:
    """Add dir_phone.position and give each stored number the place it was listed in."""
    with op.batch_alter_table("dir_phone") as batch:
        batch.add_column(sa.Column("position", sa.Integer(), server_default="0", nullable=False))
    op.execute(_BACK_FILL)


def downgrade() -> None:
    """Drop the position (numbers are listed by id again)."""
    with op.batch_alter_table("dir_phone") as batch:
        batch.drop_column("position")
