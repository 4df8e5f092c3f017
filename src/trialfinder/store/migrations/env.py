"""Alembic environment: always handed a live connection by ensure_schema (no URL, no ini)."""

from __future__ import annotations

from alembic import context

from trialfinder.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("trialfinder migrations run through trialfinder.store.database.ensure_schema(engine)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copy
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
