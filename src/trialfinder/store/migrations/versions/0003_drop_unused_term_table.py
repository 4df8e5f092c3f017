"""Drop `study_terms` and the site-country index: nothing reads them.

The search index (trialfinder.search) keeps every condition, keyword and MeSH
name in its own full-text table, built from the record model; `study_terms`
duplicated that as ~30 rows a study, a large share of ingest time and disk.
Nothing queries sites by country through `ix_study_locations_country` either.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_study_locations_country")
    op.execute("DROP INDEX IF EXISTS ix_study_terms_term")
    op.execute("DROP TABLE IF EXISTS study_terms")


def downgrade() -> None:
    op.create_table(
        "study_terms",
        sa.Column("nct_id", sa.String(11), sa.ForeignKey("studies.nct_id", ondelete="CASCADE"), primary_key=True),
        sa.Column("kind", sa.String(24), primary_key=True),
        sa.Column("term", sa.Text, primary_key=True),
    )
    op.create_index("ix_study_terms_term", "study_terms", ["term"])
    op.create_index("ix_study_locations_country", "study_locations", ["country"])
