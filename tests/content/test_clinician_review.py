"""Defects found in the clinician review, each checked on the real record that showed it."""

import datetime as dt
import json

import pytest

from trialfinder.content import (
    ages, citation, doctor, enrollment, faq, freshness, jsonld, methodology, overview, phase, regulators, status,
)

from .conftest import load

TODAY = dt.date(2026, 11, 25)


def _page(s, today=TODAY) -> str:
    parts = [overview.overview_paragraph(s, today), *phase.phase_explainer(s), *status.status_explainer(s, today),
             *enrollment.enrollment_explainer(s), *regulators.regulator_sentences(s)]
    for q, a in faq.faq(s, today):
        parts += [q, a]
    guide = doctor.doctor_guide(s, today)
    parts += [*guide.paragraphs, *guide.questions, citation.citation(s, "TrialFinder", today)]
    return "\n".join(parts)


# 1. stale "recruiting" -------------------------------------------------------------------------

@pytest.mark.parametrize("nct", ["NCT05870670", "NCT05814159", "NCT05756322"])
def test_stale_recruiting_is_not_shown_as_current(nct):
    s = load(nct)
    assert s.overall_status == "RECRUITING"
    assert freshness.is_status_stale(s, TODAY)
    assert freshness.END_DATE_PASSED in freshness.status_staleness(s, TODAY).reasons
    text = _page(s)
    assert "looking for participants now" not in text
    assert "results are not expected" not in text
    assert "was last confirmed in" in overview.overview_paragraph(s, TODAY)
    assert "Check with the study team" in overview.overview_paragraph(s, TODAY)


def test_stale_recruiting_details_nct05870670():
    s = load("NCT05870670")  # estimated completion 2023-11-14, snapshot 2023-06-29, verified 2023-06
    staleness = freshness.status_staleness(s, TODAY)
    assert staleness.reasons == (freshness.END_DATE_PASSED, freshness.VERIFIED_OLD, freshness.SNAPSHOT_OLD)
    assert "14 November 2023" in freshness.stale_reason(s, TODAY)
    ov = overview.overview_paragraph(s, TODAY)
    assert "Its planned end date, 14 November 2023, has already passed." in ov
    assert "The status was last confirmed in June 2023." in ov
    results = dict(faq.faq(s, TODAY))["Has NCT05870670 posted results?"]
    assert "still recruiting, so results" not in results and "14 November 2023, has passed" in results
    # on the snapshot day itself the record was current
    assert not freshness.is_status_stale(s, dt.date(2023, 6, 29))
    assert "looking for participants now" in overview.overview_paragraph(s, dt.date(2023, 6, 29))


def test_closed_status_is_never_stale():
    assert not freshness.is_status_stale(load("NCT00645268"), TODAY)


# 2. closed and unknown studies ----------------------------------------------------------------

_JOINING = ("placebo", "visits", "travel", "keep getting it", "chance of getting")


@pytest.mark.parametrize("nct", ["NCT00645268", "NCT03107052", "NCT04984993", "NCT00089661"])
def test_closed_studies_ask_no_joining_questions(nct):
    s = load(nct)
    assert status.is_closed(s)
    questions = doctor.doctor_guide(s, TODAY).questions
    assert "This study is not enrolling now. Are there similar studies I could join?" in questions
    assert any("results" in q.lower() or "Results" in q for q in questions)
    items = faq.faq(s, TODAY)
    for text in list(questions) + [q for q, _ in items]:
        assert not any(word in text for word in _JOINING), text
    qs = [q for q, _ in items]
    assert f"Who could join {nct}?" in qs and f"Where did {nct} take place?" in qs
    assert "Are there similar studies I could join?" in qs and f"Has {nct} posted results?" in qs
    assert "Is it safe to take part?" not in qs and "Does it cost anything, or will I be paid?" not in qs


def test_unknown_status_gives_last_known_status():
    s = load("NCT04870190")  # UNKNOWN, last known NOT_YET_RECRUITING
    text = _page(s)
    assert "not enrolling now" not in text
    assert "Its current status is unknown. Its last known status on ClinicalTrials.gov was “Not yet recruiting”." in (
        overview.overview_paragraph(s, TODAY))
    assert any("current status is unknown, and its last known status was “Not yet recruiting”" in q
               for q in doctor.doctor_guide(s, TODAY).questions)


# 3. phase text vs final numbers -----------------------------------------------------------------

def test_completed_estimated_enrollment_not_plans_to_enroll():
    s = load("NCT00645268")  # completed 2004, 300 ESTIMATED
    ph, en = phase.phase_explainer(s), enrollment.enrollment_explainer(s)
    assert "plans to enroll" not in " ".join(ph + en)
    assert en[0] == "The record gives a target of 300 people. It does not give the final number who took part."
    assert en[0] in ph[1]  # the same wording in both sections


def test_fewer_than_usual_said_once_and_only_below_half_range():
    small = load("NCT05814159")  # Phase 3, 15 estimated
    text = _page(small)
    assert text.count("fewer than usual") == 1
    assert "fewer than usual" in " ".join(enrollment.enrollment_explainer(small))
    assert "fewer than" not in " ".join(phase.phase_explainer(small))
    assert "pilot" not in text  # no pilot studies for Phase 3
    terminated = load("NCT03107052")  # Phase 3, 275 ACTUAL, terminated: not below half of 300
    en = " ".join(enrollment.enrollment_explainer(terminated))
    assert "fewer than usual" not in en
    assert "may be lower than planned because the study stopped early" in en


# 4. healthy volunteers --------------------------------------------------------------------------

def test_healthy_volunteer_questions():
    s = load("NCT05870670")  # Phase 1, healthy men
    qs = " ".join(doctor.doctor_guide(s, TODAY).questions)
    assert "usual treatment" not in qs and "options I have now" not in qs and "keep getting it" not in qs
    assert "paid for my time" in qs and "stay overnight" in qs and "visits" in qs


# 5. regulators ----------------------------------------------------------------------------------

def test_regulator_not_equated_with_site_country_and_fda_named():
    s = load("NCT06038539")  # sites in India, isFdaRegulatedDrug true, EU comparator
    text = _page(s)
    assert "that means" not in text and "means the" not in text
    approval = phase.phase_explainer(s)[-1]
    assert "regulators in the countries where it is studied, such as the Central Drugs Standard Control Organisation (CDSCO) in India" in approval
    assert "U.S. Food and Drug Administration (FDA)" in approval
    assert any("FDA" in x for x in regulators.regulator_sentences(s))
    assert any(src.name == "U.S. Food and Drug Administration (FDA)" for src in regulators.sources_for(s))
    assert "CTIS" not in text and "EudraCT" not in text and "European Medicines Agency" not in text


def test_eu_register_by_start_date_and_all_eu_countries():
    s = load("NCT03107052")  # started 2017, drug, 7 EU countries among 12
    eu = [x for x in regulators.regulator_sentences(s) if "EU/EEA" in x][0]
    for country in ("Finland", "Germany", "Italy", "the Netherlands", "Poland", "Spain", "Sweden"):
        assert country in eu
    assert "EudraCT" in eu and "CTIS" not in " ".join(regulators.regulator_sentences(s))
    names = [src.name for src in regulators.sources_for(s)]
    assert "EU Clinical Trials Register (EudraCT)" in names
    assert "EU Clinical Trials Information System (CTIS)" not in names
    ema = [src for src in regulators.sources_for(s) if src.name.startswith("European Medicines Agency")][0]
    assert "Sweden" in ema.why and "Finland" in ema.why
    s2 = load("NCT04984993")  # Bulgaria and Poland
    eu2 = [x for x in regulators.regulator_sentences(s2) if "EU/EEA" in x][0]
    assert "Poland and Bulgaria" in eu2 and "CTIS" not in eu2


def test_ctis_only_for_new_medicine_trials():
    s = load("NCT03107052")
    raw = json.loads(json.dumps(s.raw))
    raw["protocolSection"]["statusModule"]["startDateStruct"] = {"date": "2023-03-01"}
    from trialfinder.ctgov.record import Study
    newer = Study(raw)
    assert regulators.eu_register(newer).name == "EU Clinical Trials Information System (CTIS)"
    for item in raw["protocolSection"]["armsInterventionsModule"]["interventions"]:
        item["type"] = "BEHAVIORAL"
    raw["protocolSection"]["oversightModule"]["isFdaRegulatedDrug"] = False
    assert regulators.eu_register(Study(raw)) is None


# 6. contacts ------------------------------------------------------------------------------------

def test_contacts_extension_brackets_url_reference():
    answer = dict(faq.faq(load("NCT06038539"), TODAY))["How do I contact the team running NCT06038539?"]
    assert "91 80 2808 ext. 5479" in answer and "gursharan.singh@biocon.com" in answer
    assert "Medicine) (" not in answer and "((" not in answer
    roche = dict(faq.faq(load("NCT04961996"), TODAY))["How do I contact the team running NCT04961996?"]
    assert "888-662-6728 (U.S. Only)" in roche and "global-roche-genentech-trials@gene.com" in roche
    assert "website https://forpatients.roche.com/" in roche and "study reference GO42784" in roche
    assert "Reference Study ID Number" not in roche
    d = faq.contact_details(load("NCT04961996").central_contacts[0])
    assert (d.name, d.reference, d.website) == (None, "GO42784", "https://forpatients.roche.com/")
    nov = dict(faq.faq(load("NCT05870670"), TODAY))["How do I contact the team running NCT05870670?"]
    assert "((" not in nov and "(+1) 866-867-7178" in nov
    child = dict(faq.faq(load("NCT02724163"), TODAY))["How do I contact the team running NCT02724163?"]
    assert "Christina Ryan – phone 01214151049, email myechild01@trials.bham.ac.uk" in child


# 7. sponsor sentence ----------------------------------------------------------------------------

def test_sentence_sponsor_is_quoted():
    s = load("NCT00645268")
    quotedname = "The record names the sponsor as “Pfizer's Upjohn has merged with Mylan to form Viatris Inc.”"
    assert quotedname in overview.overview_paragraph(s, TODAY)
    assert "The lead sponsor is Pfizer" not in overview.overview_paragraph(s, TODAY)
    cite = citation.citation(s, "TrialFinder", TODAY)
    assert cite.startswith(quotedname + " ") and "”." not in cite
    assert "The lead sponsor is Novo Nordisk A/S." in overview.overview_paragraph(load("NCT05870670"), TODAY)


# 8. placeholder maximum ages --------------------------------------------------------------------

@pytest.mark.parametrize("nct", ["NCT05756322", "NCT06038539", "NCT04573062"])
def test_placeholder_max_age_means_no_upper_limit(nct):
    s = load(nct)
    assert s.maximum_age.years >= 99
    assert ages.age_range_phrase(s.minimum_age, s.maximum_age) == "18 years or older"
    text = _page(s)
    assert "99 years" not in text and "100 years" not in text and "120 years" not in text


# 9. children ------------------------------------------------------------------------------------

def test_childrens_study_addresses_parent():
    s = load("NCT02724163")  # max 17 years
    who = dict(faq.faq(s, TODAY))["Who can join NCT02724163?"]
    assert "parent or guardian give consent" in who and "assent" in who and "your child" in who
    guide = doctor.doctor_guide(s, TODAY)
    assert "your child's doctor" in guide.paragraphs[0]
    assert any("my child" in q for q in guide.questions)
    assert not any("options I have now" in q for q in guide.questions)


def test_children_and_adults_consent():
    s = load("NCT05814159")  # from 8 months, no upper limit
    who = dict(faq.faq(s, TODAY))["Who can join NCT05814159?"]
    assert "a parent or guardian gives consent" in who and "assent" in who
    assert "your child" not in who


# 10. markdown escapes and lists -----------------------------------------------------------------

def test_markdown_escapes_removed_from_quotes():
    s = load("NCT05814159")
    what = dict(faq.faq(s, TODAY))["What is NCT05814159 studying?"]
    assert "[SJIA]" in what and "\\" not in what
    assert "\\" not in jsonld.jsonld(s)["description"]
    s2 = load("NCT02724163")
    what2 = dict(faq.faq(s2, TODAY))["What is NCT02724163 studying?"]
    assert "\\" not in what2 and "& cytarabine" in what2
    assert "induction 2." not in what2  # list items become sentences
    assert "\\" not in jsonld.jsonld(s2)["description"]


# 11. snapshot sentence --------------------------------------------------------------------------

def test_snapshot_sentence():
    s = load("NCT05870670")
    text = freshness.snapshot_sentence(s, TODAY)
    assert text.startswith("Our copy of this record is from 29 June 2023. That is more than 6 months ago")
    assert freshness.snapshot_sentence(s, dt.date(2023, 8, 1)) == "Our copy of this record is from 29 June 2023."


# 12. one date format ----------------------------------------------------------------------------

def test_people_dates_are_day_month_year():
    s = load("NCT05870670")
    cite = citation.citation(s, "TrialFinder", TODAY)
    assert "Record last updated 15 June 2023." in cite and "2023-06-15" not in cite
    import re
    iso = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\b")
    assert not iso.search(_page(s) + " ".join(methodology.how_this_page_is_built(s)))
