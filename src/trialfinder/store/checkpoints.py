"""Sync bookkeeping in `store_meta`: the resume checkpoint and the record of finished syncs.

Every function takes a Connection so the caller decides the transaction: the
checkpoint is written in the same transaction as the page of studies it
describes, so the store and its checkpoint can never disagree.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.dialects import postgresql, sqlite

from trialfinder.store.schema import store_meta

CHECKPOINT_KEY = "sync.checkpoint"
LAST_SYNC_KEY = "sync.last"
BASELINE_PREFIX = "sync.since."  # + fingerprint of the filters: where the next incremental run starts
# Plain keys read by older code and by operators with a SQL prompt.
LAST_SYNC_FINISHED_KEY = "last_sync_finished_at"
DATA_TIMESTAMP_KEY = "data_timestamp"


def read_value(conn: Connection, key: str) -> str | None:
    return conn.execute(select(store_meta.c.value).where(store_meta.c.key == key)).scalar_one_or_none()


def write_value(conn: Connection, key: str, value: str) -> None:
    """Insert or replace one key, atomically on both backends."""
    dialect = conn.dialect.name
    if dialect in ("postgresql", "sqlite"):
        module = postgresql if dialect == "postgresql" else sqlite
        statement = module.insert(store_meta).values(key=key, value=value)
        conn.execute(statement.on_conflict_do_update(index_elements=[store_meta.c.key], set_={"value": value}))
        return
    if conn.execute(update(store_meta).where(store_meta.c.key == key).values(value=value)).rowcount == 0:
        conn.execute(store_meta.insert().values(key=key, value=value))


def delete_value(conn: Connection, key: str) -> None:
    conn.execute(delete(store_meta).where(store_meta.c.key == key))


def insert_if_absent(conn: Connection, key: str, value: str) -> bool:
    """Store `value` only if `key` is free; True if it was stored. Atomic on both backends."""
    module = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = module.insert(store_meta).values(key=key, value=value).on_conflict_do_nothing(index_elements=[store_meta.c.key])
    return conn.execute(statement).rowcount == 1


def compare_and_swap(conn: Connection, key: str, expected: str, value: str) -> bool:
    """Replace `key`'s value only if it still is `expected`; True if it was replaced."""
    statement = update(store_meta).where(store_meta.c.key == key, store_meta.c.value == expected).values(value=value)
    return conn.execute(statement).rowcount == 1


def delete_if_equal(conn: Connection, key: str, expected: str) -> bool:
    return conn.execute(delete(store_meta).where(store_meta.c.key == key, store_meta.c.value == expected)).rowcount == 1


def read_json(conn: Connection, key: str) -> Any:
    """The JSON stored under `key`, or None when absent or unreadable (a damaged entry is ignored, not fatal)."""
    value = read_value(conn, key)
    if value is None:
        return None
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        return None


def write_json(conn: Connection, key: str, value: Any) -> None:
    write_value(conn, key, orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode())


def filters_fingerprint(filters: dict) -> str:
    """A short stable name for a set of sync filters (condition, query, statuses, base URL)."""
    return hashlib.sha256(orjson.dumps(filters, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]


def read_checkpoint(engine: Engine) -> dict | None:
    with engine.connect() as conn:
        value = read_json(conn, CHECKPOINT_KEY)
    return value if isinstance(value, dict) else None


def read_last_sync(engine: Engine) -> dict | None:
    with engine.connect() as conn:
        value = read_json(conn, LAST_SYNC_KEY)
    return value if isinstance(value, dict) else None


def read_baseline(engine: Engine, fingerprint: str) -> dict | None:
    with engine.connect() as conn:
        value = read_json(conn, BASELINE_PREFIX + fingerprint)
    return value if isinstance(value, dict) else None


def record_finished_sync(conn: Connection, summary: dict, fingerprint: str | None, since_date: str | None) -> None:
    """Close a sync: forget its checkpoint, remember what it did and where the next incremental run starts."""
    delete_value(conn, CHECKPOINT_KEY)
    write_json(conn, LAST_SYNC_KEY, summary)
    write_value(conn, LAST_SYNC_FINISHED_KEY, summary["finished_at"])
    if summary.get("data_timestamp"):
        write_value(conn, DATA_TIMESTAMP_KEY, summary["data_timestamp"])
    if fingerprint and since_date:
        write_json(conn, BASELINE_PREFIX + fingerprint, {"since": since_date, "finished_at": summary["finished_at"]})
