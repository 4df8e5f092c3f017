"""Search fixtures: the shared corpus with its search index, and the records as an independent oracle."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import RECONSTRUCTED, load_json, study_files
from tests.web.conftest import LiveServer
from trialfinder.config import Settings
from trialfinder.ctgov.record import Study
from trialfinder.search import ensure_search_schema
from trialfinder.web.app import create_app


@pytest.fixture(scope="session")
def search_engine(corpus_engine):
    ensure_search_schema(corpus_engine)
    return corpus_engine


@pytest.fixture(scope="session")
def corpus_studies() -> list[Study]:
    """Every record in the corpus, read straight from the JSON files (not from the database)."""
    return [Study(load_json(p)) for p in study_files()] + [Study(load_json(RECONSTRUCTED))]


@pytest.fixture(scope="session")
def search_server(search_engine):
    """The full app on a real uvicorn server on loopback (project rule: real HTTP for client tests)."""
    settings = Settings(database_url="unused", site_name="TrialFinder Test", base_url="")
    with LiveServer(create_app(search_engine, settings)) as server:
        yield server


@pytest.fixture
def http(search_server):
    with httpx.Client(base_url=search_server.url, follow_redirects=False, timeout=30) as client:
        yield client
