"""Sync from the local API into real SQLite and PostgreSQL stores: exactness, incremental runs, resume."""

from __future__ import annotations

import orjson
import pytest
from sqlalchemy import func, select

from tests.conftest import STUDIES_DIR, study_files
from tests.sync.conftest import SMALL
from tests.sync.fake_api import status
from trialfinder.ctgov.client import ApiError
from trialfinder.ctgov.sync import SyncError, SyncRequest, next_baseline, sync_from_api, sync_from_files
from trialfinder.store import checkpoints
from trialfinder.store.history import study_history
from trialfinder.store.schema import studies, study_versions


def _stored(engine) -> dict[str, str]:
    with engine.connect() as conn:
        return dict(conn.execute(select(studies.c.nct_id, studies.c.raw)).all())


def _versions(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(study_versions)).scalar_one()


def assert_store_holds_exactly(engine, expected: dict[str, dict]) -> None:
    """Every expected study once, its raw JSON byte-for-byte `orjson.dumps` of the page item."""
    stored = _stored(engine)
    assert sorted(stored) == sorted(expected)
    for nct_id, raw in stored.items():
        assert raw.encode() == orjson.dumps(expected[nct_id]), nct_id


def test_full_sync_stores_every_study_exactly_once_and_byte_for_byte(store_engine, fake_api, client):
    result = sync_from_api(store_engine, client, SyncRequest(fake_api.base_url, page_size=100))
    assert (result.pages, result.read, result.inserted, result.rejected) == (12, 1183, 1183, 0)
    assert_store_holds_exactly(store_engine, fake_api.studies)
    stored = _stored(store_engine)
    for path in study_files():  # and equal, parsed, to the shared source files
        assert orjson.loads(stored[path.stem]) == orjson.loads(path.read_bytes())
    assert checkpoints.read_checkpoint(store_engine) is None
    last = checkpoints.read_last_sync(store_engine)
    assert (last["inserted"], last["pages"], last["data_timestamp"]) == (1183, 12, "2026-11-24T09:00:05")
    assert checkpoints.read_baseline(store_engine, checkpoints.filters_fingerprint(SyncRequest(fake_api.base_url).filters()))["since"] == "2026-11-23"


def test_faults_on_many_pages_change_nothing_in_the_result(store_engine, small_api, small_client):
    from tests.sync.fake_api import DROP, HALF_JSON, TRUNCATE

    small_api.inject(status(503), TRUNCATE)
    small_api.inject(status(429, 0), path="version")
    original_answer = small_api.answer_studies
    calls = []

    def faulty(params):  # a fault on every third page, after the first
        calls.append(1)
        if len(calls) % 3 == 0:
            small_api.inject(HALF_JSON if len(calls) % 2 else DROP)
        return original_answer(params)

    small_api.answer_studies = faulty
    sync_from_api(store_engine, small_client, SyncRequest(small_api.base_url, page_size=20))
    assert_store_holds_exactly(store_engine, small_api.studies)
    assert any(s.fault for s in small_api.served)


def test_filters_select_the_same_studies_as_the_server(store_engine, fake_api, client):
    request = SyncRequest(fake_api.base_url, condition="erectile", statuses=("COMPLETED",), page_size=25)
    result = sync_from_api(store_engine, client, request)
    expected = {s["protocolSection"]["identificationModule"]["nctId"]: s for s in fake_api.select({"query.cond": "erectile", "filter.overallStatus": "COMPLETED"})}
    assert 25 < len(expected) < 1183 and result.inserted == len(expected)
    assert_store_holds_exactly(store_engine, expected)


def test_second_run_is_incremental_and_keeps_history(store_engine, small_api, small_client):
    sync_from_api(store_engine, small_client, SyncRequest(small_api.base_url, page_size=50))
    changed_id = next(
        nct_id for nct_id, raw in small_api.studies.items()
        if raw["protocolSection"]["statusModule"]["overallStatus"] != "COMPLETED"
        and len(raw["protocolSection"].get("contactsLocationsModule", {}).get("locations", [])) >= 2
    )

    def change(study):
        study["protocolSection"]["statusModule"]["overallStatus"] = "COMPLETED"
        study["protocolSection"]["contactsLocationsModule"]["locations"].pop()

    small_api.update_study(changed_id, change)
    small_api.served.clear()
    second = sync_from_api(store_engine, small_client, SyncRequest(small_api.base_url, page_size=50))
    assert second.since_used == "2026-11-23"
    assert (second.read, second.updated, second.inserted) == (1, 1, 0)
    assert small_api.studies_pages()[0].params["filter.advanced"] == "AREA[LastUpdatePostDate]RANGE[2026-11-23,MAX]"
    assert_store_holds_exactly(store_engine, small_api.studies)
    assert _versions(store_engine) == 1
    [entry] = study_history(store_engine, changed_id)
    assert [f.field for f in entry.fields] == ["status"] and len(entry.sites_removed) == 1
    full = sync_from_api(store_engine, small_client, SyncRequest(small_api.base_url, page_size=50, full=True))
    assert (full.since_used, full.read, full.unchanged) == (None, SMALL, SMALL)


def test_interrupted_sync_resumes_from_its_checkpoint(store_engine, small_api, small_client):
    request = SyncRequest(small_api.base_url, page_size=23)
    original = small_api.answer_studies
    calls = []

    def fail_on_page_ten(params):
        calls.append(1)
        if len(calls) == 10:
            small_api.inject(*[status(503)] * 6)
        return original(params)

    small_api.answer_studies = fail_on_page_ten
    with pytest.raises(ApiError, match="failed 6 times"):
        sync_from_api(store_engine, small_client, request)
    checkpoint = checkpoints.read_checkpoint(store_engine)
    assert checkpoint["result"]["pages"] == 10 and len(_stored(store_engine)) == 10 * 23
    small_api.answer_studies = original
    small_api.served.clear()
    resumed = sync_from_api(store_engine, small_client, request)
    assert resumed.resumed and resumed.pages == 14 and resumed.inserted == SMALL
    assert small_api.studies_pages()[0].params["pageToken"] == checkpoint["page_token"]
    assert_store_holds_exactly(store_engine, small_api.studies)
    assert checkpoints.read_checkpoint(store_engine) is None


def test_rejected_token_on_resume_restarts_the_listing(store_engine, small_api, small_client):
    request = SyncRequest(small_api.base_url, page_size=20)
    original = small_api.answer_studies
    calls = []

    def fail_on_page_four(params):
        calls.append(1)
        if len(calls) == 4:
            small_api.inject(*[status(500)] * 6)
        return original(params)

    small_api.answer_studies = fail_on_page_four
    with pytest.raises(ApiError):
        sync_from_api(store_engine, small_client, request)
    small_api.answer_studies = original
    small_api.expire_tokens()
    notices = []
    result = sync_from_api(store_engine, small_client, request, on_notice=notices.append)
    assert result.listing_restarts == 1 and any("starting the listing again" in n for n in notices)
    assert_store_holds_exactly(store_engine, small_api.studies)
    assert _versions(store_engine) == 0


def test_a_checkpoint_for_other_parameters_is_not_reused(store_engine, small_api, small_client):
    original = small_api.answer_studies
    calls = []

    def fail_on_page_two(params):
        calls.append(1)
        if len(calls) == 2:
            small_api.inject(*[status(500)] * 6)
        return original(params)

    small_api.answer_studies = fail_on_page_two
    with pytest.raises(ApiError):
        sync_from_api(store_engine, small_client, SyncRequest(small_api.base_url, statuses=("COMPLETED",), page_size=5))
    small_api.answer_studies = original
    small_api.served.clear()
    sync_from_api(store_engine, small_client, SyncRequest(small_api.base_url, page_size=300))
    assert "pageToken" not in small_api.studies_pages()[0].params
    assert_store_holds_exactly(store_engine, small_api.studies)


def test_sync_from_folder_is_recorded(store_engine):
    result = sync_from_files(store_engine, [STUDIES_DIR])
    assert (result.read, result.inserted, result.rejected) == (1183, 1183, 0)
    assert checkpoints.read_last_sync(store_engine)["kind"] == "bulk"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"since": "yesterday"}, "--since"),
        ({"statuses": ("OPEN",)}, "unknown --status"),
        ({"since": "2024-01-01", "full": True}, "contradict"),
        ({"page_size": 5000}, "--page-size"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(kwargs, message):
    with pytest.raises(SyncError, match=message):
        SyncRequest("http://x", **kwargs)


def test_next_baseline_leaves_a_day_of_overlap():
    assert next_baseline("2026-11-24T09:00:05", "2026-11-25T00:00:00+00:00") == "2026-11-23"
    assert next_baseline(None, "2026-11-25T00:00:00+00:00") == "2026-11-24"
