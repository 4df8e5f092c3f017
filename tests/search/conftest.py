"""Search fixtures: the shared corpus with its search index, and the records as an independent oracle."""

from __future__ import annotations

import pytest

from tests.conftest import RECONSTRUCTED, load_json, study_files
from trialfinder.ctgov.record import Study
from trialfinder.search import ensure_search_schema


@pytest.fixture(scope="session")
def search_engine(corpus_engine):
    ensure_search_schema(corpus_engine)
    return corpus_engine


@pytest.fixture(scope="session")
def corpus_studies() -> list[Study]:
    """Every record in the corpus, read straight from the JSON files (not from the database)."""
    return [Study(load_json(p)) for p in study_files()] + [Study(load_json(RECONSTRUCTED))]
