"""Alembic migrations for the store, run by :func:`trialfinder.store.database.ensure_schema`.

No alembic.ini: :func:`alembic_config` builds the configuration in code, so the
migrations travel inside the installed package. To add a revision (developers):

    from alembic import command
    from trialfinder.store.migrations import alembic_config
    command.revision(alembic_config(), message="what changed", rev_id="0002")

then write `upgrade()` by hand with portable `op.*` calls (SQLite and PostgreSQL).
"""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent
BASELINE_REVISION = "0001"
"""The revision matching stores created before migrations existed (schema.py's create_all)."""


def alembic_config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", str(MIGRATIONS_DIR / "versions"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config
