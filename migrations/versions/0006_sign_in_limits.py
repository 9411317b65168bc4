"""Sign-in limits that hold under concurrency, and invitations that can be cancelled.

staff_sign_in_limit holds one counter per hashed email and per hashed network address; an attempt
is counted in one guarded UPDATE before the password or code is checked. staff_invite gains
cancelled_at: a new invitation cancels the earlier ones, and accepting one cancels the rest. Links
already out that a newer invitation (or an accepted one) has overtaken are cancelled here too.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 02:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "staff_sign_in_limit",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("staff_invite", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
    # An unused link is overtaken when a newer invitation exists for the same person, or when
    # another of theirs was accepted after it was made.
    op.execute(
        "UPDATE staff_invite SET cancelled_at = CURRENT_TIMESTAMP"
        " WHERE used_at IS NULL AND ("
        " EXISTS (SELECT 1 FROM staff_invite newer"
        " WHERE newer.user_id = staff_invite.user_id AND newer.id > staff_invite.id)"
        " OR EXISTS (SELECT 1 FROM staff_invite taken"
        " WHERE taken.user_id = staff_invite.user_id AND taken.used_at IS NOT NULL"
        " AND taken.used_at >= staff_invite.created_at))"
    )


def downgrade() -> None:
    """Undo this migration (a cancelled link stays unusable: it is marked used)."""
    op.execute(
        "UPDATE staff_invite SET used_at = cancelled_at"
        " WHERE used_at IS NULL AND cancelled_at IS NOT NULL"
    )
    with op.batch_alter_table("staff_invite", schema=None) as batch_op:
        batch_op.drop_column("cancelled_at")
    op.drop_table("staff_sign_in_limit")
