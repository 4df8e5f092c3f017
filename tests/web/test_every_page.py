"""Every stored record renders every section, in HTML, JSON and text, without error."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import load_json, study_files
from trialfinder.store.queries import get_study, iter_studies
from trialfinder.web.page import SECTION_IDS, build_trial_page
from trialfinder.web.render import render_page_html, render_page_text

SECTION_TAG = re.compile(r'<section id="([^"]+)"')


def test_every_record_renders_every_section(corpus_engine, settings):
    rendered = 0
    for study in iter_studies(corpus_engine):
        stored = get_study(corpus_engine, study.nct_id)
        html = render_page_html(stored, settings)
        assert SECTION_TAG.findall(html) == list(SECTION_IDS), study.nct_id
        assert ">None<" not in re.sub(r"<pre.*?</pre>", "", html, flags=re.S), study.nct_id
        page = build_trial_page(stored, settings)
        json.dumps(page)
        text = render_page_text(stored, settings)
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
    html = render_page_html(get_study(store_engine, "NCT07441226"), settings)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html
