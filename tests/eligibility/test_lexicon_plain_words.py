"""Plainer drop-in words from the lexicon (2026-12 plain-words pass on trialfinder_terms.tsv).

Each swap keeps the part of speech and tense of the term it replaces; where the single word is unsafe
("administration", "multiple", "participated", "registration") only safe phrases are swapped, and
guard rows keep the wording where a swap would read wrongly. The hand-checked examples below give
the exact sentence a patient sees; the corpus scan checks that the guarded mistakes never appear.
"""

import re

import pytest

from trialfinder.eligibility import explain_eligibility
from trialfinder.eligibility.lexicon import REPLACE, load_entries

from .conftest import wrong_readings_added


def _plain(criteria: str) -> dict[str, str]:
    return {item.original: item.plain for item in explain_eligibility(criteria).all_items() if not item.heading}


@pytest.mark.parametrize("criteria, original, expected", [
    # participated: tense follows the auxiliary (simple past after the subject, past participle after have/has)
    ("Exclusion Criteria:\n* Participated in another clinical trial within 30 days",
     "Participated in another clinical trial within 30 days",
     "You took part in another clinical trial within 30 days."),
    ("Exclusion Criteria:\n* Has participated in another study within 30 days",
     "Has participated in another study within 30 days",
     "You have taken part in another study within 30 days."),
    ("Exclusion Criteria:\n* Has previously participated in this study",
     "Has previously participated in this study",
     "You have already taken part in this study."),
    # previously -> already, but not where it would change the meaning
    ("Exclusion Criteria:\n* Previously treated with docetaxel",
     "Previously treated with docetaxel",
     "You were already treated with docetaxel."),
    ("Exclusion Criteria:\n* Previously untreated disease",
     "Previously untreated disease",
     "You have previously untreated disease."),
    ("Exclusion Criteria:\n* Has not previously received chemotherapy",
     "Has not previously received chemotherapy",
     "You have not previously received chemotherapy."),
    # administration: only in dose phrases and after a time preposition
    ("Inclusion Criteria:\n* Physical examination within 28 days before the first administration of study drug",
     "Physical examination within 28 days before the first administration of study drug",
     "Physical exam within 28 days before the first dose of study drug."),
    ("Inclusion Criteria:\n* Negative pregnancy test before administration of study drug",
     "Negative pregnancy test before administration of study drug",
     "You have a negative pregnancy test before getting study drug."),
    ("Exclusion Criteria:\n* Use of drugs not approved by the Food and Drug Administration",
     "Use of drugs not approved by the Food and Drug Administration",
     "You use drugs not approved by the Food and Drug Administration."),
    # requirements -> rules, but a need keeps its word
    ("Inclusion Criteria:\n* Able to comply with study requirements",
     "Able to comply with study requirements",
     "You are able to follow study rules."),
    ("Inclusion Criteria:\n* Willing to follow insulin requirements",
     "Willing to follow insulin requirements",
     "You are willing to follow insulin requirements."),
    # suspected -> possible only before a noun
    ("Exclusion Criteria:\n* Known or suspected allergy to the study drug",
     "Known or suspected allergy to the study drug",
     "You have a known or possible allergy to the study drug."),
    # significantly: greatly before a verb or participle, much before a comparative
    ("Exclusion Criteria:\n* Significantly impaired venous access",
     "Significantly impaired venous access",
     "Greatly impaired venous access."),
    ("Exclusion Criteria:\n* Significantly greater risk of bleeding",
     "Significantly greater risk of bleeding",
     "Much greater risk of bleeding."),
    # multiple is never swapped: the disease names are explained as they are
    ("Exclusion Criteria:\n* Multiple sclerosis",
     "Multiple sclerosis",
     "You have multiple sclerosis. Multiple sclerosis means a disease that damages nerves in the brain and spinal cord."),
    # phrase rows
    ("Exclusion Criteria:\n* Anticipate having surgery during the study",
     "Anticipate having surgery during the study",
     "You expect to have surgery during the study."),
    ("Exclusion Criteria:\n* Pain in the upper and lower extremities",
     "Pain in the upper and lower extremities",
     "You have pain in the arms and legs."),
    ("Inclusion Criteria:\n* Failed at least 6 weeks of conservative treatment",
     "Failed at least 6 weeks of conservative treatment",
     "Failed at least 6 weeks of non-surgical treatment."),
    ("Inclusion Criteria:\n* Adequately treated basal cell carcinoma is permitted",
     "Adequately treated basal cell carcinoma is permitted",
     "Properly treated basal cell cancer is allowed."),
    ("Exclusion Criteria:\n* Any condition that would preclude safe sexual activity",
     "Any condition that would preclude safe sexual activity",
     "You have any condition that would preclude safe sexual activity."),
    ("Exclusion Criteria:\n* Unable to engage in sexual activity",
     "Unable to engage in sexual activity",
     "You are unable to engage in sex."),
    # explained, not swapped
    ("Exclusion Criteria:\n* Symptomatic brain metastases",
     "Symptomatic brain metastases",
     "You have symptomatic cancer spread to the brain. Symptomatic means causing symptoms."),
    ("Exclusion Criteria:\n* Idiopathic pulmonary fibrosis",
     "Idiopathic pulmonary fibrosis",
     "You have idiopathic lung scarring. Idiopathic means of unknown cause."),
])
def test_plain_word_examples(criteria, original, expected):
    assert _plain(criteria)[original] == expected


@pytest.mark.parametrize("criteria, original, expected", [
    ("Inclusion Criteria:\n* Eligible patients with ATLL must have leukemic involvement",
     "Eligible patients with ATLL must have leukemic involvement",
     "Qualifying patients with ATLL must have leukemic involvement."),
    ("Inclusion Criteria:\n* Eligible subjects who already took the hormone must stop it",
     "Eligible subjects who already took the hormone must stop it",
     "Qualifying people who already took the hormone must stop it."),
])
def test_eligible_before_a_person_noun(criteria, original, expected):
    assert _plain(criteria)[original] == expected


# (wrong phrase in the plain text, why it would be wrong). A phrase may appear only as often as the
# registry text itself has it.
GUARDED = [
    (r"food and drug (?:giving|dosing|getting)", "Food and Drug Administration is a name"),
    (r"\bmultiple (?:many|several)\b", "multiple is not swapped"),
    (r"\bmany (?:sclerosis|myeloma)\b", "disease names keep multiple"),
    (r"\balready untreated\b", "previously untreated keeps its word"),
    (r"\bnot already\b", "a negated previously keeps its word"),
    (r"\bgreatly (?:greater|higher|lower|more|less|better|worse)\b", "comparatives take much"),
    (r"\b(?:have|has|had) (?:already )?took part\b", "perfect tense takes taken part"),
    (r"\bknown or possible to\b", "suspected to keeps its word"),
    (r"\bexpect(?:s|ed)? (?:having|becoming|needing)\b", "expect takes to + verb"),
    (r"\bexpected expected\b", "doubled word"),
    (r"\bupper (?:and|or) legs?\b", "upper and lower extremities has its own row"),
    (r"\bmedical (?:and|or) surger(?:y|ies)\b", "medical or surgical intervention has its own row"),
    (r"\bsafe sex\b", "safe sex means protected sex"),
    (r"\b(?:insulin|oxygen|transfusion|dietary) rules\b", "a need, not rules"),
    (r"\bas suitable\b", "as appropriate keeps its word"),
    (r"\bsteps? \d+(?: and \d+)? of joining\b", "registration steps are study phases"),
    (r"\bstep \d+ joining\b", "registration steps are study phases"),
    (r"\bmini[- ]mental state exam\b", "test names are kept as typed"),
    (r"\bwith (?:the )?getting\b|\bthe getting\b", "administration is not swapped as a bare noun"),
    (r"\bable to join (?:subjects|patients|participants|people)\b", "eligible before a person noun is an adjective"),
    # 2026-12-01 review
    (r"\bdegenerative means caused by wear and tear\b", "inherited and nerve diseases are degenerative too"),
    (r"\bbelly (?:tb|syndromes?|obesity|fistula)\b", "abdominal swaps only in everyday phrases"),
    (r"\bwas sex initiated\b|\bintention of sex\b", "questionnaire wording is quoted as typed"),
    (r"\b(?:physical|platelet|hemoglobin) rules\b", "thresholds, not rules"),
    (r"\bthis means already\b|\bother (?:cancerous )?tumou?r already\b", "previously alone is not swapped"),
]


def test_guard_patterns_catch_the_mistakes():
    wrong = ("approved by the Food and Drug giving; multiple many drugs; many sclerosis; already untreated disease; "
             "not already irradiated; greatly greater risk; you have took part; known or possible to interact; "
             "expect having a partner; expected expected survival; the upper and legs; medical or surgery; "
             "preclude safe sex; insulin rules; as suitable; between steps 1 and 2 of joining the study; "
             "Step 2 joining the study; Mini-Mental State Exam; the getting of study drug; Able to join patients with ATLL; "
             "Degenerative means caused by wear and tear; belly TB; Was sex initiated; physical rules; "
             "This means already AMG")
    assert [why for p, why in GUARDED if not re.search(p, wrong, re.IGNORECASE)] == []


def test_guarded_mistakes_never_appear_in_the_corpus(criteria_corpus):
    assert wrong_readings_added(criteria_corpus, GUARDED, re.IGNORECASE) == []


def test_guard_rows_keep_their_words():
    """A guard row is a replace row whose plain text is the term itself; it only stops a shorter row."""
    entries = {e.term.lower(): e for e in load_entries() if e.source == "trialfinder_terms.tsv"}
    for term in ("previously untreated", "not previously", "known or suspected to", "insulin requirements",
                 "as appropriate", "safe sexual activity"):
        entry = entries[term]
        assert entry.mode == REPLACE and entry.plain.lower() == term
    assert entries["administration"].mode == "off" and entries["participated in"].mode == "off"
    assert "multiple" not in entries  # "multiple" alone is never swapped
