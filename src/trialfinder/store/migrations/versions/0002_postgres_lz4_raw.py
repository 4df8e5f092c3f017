"""PostgreSQL: compress raw study JSON with lz4 instead of pglz.

Storing a study's raw JSON dominated bulk-load time on PostgreSQL (pglz is
slow); lz4 cuts the studies insert about 3x for similar size. Storage-only:
no column changes, a no-op on SQLite and on servers without lz4 (PG < 14 or
built without it). Rows already stored keep their compression until rewritten.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_RAW_COLUMNS = (("studies", "raw"), ("study_versions", "raw"))


def _lz4_available() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    return bool(
        bind.execute(
            sa.text("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)")
        ).scalar()
    )


def _set_compression(method: str) -> None:
    if not _lz4_available():
        return
    for table, column in _RAW_COLUMNS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method}")


def upgrade() -> None:
    _set_compression("lz4")


def downgrade() -> None:
    _set_compression("pglz")
