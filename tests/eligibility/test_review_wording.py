"""Wording a clinician would distrust (2026-12-01 review), one defect class at a time, over the whole corpus.

Counts on the 1,183-record corpus, items (trials for 3.) before -> after the fix:

1. a lay phrase naming an alternative the list already has ("alcohol or drug or alcohol misuse", "lung scarring, or
   lung scarring disease", "allergy, allergy, or intolerance", "understand, follow, and/or follow"): 26 -> 0;
2. "participant(s)" -> "person/people taking part" where it reads wrongly: a noun adjunct ("Person taking part
   information sheet", "person taking part safety"), after a noun modifier ("study person taking part", "Child people
   taking part", "index person taking part"), "participating" before a noun ("taking part centre"): 42 -> 0;
3. an abbreviation glossed in the wrong sense: "CTFG HMA" (Heads of Medicines Agencies) as a leukemia drug (3), LDH
   (lumbar disc herniation in spine trials) as a blood test and ASA (aspirin) as the anaesthesia scale (10 trials),
   "GAD antibody" as anxiety (1): 14 -> 0;
4. framing: "Your partner ... or are" (2), "You ... or those who" (12), "You are a forty married ... man" (1), "the
   following rules:" for lab thresholds (4), "or older old" (16), "You are pregnant or nursing women" (14), "You are
   resting heart rate" (14), "able to understand and the willingness to sign" (13), "..., has current ILD, or have"
   (5), "his sperm" in a "You" sentence (15): 96 -> 0;
5. a named condition or scale changed by a word swap ("acquired weak immune system syndrome", "severe sudden
   respiratory syndrome", "sudden myelogenous leukemia", "organizing lung infection", "lung high blood pressure",
   "liver cancer spread" for liver metastases, "by surgery sterile", "International Index of Erections", "getting
   weakened immune system", "trial joining the study"): 220 -> 0.

Every expected text below was checked by hand against the record's own criterion (quoted in the test): same
numbers, comparisons, negations and time windows; only the wording changes.
"""

import re

import pytest

from trialfinder.eligibility import explain_eligibility
from trialfinder.eligibility.rewrite import trial_abbreviations

from .conftest import explained, plain_lines, wrong_readings_added, criteria, rewritten_item as _item, shown as _shown


# --- 1. an alternative named twice ------------------------------------------------------------------------
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’/-][A-Za-z0-9]+)*|,")
_LINK = frozenset({"or", "and", "and/or", "nor", ","})


def doubled_alternatives(text: str) -> int:
    """ "A or B or A" / "A, B, or A" / "A B, or A B" inside one list: the same content word at both ends of a short run
    of list links with a word or two between ("alcohol or drug or alcohol misuse", "lung scarring, or lung scarring").
    ("X or X" next to each other is test_wording_defects' scan; "X, X, or" is a WRONG pattern below.)"""
    return sum(_doubled_in_segment([t.lower() for t in _TOKEN.findall(part)]) for part in re.split(r"[.;:…()\[\]]", text))


_FUNCTION_WORDS = frozenset("the a an any other this that these those your their its of to in on for with".split())
_POST_MODIFIER = frozenset("in of that which who with without from for caused due related".split())


def _doubled_in_segment(toks: list[str]) -> int:
    found = 0
    for i, word in enumerate(toks):
        if len(word) < 4 or not word.isalpha() or i + 1 >= len(toks) or toks[i + 1] not in _LINK:
            continue
        for j in range(i + 2, min(len(toks), i + 6)):
            if toks[j] == word:
                between = toks[i + 1:j]
                words = [t for t in between if t not in _LINK]
                if words and len(words) <= 2 and not _FUNCTION_WORDS.intersection(words) \
                        and (between[-1] in _LINK or words == toks[i - len(words):i]) \
                        and (j + 1 >= len(toks) or toks[j + 1] not in _POST_MODIFIER):  # "..., cancer in situ"
                    found += 1
                break
    return found


def test_doubled_alternative_scan_finds_the_reviewed_defects():
    assert doubled_alternatives("You have had alcohol or drug or alcohol misuse within the last 2 years.")
    assert doubled_alternatives("You have had drug, alcohol, or drug or alcohol misuse.")
    assert doubled_alternatives("severe obstructive lung disease, lung scarring, or lung scarring disease")
    assert not doubled_alternatives("You have had alcohol or other drug misuse within the last 2 years.")
    assert not doubled_alternatives("drug-related lung inflammation, or radiation lung inflammation")


def test_no_rewrite_names_an_alternative_twice(criteria_corpus):
    bad = []
    for nct_id, text in criteria_corpus:
        for item in explained(text).all_items():
            if not item.fallback and doubled_alternatives(_shown(item)) > doubled_alternatives(item.original):
                bad.append((nct_id, _shown(item)))
    assert bad == []


@pytest.mark.parametrize("nct_id, original, plain", [
    ("NCT00405041", "Participants with any history of alcohol or substance abuse within the last 2 years.",
     "You have had alcohol or other drug misuse within the last 2 years."),
    ("NCT00122499", "History of drug, alcohol, or substance abuse within the 6 months before Visit 1.",
     "You have had drug, alcohol, or other substance misuse within the 6 months before Visit 1."),
    ("NCT07040059", "Patients with severe obstructive pulmonary disease, pulmonary fibrosis, or interstitial lung disease.",
     "You have severe obstructive lung disease, lung scarring, or interstitial lung disease."),
])
def test_alternatives_named_once(nct_id, original, plain):
    assert _item(nct_id, original).plain == plain


def test_comply_after_follow_keeps_its_word():
    plain = plain_lines(
        "Exclusion Criteria:\n* Illness that may interfere with the capacity to understand, follow, and/or comply with "
        "study procedures")
    assert plain == ["You have an illness that may get in the way of the capacity to understand, follow, and/or comply "
                     "with study procedures."]


# --- 2-5. wrong readings, counted against the registry's own text -------------------------------------------
# (pattern, why, a reviewed wrong text it catches). A pattern may appear in the plain text only as often as the
# registry text itself has it.
WRONG = [
    # 1. a list entry repeated by a swap ("allergy, hypersensitivity, or intolerance")
    (r"\b([a-z]{4,}), \1, (?:or|and|and/or)\b", "the same entry twice", "a known allergy, allergy, or intolerance to X"),
    (r"\b(follow),? (?:or|and|and/or) \1\b", "comply with after follow", "to understand, follow, and/or follow study procedures"),
    # 2. participant
    (r"(?i)\b(?:person|people) taking part (?:information|safety|compliance|diary|diaries|self-report|substitute|records?|"
     r"report|treatment)\b", "a noun adjunct keeps 'participant'", "You are familiar with Person taking part information sheet."),
    (r"\b(?:study|research|trial|index|child|cohort|arm) (?:person|people) taking part\b", "a noun modifier keeps 'participant'",
     "another research person taking part"),
    (r"\btaking part (?:centres?|centers?|sites?|clinics?|clinicians?|food banks?|spinal)\b", "adjective 'participating'",
     "one of the three taking part spinal neurosurgeons"),
    (r"(?<=[a-z] )Person taking part\b", "no capital mid-sentence", "familiar with Person taking part information"),
    # 3. abbreviations in the wrong sense
    (r"\bCTFG HMA\b.*\bHMA means a type of leukemia drug", "Heads of Medicines Agencies",
     "as defined in CTFG HMA 2020. HMA means a type of leukemia drug."),
    (r"\bGAD antibod.*\bGAD means", "glutamic acid decarboxylase, not anxiety",
     "T1D with positive GAD antibody. GAD means generalized anxiety disorder."),
    # 4. framing
    (r"^Your [^.]*\b(?:or|and) (?:are|have|were)\b", "the subject of a 'your ...' clause is a third person",
     "Your partner is pregnant, has a disease or are restricted in their activities."),
    (r"^You [^.]*\b(?:and|or|as well as),? those\b", "'those' joined to a 'you' clause",
     "You have used drugs within 30 days, or those who need other drugs."),
    (r"\bYou are an? (?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty)\b", "a counted group",
     "You are a forty married diabetic type 2 man."),
    (r"\b(?:older|younger) old\b|\bor older of age\b", "an age already spelled out", "You are aged 18 years or older old."),
    (r"^You are (?!an? )[^.]*\b(?:women|men)\b\.", "you are <plural>", "You are pregnant or nursing (breastfeeding) women."),
    (r"\bYou are (?:resting|fasting)\b", "an adjective, not a verb", "You are resting heart rate of less than 45."),
    (r"\bYou are [^.]*\b(?:and|or) (?:the )?(?:willingness|ability|inability|unwillingness) to\b", "a noun beside adjectives",
     "You are able to understand and the willingness to sign a consent."),
    (r"^You [^.]*, has (?:current|suspected)\b", "every verb of the series agrees with 'you'",
     "You have had ILD that needed steroids, has current ILD, or have suspected ILD."),
    (r"\bthe following rules\s*[:：]", "thresholds, not rules", "function of marrow and major organs meets the following rules："),
    # 5. named conditions and scales
    (r"\b(?:acquired|human) weak immune system\b", "AIDS / HIV names", "an acquired weak immune system syndrome"),
    (r"\bsevere sudden respiratory\b", "SARS name", "severe sudden respiratory syndrome coronavirus 2"),
    (r"\bsudden (?:myelogenous|biphenotypic|biophenotypic|undifferentiated) leuk", "leukemia names", "sudden myelogenous leukemia"),
    (r"\bsudden (?:graft|GVHD|GvHD)\b", "acute GVHD is a type", "active sudden graft versus host disease"),
    (r"\bsudden (?:toxic effects?|side effects|effects of|toxicit|phase|medicines?|medication|headache|migraine)",
     "acute = short-term, or for an attack", "two sudden medicine regimens"),
    (r"\b(?:organi[sz]ing|interstitial|radiation|non-infectious) lung infection\b", "not an infection", "organizing lung infection"),
    (r"\b(?:lung|eye|kidney) (?:arterial )?high blood pressure\b|\bkidney low red blood cell count\b", "organ + lay phrase",
     "You have lung high blood pressure."),
    (r"\b(?:Fanconi|sickle-cell|sickle cell) low red blood cell count\b", "disease names", "Fanconi low red blood cell count"),
    (r"\b(?:liver|bone|bony|meningeal|leptomeningeal|nervous system) cancer spread\b", "cancer spread to the organ",
     "if known liver cancer spread"),
    (r"\bby surgery (?:sterile|sterili[sz]ed|treated)\b", "the adverb stands before its word", "must be by surgery sterile"),
    (r"\bIndex of Erections\b|\berections domain\b", "the IIEF's name", "International Index of Erections (IIEF)"),
    (r"\b(?:getting|received|off|extra|whole-body) weakened immune system\b", "a treatment, not the state",
     "not getting weakened immune system"),
    (r"\b(?:trial|patient|subject|individual|active|current|direct|potential|concomitant|continuous|plan) joining the study\b",
     "enrollment as a noun", "before trial joining the study"),
    (r"\bjoining the study (?:procedures|attempts|patients)\b", "enrollment as a noun adjunct", "complete joining the study procedures"),
]


def test_wrong_patterns_catch_the_reviewed_defects():
    assert [why for pattern, why, example in WRONG if not re.search(pattern, example)] == []


def test_wrong_readings_never_appear_in_the_corpus(criteria_corpus):
    assert wrong_readings_added(criteria_corpus, WRONG) == []


# "his"/"him" in a sentence about the reader is the reader's, unless another person is named before it
_READER_PRONOUN = re.compile(r"^You\b(?:(?!\b(?:partners?|wife|husband|spouse|woman|man|child|parents?|doctors?|Dr|"
                             r"investigators?|physicians?|staff|sponsor|patients?|subjects?|participants?|person)\b)[^.;])*"
                             r"\b(?:his|him|himself|herself|his/her|him/herself)\b")


def test_his_her_in_a_you_sentence_becomes_your(criteria_corpus):
    """23 before ("You must agree not to donate his sperm", "expose him to an undue risk")."""
    bad = [(nct_id, item.plain) for nct_id, text in criteria_corpus for item in explained(text).all_items()
           if not item.fallback and any(_READER_PRONOUN.search(s) for s in re.split(r"(?<=[.!?])\s+", item.plain))]
    assert bad == []


# --- 2. participant ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("nct_id, original, plain", [
    ("NCT02472431", "Patient is familiar with Participant information sheet",
     "You are familiar with participant information sheet."),
    ("NCT05897541", "Capable and willing to complete a participant diary",
     "You are capable and willing to complete a participant diary."),
    ("NCT05929976", "Patients must be receiving treatment at one of the participating centers.",
     "You must be getting treatment at one of the participating centers."),
])
def test_participant_as_a_modifier_keeps_its_word(nct_id, original, plain):
    assert _item(nct_id, original).plain == plain


def test_participant_safety_and_female_participants():
    safety = _item("NCT03107052", "The participant completes either the Phase 3 pivotal study for ECH (Study "
                                  "TV48125-CNS-30056) or the Phase 3 pivotal study for CCH (Study TV48125-CNS-30057) "
                                  "without important protocol deviations related to participant safety and participant "
                                  "compliance.").plain
    assert safety.startswith("The person taking part completes either")
    assert safety.endswith("deviations related to participant safety and participant compliance.")
    female = next(i for i in explain_eligibility(criteria("NCT02227251")).all_items()
                  if i.original.startswith("Female participants of child-bearing potential"))
    assert female.fidelity_ok and female.plain.startswith(
        "Female people taking part of child-bearing potential must have a negative serum pregnancy test")
    child = next(i.plain for i in explain_eligibility(criteria("NCT03118986")).all_items()
                 if i.original.startswith("Optional: Child participants"))
    assert child.startswith("Optional: Child participants in the optional check of nausea severity")


# --- 3. abbreviations -----------------------------------------------------------------------------------------
def test_ctfg_hma_is_not_a_leukemia_drug_nct05658640():
    item = _item("NCT05658640", "Sexually active participants not willing to use highly effective contraceptive method "
                                "(pearl index <1) as defined in CTFG HMA 2020 (Appendix II) during trial participation "
                                "and until 6 months after end of antileukemic therapy.")
    assert "CTFG HMA 2020" in item.plain and "HMA means" not in item.plain


def test_asa_is_aspirin_where_the_trial_names_aspirin_nct03830164():
    item = _item("NCT03830164", "No cardiac arrhythmias or artificial heart valves requiring anticoagulation other than ASA")
    assert item.plain == ("You have no irregular heartbeats or artificial heart valves needing blood thinners other than "
                          "ASA. ASA means aspirin.")


def test_ldh_in_spine_trials_nct06688773():
    item = _item("NCT06688773", "Undergoing LDH surgery for the first time,")
    assert item.plain == ("You are having LDH surgery for the first time. LDH means lumbar disc herniation, a slipped "
                          "disc in the lower back.")
    # no spine words and no lab words: neither sense is certain, so no gloss (NCT05752838 is a disc-herniation survey)
    assert _item("NCT05752838", "diagnosed of LDH").plain == "Diagnosed of LDH."


def test_context_senses():
    assert "LDH" not in trial_abbreviations("* LDH > 2.5 x ULN")  # the lab sense: the lexicon's gloss
    assert trial_abbreviations("* Sciatica from LDH at L4/5")["LDH"].startswith("lumbar disc herniation")
    assert trial_abbreviations("* diagnosed of LDH")["LDH"] == ""  # no cue either way: no gloss
    assert "ASA" not in trial_abbreviations("* ASA class I-III")  # the anaesthesia scale: the lexicon's gloss
    assert trial_abbreviations("* No anticoagulation other than aspirin or ASA")["ASA"] == "aspirin"


def test_no_trial_gets_the_other_sense_of_ldh_or_asa(criteria_corpus):
    """LDH in a spine trial is lumbar disc herniation (not the lab test), ASA in a trial naming aspirin is aspirin
    (not the anaesthesia scale): counted over the corpus (9 wrong glosses before, one per trial)."""
    wrong = {"LDH": "LDH means a blood test", "ASA": "ASA means a scale"}
    bad = []
    for nct_id, text in criteria_corpus:
        senses = trial_abbreviations(text)
        shown = " ".join(_shown(i) for i in explained(text).all_items())
        bad += [(nct_id, abbr) for abbr, gloss in wrong.items() if abbr in senses and gloss in shown]
    assert bad == []


def test_gad_antibody_is_not_anxiety_nct05960656():
    item = _item("NCT05960656", "T1D with positive GAD antibody")
    assert "GAD means" not in item.plain


# --- 4. framing ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("nct_id, original, plain", [
    ("NCT06301854", "Patients whose partner is breastfeeding/pregnant/trying to become pregnant, has a gynecological "
                    "disease or is restricted in their activities during treatment;",
     "Your partner is breastfeeding/pregnant/trying to become pregnant, has a gynecological disease or is restricted in "
     "their activities during treatment."),
    ("NCT05208814", "Subjects who have used drugs that affect the function of liver metabolic enzymes within 30 days "
                    "before the start of the test, or those who need to use other drugs that may affect the absorption, "
                    "distribution, metabolism and excretion of the tested drugs during the test;",
     "You have used drugs that affect the function of liver metabolic enzymes within 30 days before the start of the "
     "test, or you need to use other drugs that may affect the absorption, distribution, metabolism and excretion of the "
     "tested drugs during the test."),
    # "those on vegetarian diets" are other people: the registry's sentence, not "You have had ... and those on ..."
    ("NCT00770042", "Any history of celiac diseases, food allergies, and those on vegetarian or other diets incompatible "
                    "with study objectives.",
     "Any history of celiac diseases, food allergies, and those on vegetarian or other diets incompatible with study "
     "objectives."),
    ("NCT04219462", "Forty married diabetic type 2 men with mild and moderate ED score (21-8) on Five-Item Version of the "
                    "International Index of Erectile Function.",
     "Forty married diabetic type 2 men with mild and moderate ED score (21 to 8) on Five-Item Version of the "
     "International Index of Erectile Function."),
    ("NCT05651269", "Adequate bone marrow function as evidenced by meeting all the following requirements:",
     "You have good enough bone marrow function. This is shown by meeting all the following requirements:"),
    ("NCT00636506", "The subject has a compromised immune system. g) The subject refuses to, or is unable to, comply with "
                    "the requirements of the protocol or return for follow-up visits.",
     "You have a compromised immune system. g) The subject refuses to, or is unable to, follow the rules of the study "
     "plan or return for check-up visits."),
    ("NCT02179567", "Age ≥70 years old", "You are aged 70 years or older."),
    ("NCT02650414", "Pregnant or nursing (lactating) women.", "You are pregnant or nursing (breastfeeding)."),
    ("NCT01768676", "Resting heart rate <45 or >90 beats per minute at screening (3 rechecks permitted);",
     "Resting heart rate of less than 45 or more than 90 beats per minute at screening (3 rechecks allowed)."),
    ("NCT05466149", "Inability or unwillingness to swallow pills", "You are unable or unwilling to swallow pills."),
    ("NCT00770042", "The subject must agree not to donate his sperm during and within 3-months of the completion of the study.",
     "You must agree not to donate your sperm during and within 3-months of the completion of the study."),
])
def test_framing_review_fixes(nct_id, original, plain):
    assert _item(nct_id, original).plain == plain


def test_every_verb_of_a_series_agrees_nct06357533():
    item = _item("NCT06357533", "History of non-infectious ILD/pneumonitis that required steroids, has current "
                                "ILD/pneumonitis, or has suspected ILD/pneumonitis that cannot be ruled out by imaging at "
                                "screening")
    assert item.plain.startswith("You have had non-infectious ILD/pneumonitis that needed steroid medicines, have current "
                                 "ILD/pneumonitis, or have suspected ILD/pneumonitis that cannot be ruled out")


@pytest.mark.parametrize("criteria_text, expected", [
    # a comma verb outside a series keeps its subject ("which, in the doctor's view, is known to ...")
    ("Exclusion Criteria:\n* Any history of an unstable medical or psychiatric condition or using any medication that, in "
     "the opinion of the PI, is likely to affect the subject's ability to complete the study",
     "You have had an unstable medical or mental health condition or using any medicine that is likely to affect "
     "your ability to complete the study. The PI decides this."),  # (the subject is the reader: test_review_wording_2)
    # "her" names someone else when another person is named first
    ("Exclusion Criteria:\n* Women who are breastfeeding her child", "You are a woman who is breastfeeding her child."),
    ("Inclusion Criteria:\n* Able to give informed consent (by him/herself or by his/her guardian)",
     "You are able to give informed consent (by yourself or by your guardian)."),
    ("Inclusion Criteria:\n* Ability to understand and the willingness to sign a written informed consent document",
     "You are able to understand and willing to sign a written informed consent document."),
])
def test_framing_rules(criteria_text, expected):
    first = next(i for i in explain_eligibility(criteria_text).all_items() if not i.heading)
    assert first.plain.split(" Written informed consent means")[0].split(" Informed consent means")[0] == expected


# --- 5. named conditions and scales ---------------------------------------------------------------------------
@pytest.mark.parametrize("nct_id, original, plain", [
    ("NCT00817830", "Pulmonary hypertension with pressure > 35mmHg confirmed by doppler echocardiography;",
     "You have high blood pressure in the lungs with pressure of more than 35mmHg confirmed by doppler echocardiography."),
    ("NCT01500304", "Female patients of child bearing age must have a negative pregnancy test, be surgically sterile or "
                    "post-menopausal greater than 1 year.",
     "If you are a woman who could become pregnant, you must have a negative pregnancy test, be sterile because of "
     "surgery or post-menopausal greater than 1 year."),
    ("NCT00142506", "Baseline International Index of Erectile Function (IIEF) erectile function domain score >= 17.",
     "Baseline International Index of Erectile Function (IIEF) erectile function domain score of at least 17."),
    ("NCT06761586", "AST (SGOT) ≤ 3 x ULN (≤ 5 × ULN if known liver metastases).",
     "AST (SGOT) at most 3 times the upper limit of normal (at most 5 times the upper limit of normal if known cancer "
     "spread to the liver)."),
    ("NCT00205894", "Have exhibited refractoriness to two acute medication regimens and two prophylactic medications "
                    "from two separate preventative classes.",
     "You have exhibited refractoriness to two acute medication regimens and two preventive medicines from two separate "
     "preventative classes."),
    ("NCT01150903", "continuous enrolment with medical history for ≥60 months prior to the index prescription date",
     "Continuous enrolment with health history for at least 60 months before the index prescription date."),
])
def test_named_conditions_keep_their_meaning(nct_id, original, plain):
    assert _item(nct_id, original).plain == plain


def test_disease_names_nct05712278_and_nct03937544():
    aids = _item("NCT05712278", "Known acquired immunodeficiency syndrome (AIDS-related illnesses) or human "
                                "immunodeficiency virus (HIV) disease requiring antiretroviral treatment, or having active "
                                "hepatitis B or C infection, or symptomatic severe acute respiratory syndrome coronavirus 2 "
                                "(SARS-CoV-2) infection.").plain
    assert aids.startswith("You have a known acquired immunodeficiency syndrome (AIDS-related illnesses) or human "
                           "immunodeficiency virus (HIV) disease needing antiretroviral treatment")
    assert "symptomatic severe acute respiratory syndrome coronavirus 2 (SARS-CoV-2) infection." in aids
    gvhd = _item("NCT03937544", "Post allogeneic HSCT must be ≥ Day +100 with no evidence of active GVHD and not "
                                "receiving immunosuppression").plain
    assert "not getting treatment that weakens the immune system." in gvhd
    organizing = _item("NCT06472076", "Has any history of idiopathic pulmonary fibrosis, organizing pneumonia, drug "
                                      "induced pneumonitis, idiopathic pneumonitis, or evidence of active pneumonitis.").plain
    assert organizing.startswith("You have had idiopathic lung scarring, organizing pneumonia, drug induced lung "
                                 "inflammation")
