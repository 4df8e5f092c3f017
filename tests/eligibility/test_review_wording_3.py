"""Wording fixes of the third review round (2026-12-01, late), one defect class at a time, over the corpus.

Counts on the 1,183-record corpus, rewritten items before -> after the fix:

1. the ECOG scale's owner: "Eastern Cooperative Oncology Group (ECOG) performance status" kept a group's name that
   tells a patient nothing, and in lower case the name was broken by a swap ("eastern cooperative cancer care group");
   a trial's own "(ECOG)" definition then explained ECOG as that name instead of as the score. Now the score keeps its
   short name and the lexicon explains it: items naming the group 93 -> 0, "cancer care group" 8 -> 0.

Every expected text below was checked by hand against the record's own criterion (quoted in the test): same
numbers, comparisons, negations and time windows; only the wording changes.
"""

import re

import pytest

from trialfinder.eligibility import explain_eligibility

from .conftest import rewritten_item as _item, shown as _shown

_SCORE_GLOSS = "a doctor's score of how well you can do daily tasks"


# --- 1. the ECOG scale's owner ------------------------------------------------------------------------------------
def test_no_rewrite_names_the_ecog_group_or_breaks_its_name(criteria_corpus):
    bad = []
    for nct_id, text in criteria_corpus:
        for item in explain_eligibility(text).all_items():
            if item.fallback or item.heading:
                continue
            if re.search(r"eastern\s+co-?operative|cancer care group", _shown(item), re.IGNORECASE):
                bad.append((nct_id, _shown(item)))
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
