"""Create, update and rebuild the search index.

The writer calls :func:`index_studies` inside each batch's transaction (via
``on_studies_stored``), so the index never disagrees with the stored rows.
"""

from __future__ import annotations

import time
from typing import Callable, Iterable

import orjson
from sqlalchemy import bindparam, inspect, select, text
from sqlalchemy.engine import Connection, Engine

from trialfinder.ctgov.record import InvalidStudy, Study
from trialfinder.search.ddl import META_KEY, POSTGRES_DOC_SQL, SCHEMA_VERSION, create_statements, drop_statements
from trialfinder.search.documents import SearchDocument, build_document, nct_number
from trialfinder.store.schema import store_meta, studies
from trialfinder.store.writer import on_studies_stored

REBUILD_CHUNK = 1000
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
        conn.execute(
            text("DELETE FROM search_site_rtree WHERE id IN (SELECT id FROM search_sites WHERE nct_num IN :nums)").bindparams(expanding),
            params,
        )
        conn.execute(text("DELETE FROM search_fts WHERE rowid IN :nums").bindparams(expanding), params)
    for table in ("search_docs", "search_sites", "search_labels"):
        conn.execute(text(f"DELETE FROM {table} WHERE nct_num IN :nums").bindparams(expanding), params)


def _insert(conn: Connection, docs: list[SearchDocument]) -> None:
    if not docs:
        return
    sqlite = _dialect(conn) == "sqlite"
    rows = [
        {
            "nct_num": d.nct_num, "nct_id": d.nct_id, "intervention_types": d.intervention_types, "summary": d.summary,
            "conditions": d.conditions, "title": d.title, "terms": d.terms, "body": d.body,
            **{f"f_{k}": v for k, v in d.filters.items()},
        }
        for d in docs
    ]
    if sqlite:
        conn.execute(
            text(f"INSERT INTO search_docs (nct_num, nct_id, intervention_types, summary, {FILTER_COLUMNS}) "
                 f"VALUES (:nct_num, :nct_id, :intervention_types, :summary, {FILTER_VALUES})"),
            rows,
        )
        conn.execute(
            text("INSERT INTO search_fts (rowid, conditions, title, terms, body) VALUES (:nct_num, :conditions, :title, :terms, :body)"),
            rows,
        )
    else:
        conn.execute(
            text(
                f"INSERT INTO search_docs (nct_num, nct_id, intervention_types, summary, {FILTER_COLUMNS}, doc) "
                f"VALUES (:nct_num, :nct_id, :intervention_types, :summary, {FILTER_VALUES}, {POSTGRES_DOC_SQL})"
            ),
            rows,
        )
    sites = [
        {
            "id": d.nct_num * SITE_ID_STRIDE + s.position, "nct_num": d.nct_num, "position": s.position, "lat": s.lat,
            "lon": s.lon, "source": s.source, "city_key": s.city_key, "zip_key": s.zip_key, "country": s.country,
        }
        for d in docs
        for s in d.sites
        if s.position < SITE_ID_STRIDE
    ]
    if sites:
        conn.execute(
            text(
                "INSERT INTO search_sites (id, nct_num, position, lat, lon, source, city_key, zip_key, country) "
                "VALUES (:id, :nct_num, :position, :lat, :lon, :source, :city_key, :zip_key, :country)"
            ),
            sites,
        )
        if sqlite:
            conn.execute(text("INSERT INTO search_site_rtree (id, min_lat, max_lat, min_lon, max_lon) VALUES (:id, :lat, :lat, :lon, :lon)"), sites)
    labels = [{"kind": k, "slug": s, "nct_num": d.nct_num, "label": l} for d in docs for (k, s, l) in d.labels]
    if labels:
        conn.execute(text("INSERT INTO search_labels (kind, slug, nct_num, label) VALUES (:kind, :slug, :nct_num, :label)"), labels)


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
    _insert(conn, _documents(raws))


@on_studies_stored
def _keep_index_current(conn: Connection, nct_ids: list[str]) -> None:
    # Stores without the search tables (never searched yet) are skipped; ensure_search_schema builds them in full.
    if search_schema_exists(conn):
        index_studies(conn, nct_ids)


def _clear(conn: Connection) -> None:
    tables = ["search_docs", "search_sites", "search_labels"]
    if _dialect(conn) == "sqlite":
        tables += ["search_fts", "search_site_rtree"]
    for table in tables:
        conn.execute(text(f"DELETE FROM {table}"))


def rebuild_search_index(engine: Engine, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole index from `studies.raw`, a chunk per transaction; returns studies indexed."""
    with engine.begin() as conn:
        if not search_schema_exists(conn):
            for statement in create_statements(_dialect(conn)):
                conn.execute(text(statement))
        _clear(conn)
    last, done = "", 0
    while True:
        with engine.begin() as conn:
            rows = conn.execute(
                select(studies.c.nct_id, studies.c.raw).where(studies.c.nct_id > last).order_by(studies.c.nct_id).limit(REBUILD_CHUNK)
            ).all()
            if not rows:
                break
            _insert(conn, _documents(r.raw for r in rows))
        last = rows[-1].nct_id
        done += len(rows)
        if progress:
            progress(done)
    with engine.begin() as conn:
        if _dialect(conn) == "sqlite":
            conn.execute(text("INSERT INTO search_fts (search_fts) VALUES ('optimize')"))
            conn.execute(text("ANALYZE"))
        else:
            conn.execute(text("ANALYZE search_docs"))
            conn.execute(text("ANALYZE search_sites"))
    return done


def timed_rebuild(engine: Engine) -> tuple[int, float]:
    start = time.perf_counter()
    count = rebuild_search_index(engine)
    return count, time.perf_counter() - start
