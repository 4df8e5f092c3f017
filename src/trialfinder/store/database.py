"""Open the database named by a URL and make sure its schema exists."""

from __future__ import annotations

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError

from trialfinder.store.schema import metadata


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


def ensure_schema(engine: Engine) -> None:
    """Create missing tables; a no-op on an up-to-date store."""
    metadata.create_all(engine, checkfirst=True)


def has_schema(engine: Engine) -> bool:
    return inspect(engine).has_table("studies")
