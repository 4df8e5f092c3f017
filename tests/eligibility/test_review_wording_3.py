"""Wording fixes of the third review round (2026-12-01, late), one defect class at a time, over the corpus.

Counts on the 1,183-record corpus, rewritten items before -> after the fix:

1. the ECOG scale's owner: "Eastern Cooperative Oncology Group (ECOG) performance status" kept a group's name that
   tells a patient nothing, and in lower case the name was broken by a swap ("eastern cooperative cancer care group");
   a trial's own "(ECOG)" definition then explained ECOG as that name instead of as the score. Now the score keeps its
   short name and the lexicon explains it: items naming the group 93 -> 0, "cancer care group" 8 -> 0.
2. a bracket moved out as "This means ..." (review round 3): after "A (a) or B (b)" the last bracket belongs to B
   only, but as its own sentence it read as defining the whole item (a patient with low blood pressure read a
   high-pressure cut-off); a source or a label ("UICC 8th edition", "see Appendix A") read as a definition. Brackets
   after a list of members now stay where the registry put them; "eg,"/"ie," asides are examples and meanings.
3. swaps that changed a meaning or a name (WRONG below): "acute" read as "sudden" where it means an illness you have
   now, named chronic diagnoses ("chronic migraine", "chronic GVHD") read as time spans, "vertebral" read as "spine",
   drug-class names ("selective serotonin reuptake inhibitors") changed, NAION's name changed, named deficiencies read
   as "shortage", pulmonary edema read as "lung swelling", "lumbar" stacked ("lower back spine"), a lost article
   ("before start of"): 254 -> 0.
4. grammar and subject after reframing (GRAMMAR below): "MRI scan (MRI)" (the long name swapped beside its own
   abbreviation; the short name now stays and is explained) 19 -> 0; "You have had heart attack" (no article after
   "had") 42 -> 0; "You have X or patients who ..." and "You are pregnant or breastfeeding women, fertile patients
   who ..." (another group joined to "you"; such an item keeps the registry's sentence) 37 -> 0; "scans studies",
   "required by the study plan visits", "shot treatment" (a swap inside a compound) 31 -> 0.

Every expected text below was checked by hand against the record's own criterion (quoted in the test): same
numbers, comparisons, negations and time windows; only the wording changes.
"""

import re

import pytest

from trialfinder.eligibility import explain_eligibility

from .conftest import explained, rewritten_item as _item, rewritten_items, shown as _shown, wrong_readings_added

_SCORE_GLOSS = "a doctor's score of how well you can do daily tasks"


# --- 1. the ECOG scale's owner ------------------------------------------------------------------------------------
def test_no_rewrite_names_the_ecog_group_or_breaks_its_name(criteria_corpus):
    group = re.compile(r"eastern\s+co-?operative|cancer care group", re.IGNORECASE)
    bad = [(nct_id, _shown(item)) for nct_id, item in rewritten_items(criteria_corpus) if group.search(_shown(item))]
    assert not bad, bad[:5]


@pytest.mark.parametrize("nct_id, original, expected", [
    ("NCT05501886", "Eastern Cooperative Oncology Group (ECOG) performance status of 0-1",
     f"ECOG performance status of 0 to 1. ECOG performance status means {_SCORE_GLOSS}."),
    ("NCT05862012", "Have an Eastern Cooperative Oncology Group (ECOG) performance status score of 2 or less",
     f"You have an ECOG performance status score of 2 or less. ECOG performance status means {_SCORE_GLOSS}."),
    # the trial's own "(PS)" definition is never used again: it goes, and the score is explained
    ("NCT04267848", "Eastern Cooperative Oncology Group (ECOG) performance status (PS): 0-1",
     f"ECOG performance status: 0 to 1. ECOG performance status means {_SCORE_GLOSS}."),
    # full-width brackets, and "physical status"
    ("NCT04007835", "Eastern Cooperative Oncology Group（ECOG）Performance Status（PS）:0-2.;",
     f"ECOG Performance Status:0 to 2. ECOG means {_SCORE_GLOSS}."),
    ("NCT05739409", "Eastern Cooperative Oncology Group physical status level is 0 to 2;",
     f"ECOG physical status level is 0 to 2. ECOG means {_SCORE_GLOSS}."),
])
def test_ecog_keeps_its_short_name_and_is_explained_as_the_score(nct_id, original, expected):
    assert _item(nct_id, original).plain == expected


def test_lower_case_group_name_is_not_swapped():
    plain = [i.plain for i in explain_eligibility(
        "Inclusion Criteria:\n\n* Eastern cooperative oncology group (ECOG) performance status (PS) of 0 or 1"
    ).all_items() if not i.heading]
    assert plain == [f"ECOG performance status of 0 or 1. ECOG performance status means {_SCORE_GLOSS}."]


def test_a_used_short_form_keeps_its_definition():
    # "PS" is used again later in the item, so "(PS)" still tells the reader what it stands for
    plain = [i.plain for i in explain_eligibility(
        "Inclusion Criteria:\n\n* Performance status (PS) of 0-1 and PS must be stable"
    ).all_items() if not i.heading]
    assert plain and "(PS)" in plain[0]


# --- 2. a bracket after a list of members stays in place -----------------------------------------------------------
@pytest.mark.parametrize("nct_id, original, expected", [
    ("NCT01705197", "Patients with hypotension (resting SBP/DBP in the sitting position is less than 90/50mmHg) or "
                    "unregulated hypertension (resting SBP/DBP in the sitting position exceeds 170/100mmHg)",
     "You have low blood pressure (resting SBP/DBP in the sitting position is less than 90/50mmHg) or unregulated high "
     "blood pressure (resting SBP/DBP in the sitting position exceeds 170/100mmHg)."),
    ("NCT02344823", "Following beta-blocker therapy will be allowed: carvedilol (up to the max. dose of 25 mg) and "
                    "propranolol (up to the max. dose of 160 mg)",
     "Following beta-blocker treatment will be allowed: carvedilol (up to the max. dose of 25 mg) and propranolol (up "
     "to the max. dose of 160 mg)."),
    # a source is not a definition
    ("NCT06630793", "The patients may have TNM stage T1-2 N+M0 or T3-4 N0-1c M0 (UICC 8th edition)",
     "The patients may have TNM stage T1-2 N+M0 or T3-4 N0-1c M0 (UICC 8th edition). TNM means a cancer staging system."),
    # "e.g" is a list of examples
    ("NCT00498680", "Concomitant treatment with potent CYP3A4 and CYP2C9 inhibitors (e.g protease inhibitors ritonavir "
                    "and saquinavir, ketoconazole, itrakonazole, miconazole, nefazodone, claritromycin, troleandomycin, "
                    "erythromycin and cimetidine)",
     "Concomitant treatment with potent CYP3A4 and CYP2C9 blockers. This includes protease blockers ritonavir and "
     "saquinavir, ketoconazole, itrakonazole, miconazole, nefazodone, claritromycin, troleandomycin, erythromycin and "
     "cimetidine. Concomitant means happening at the same time. CYP3A4 means a liver enzyme that breaks down many drugs."),
])
def test_bracket_after_a_list_stays_in_place(nct_id, original, expected):
    assert _item(nct_id, original).plain == expected


def test_no_this_means_for_a_source_or_after_a_list_of_members(criteria_corpus):
    source = re.compile(r"This means [^.]*\b(?:et al|Committee|Appendix|Annex|edition)\b")
    bad = [(nct_id, line) for nct_id, text in criteria_corpus for item in explained(text).all_items()
           if not item.fallback for line in [_shown(item)] if source.search(line)]
    assert not bad, bad[:5]


# --- 3. swaps that changed a meaning or a name ---------------------------------------------------------------------
WRONG = [
    (r"\b[Ss]udden (?:illness|infections?|bacterial|viral|respiratory|endocarditis|myocarditis|pancreatitis|"
     r"side effects|exacerbation|excerbation|rejection|toxicit)",
     "'acute' as an illness you have now read as 'sudden'", "Acute illness within 2 weeks of dosing"),
    (r"\b[Ll]ong-term (?:migraine|cluster headache|tension-type|daily headache|graft|GVHD|GvHD|obstructive)",
     "a named chronic diagnosis read as a time span", "chronic migraine (ICHD-3 1.3)"),
    (r"\bspine (?:bod(?:y|ies)|narrowing|arter)", "'vertebral' read as 'spine'", "vertebral stenosis (the artery)"),
    (r"\b(?:reuptake|monoamine oxidase|proton pump|tyrosine kinase) blockers?\b", "a drug class's name changed",
     "selective serotonin reuptake inhibitors (SSRIs)"),
    (r"\bischemic optic nerve damage\b", "NAION's name changed", "anterior ischemic optic neuropathy (NAION)"),
    (r"\b(?:testosterone|lactase|androgenic|androgen) shortage\b", "a named deficiency read as a shortage",
     "testosterone deficiency"),
    (r"\b[Ll]ung swelling\b", "pulmonary edema is fluid in the lungs", "pulmonary edema"),
    (r"\breturn of the disease (?:of|in)\b", "'recurrence of X' doubled", "recurrence of the melanoma"),
    (r"\b[Ll]ower back (?:spine|discs?|disks?|vertebrae?|interbody|puncture)\b", "'lumbar' stacked", "lumbar spine"),
    (r"\b(?:before|after|since|until) start of\b", "a lost article", "prior to initiation of study treatment"),
    (r"\bat study doctor discretion\b", "a half-swapped phrase", "at investigator discretion"),
]


def test_no_swap_changes_a_meaning_or_a_name(criteria_corpus):
    bad = wrong_readings_added(criteria_corpus, WRONG)
    assert not bad, bad[:5]


@pytest.mark.parametrize("nct_id, original, expected", [
    ("NCT06011811", "Patients with episodic or chronic cluster headache that has been diagnosed by a health care "
                    "professional (no documentation is needed, participant must simply state that he or she has been "
                    "diagnosed)",
     "You have episodic or chronic cluster headache that has been diagnosed by a health care professional (no "
     "documentation is needed, you must simply state that you have been diagnosed)."),
    ("NCT00931528", "Clinically negative lymph nodes as established by imaging (pelvic ± abdominal CT or MR), nodal "
                    "sampling, or dissection within 3 months prior to registration. Patients with lymph nodes equivocal "
                    "or questionable by imaging are eligible if the nodes are ≤ 1.5 cm. Lymph node assessment is "
                    "optional, and at investigator discretion, for patients with Gleason Score <7.",
     "Medically negative lymph nodes as established by scans (pelvic plus or minus abdominal CT or MR), nodal sampling, "
     "or dissection within 3 months before joining the study. Patients with lymph nodes equivocal or questionable by "
     "scans are able to join if the nodes are at most 1.5 cm. Lymph node check is optional, and as the study doctor "
     "decides, for patients with Gleason Score of less than 7."),
])
def test_named_diagnoses_and_phrases_read_right(nct_id, original, expected):
    assert _item(nct_id, original).plain == expected


# --- 4. grammar and subject after reframing -------------------------------------------------------------------------
GRAMMAR = [
    (r"\b(?:MRI|CT|PET) scans? \((?:MRI|MR|CT|PET)\)", "a long name swapped beside its abbreviation",
     "magnetic resonance imaging (MRI)"),
    (r"^You have had (?:heart attack|stroke|seizure|liver transplant|kidney transplant)\b", "no article after 'had'",
     "History of myocardial infarction"),
    (r"^You\b[^.]*\b(?:or|and),? (?:other )?(?:patients|subjects|participants|individuals|people|persons)\b(?! taking part)",
     "another group joined to 'you'", "X or patients who are not able to take oral medication"),
    (r"^You are (?!an? )(?:[\w-]+ ){0,3}(?:women|mothers|patients|subjects|females)\b", "a group of people called 'you'",
     "Pregnant or lactating women unless using acceptable methods of contraception"),
    (r"\bscans (?:studies|study|findings|directed|guided|confirmation)\b", "'imaging' swapped inside a compound",
     "on current imaging studies"),
    (r"\brequired by the study plan (?!\.)\w+", "a phrase swapped in before its noun", "protocol-specified visits"),
    (r"\b(?:for|by|via|through|per) shots?\b|\bshot (?:treatment|therapy|program|site|form)\b",
     "'injection' swapped inside a compound", "injection therapy program"),
]


def test_no_reframing_breaks_grammar_or_subject(criteria_corpus):
    bad = wrong_readings_added(criteria_corpus, GRAMMAR)
    assert not bad, bad[:5]


@pytest.mark.parametrize("nct_id, original, expected", [
    ("NCT00492635", "History of myocardial infarction, stroke or life-threatening arrhythmia within the prior 6 months",
     "You have had a heart attack, stroke or life-threatening irregular heartbeat within the prior 6 months."),
    ("NCT01341483", "Subject has a history of renal transplantation", "You have had a kidney transplant."),
    # a hyphenated name keeps its capitals at the start of a "You" sentence (a prefix such as "Non-" does not)
    ("NCT00661700", "Child-Pugh class B liver disease or liver function abnormalities.",
     "You have Child-Pugh class B liver disease or liver function problems."),
    ("NCT02300909", "Non-English speaking patients", "You are a non-English speaking patient."),
    ("NCT03066635", "Not able to take magnetic resonance imaging (MRI)",
     "You are not able to take MRI. MRI means a body scan that uses magnets."),
    # another group in the criterion: the registry's sentence, in plain words, under the list heading
    ("NCT01562210", "Gastrointestinal disorders that may interfere with absorption of the study drug or patients who are "
                    "not able to take oral medication",
     "Digestive disorders that may get in the way of absorption of the study drug or patients who are not able to take "
     "oral medicine."),
    ("NCT01738087", "Pregnant or lactating women unless using acceptable methods of contraception",
     "You are pregnant or breastfeeding unless using acceptable methods of birth control."),
    # the head of "hepatitis B" is "hepatitis", not the letter
    ("NCT02650414", "Active hepatitis B or active hepatitis C.", "You have active hepatitis B or active hepatitis C."),
    # a list of groups of people is not "You are ...": the registry's sentence, in plain words
    ("NCT03416231", "Pregnant or lactating women, fertile patients who are unwilling or unable to take effective "
                    "contraceptive measures.",
     "Pregnant or breastfeeding women, fertile patients who are unwilling or unable to take effective birth control "
     "measures."),
    # "PCR" with a mg/dL limit is C-reactive protein (the trial's own sense), a viral PCR keeps the genetic test
    ("NCT05752591", "patients affected with severe systemic diseases, fever, chronic inflammatory disorders with "
                    "PCR > 10 mg/dL",
     "Patients affected with severe whole-body diseases, fever, long-term inflammatory disorders with PCR more than "
     "10 mg/dL. PCR means C-reactive protein, a blood test for inflammation."),
    # "pulmonary embolism" brings its own article ("a blood clot in the lung"): no second one
    ("NCT02960672", "Combined pulmonary embolism, pulmonary edema, pulmonary tuberculosis, and peumonias",
     "You have combined a blood clot in the lung, fluid in the lungs, lung tuberculosis, and peumonias."),
])
def test_reframed_items_read_right(nct_id, original, expected):
    assert _item(nct_id, original).plain == expected


def test_viral_pcr_keeps_its_sense():
    item = _item("NCT05743244", "Participants who are CMV and/or EBV seropositive at screening must be CMV PCR negative "
                                "and/or EBV PCR <2,000 IU/mL and must have no signs or symptoms of acute infection at the "
                                "time of the baseline visit (V0).")
    assert "C-reactive" not in item.plain and "PCR means Polymerase chain reaction." in item.plain
