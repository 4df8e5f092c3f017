"""Query plans of the SQLite search path: no statement may build a Bloom filter over a whole search table.

SQLite (3.38+) gives the inner table of a join a Bloom filter, built by scanning that table, when it expects more
outer rows than the table holds. The search's temp tables have no statistics, so SQLite takes them for ~1 M rows, and
on any store with fewer sites than that (under ~50,000 studies, including this test corpus) an inner join to
search_sites scanned all of it on every place search: 55 ms at 50,000 studies instead of 0.6 ms.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event

from trialfinder.search.execute import _HAVERSINE_SQL, run_search
from trialfinder.search.request import parse_request

PLACE_SEARCHES = [
    {"q": "copd", "near": "Jakarta", "radius": "100"},
    {"q": "cancer", "near": "Paris", "radius": "300", "age": "60"},
    {"near": "Boston", "radius": "50"},
    {"q": "diabetes", "near": "London", "radius": "100", "phase": "PHASE3", "status": "any"},
]


def _plans_of_search(engine, params: dict) -> list[tuple[str, str]]:
    """(statement, its query plan) for every SELECT/INSERT the search runs, planned with its own parameters."""
    plans: list[tuple[str, str]] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if not executemany and statement.lstrip().upper().startswith(("SELECT", "INSERT", "WITH")):
            rows = cursor.connection.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
            plans.append((" ".join(statement.split()), " / ".join(str(r[-1]) for r in rows)))

    event.listen(engine, "before_cursor_execute", before)
    try:
        result = run_search(engine, parse_request(params))
    finally:
        event.remove(engine, "before_cursor_execute", before)
    assert result.total >= 0
    return plans


LABEL_LED_SEARCHES = [
    {"country": "United States", "type": "INTERVENTIONAL"},
    {"country": "France", "status": "any", "phase": "PHASE3"},
    {"q": "cancer", "age": "60", "phase": "PHASE2"},
]


@pytest.mark.parametrize("params", LABEL_LED_SEARCHES, ids=lambda p: " ".join(f"{k}={v}" for k, v in p.items()))
def test_filter_search_plans_build_no_bloom_filter(search_engine, params):
    plans = _plans_of_search(search_engine, params)
    assert plans
    assert [(statement[:120], plan) for statement, plan in plans if "BLOOM FILTER" in plan] == []
    if "q" not in params:  # led by the country's labels, not a scan of search_docs
        assert any("search_labels" in statement and "SEARCH l USING" in plan for statement, plan in plans), plans


@pytest.mark.parametrize("params", PLACE_SEARCHES, ids=lambda p: " ".join(f"{k}={v}" for k, v in p.items()))
def test_place_search_plans_build_no_bloom_filter(search_engine, params):
    plans = _plans_of_search(search_engine, params)
    nearest = [plan for statement, plan in plans if "search_sites" in statement]
    assert nearest, "the nearest-site statement did not run"
    assert all("COVERING INDEX ix_search_sites_geo" in plan for plan in nearest), nearest
    offending = [(statement[:120], plan) for statement, plan in plans if "BLOOM FILTER" in plan]
    assert offending == []


def test_this_store_is_one_where_an_inner_join_would_get_a_bloom_filter(search_engine):
    """The guard above means something only if this store is in the regime where the inner join goes wrong."""
    with search_engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'search_sites'").fetchone()[0] > 0
        raw.execute("CREATE TEMP TABLE IF NOT EXISTS search_matches (nct_num INTEGER PRIMARY KEY, score REAL)")
        inner = (
            f"SELECT c.nct_num, MIN({_HAVERSINE_SQL}) AS km, s.position FROM search_matches c CROSS JOIN search_sites s "
            "INDEXED BY ix_search_sites_geo ON s.nct_num = c.nct_num AND s.lat BETWEEN 0 AND 1 AND s.lon BETWEEN 0 AND 1 "
            "GROUP BY c.nct_num"
        )
        plan = " / ".join(str(r[-1]) for r in raw.execute("EXPLAIN QUERY PLAN " + inner, {"p_lat": 0, "p_lon": 0, "p_cos": 1}))
    assert "BLOOM FILTER" in plan
