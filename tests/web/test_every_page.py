"""Every stored record renders every section, in HTML, JSON and text, without error."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import load_json, study_files
from trialfinder.store.queries import iter_studies
from trialfinder.web.page import SECTION_IDS, load_trial_page
from trialfinder.web.render import render_page_html, render_page_json, render_page_text

SECTION_TAG = re.compile(r'<section id="([^"]+)"')


def test_every_record_renders_every_section(corpus_engine, settings):
    rendered = 0
    for study in iter_studies(corpus_engine):
        page = load_trial_page(corpus_engine, study.nct_id, settings)
        html = render_page_html(page, settings)
        assert SECTION_TAG.findall(html) == list(SECTION_IDS), study.nct_id
        assert ">None<" not in re.sub(r"<pre.*?</pre>", "", html, flags=re.S), study.nct_id
        assert list(json.loads(render_page_json(page))["sections"]) == list(SECTION_IDS)
        text = render_page_text(page)
        assert all(f"== {section} ==" in text for section in SECTION_IDS)
        rendered += 1
    assert rendered == len(study_files()) + 1


@pytest.mark.parametrize("field", ["briefTitle", "briefSummary", "eligibilityCriteria", "facility", "name"])
def test_html_in_registry_text_is_shown_as_text(store_engine, settings, tmp_path, field):
    from trialfinder.ctgov.archive import iter_documents
    from trialfinder.store.writer import StudyWriter
    from tests.conftest import RECONSTRUCTED

    record = load_json(RECONSTRUCTED)
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'
    protocol = record["protocolSection"]
    target = {
        "briefTitle": protocol["identificationModule"],
        "briefSummary": protocol["descriptionModule"],
        "eligibilityCriteria": protocol["eligibilityModule"],
        "facility": protocol["contactsLocationsModule"]["locations"][0],
        "name": protocol["armsInterventionsModule"]["interventions"][0],
    }[field]
    target[field] = hostile + " " + target[field]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(record))
    StudyWriter(store_engine).add_all(iter_documents([path]))
    html = render_page_html(load_trial_page(store_engine, "NCT07441226", settings), settings)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html


def test_history_section_tells_what_changed(store_engine, settings, tmp_path):
    from trialfinder.ctgov.archive import iter_documents
    from trialfinder.store.writer import StudyWriter
    from tests.conftest import STUDIES_DIR

    original = STUDIES_DIR / "NCT06462729.json"
    StudyWriter(store_engine).add_all(iter_documents([original]))
    first = load_trial_page(store_engine, "NCT06462729", settings)
    assert first["sections"]["history"] == {"changes": []}
    assert "No changes to the status" in render_page_html(first, settings)

    record = load_json(original)
    record["protocolSection"]["statusModule"]["overallStatus"] = "COMPLETED"
    record["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"] = "2025-03-01"
    record["protocolSection"]["designModule"]["enrollmentInfo"] = {"count": 37, "type": "ACTUAL"}
    removed = record["protocolSection"]["contactsLocationsModule"]["locations"].pop()
    path = tmp_path / "NCT06462729.json"
    path.write_text(json.dumps(record))
    StudyWriter(store_engine).add_all(iter_documents([path]))

    page = load_trial_page(store_engine, "NCT06462729", settings)
    (change,) = page["sections"]["history"]["changes"]
    assert (change["previous_update_posted"], change["update_posted"]) == ("2024-09-25", "2025-03-01")
    by_field = {f["field"]: (f["before"], f["after"]) for f in change["fields"]}
    assert by_field["status"] == ("Recruiting", "Completed")
    assert by_field["enrollment"][0].startswith("40") and by_field["enrollment"][1].startswith("37")
    assert change["sites_removed"] == [f"{removed['facility']}, {removed['city']}, {removed['state']}, {removed['country']}"]
    html = render_page_html(page, settings)
    assert "Recruiting → Completed" in html and "Site removed: Macquarie University" in html
