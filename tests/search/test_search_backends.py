"""The same searches on SQLite and PostgreSQL, and the index kept current by the writer's hook."""

from __future__ import annotations

import copy
import json

from sqlalchemy import text

from tests.conftest import RECONSTRUCTED, study_files
from trialfinder.ctgov.archive import iter_documents, parse_document
from trialfinder.search import ensure_search_schema, parse_request, rebuild_search_index, run_search
from trialfinder.store.writer import StudyWriter

SUBSET = study_files()[::8] + [RECONSTRUCTED]


def search_ids(engine, **params) -> list[str]:
    params.setdefault("per_page", "100")
    return [h.nct_id for h in run_search(engine, parse_request(params)).hits]


def test_search_works_on_both_backends(store_engine):
    ensure_search_schema(store_engine)  # empty store: tables only
    StudyWriter(store_engine).add_all(iter_documents(SUBSET))  # indexed by the writer's hook
    assert search_ids(store_engine, q="COPD", near="Jakarta") == ["NCT07441226"]
    assert "NCT07441226" in search_ids(store_engine, q="lung disease", status="any")
    # FTS syntax is read as plain words: 'NEAR( "*" OR' searches the word "near" and nothing else.
    assert search_ids(store_engine, q='NEAR( "*" OR', status="any") == search_ids(store_engine, q="near", status="any")
    assert search_ids(store_engine, q="'; DROP TABLE studies; --", status="any") == []
    with store_engine.connect() as conn:
        indexed = conn.execute(text("SELECT COUNT(*) FROM search_docs")).scalar_one()
        stored = conn.execute(text("SELECT COUNT(*) FROM studies")).scalar_one()
    assert indexed == stored == len(SUBSET)
    # A full rebuild gives the same answers as incremental maintenance.
    before = search_ids(store_engine, q="cancer", status="any", sort="updated")
    assert before
    assert rebuild_search_index(store_engine) == len(SUBSET)
    assert search_ids(store_engine, q="cancer", status="any", sort="updated") == before


def test_words_joined_by_punctuation_are_found_on_both_backends(store_engine):
    """PostgreSQL's parser took "cardiovascular/cerebrovascular" for one file-path token: neither word was found."""
    from tests.conftest import STUDIES_DIR

    ensure_search_schema(store_engine)
    StudyWriter(store_engine).add_all(iter_documents([STUDIES_DIR / f"{n}.json" for n in ("NCT01190904", "NCT05236946", "NCT04684602")]))
    with store_engine.connect() as conn:
        raw = conn.execute(text("SELECT raw FROM studies WHERE nct_id = 'NCT01190904'")).scalar_one()
    assert "cardiovascular/cerebrovascular" in raw.lower()  # the only place the word occurs in this record
    assert search_ids(store_engine, q="cerebrovascular", status="any") == ["NCT01190904"]
    assert "NCT05236946" in search_ids(store_engine, q="radiotherapy", status="any")
    # Any punctuation: PostgreSQL read "COVID-19" as "covid" and "-19" (the record never writes "COVID 19")
    assert search_ids(store_engine, q="covid-19", status="any") == ["NCT04684602"]
    assert search_ids(store_engine, q="covid 19", status="any") == ["NCT04684602"]


def test_an_index_of_an_older_layout_is_left_to_the_rebuild(store_engine):
    """A sync right after an upgrade stores studies before anything rebuilt the index; writing rows of the new layout
    into the old tables (PostgreSQL before version 7 had no `tags` column) would fail the whole batch."""
    from trialfinder.search.ddl import META_KEY

    ensure_search_schema(store_engine)
    with store_engine.begin() as conn:
        conn.execute(text("UPDATE store_meta SET value = '6' WHERE key = :k"), {"k": META_KEY})
        if store_engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE search_docs DROP COLUMN tags"))
    stats = StudyWriter(store_engine).add_all(iter_documents(SUBSET[:10] + [RECONSTRUCTED]))
    assert stats.inserted == 11 and stats.rejected == 0
    assert ensure_search_schema(store_engine) is True  # the old layout is rebuilt in full
    assert search_ids(store_engine, q="COPD", near="Jakarta") == ["NCT07441226"]


def test_backends_agree_on_filters_and_places(store_engine, sqlite_engine):
    for engine in (store_engine, sqlite_engine):
        ensure_search_schema(engine)
        StudyWriter(engine).add_all(iter_documents(SUBSET))
    for params in (
        {"q": "cancer", "status": "any", "phase": "PHASE2"},
        {"near": "Boston", "radius": "200", "status": "any", "sort": "distance"},
        {"q": "diabetes", "age": "45", "sex": "FEMALE", "status": "any"},
        {"status": "any", "intervention": "DRUG", "sponsor_class": "INDUSTRY", "sort": "updated"},
        {"country": "United States", "status": "any", "type": "INTERVENTIONAL"},  # SQLite: led by the country's labels
        {"country": "United States|Canada", "status": "any"},  # "|" is no part of a name (it joins names in the index)
    ):
        assert set(search_ids(store_engine, **params)) == set(search_ids(sqlite_engine, **params)), params
    # Sorted by distance, ties (trials at one city's point) are broken the same way on both: conditions naming the
    # query, then the title, then the newest, then the id (tiebreak.py).
    for params in (
        {"q": "cancer", "near": "Boston", "radius": "500", "status": "any"},
        {"near": "Paris, France", "radius": "500", "status": "any"},
    ):
        ordered = search_ids(sqlite_engine, **params)
        assert len(ordered) > 1 and search_ids(store_engine, **params) == ordered, params


def test_changed_record_is_reindexed(store_engine):
    ensure_search_schema(store_engine)
    raw = json.loads(RECONSTRUCTED.read_text(encoding="utf-8"))
    StudyWriter(store_engine).add_all([parse_document("v1", json.dumps(raw).encode())])
    assert search_ids(store_engine, q="mesenchymal") == ["NCT07441226"]
    changed = copy.deepcopy(raw)
    changed["protocolSection"]["identificationModule"]["briefTitle"] = "Zebrafish-derived quokkacell therapy"
    changed["protocolSection"]["identificationModule"].pop("officialTitle", None)
    changed["protocolSection"]["armsInterventionsModule"] = {}
    changed["protocolSection"]["descriptionModule"] = {}
    StudyWriter(store_engine).add_all([parse_document("v2", json.dumps(changed).encode())])
    assert search_ids(store_engine, q="quokkacell") == ["NCT07441226"]
    assert search_ids(store_engine, q="mesenchymal") == []


def test_schema_is_idempotent_and_builds_existing_data(store_engine):
    StudyWriter(store_engine).add_all(iter_documents(SUBSET[:20]))  # stored before the index existed
    assert ensure_search_schema(store_engine) is True
    assert ensure_search_schema(store_engine) is False
    assert len(search_ids(store_engine, status="any")) == 20


def test_parallel_rebuild_matches_incremental_index(sqlite_engine):
    ensure_search_schema(sqlite_engine)
    StudyWriter(sqlite_engine).add_all(iter_documents(SUBSET))  # indexed by the writer's hook

    def snapshot():
        with sqlite_engine.connect() as conn:
            tables = {
                table: conn.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2")).all()
                for table in ("search_docs", "search_sites", "search_labels")
            }
            tables["fts"] = conn.execute(text("SELECT rowid, * FROM search_fts ORDER BY rowid")).all()
        return tables

    before = snapshot()
    searches = [search_ids(sqlite_engine, q="cancer", status="any"), search_ids(sqlite_engine, near="Boston", radius="300", status="any")]
    assert before["search_docs"] and before["search_sites"] and all(searches)
    assert rebuild_search_index(sqlite_engine, workers=1) == len(SUBSET)  # records parsed in another process
    assert snapshot() == before
    assert [search_ids(sqlite_engine, q="cancer", status="any"), search_ids(sqlite_engine, near="Boston", radius="300", status="any")] == searches


def test_rebuild_hands_back_connections_as_the_store_configures_them(sqlite_engine):
    """The rebuild relaxes durability and keeps its index sorts in temporary files (not in memory: SQLite's sorter
    then never spills, so the build's memory grew with N); every pooled connection afterwards is configured as
    store.database configures new ones."""
    ensure_search_schema(sqlite_engine)
    StudyWriter(sqlite_engine).add_all(iter_documents(SUBSET[:30]))
    assert rebuild_search_index(sqlite_engine, workers=0) == 30
    connections = [sqlite_engine.connect() for _ in range(3)]  # the pool hands out the build's connection among these
    try:
        for conn in connections:
            assert conn.exec_driver_sql("PRAGMA temp_store").scalar_one() == 2  # MEMORY
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar_one() == 1  # NORMAL
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == -65536
    finally:
        for conn in connections:
            conn.close()
