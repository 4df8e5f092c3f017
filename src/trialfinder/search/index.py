"""Create, update and rebuild the search index.

The writer calls :func:`index_studies` inside each batch's transaction (via
``on_studies_stored``), so the index never disagrees with the stored rows.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

import orjson
from sqlalchemy import bindparam, inspect, select, text
from sqlalchemy.engine import Connection, Engine

from trialfinder.ctgov.record import InvalidStudy, Study
from trialfinder.search.ddl import META_KEY, POSTGRES_DOC_SQL, POSTGRES_TAGS_SQL, SCHEMA_VERSION, create_statements, drop_statements
from trialfinder.search.documents import SearchDocument, build_document, nct_number
from trialfinder.search.tags import study_tags
from trialfinder.store.schema import store_meta, studies
from trialfinder.store.writer import on_studies_stored

REBUILD_CHUNK = 2000
PARALLEL_MIN_STUDIES = 20_000  # below this, starting worker processes costs more than it saves
SITE_ID_STRIDE = 100_000
_FILTER_NAMES = (
    "brief_title", "overall_status", "study_type", "phases", "sex", "min_age_years", "max_age_years",
    "healthy_volunteers", "sponsor_class", "countries", "conditions", "last_update_posted",
)
FILTER_COLUMNS = ", ".join(_FILTER_NAMES)
FILTER_VALUES = ", ".join(f":f_{name}" for name in _FILTER_NAMES)  # site id = nct_num * stride + position; no study has 100,000 sites


def _dialect(conn: Connection) -> str:
    return conn.dialect.name


def search_schema_exists(conn: Connection) -> bool:
    return inspect(conn).has_table("search_docs")


def _schema_version(conn: Connection) -> str | None:
    return conn.execute(select(store_meta.c.value).where(store_meta.c.key == META_KEY)).scalar_one_or_none()


def ensure_search_schema(engine: Engine, rebuild_if_created: bool = True) -> bool:
    """Create the index tables if missing (or of an older layout) and fill them; idempotent.

    Returns True when the index was (re)built.
    """
    with engine.begin() as conn:
        exists = search_schema_exists(conn)
        current = exists and _schema_version(conn) == SCHEMA_VERSION
        if current:
            return False
        for statement in drop_statements(_dialect(conn)) if exists else ():
            conn.execute(text(statement))
        for statement in create_statements(_dialect(conn)):
            conn.execute(text(statement))
        conn.execute(store_meta.delete().where(store_meta.c.key == META_KEY))
        conn.execute(store_meta.insert().values(key=META_KEY, value=SCHEMA_VERSION))
    if rebuild_if_created:
        rebuild_search_index(engine)
    return True


def _delete(conn: Connection, nums: list[int]) -> None:
    params = {"nums": nums}
    expanding = bindparam("nums", expanding=True)
    if _dialect(conn) == "sqlite":
        conn.execute(text("DELETE FROM search_fts WHERE rowid IN :nums").bindparams(expanding), params)
    for table in ("search_docs", "search_sites", "search_labels"):
        conn.execute(text(f"DELETE FROM {table} WHERE nct_num IN :nums").bindparams(expanding), params)


def _write(conn: Connection, sqlite: bool, sql: str, rows: list[dict]) -> None:
    if sqlite:  # bulk rows straight to the driver: SQLAlchemy's per-row parameter processing was a third of a rebuild
        conn.exec_driver_sql(sql, rows)
    else:
        conn.execute(text(sql), rows)


@dataclass
class IndexRows:
    """One chunk's rows for the index tables, built where the records are parsed (a worker process during a rebuild),
    so the writing process only hands them to the driver."""

    docs: list[dict] = field(default_factory=list)
    sites: list[dict] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)


def index_rows(docs: list[SearchDocument]) -> IndexRows:
    return IndexRows(
        docs=[
            {
                "nct_num": d.nct_num, "nct_id": d.nct_id, "intervention_types": d.intervention_types, "summary": d.summary,
                "conditions": d.conditions, "title": d.title, "terms": d.terms, "body": d.body,
                "tags": study_tags(d.filters.get("overall_status"), ((s.lat, s.lon) for s in d.sites if s.position < SITE_ID_STRIDE)),
                **{f"f_{k}": v for k, v in d.filters.items()},
            }
            for d in docs
        ],
        sites=[
            {
                "id": d.nct_num * SITE_ID_STRIDE + s.position, "nct_num": d.nct_num, "position": s.position, "lat": s.lat,
                "lon": s.lon, "source": s.source, "city_key": s.city_key, "zip_key": s.zip_key, "country": s.country,
            }
            for d in docs
            for s in d.sites
            if s.position < SITE_ID_STRIDE
        ],
        labels=[{"kind": k, "slug": s, "nct_num": d.nct_num, "label": l} for d in docs for (k, s, l) in d.labels],
    )


def _insert(conn: Connection, rows: IndexRows) -> None:
    if not rows.docs:
        return
    sqlite = _dialect(conn) == "sqlite"
    if sqlite:
        _write(conn, sqlite, f"INSERT INTO search_docs (nct_num, nct_id, intervention_types, summary, {FILTER_COLUMNS}) "
                             f"VALUES (:nct_num, :nct_id, :intervention_types, :summary, {FILTER_VALUES})", rows.docs)
        _write(conn, sqlite, "INSERT INTO search_fts (rowid, conditions, title, terms, body, tags) "
                             "VALUES (:nct_num, :conditions, :title, :terms, :body, :tags)", rows.docs)
    else:
        _write(conn, sqlite, f"INSERT INTO search_docs (nct_num, nct_id, intervention_types, summary, {FILTER_COLUMNS}, doc, tags) "
                             f"VALUES (:nct_num, :nct_id, :intervention_types, :summary, {FILTER_VALUES}, {POSTGRES_DOC_SQL}, "
                             f"{POSTGRES_TAGS_SQL})", rows.docs)
    if rows.sites:
        _write(conn, sqlite, "INSERT INTO search_sites (id, nct_num, position, lat, lon, source, city_key, zip_key, country) "
                             "VALUES (:id, :nct_num, :position, :lat, :lon, :source, :city_key, :zip_key, :country)", rows.sites)
    if rows.labels:
        _write(conn, sqlite, "INSERT INTO search_labels (kind, slug, nct_num, label) VALUES (:kind, :slug, :nct_num, :label)", rows.labels)


def _documents(raws: Iterable[str]) -> list[SearchDocument]:
    docs = []
    for raw in raws:
        try:
            docs.append(build_document(Study(orjson.loads(raw))))
        except (InvalidStudy, orjson.JSONDecodeError, ValueError, TypeError):
            continue  # the writer validated it; a record it accepted but we cannot read stays unindexed
    return docs


def index_studies(conn: Connection, nct_ids: list[str]) -> None:
    """Re-index these stored studies inside the caller's transaction."""
    if not nct_ids:
        return
    raws = conn.execute(select(studies.c.raw).where(studies.c.nct_id.in_(nct_ids))).scalars().all()
    _delete(conn, [nct_number(i) for i in nct_ids])
    _insert(conn, index_rows(_documents(raws)))


@on_studies_stored
def _keep_index_current(conn: Connection, nct_ids: list[str]) -> None:
    # Stores without the search tables (never searched yet), or with an index of an older layout (a sync run right after
    # an upgrade: its rows may not fit the new columns), are skipped; ensure_search_schema rebuilds them in full.
    if search_schema_exists(conn) and _schema_version(conn) == SCHEMA_VERSION:
        index_studies(conn, nct_ids)


def _clear(conn: Connection) -> None:
    tables = ["search_docs", "search_sites", "search_labels"]
    if _dialect(conn) == "sqlite":
        tables += ["search_fts"]
    for table in tables:
        conn.execute(text(f"DELETE FROM {table}"))


# Secondary indexes dropped during a full SQLite rebuild and created once at the end (one sort instead of
# millions of random b-tree inserts).
_SQLITE_DEFERRED_INDEXES = ("ix_search_docs_cover", "ix_search_sites_geo", "ix_search_sites_city", "ix_search_sites_zip", "ix_search_labels_nct")


def _parse_chunk(raws: list[str]) -> IndexRows:
    return index_rows(_documents(raws))


def _chunks(engine: Engine):
    last = ""
    while True:
        with engine.connect() as conn:
            rows = conn.execute(
                select(studies.c.nct_id, studies.c.raw).where(studies.c.nct_id > last).order_by(studies.c.nct_id).limit(REBUILD_CHUNK)
            ).all()
        if not rows:
            return
        last = rows[-1].nct_id
        yield [r.raw for r in rows]


def _parsed_chunks(engine: Engine, workers: int):
    """Index rows per chunk; with workers > 0, parsed and built in other processes while this one writes the previous chunk."""
    if workers <= 0:
        for raws in _chunks(engine):
            yield _parse_chunk(raws)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending = []
        for raws in _chunks(engine):
            pending.append(pool.submit(_parse_chunk, raws))
            if len(pending) > workers + 1:  # bounded read-ahead keeps memory flat
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def _default_workers(engine: Engine) -> int:
    with engine.connect() as conn:
        count = conn.execute(text("SELECT COUNT(*) FROM studies")).scalar_one()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cpus, 4) if count >= PARALLEL_MIN_STUDIES and cpus > 1 else 0


def rebuild_search_index(engine: Engine, progress: Callable[[int], None] | None = None, workers: int | None = None) -> int:
    """Rebuild the whole index from `studies.raw`, a chunk per transaction; returns studies indexed.

    SQLite: tables dropped and re-created empty (faster than deleting rows), secondary indexes built
    once at the end, relaxed durability while building (a crash mid-build leaves an index the next
    rebuild replaces anyway), FTS5 optimized and ANALYZE run at the end. Records are parsed in
    `workers` other processes when the store is large (default: one per core, up to 4).
    """
    if workers is None:
        workers = _default_workers(engine)
    with engine.begin() as conn:
        sqlite = _dialect(conn) == "sqlite"
        if sqlite:
            for statement in drop_statements("sqlite"):
                conn.execute(text(statement))
            for statement in create_statements("sqlite"):
                conn.execute(text(statement))
            for name in _SQLITE_DEFERRED_INDEXES:
                conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
        else:
            if not search_schema_exists(conn):
                for statement in create_statements(_dialect(conn)):
                    conn.execute(text(statement))
            _clear(conn)
    done = 0
    with engine.connect() as conn:
        if sqlite:
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
            conn.exec_driver_sql("PRAGMA cache_size=-65536")  # 64 MB while building (bounds the index sorts too)
            # The store's connections keep temporary data in memory (store.database); for the secondary-index sorts
            # at the end that meant the whole sort in RAM (SQLite's sorter never spills when temp_store is MEMORY),
            # growing with N (search_sites: ~19 rows per study). In files, each sort stays within the cache size.
            conn.exec_driver_sql("PRAGMA temp_store=FILE")
        try:
            for rows in _parsed_chunks(engine, workers):
                _insert(conn, rows)
                conn.commit()
                done += len(rows.docs)
                if progress:
                    progress(done)
            if sqlite:
                for statement in create_statements("sqlite"):  # the deferred indexes, in one sort each
                    conn.execute(text(statement))
                conn.execute(text("INSERT INTO search_fts (search_fts) VALUES ('optimize')"))
                for table in ("search_docs", "search_sites", "search_labels"):
                    conn.execute(text(f"ANALYZE {table}"))
            conn.commit()
        finally:
            if sqlite:
                conn.rollback()
                conn.exec_driver_sql("PRAGMA synchronous=NORMAL")  # as store.database sets every connection
                conn.exec_driver_sql("PRAGMA cache_size=-65536")
                conn.exec_driver_sql("PRAGMA temp_store=MEMORY")
    if not sqlite:
        # After a bulk load: statistics, and the visibility map that lets the nearest-site step and the filters read
        # their indexes alone (at 50k, place searches were ~1.5x slower and filter searches ~1.6x before autovacuum).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in ("search_docs", "search_sites", "search_labels"):
                conn.execute(text(f"VACUUM (ANALYZE) {table}"))
    return done


def timed_rebuild(engine: Engine) -> tuple[int, float]:
    start = time.perf_counter()
    count = rebuild_search_index(engine)
    return count, time.perf_counter() - start
