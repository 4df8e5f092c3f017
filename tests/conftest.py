"""Shared fixtures: the real records in ../shared, and stores built from them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from trialfinder.ctgov.archive import iter_documents
from trialfinder.store.database import ensure_schema, open_engine
from trialfinder.store.writer import StudyWriter

PROJECT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TRIALFINDER_SHARED", PROJECT.parent / "shared"))
STUDIES_DIR = SHARED / "data" / "ctgov" / "studies"
RECONSTRUCTED = SHARED / "reference" / "NCT07441226.reconstructed.json"
POSTGRES_URL = os.environ.get("TRIALFINDER_TEST_POSTGRES", "postgresql://127.0.0.1:5432/test")

if not STUDIES_DIR.is_dir():
    raise RuntimeError(f"the shared test records are missing: expected {STUDIES_DIR}")


def study_files() -> list[Path]:
    return sorted(STUDIES_DIR.glob("NCT*.json"))


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus_engine(tmp_path_factory):
    """A SQLite store holding the whole shared corpus plus the reconstructed NCT07441226."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    engine = open_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    writer = StudyWriter(engine)
    stats = writer.add_all(iter_documents([STUDIES_DIR, RECONSTRUCTED]))
    assert stats.rejected == 0, stats.rejections[:3]
    return engine


def _postgres_available() -> bool:
    import psycopg

    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """A fresh, empty database URL on each backend. PostgreSQL gets a private schema per test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    import uuid

    import psycopg

    if not _postgres_available():
        pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_URL}: run scripts/setup (it starts the server)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store_engine(store_url):
    engine = open_engine(store_url)
    ensure_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    ensure_schema(engine)
    return engine
