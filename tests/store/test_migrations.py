"""Alembic migrations on both backends: from empty, from a store made before migrations, repeatable."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text

from tests.conftest import STUDIES_DIR
from trialfinder.ctgov.archive import iter_documents
from trialfinder.store.database import current_revision, ensure_schema, head_revision, open_engine
from trialfinder.store.migrations import BASELINE_REVISION, alembic_config
from trialfinder.store.schema import metadata, studies
from trialfinder.store.writer import StudyWriter

SAMPLE = [STUDIES_DIR / "NCT06462729.json"]


def _differences(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)


def _revision(engine) -> str | None:
    with engine.connect() as conn:
        return current_revision(conn)


def test_upgrade_from_empty_builds_exactly_the_declared_schema(store_url):
    engine = open_engine(store_url)
    try:
        assert _revision(engine) is None
        ensure_schema(engine)
        assert _revision(engine) == head_revision()
        assert _differences(engine) == []
        ensure_schema(engine)  # a second run is a no-op
        assert _revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_store_created_before_migrations_is_adopted_with_its_data(store_url):
    engine = open_engine(store_url)
    try:
        metadata.create_all(engine)  # what ensure_schema did before migrations existed
        StudyWriter(engine).add_all(iter_documents(SAMPLE))
        assert "alembic_version" not in inspect(engine).get_table_names()
        ensure_schema(engine)
        assert _revision(engine) == head_revision()
        assert _differences(engine) == []
        with engine.connect() as conn:
            assert conn.execute(select(studies.c.nct_id)).scalars().all() == ["NCT06462729"]
        stats = StudyWriter(engine).add_all(iter_documents(SAMPLE))
        assert stats.unchanged == 1
    finally:
        engine.dispose()


def test_a_half_created_store_is_finished(store_url):
    engine = open_engine(store_url)
    try:
        studies.create(engine)  # as if the first run died after one table
        ensure_schema(engine)
        assert _differences(engine) == []
    finally:
        engine.dispose()


def test_baseline_downgrades_and_upgrades_again(store_engine):
    with store_engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert not inspect(store_engine).has_table("studies")
    ensure_schema(store_engine)
    assert _revision(store_engine) == head_revision() and _differences(store_engine) == []
    assert BASELINE_REVISION == "0001"


def test_upgrade_from_the_first_revision_keeps_data_and_compresses_raw_with_lz4_on_postgresql(store_url):
    engine = open_engine(store_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), BASELINE_REVISION)
        StudyWriter(engine).add_all(iter_documents(SAMPLE))
        ensure_schema(engine)
        assert _revision(engine) == head_revision() != BASELINE_REVISION
        assert StudyWriter(engine).add_all(iter_documents(SAMPLE)).unchanged == 1
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                method = conn.execute(
                    text("SELECT attcompression FROM pg_attribute WHERE attrelid = 'studies'::regclass AND attname = 'raw'")
                ).scalar_one()
            assert method == "l"
    finally:
        engine.dispose()
