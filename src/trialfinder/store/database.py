"""Open the database named by a URL and bring its schema up to date (Alembic migrations)."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError

# Any fixed number: PostgreSQL sessions upgrading the same database at once queue on it.
_MIGRATION_LOCK_ID = 7_461_220_260


class StoreError(RuntimeError):
    """A database problem worth a one-line message to the operator."""


def normalise_url(url: str) -> str:
    """Accept the URLs operators write (postgresql://, postgres://) and pick our drivers."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _tune_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # The 2 MB default cache makes index inserts and lookups miss more and more as the
    # store grows; 64 MB per connection plus memory-mapped reads keeps them flat.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def open_engine(url: str) -> Engine:
    try:
        parsed = make_url(normalise_url(url))
    except ArgumentError as exc:
        raise StoreError(f"cannot understand database URL {url!r}: expected sqlite:///FILE or postgresql://...") from exc
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or postgresql://")
    engine = create_engine(parsed, future=True, pool_pre_ping=parsed.get_backend_name() == "postgresql")
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _tune_sqlite)
    return engine


@lru_cache(maxsize=1)
def _script_directory():
    from alembic.script import ScriptDirectory

    from trialfinder.store.migrations import alembic_config

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return _script_directory().get_current_head()


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def ensure_schema(engine: Engine) -> None:
    """Run the migrations up to head (Alembic `upgrade head`); a quick no-op on an up-to-date store.

    A store created before migrations existed has the baseline tables but no
    `alembic_version`: the baseline revision adopts it (its DDL is IF NOT EXISTS)
    and later revisions run as usual.
    """
    from alembic import command

    from trialfinder.store.migrations import alembic_config

    head = head_revision()
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
        if current_revision(conn) == head:
            return
        command.upgrade(alembic_config(conn), "head")


def has_schema(engine: Engine) -> bool:
    return inspect(engine).has_table("studies")
