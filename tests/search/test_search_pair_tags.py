"""(status, map cell) pair tokens (tags.py) on the real records: the index holds exactly one per status and fine cell
of each study, and a place search through them finds what the separate status and cell tokens find."""

from __future__ import annotations

import pytest
from sqlalchemy import text

import trialfinder.search.execute as execute
import trialfinder.search.tags as tags
from trialfinder.search import parse_request, run_search
from trialfinder.search.geo import bounding_box
from trialfinder.search.tags import status_tag


def test_each_study_has_one_pair_token_per_status_and_fine_cell(search_engine):
    with search_engine.connect() as conn:
        rows = conn.execute(text("SELECT f.rowid, f.tags, d.overall_status FROM search_fts f JOIN search_docs d ON d.nct_num = f.rowid")).all()
    assert len(rows) > 100
    with_pairs = 0
    for _, tag_text, status in rows:
        words = tag_text.split()
        cells = {w for w in words if w.startswith("xg")}
        pairs = {w for w in words if w.startswith("xsg")}
        expected = {tags.status_cell_tag(status, c) for c in cells} if status else set()
        assert pairs == expected
        assert not status or status_tag(status) in words  # the separate tokens stay for the other searches
        with_pairs += bool(pairs)
    assert with_pairs > 100


def test_a_pair_token_matches_what_its_status_and_cell_tokens_match(search_engine):
    with search_engine.connect() as conn:
        rows = conn.execute(text("SELECT f.tags, d.overall_status FROM search_fts f JOIN search_docs d ON d.nct_num = f.rowid")).all()
        combos = sorted({(status, w) for tag_text, status in rows if status for w in tag_text.split() if w.startswith("xg")})
        assert len(combos) > 50
        count = "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH :m"
        for status, cell in combos[:: max(1, len(combos) // 150)]:
            pair = conn.execute(text(count), {"m": tags.any_of([tags.status_cell_tag(status, cell)])}).scalar_one()
            both = conn.execute(text(count), {"m": f"{tags.any_of([status_tag(status)])} AND {tags.any_of([cell])}"}).scalar_one()
            assert pair == both > 0, (status, cell)


PAIRED = [  # searches that go through the pair tokens
    {"q": "COPD", "near": "Jakarta"},
    {"near": "Boston"},
    {"near": "Boston", "radius": "250", "per_page": "100"},
    {"q": "cancer", "near": "Paris, France", "radius": "200", "per_page": "100"},
    {"q": "cancer", "near": "Boston", "radius": "200", "per_page": "5", "page": "2"},
    {"near": "London", "radius": "200", "status": "COMPLETED", "per_page": "100"},
    {"near": "Boston", "radius": "200", "status": ["COMPLETED", "RECRUITING", "ACTIVE_NOT_RECRUITING"], "per_page": "100"},
    {"q": "cancer", "near": "Paris, France", "radius": "200", "status": "RECRUITING", "sort": "relevance"},
    {"q": "cancer", "near": "Paris, France", "radius": "200", "sort": "updated"},
    {"q": "diabetes", "near": "Tokyo", "radius": "150", "age": "50", "per_page": "100"},
]
PLACE_SEARCHES = PAIRED + [
    {"near": "42.36,-71.06", "radius": "100", "status": "any", "per_page": "100"},  # no status filter: cells only
    {"q": "cancer", "near": "Paris, France", "radius": "500", "per_page": "100"},  # coarse cells: separate tokens
    {"near": "Boston", "radius": "3000", "per_page": "100"},  # no map filter at all
    {"near": "Boston", "radius": "250", "status": ["COMPLETED", "RECRUITING", "ACTIVE_NOT_RECRUITING", "TERMINATED",
                                                  "WITHDRAWN", "UNKNOWN", "SUSPENDED"]},  # too many pairs (7 x 40)
]


@pytest.mark.parametrize("params", PLACE_SEARCHES, ids=[str(p) for p in PLACE_SEARCHES])
def test_pair_tokens_give_the_same_results_as_separate_status_and_cell_filters(search_engine, monkeypatch, params):
    used: list[bool] = []
    real = execute.status_cells

    def spy(statuses, cells):
        pairs = real(statuses, cells)
        used.append(pairs is not None)
        return pairs

    monkeypatch.setattr(execute, "status_cells", spy)
    with_pairs = run_search(search_engine, parse_request(params)).to_json()
    request = parse_request(params)
    expect_pairs = bool(request.statuses) and with_pairs["place"]["lat"] is not None and bool(tags.status_cells(
        request.statuses, tags.box_cells(bounding_box(with_pairs["place"]["lat"], with_pairs["place"]["lon"], request.radius_km))))
    assert expect_pairs == (params in PAIRED)
    assert any(used) == expect_pairs
    monkeypatch.setattr(tags, "MAX_PAIR_TAGS", 0)  # the separate tokens: status AND (cell OR cell ...)
    first = len(used)
    separate = run_search(search_engine, parse_request(params)).to_json()
    assert len(used) == 2 * first and not any(used[first:])
    for result in (with_pairs, separate):
        result.pop("elapsed_ms")
    assert with_pairs == separate
    if expect_pairs:
        assert with_pairs["total"] > 0, "a case that finds nothing compares nothing"
