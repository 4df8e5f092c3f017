"""Initial store: studies, earlier versions, locations, terms, store_meta.

Frozen copy of schema.py as of the first migration, so later edits to
schema.py never change what this revision creates. Every statement is
IF NOT EXISTS: a store created before migrations existed (by create_all)
already has these tables and is simply adopted, and a first run interrupted
half-way (SQLite DDL is not transactional under Alembic) finishes next time.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "studies",
        sa.Column("nct_id", sa.String(11), primary_key=True),
        sa.Column("raw", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("brief_title", sa.Text, nullable=False),
        sa.Column("official_title", sa.Text),
        sa.Column("overall_status", sa.String(32), nullable=False),
        sa.Column("study_type", sa.String(32), nullable=False),
        sa.Column("phases", sa.String(64), nullable=False),
        sa.Column("lead_sponsor", sa.Text),
        sa.Column("sponsor_class", sa.String(16)),
        sa.Column("conditions", sa.Text, nullable=False),
        sa.Column("sex", sa.String(8), nullable=False),
        sa.Column("min_age_years", sa.Float),
        sa.Column("max_age_years", sa.Float),
        sa.Column("healthy_volunteers", sa.Boolean),
        sa.Column("enrollment", sa.Integer),
        sa.Column("countries", sa.Text, nullable=False),
        sa.Column("location_count", sa.Integer, nullable=False),
        sa.Column("last_update_posted", sa.String(10)),
        sa.Column("first_posted", sa.String(10)),
        sa.Column("version_holder", sa.String(10)),
        sa.Column("first_stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        if_not_exists=True,
    )
    op.create_index("ix_studies_last_update", "studies", ["last_update_posted"], if_not_exists=True)
    op.create_index("ix_studies_status", "studies", ["overall_status"], if_not_exists=True)

    op.create_table(
        "study_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("nct_id", sa.String(11), sa.ForeignKey("studies.nct_id", ondelete="CASCADE"), nullable=False),
        sa.Column("raw", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("last_update_posted", sa.String(10)),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        if_not_exists=True,
    )
    op.create_index("ix_study_versions_nct", "study_versions", ["nct_id"], if_not_exists=True)

    op.create_table(
        "study_locations",
        sa.Column("nct_id", sa.String(11), sa.ForeignKey("studies.nct_id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("facility", sa.Text),
        sa.Column("city", sa.Text),
        sa.Column("state", sa.Text),
        sa.Column("zip", sa.String(32)),
        sa.Column("country", sa.Text),
        sa.Column("status", sa.String(32)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        if_not_exists=True,
    )
    op.create_index("ix_study_locations_country", "study_locations", ["country"], if_not_exists=True)

    op.create_table(
        "study_terms",
        sa.Column("nct_id", sa.String(11), sa.ForeignKey("studies.nct_id", ondelete="CASCADE"), primary_key=True),
        sa.Column("kind", sa.String(24), primary_key=True),
        sa.Column("term", sa.Text, primary_key=True),
        if_not_exists=True,
    )
    op.create_index("ix_study_terms_term", "study_terms", ["term"], if_not_exists=True)

    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        if_not_exists=True,
    )


def downgrade() -> None:
    for table in ("store_meta", "study_terms", "study_locations", "study_versions", "studies"):
        op.drop_table(table)
