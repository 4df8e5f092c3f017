"""study_history: what changed between stored versions, from the record model, JSON-ready."""

from __future__ import annotations

import copy
import json

import orjson

from tests.conftest import STUDIES_DIR, load_json
from trialfinder.ctgov.archive import parse_document
from trialfinder.store.history import study_history
from trialfinder.store.writer import StudyWriter

NCT = "NCT06462729"


def _store(engine, record: dict) -> None:
    writer = StudyWriter(engine)
    writer.add(parse_document("test", json.dumps(record).encode()))
    writer.flush()


def test_consecutive_versions_give_changes_newest_first(store_engine):
    first = load_json(STUDIES_DIR / f"{NCT}.json")
    _store(store_engine, first)
    assert study_history(store_engine, NCT) == []

    second = copy.deepcopy(first)
    status = second["protocolSection"]["statusModule"]
    status["overallStatus"] = "ACTIVE_NOT_RECRUITING"
    status["lastUpdatePostDateStruct"] = {"date": "2025-03-01", "type": "ACTUAL"}
    second["protocolSection"]["designModule"]["enrollmentInfo"] = {"count": 52, "type": "ACTUAL"}
    removed = second["protocolSection"]["contactsLocationsModule"]["locations"].pop()
    second["protocolSection"]["contactsLocationsModule"]["locations"].append(
        {"facility": "Auckland City Hospital", "city": "Auckland", "country": "New Zealand"}
    )
    _store(store_engine, second)

    third = copy.deepcopy(second)
    third["protocolSection"]["statusModule"]["primaryCompletionDateStruct"] = {"date": "2026-06", "type": "ESTIMATED"}
    third["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] += "\n* Not pregnant"
    third["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"] = {"date": "2025-06-01", "type": "ACTUAL"}
    _store(store_engine, third)

    fourth = copy.deepcopy(third)
    fourth["protocolSection"]["descriptionModule"]["briefSummary"] = "Reworded, nothing tracked changed."
    _store(store_engine, fourth)

    newest, older = study_history(store_engine, NCT.lower())
    assert (older.previous_update_posted, older.update_posted) == ("2024-09-25", "2025-03-01")
    by_field = {f.field: f for f in older.fields}
    assert set(by_field) == {"status", "enrollment"}
    assert (by_field["status"].before_text, by_field["status"].after_text) == ("Recruiting", "Active, not recruiting")
    assert (by_field["enrollment"].before, by_field["enrollment"].after) == (40, 52)
    assert by_field["enrollment"].after_text == "52 (actual)"
    assert [s.city for s in older.sites_added] == ["Auckland"]
    assert [s.city for s in older.sites_removed] == [removed["city"]]

    assert [f.field for f in newest.fields] == ["primary_completion_date", "eligibility_criteria"]
    assert newest.fields[0].after_text == "2026-06 (estimated)"
    assert newest.sites_added == newest.sites_removed == ()
    assert newest.changed_at >= older.changed_at

    as_json = orjson.loads(orjson.dumps(study_history(store_engine, NCT)))
    assert as_json[1]["fields"][0]["field"] == "status" and as_json[1]["sites_added"][0]["country"] == "New Zealand"
    assert as_json[0] == newest.as_dict() | {"fields": as_json[0]["fields"], "sites_added": [], "sites_removed": []}


def test_unknown_study_has_no_history(store_engine):
    assert study_history(store_engine, "NCT00000000") == []
    assert study_history(store_engine, "not an id") == []
