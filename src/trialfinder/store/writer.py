"""Idempotent, batched upserts of study documents.

One transaction per batch: a batch is stored whole or not at all, so an
interrupted run leaves every stored study intact. A study whose content is
unchanged is not rewritten; a changed one keeps its previous raw version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Iterable

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.engine import Connection, Engine

from trialfinder.ctgov.archive import Document
from trialfinder.store.derive import LOCATION_COLUMNS, content_hash, location_rows, study_row
from trialfinder.store.schema import CHILD_TABLES, studies, study_locations, study_versions

DEFAULT_BATCH_SIZE = 500

# Called inside each batch's transaction with the ids whose content was inserted
# or changed, so derived indexes (search) stay in step with the rows they index.
BatchListener = Callable[[Connection, list[str]], None]
_batch_listeners: list[BatchListener] = []


def on_studies_stored(listener: BatchListener) -> BatchListener:
    """Register a listener (usable as a decorator); registering twice is a no-op."""
    if listener not in _batch_listeners:
        _batch_listeners.append(listener)
    return listener


@dataclass(frozen=True)
class Rejection:
    source: str
    reason: str


@dataclass
class WriteStats:
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"read {self.read} / inserted {self.inserted} / updated {self.updated} / "
            f"unchanged {self.unchanged} / rejected {self.rejected}"
        )


@dataclass(frozen=True)
class Prepared:
    """A study's rows, derived and ready to store; made in worker processes for bulk loads."""

    nct_id: str
    row: dict
    locations: list[tuple]  # LOCATION_COLUMNS order


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def prepare(document: Document) -> Prepared | Rejection:
    """Everything about one document that needs no database: pure, so it can run in any process."""
    if not document.ok:
        return Rejection(document.source, document.error or "unreadable")
    study = document.study
    try:
        raw_text = document.raw_bytes.decode("utf-8")
        return Prepared(
            study.nct_id,
            study_row(study, raw_text, content_hash(study), _utcnow()),
            location_rows(study),
        )
    except (ValueError, TypeError, AttributeError, OverflowError) as exc:
        return Rejection(document.source, f"record has fields of an unexpected type ({exc})")


class StudyWriter:
    """Buffers documents and stores them a batch at a time.

    `on_reject` is called for every rejected document (for live reporting);
    `before_commit` runs inside each batch's transaction (sync checkpoints).
    """

    def __init__(
        self,
        engine: Engine,
        batch_size: int = DEFAULT_BATCH_SIZE,
        on_reject: Callable[[Rejection], None] | None = None,
    ):
        self.engine = engine
        self.batch_size = batch_size
        self.on_reject = on_reject
        self.stats = WriteStats()
        # (inserted, updated, unchanged) of the batch being committed, readable from
        # `before_commit` (a checkpoint can record totals that include its own batch).
        self.batch_counts: tuple[int, int, int] = (0, 0, 0)
        self._pending: dict[str, Prepared] = {}

    def _reject(self, rejection: Rejection) -> None:
        self.stats.rejected += 1
        self.stats.rejections.append(rejection)
        if self.on_reject:
            self.on_reject(rejection)

    def add(self, document: Document) -> None:
        self.add_prepared(prepare(document))

    def add_prepared(self, prepared: Prepared | Rejection) -> None:
        self.stats.read += 1
        if isinstance(prepared, Rejection):
            self._reject(prepared)
            return
        if prepared.nct_id in self._pending:
            # The same study twice in one batch: store the first before taking the second.
            self.flush()
        self._pending[prepared.nct_id] = prepared
        if len(self._pending) >= self.batch_size:
            self.flush()

    def add_all(self, documents: Iterable[Document]) -> WriteStats:
        for document in documents:
            self.add(document)
        self.flush()
        return self.stats

    def flush(self, before_commit: Callable[[Connection], None] | None = None) -> None:
        batch = list(self._pending.values())
        self._pending.clear()
        if not batch and before_commit is None:
            return
        with self.engine.begin() as conn:
            counts = _store_batch(conn, batch) if batch else (0, 0, 0)
            self.batch_counts = counts
            if before_commit is not None:
                before_commit(conn)
        self.batch_counts = (0, 0, 0)
        inserted, updated, unchanged = counts
        self.stats.inserted += inserted
        self.stats.updated += updated
        self.stats.unchanged += unchanged


def _insert_rows(conn: Connection, table: Table, rows: list[dict]) -> None:
    """Many rows at once: COPY on PostgreSQL (several times faster than executemany), INSERT elsewhere."""
    if not rows:
        return
    columns = [c.name for c in table.columns if c.name in rows[0]]
    if conn.dialect.name == "postgresql":
        _copy_rows(conn, table, columns, ([row[name] for name in columns] for row in rows))
        return
    conn.execute(insert(table), rows)


def _insert_tuples(conn: Connection, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Rows of plain values (str, int, float, bool, None) in `columns` order, straight to the driver: no per-value
    processing by SQLAlchemy (most of the cost for the many small location rows)."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        _copy_rows(conn, table, columns, rows)
        return
    if conn.dialect.name == "sqlite":
        preparer = conn.dialect.identifier_preparer
        names = ", ".join(preparer.quote(name) for name in columns)
        statement = f"INSERT INTO {preparer.format_table(table)} ({names}) VALUES ({', '.join('?' * len(columns))})"
        conn.connection.driver_connection.executemany(statement, rows)
        return
    conn.execute(insert(table), [dict(zip(columns, row)) for row in rows])


def _copy_rows(conn: Connection, table: Table, columns, rows: Iterable) -> None:
    preparer = conn.dialect.identifier_preparer
    names = ", ".join(preparer.quote(name) for name in columns)
    with conn.connection.driver_connection.cursor() as cursor:  # same connection, same transaction
        with cursor.copy(f"COPY {preparer.format_table(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _store_batch(conn: Connection, batch: list[Prepared]) -> tuple[int, int, int]:
    ids = [p.nct_id for p in batch]
    existing = {
        row.nct_id: row
        for row in conn.execute(
            select(studies.c.nct_id, studies.c.content_hash, studies.c.first_stored_at).where(studies.c.nct_id.in_(ids))
        )
    }
    new = [p for p in batch if p.nct_id not in existing]
    changed = [p for p in batch if p.nct_id in existing and existing[p.nct_id].content_hash != p.row["content_hash"]]
    unchanged_ids = [p.nct_id for p in batch if p.nct_id in existing and existing[p.nct_id].content_hash == p.row["content_hash"]]
    now = _utcnow()

    if changed:
        changed_ids = [p.nct_id for p in changed]
        old_rows = conn.execute(
            select(
                studies.c.nct_id, studies.c.raw, studies.c.content_hash, studies.c.last_update_posted, studies.c.content_changed_at
            ).where(studies.c.nct_id.in_(changed_ids))
        ).all()
        conn.execute(
            insert(study_versions),
            [
                {
                    "nct_id": old.nct_id,
                    "raw": old.raw,
                    "content_hash": old.content_hash,
                    "last_update_posted": old.last_update_posted,
                    "stored_at": old.content_changed_at,
                    "replaced_at": now,
                }
                for old in old_rows
            ],
        )
        for table in CHILD_TABLES:
            conn.execute(delete(table).where(table.c.nct_id.in_(changed_ids)))
        for prepared in changed:
            values = dict(prepared.row)
            values.pop("nct_id")
            values["first_stored_at"] = existing[prepared.nct_id].first_stored_at
            conn.execute(update(studies).where(studies.c.nct_id == prepared.nct_id).values(**values))

    if new:
        _insert_rows(conn, studies, [p.row for p in new])

    fresh = new + changed
    _insert_tuples(conn, study_locations, LOCATION_COLUMNS, [row for p in fresh for row in p.locations])

    if unchanged_ids:
        conn.execute(update(studies).where(studies.c.nct_id.in_(unchanged_ids)).values(last_seen_at=now))
    if fresh:
        fresh_ids = [p.nct_id for p in fresh]
        for listener in _batch_listeners:
            listener(conn, fresh_ids)
    return len(new), len(changed), len(unchanged_ids)
