"""Clinician-review safety defects (2026-11-25): each on the real record where there is one."""

import re

import pytest

from trialfinder.eligibility import EXCLUSION_HEADING, INCLUSION_HEADING, explain_eligibility
from trialfinder.eligibility.fidelity import side_check

from .conftest import explained, criteria


def _plain(text):
    return {i.original: i.plain for i in explain_eligibility(text).all_items()}


def test_nct05508360_inline_exclusion_heading_with_bullets():
    result = explain_eligibility(criteria("NCT05508360"))
    inclusion = " ".join(i.original for top in result.inclusion for i in top.walk())
    exclusion = [i.original for top in result.exclusion for i in top.walk()]
    assert "Exclusion Criteria" not in inclusion and "less than 6 mm of disc height" not in inclusion
    assert "Patient has less than 6 mm of disc height." in exclusion


def test_nct00668109_nitrate_use_is_an_exclusion():
    result = explain_eligibility(criteria("NCT00668109"))
    assert [i.original for i in result.exclusion][:3] == [
        "Primary hypoactive sexual desire",
        "History of myocardial infarction, stroke or life-threatening arrhythmia within the prior 6 months",
        "Nitrate use"]
    assert "Males with erectile dysfunction" in [i.original for i in result.inclusion]


@pytest.mark.parametrize("nct", ["NCT01892319", "NCT06131424", "NCT01230762", "NCT03633708"])
def test_other_inline_exclusion_headings(nct):
    result = explain_eligibility(criteria(nct))
    assert not any(re.search(r"exclusion criteria\s*[:：]|^\W*exclusion criteria", i.original, re.I)
                   for top in result.inclusion for i in top.walk())
    assert result.exclusion


def test_side_check_blocks_heading_words_and_bullet_runs():
    assert side_check("All surgeries must be approved Exclusion Criteria: Patient has cancer")
    assert side_check("Age 18- Males- Stable relationship- Diabetes- Hypertension")
    assert side_check("Hemoglobin at least 9 g/dL") is None
    item = explain_eligibility("Exclusion Criteria:\n* Other exclusion criteria apply, please contact the study doctor")
    (only,) = item.exclusion
    assert only.fallback and only.plain == only.original


@pytest.mark.parametrize("original, must_not", [
    ("Participated in another interventional clinical study ≤ 4 weeks prior to signing the ICF", "of at most 4 weeks"),
    ("Other concurrent malignancies ≤ 5 years prior", "of at most 5 years"),
    ("No deterioration ≥ 2 weeks before screening", "of at least 2 weeks"),
    ("Excluded were subjects who had taken > 6 doses", "of more than 6"),
    ("If < 16 years of age, weight < 40 kg", "if of less than"),
    ("Bilateral vasectomy of sexual partner ≥ 90 days before", "of at least 90 days"),
])
def test_time_limits_are_not_turned_into_durations(original, must_not):
    plain = _plain("Exclusion Criteria:\n* " + original)[original]
    assert must_not not in plain.lower() and "of of" not in plain


def test_measurement_still_gets_of():
    assert _plain("Inclusion Criteria:\n* Hemoglobin ≥ 9 g/dL")["Hemoglobin ≥ 9 g/dL"] == "Hemoglobin of at least 9 g/dL."


def test_nct02724163_ms_is_the_trials_myeloid_sarcoma_and_names_are_kept():
    result = explain_eligibility(criteria("NCT02724163"))
    text = " ".join(i.plain for i in result.all_items())
    assert "multiple sclerosis" not in text
    assert "sudden myeloid" not in text and "sudden promyelocytic" not in text.lower()
    assert "Leukaemia means leukemia" not in text and "tissue type" not in text
    assert "Returned or" not in text


def test_useless_and_repeated_glosses_are_dropped():
    text = " ".join(_plain("Exclusion Criteria:\n* CYP3A4 inducers\n* COPD\n* Asthma\n* Leukaemia").values())
    assert "Inducers means boosters" not in text and "Leukaemia means leukemia" not in text
    assert text.count("a long-term lung disease that makes breathing hard") == 1


def test_performance_status_is_kept_and_explained():
    original = "Eastern Cooperative Oncology Group (ECOG) performance status ≤ 1"
    plain = _plain("Inclusion Criteria:\n* " + original)[original]
    # the score keeps its short name (the group's name tells a patient nothing) and is explained
    assert plain.startswith("ECOG performance status of at most 1.")
    assert "ECOG performance status means a doctor's score" in plain


def test_pregnant_females_and_consent():
    plain = _plain("Exclusion Criteria:\n* Pregnant or lactating females.")
    assert plain["Pregnant or lactating females."] == "You are pregnant or breastfeeding."
    original = "Provided written informed consent to participate in the study."
    assert _plain("Inclusion Criteria:\n* " + original)[original] == (
        "You will be asked to give written informed consent (agree in writing once the study is explained to you) "
        "to take part in the study.")


def test_one_template_per_list_and_no_notes_with_labels():
    result = explain_eligibility(criteria("NCT03107052"))
    for item in result.all_items():
        assert not re.search(r"you can join if|you cannot join if|^required:|^not allowed:", item.plain, re.I)
    assert INCLUSION_HEADING.startswith("To join") and "any" in EXCLUSION_HEADING


def test_corpus_no_inclusion_item_holds_an_exclusion_heading(criteria_corpus):
    bad = []
    for nct, text in criteria_corpus:
        for top in explained(text).inclusion:
            for item in top.walk():
                if re.search(r"(?<!inclusion and )(?<!inclusion/)(?<!inclusion / )(?<!criteria and )exclusion criteria\s*[:：]", item.original, re.I):
                    bad.append((nct, item.original[:80]))
                if not item.fallback and not item.heading and re.search(r"exclusion criteri", item.original, re.I):
                    bad.append((nct, "rewritten: " + item.original[:80]))
    assert bad == []
