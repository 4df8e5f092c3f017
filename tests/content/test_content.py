"""Content tests on real records (facts checked by reading each record) and the whole corpus."""

import datetime as dt
import json
import re

from trialfinder.content import (
    citation, doctor, enrollment, faq, freshness, jsonld, methodology, overview, phase, regulators, status,
)
from trialfinder.content._text import article, capped_list, excerpt

from .conftest import load

TODAY = dt.date(2026, 11, 25)


# --- the reference trial (Indonesia, Phase 2, target 20, recruiting, sparse record) -----------

def test_sparse_indonesian_trial_gets_bpom_not_only_fda():
    s = load("NCT07441226")
    names = [src.name for src in regulators.sources_for(s)]
    assert "Indonesian Food and Drug Authority (BPOM)" in names
    assert not any("FDA" in n and "Indonesian" not in n for n in names)
    safety = dict(faq.faq(s))["Is it safe to take part?"]
    assert "BPOM" in safety and "United States" not in safety and "Institutional Review Board" not in safety
    assert all("FDA" not in p for p in phase.phase_explainer(s))


def test_sparse_phase2_of_20_never_claims_100_to_300():
    s = load("NCT07441226")
    text = " ".join(phase.phase_explainer(s) + enrollment.enrollment_explainer(s))
    assert "100–300" not in text and "100-300" not in text
    # 20 is not below about half the usual Phase 2 range (30+), so no "fewer than usual"; said once, in enrollment
    assert "The study aims to enroll about 20 people." in phase.phase_explainer(s)[1]
    assert "For a Phase 2 study, 20 people is at the lower end of the usual range." in text
    assert "fewer than" not in " ".join(phase.phase_explainer(s))


def test_sparse_overview_and_summary_cut_at_sentence():
    s = load("NCT07441226")
    assert overview.overview_paragraph(s).startswith("NCT07441226 is a Phase 2 interventional study")
    assert "The lead sponsor is RSUP Persahabatan." in overview.overview_paragraph(s)
    what = dict(faq.faq(s))["What is NCT07441226 studying?"]
    assert "given intravenously. The full description is on the official record." in what
    assert "6-m" not in what


def test_sparse_recruiting_without_verified_date_warns():
    paras = status.status_explainer(load("NCT07441226"), TODAY)
    assert "does not say when this status was last confirmed" in paras[-1]


# --- specific real records -----------------------------------------------------------------------

def test_phase_1_2_record_says_phase_1_2():
    s = load("NCT00205894")  # PHASE1+PHASE2, 20 ACTUAL, completed
    assert "is a Phase 1/2 interventional study" in overview.overview_paragraph(s)
    assert phase.phase_explainer(s)[0].startswith("This study combines Phase 1 and Phase 2.")
    assert "20 people took part in this study." in phase.phase_explainer(s)[1]
    assert "within" not in phase.phase_explainer(s)[1]


def test_withdrawn_with_zero_enrollment():
    s = load("NCT00576225")  # WITHDRAWN, enrollment 0
    assert enrollment.enrollment_explainer(s) == ["No one took part. The study was withdrawn before anyone enrolled."]
    assert status.status_explainer(s, TODAY)[0].startswith("This study was withdrawn")
    # a withdrawn Phase 3 does not compare its size to the typical range
    assert "which is" not in " ".join(phase.phase_explainer(s))


def test_unknown_status_shows_last_known_status_and_verified_date():
    s = load("NCT00173134")  # UNKNOWN, lastKnownStatus RECRUITING, verified 2005-06
    paras = status.status_explainer(s, TODAY)
    assert "Its last known status was “Recruiting”. That status was last confirmed in June 2005." in paras[1]


def test_old_recruiting_record_warns_to_confirm():
    s = load("NCT01949129")  # RECRUITING, verified 2020-09
    paras = status.status_explainer(s, TODAY)
    assert paras[-1].startswith("Please note: this status was last confirmed in September 2020, about 6 years ago.")
    fresh = status.status_explainer(s, dt.date(2021, 3, 1))
    assert not fresh[-1].startswith("Please note")


def test_terminated_gives_why_stopped():
    s = load("NCT00184067")
    assert "The reason given in the record is “Primary PI left institution”." in status.status_explainer(s, TODAY)


def test_many_country_trial_is_capped():
    s = load("NCT01949129")  # 31 countries
    summary = regulators.regulator_summary(s)
    assert summary.more_countries == len(summary.countries) - regulators.COUNTRY_CAP > 0
    assert any("more countries; each has its own national regulator" in x for x in regulators.regulator_sentences(s))
    assert any(src.name == "European Medicines Agency (EMA)" for src in regulators.sources_for(s))


def test_placebo_question_and_female_only():
    s = load("NCT00089661")  # placebo arm, FEMALE, results posted, no locations, completed
    assert not any("placebo" in q for q in doctor.doctor_guide(s, TODAY).questions)  # closed: no joining questions
    answers = dict(faq.faq(s))
    assert "It was open to female participants only." in answers["Who could join NCT00089661?"]
    assert answers["Has NCT00089661 posted results?"].startswith("Yes. Results were first posted on ClinicalTrials.gov on 26 January 2010.")
    assert "does not list any study sites" in answers["Where did NCT00089661 take place?"]
    assert "The record does not list any study sites" in regulators.regulator_sentences(s)[0]


def test_central_contacts_shown():
    s = load("NCT00258583")
    answer = dict(faq.faq(s))["How do I contact the team running NCT00258583?"]
    assert "macphersonmj@upmc.edu" in answer


def test_country_aliases():
    assert regulators.agency_for("South Korea") == regulators.agency_for("Korea, Republic of")
    assert regulators.agency_for("Turkey (Türkiye)")[0] == "TİTCK"
    assert regulators.agency_for("Puerto Rico")[0] == "FDA"
    assert regulators.agency_for("Niue") is None


def test_regulator_table_covers_top_40_and_eu():
    from trialfinder.content.regulator_data import EU_EEA, REGULATORS
    assert EU_EEA <= set(REGULATORS)
    assert len(EU_EEA) == 30
    for agency in REGULATORS.values():
        assert agency[2].startswith("https://")


def test_text_helpers():
    assert article("Early Phase 1 study") == "an" and article("Phase 1 study") == "a"
    assert article("observational study") == "an" and article("8-week study") == "an"
    assert capped_list(["A", "B", "C", "D"], 3, "condition") == "A, B and 2 other conditions"
    assert capped_list(["A", "B", "C"], 3, "condition") == "A, B and C"
    text, cut = excerpt("First sentence here. Second one is much longer than the limit allows.", 30)
    assert (text, cut) == ("First sentence here.", True)
    text, cut = excerpt("averyveryverylongword " * 10, 30)
    assert text.endswith("…") and "averyveryverylongword…" == text


def test_general_questions_about_25():
    groups = doctor.general_questions()
    assert 23 <= sum(len(g.questions) for g in groups) <= 30


def test_jsonld_and_citation():
    s = load("NCT07441226")
    data = jsonld.jsonld(s)
    assert data["@type"] == "MedicalStudy" and data["identifier"] == "NCT07441226"
    assert data["status"] == "https://schema.org/Recruiting"
    cite = citation.citation(s, "TrialFinder", TODAY)
    assert "ClinicalTrials.gov ID NCT07441226." in cite and cite.endswith("Accessed 25 November 2026.")


# --- corpus -------------------------------------------------------------------------------------

_ARTICLE_ERROR = re.compile(r"\b(a an|an a|a a|an an)\b", re.I)


def _all_texts(s):
    yield overview.overview_paragraph(s, TODAY)
    yield freshness.snapshot_sentence(s, TODAY)
    if freshness.is_status_stale(s, TODAY):
        yield freshness.stale_reason(s, TODAY)
    for c in s.central_contacts:
        line = faq.contact_line(c)
        if line:
            yield line
    yield from phase.phase_explainer(s)
    yield from status.status_explainer(s, TODAY)
    yield from enrollment.enrollment_explainer(s)
    yield from regulators.regulator_sentences(s)
    for q, a in faq.faq(s, TODAY):
        yield q
        yield a
    guide = doctor.doctor_guide(s, TODAY)
    yield from guide.paragraphs
    yield from guide.questions
    yield from methodology.how_this_page_is_built(s)
    yield citation.citation(s, "TrialFinder", TODAY)
    for src in regulators.sources_for(s):
        yield src.name
        yield src.url
        yield src.why


def test_every_function_on_every_record(corpus):
    problems = []
    for s in corpus:
        raw = json.dumps(s.raw, ensure_ascii=False)
        texts = list(_all_texts(s))
        assert len(faq.faq(s, TODAY)) >= 6
        data = jsonld.jsonld(s)
        json.dumps(data)
        if "description" in data and "\\" in data["description"]:
            problems.append((s.nct_id, data["description"]))
        for t in texts:
            if (not t or t != t.strip() or "  " in t or "\n" in t or "{" in t or "}" in t
                    or ("None" in t and "None" not in raw) or _ARTICLE_ERROR.search(t)
                    or "((" in t or "”.”" in t or "..” " in t):
                problems.append((s.nct_id, t))
    assert problems == []


def test_static_pages():
    sections = methodology.methodology_sections("TrialFinder")
    assert [h for h, _ in sections][0] == "Where the data comes from"
    assert all(p and "  " not in p for _, ps in sections for p in ps)
    assert "not medical advice" in citation.disclaimer()
