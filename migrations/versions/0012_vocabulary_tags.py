"""Vocabulary tags and a name-ordered index, for the ORUK taxonomy filters (ADR 0038).

Each service gets one dir_service_tag row of kind "vocabulary" per taxonomy its terms come from,
worked out here for what is stored and by the importer from then on.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Index services by name and id; tag each service with its terms' vocabularies."""
    op.create_index("ix_dir_service_name_id", "dir_service", ["name", "id"])
    op.execute(
        "INSERT INTO dir_service_tag (service_id, kind, value) "
        "SELECT DISTINCT a.service_id, 'vocabulary', t.taxonomy_id "
        "FROM dir_attribute a JOIN dir_taxonomy_term t ON t.id = a.taxonomy_term_id "
        "WHERE t.taxonomy_id IS NOT NULL AND t.taxonomy_id <> ''"
    )


def downgrade() -> None:
    """Drop the vocabulary tags and the index."""
    op.execute("DELETE FROM dir_service_tag WHERE kind = 'vocabulary'")
    op.drop_index("ix_dir_service_name_id", table_name="dir_service")
