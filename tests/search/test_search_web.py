"""The search page, the JSON API, browse pages and the CLI never show an error page for bad input."""

from __future__ import annotations

import json

import httpx
import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from tests.web.conftest import LiveServer
from trialfinder.config import Settings
from trialfinder.search.gazetteer import gazetteer
from trialfinder.web.search_routes import search_router


@pytest.fixture
def client(http):
    return http


def test_city_list_is_loaded_before_the_server_takes_requests(search_engine):
    gazetteer.cache_clear()
    app = FastAPI()
    app.include_router(search_router(search_engine, Settings.from_env(database_url="sqlite://")))
    assert gazetteer.cache_info().currsize == 0
    with LiveServer(app) as server:
        assert gazetteer.cache_info().currsize == 1  # loaded at startup, before any request
        with httpx.Client(base_url=server.url, timeout=30) as http:
            assert http.get("/api/v1/search", params={"q": "COPD", "near": "Jakarta"}).json()["total"] == 1


def test_search_page_shows_result_card_with_nearest_site(client):
    page = client.get("/search", params={"q": "COPD", "near": "Jakarta"})
    assert page.status_code == 200
    assert "NCT07441226" in page.text and "Nearest site: Persahabatan Hospital" in page.text
    assert "badge-recruiting" in page.text and "Phase 2 study of" in page.text


def test_api_returns_the_same_search_as_json(client):
    body = client.get("/api/v1/search", params={"q": "lung disease near Surabaya", "radius": "700", "unit": "km"}).json()
    assert [r["nct_id"] for r in body["results"]] == ["NCT07441226"]
    assert body["results"][0]["nearest_site"]["city"] == "Jakarta"
    assert body["facets"]["status"] == [{"value": "RECRUITING", "label": "Recruiting", "count": 1}]


@pytest.mark.parametrize("q", ['"', "NEAR(", "*", "' OR 1=1 --", "x" * 5000, "\u202e\u0000"])
def test_hostile_queries_get_a_page_with_a_message(client, q):
    page = client.get("/search", params={"q": q})
    assert page.status_code == 200
    api = client.get("/api/v1/search", params={"q": q})
    assert api.status_code in (200, 400) and ("results" in api.json() or "message" in api.json())


def test_unknown_place_is_explained(client):
    page = client.get("/search", params={"q": "asthma", "near": "Xyzzyqwertyville"})
    assert page.status_code == 200 and "could not find the place" in page.text
    api = client.get("/api/v1/search", params={"near": "Xyzzyqwertyville"})
    assert api.status_code == 400 and "could not find the place" in api.json()["message"]


def test_browse_pages_list_their_trials(client, corpus_studies):
    page = client.get("/countries/indonesia")
    expected = [s.nct_id for s in corpus_studies if "Indonesia" in s.countries]
    assert page.status_code == 200 and expected
    for nct_id in expected[:20]:
        assert nct_id in page.text
    assert f"<strong>{len(expected)}</strong>" in page.text
    assert client.get("/conditions/chronic-obstructive-pulmonary-disease-copd").status_code == 200
    assert client.get("/sponsors/no-such-sponsor-anywhere").status_code == 404
    assert client.get("/conditions/..%2F..%2Fetc").status_code == 404


def test_cli_search_json(search_engine, corpus_engine):
    from trialfinder.cli import app

    url = str(corpus_engine.url)
    result = CliRunner().invoke(app, ["search", "COPD", "--near", "Jakarta", "--format", "json", "--database", url])
    assert result.exit_code == 0, result.output
    assert [r["nct_id"] for r in json.loads(result.stdout)["results"]] == ["NCT07441226"]
    bad = CliRunner().invoke(app, ["search", "asthma", "--near", "Xyzzyqwertyville", "--database", url])
    assert bad.exit_code == 2 and "could not find the place" in bad.output


def test_a_place_search_shows_distance_as_the_sort_in_effect(client):
    page = client.get("/search", params={"q": "cancer", "near": "Paris, France", "radius": "500", "status": "any"})
    assert page.status_code == 200
    assert '<option value="distance" selected>' in page.text
    assert client.get("/api/v1/search", params={"q": "cancer", "near": "Paris, France"}).json()["query"]["sort"] == "distance"
    plain = client.get("/search", params={"q": "cancer"})
    assert '<option value="relevance" selected>' in plain.text


def test_distance_is_shown_first_in_the_unit_the_reader_chose(client):
    import re

    miles = client.get("/search", params={"q": "COPD", "near": "Surabaya", "radius": "500", "unit": "mi"}).text
    km = client.get("/search", params={"q": "COPD", "near": "Surabaya", "radius": "800", "unit": "km"}).text
    # Surabaya -> Persahabatan Hospital, Jakarta is ~662 km = ~411 miles
    assert re.search(r"— 41\d miles \(66\d km\)", miles), miles
    assert re.search(r"— 66\d km \(41\d miles\)", km), km


def test_pager_sits_under_the_results_not_under_the_filters(client):
    page = client.get("/search", params={"q": "cancer", "status": "any"}).text
    column = page.index('<div class="results-column">')
    assert column < page.index('<nav class="pager"') and page.index('<aside class="facets"') < column
