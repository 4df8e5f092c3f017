"""Ingest into a real SQLite file: idempotence, versions, rejection without damage."""

from __future__ import annotations

import json
import shutil
import zipfile

import orjson
from sqlalchemy import func, select

from tests.conftest import RECONSTRUCTED, STUDIES_DIR, load_json, study_files
from trialfinder.ctgov.archive import iter_documents
from trialfinder.store.queries import get_study
from trialfinder.store.schema import studies, study_locations, study_versions
from trialfinder.store.writer import StudyWriter


def _snapshot(engine):
    with engine.connect() as conn:
        rows = conn.execute(select(studies.c.nct_id, studies.c.raw, studies.c.content_hash, studies.c.content_changed_at).order_by(studies.c.nct_id)).all()
        versions = conn.execute(select(func.count()).select_from(study_versions)).scalar_one()
        locations = conn.execute(select(func.count()).select_from(study_locations)).scalar_one()
    return [tuple(r) for r in rows], versions, locations


def test_whole_corpus_ingests_and_second_run_changes_nothing(store_engine):
    first = StudyWriter(store_engine, batch_size=200).add_all(iter_documents([STUDIES_DIR]))
    assert (first.read, first.inserted, first.updated, first.rejected) == (len(study_files()), len(study_files()), 0, 0)
    before = _snapshot(store_engine)
    second = StudyWriter(store_engine, batch_size=333).add_all(iter_documents([STUDIES_DIR]))
    assert (second.inserted, second.updated, second.unchanged, second.rejected) == (0, 0, len(study_files()), 0)
    assert _snapshot(store_engine) == before
    assert before[1] == 0


def test_raw_json_is_stored_byte_for_byte(store_engine):
    path = STUDIES_DIR / "NCT06462729.json"
    StudyWriter(store_engine).add_all(iter_documents([path]))
    with store_engine.connect() as conn:
        raw = conn.execute(select(studies.c.raw).where(studies.c.nct_id == "NCT06462729")).scalar_one()
    assert raw.encode("utf-8") == path.read_bytes()


def test_derived_columns_of_a_real_record(store_engine):
    StudyWriter(store_engine).add_all(iter_documents([STUDIES_DIR / "NCT06462729.json"]))
    with store_engine.connect() as conn:
        row = conn.execute(select(studies).where(studies.c.nct_id == "NCT06462729")).one()
        sites = conn.execute(select(study_locations.c.city, study_locations.c.lat).where(study_locations.c.nct_id == "NCT06462729").order_by(study_locations.c.position)).all()
    assert row.overall_status == "RECRUITING"
    assert row.phases == "PHASE1|PHASE2"
    assert row.lead_sponsor == "Locate Bio Pty Ltd"
    assert row.sponsor_class == "INDUSTRY"
    assert row.enrollment == 40
    assert (row.min_age_years, row.max_age_years) == (22.0, 80.0)
    assert row.countries == "Australia"
    assert row.last_update_posted == "2024-09-25"
    assert [tuple(s) for s in sites] == [("Newcastle", -32.92715), ("Sydney", -33.86785)]


def test_changed_record_is_updated_and_previous_version_kept(store_engine, tmp_path):
    original = STUDIES_DIR / "NCT06462729.json"
    StudyWriter(store_engine).add_all(iter_documents([original]))
    changed = load_json(original)
    changed["protocolSection"]["statusModule"]["overallStatus"] = "COMPLETED"
    changed["protocolSection"]["contactsLocationsModule"]["locations"].pop()
    path = tmp_path / "NCT06462729.json"
    path.write_text(json.dumps(changed))
    stats = StudyWriter(store_engine).add_all(iter_documents([path]))
    assert (stats.inserted, stats.updated, stats.unchanged) == (0, 1, 0)
    with store_engine.connect() as conn:
        row = conn.execute(select(studies.c.overall_status, studies.c.location_count).where(studies.c.nct_id == "NCT06462729")).one()
        old = conn.execute(select(study_versions.c.raw).where(study_versions.c.nct_id == "NCT06462729")).scalars().all()
        site_count = conn.execute(select(func.count()).select_from(study_locations).where(study_locations.c.nct_id == "NCT06462729")).scalar_one()
    assert tuple(row) == ("COMPLETED", 1)
    assert site_count == 1
    assert len(old) == 1 and old[0].encode() == original.read_bytes()


def test_reformatted_but_equal_record_counts_as_unchanged(store_engine, tmp_path):
    original = STUDIES_DIR / "NCT06462729.json"
    StudyWriter(store_engine).add_all(iter_documents([original]))
    compact = tmp_path / "compact.json"
    compact.write_bytes(orjson.dumps(load_json(original)))
    stats = StudyWriter(store_engine).add_all(iter_documents([compact]))
    assert (stats.updated, stats.unchanged) == (0, 1)


def test_bad_files_are_rejected_by_name_and_stored_studies_stay_intact(store_engine, tmp_path):
    StudyWriter(store_engine).add_all(iter_documents([STUDIES_DIR / "NCT06462729.json", RECONSTRUCTED]))
    before = _snapshot(store_engine)
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "broken.json").write_text('{"protocolSection": {"identificationModule": {"nctId": "NCT06462729"')
    (folder / "empty.json").write_text("")
    (folder / "list.json").write_text("[1, 2, 3]")
    (folder / "no-protocol.json").write_text('{"studies": []}')
    (folder / "bad-id.json").write_text('{"protocolSection": {"identificationModule": {"nctId": "NCT123"}}}')
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    (folder / "notes.txt").write_text("ignored: not a .json file")
    stats = StudyWriter(store_engine).add_all(iter_documents([folder]))
    reasons = {r.source.rsplit("/", 1)[-1]: r.reason for r in stats.rejections}
    assert set(reasons) == {"broken.json", "empty.json", "list.json", "no-protocol.json", "bad-id.json", "binary.json"}
    assert "not valid JSON" in reasons["broken.json"]
    assert "not a JSON object" in reasons["list.json"]
    assert "no protocolSection" in reasons["no-protocol.json"]
    assert "nctId" in reasons["bad-id.json"]
    assert stats.inserted == stats.updated == 0
    assert _snapshot(store_engine) == before


def test_minimal_record_with_odd_types_is_stored_not_crashed(store_engine, tmp_path):
    odd = {
        "protocolSection": {
            "identificationModule": {"nctId": "NCT99999999"},
            "designModule": {"enrollmentInfo": {"count": "many"}, "phases": "PHASE2"},
            "eligibilityModule": {"minimumAge": "eighteen", "sex": None},
            "contactsLocationsModule": {"locations": [None, {"city": "Oslo", "geoPoint": {"lat": "x"}}]},
        }
    }
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(odd))
    stats = StudyWriter(store_engine).add_all(iter_documents([path]))
    assert (stats.inserted, stats.rejected) == (1, 0)
    stored = get_study(store_engine, "nct99999999")
    assert stored.study.brief_title == "NCT99999999"
    assert stored.study.enrollment_count is None and stored.study.phases == ()
    assert [loc.city for loc in stored.study.locations] == ["Oslo"]


def test_zip_of_studies_matches_folder(store_engine, tmp_path):
    files = study_files()[:25]
    archive = tmp_path / "ctg-studies.json.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            zf.write(path, arcname=path.name)
        zf.writestr("README.txt", "not a study")
    stats = StudyWriter(store_engine).add_all(iter_documents([archive]))
    assert (stats.read, stats.inserted, stats.rejected) == (25, 25, 0)
    folder = tmp_path / "folder"
    folder.mkdir()
    for path in files:
        shutil.copy(path, folder / path.name)
    again = StudyWriter(store_engine).add_all(iter_documents([folder]))
    assert again.unchanged == 25


def test_same_study_twice_in_one_batch_keeps_the_later_one(store_engine, tmp_path):
    original = load_json(STUDIES_DIR / "NCT06462729.json")
    newer = json.loads(json.dumps(original))
    newer["protocolSection"]["statusModule"]["overallStatus"] = "ACTIVE_NOT_RECRUITING"
    (tmp_path / "a.json").write_text(json.dumps(original))
    (tmp_path / "b.json").write_text(json.dumps(newer))
    stats = StudyWriter(store_engine, batch_size=100).add_all(iter_documents([tmp_path]))
    assert (stats.inserted, stats.updated) == (1, 1)
    assert get_study(store_engine, "NCT06462729").study.overall_status == "ACTIVE_NOT_RECRUITING"
