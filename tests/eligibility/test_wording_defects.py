"""Wording defects a reader notices (2026-12 review), on real records and over the whole corpus.

1. doubled words after a lexicon swap ("allergy or allergy", "radiation treatment treatment", "had had");
2. an adjective swapped for a place phrase ("structural inside the skull", "on the skin steroids");
3. "enrollment" -> "joining the study" after a preposition ("at joining the study", "before the joining the study");
4. a list number glued to its item ("10.Pregnant").

Every expected text below was checked by hand against the record's own criterion (quoted in the test):
same numbers, comparisons, negations and time windows; only the wording changes.
"""

import re
from collections import Counter

import pytest

from trialfinder.eligibility import explain_eligibility
from trialfinder.eligibility.parser import parse_criteria

from .conftest import explained, criteria, rewritten_item as _item


# --- the corpus scan --------------------------------------------------------------------------------------
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
_CONJ = frozenset({"or", "and", "nor"})
# "skin cancer or cancer in situ", "steroid medicines or medicines that weaken the immune system": the second
# word starts a new phrase, so "X or X" names two different things there.
_POST_MODIFIER = frozenset("in of that which who with without from for caused due related diagnosed other".split())


def repeated_phrases(text: str) -> Counter:
    """Adjacent repeats of 1-4 words, as shapes: ("word word" | "X or X", number of words) -> count.

    Only runs of words separated by spaces count ("... cancer. Cancer means ..." is two sentences).
    "have or have had" is a verb pair, not a doubled word.
    """
    toks = [(m.group(0).lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    words = [t[0] for t in toks]

    def joined(i: int, j: int) -> bool:  # tokens i..j separated by spaces only
        return all(not text[toks[k][2]:toks[k + 1][1]].strip() for k in range(i, j))

    found: Counter = Counter()
    for n in (1, 2, 3, 4):
        for i in range(len(toks) - 2 * n + 1):
            phrase = words[i:i + n]
            if all(w.isdigit() for w in phrase):
                continue
            if words[i + n:i + 2 * n] == phrase and joined(i, i + 2 * n - 1):
                found["word word", n] += 1
            k = i + 2 * n + 1  # first word after "X or X"
            if (k <= len(words) and words[i + n] in _CONJ and words[i + n + 1:k] == phrase and joined(i, k - 1)
                    and (k == len(words) or words[k].split("-")[0] not in _POST_MODIFIER or not joined(k - 1, k))
                    and not (phrase[-1] in ("have", "has") and k < len(words) and words[k] in ("had", "been"))):
                found["X or X", n] += 1
    return found


def new_repeats(original: str, plain: str) -> Counter:
    """Repeats in the rewrite that the original does not have (an original "malignancies or malignancies"
    may stay "cancers or cancers")."""
    return repeated_phrases(plain) - repeated_phrases(original)


def test_repeat_scan_finds_the_reviewed_defects():
    assert new_repeats("known allergy or hypersensitivity to X", "known allergy or allergy to X")
    assert new_repeats("alcohol, drug or substance abuse", "alcohol, drug or drug or alcohol misuse")
    assert new_repeats("blood hyperglycemia", "blood high blood sugar") == Counter()  # not adjacent ...
    assert new_repeats("blood coagulation", "blood blood clotting")  # ... this is
    assert new_repeats("radiotherapy treatment", "radiation treatment treatment")
    assert not new_repeats("history or presence of X", "You have or have had X")
    assert not new_repeats("skin cancer or carcinoma in situ", "skin cancer or cancer in situ")
    assert not new_repeats("malignancies or malignancies diagnosed", "cancers or cancers diagnosed")
    assert not new_repeats("Hypertension. Hypertension means", "High blood pressure. High blood pressure means")


def test_no_rewrite_adds_an_adjacent_repeated_word_or_phrase(criteria_corpus):
    bad = []
    for nct_id, text in criteria_corpus:
        for item in explained(text).all_items():
            if item.fallback:
                continue
            shown = "; ".join([item.plain, *item.sublist])  # sub-list entries are separate lines
            if new_repeats(item.original, shown):
                bad.append((nct_id, shown))
    assert bad == []


_PLACE_BEFORE_NOUN = re.compile(r"\b(?:inside the skull|on the skin|into a vein|under the skin|by mouth)\s+"
                                r"(?!(?:or|and|for|of|in|at|with|to|that|which|is|are|due|by|within|not|when|if|as|on|only|daily|once|twice)\b)"
                                r"[a-z]+", re.IGNORECASE)
_PREPOSITION_THEN_GERUND = re.compile(r"\b(?:at|the|during|concurrent|past|previous)\s+joining the study\b", re.IGNORECASE)


def test_no_place_phrase_stands_as_an_adjective_and_no_preposition_before_joining(criteria_corpus):
    bad = []
    for nct_id, text in criteria_corpus:
        for item in explained(text).all_items():
            shown = "; ".join([item.plain, *item.sublist])  # sub-list entries are separate lines
            if not item.fallback and (_PLACE_BEFORE_NOUN.search(shown) or _PREPOSITION_THEN_GERUND.search(shown)):
                bad.append((nct_id, shown))
    assert bad == []


def test_no_list_number_left_glued_to_an_item(criteria_corpus):
    glued = re.compile(r"(?:^|(?<=[\s:;]))\(?\d{1,3}[.)](?=[A-Z][a-z])")
    bad = [(nct_id, item.text) for nct_id, text in criteria_corpus
           for item in parse_criteria(text).walk() if glued.search(item.text)]
    assert bad == []


# --- 1. doubled words --------------------------------------------------------------------------------------
def test_allergy_or_hypersensitivity_nct00210704():
    item = _item("NCT00210704", "no known allergy or hypersensitivity to selective serotonin reuptake inhibitors "
                                "(SSRIs) or serotonin norepinephrine reuptake inhibitors (SNRIs)")
    assert item.plain.startswith("You have no known allergy to selective serotonin reuptake inhibitors (SSRIs)")
    assert "allergy or allergy" not in item.plain


def test_drug_or_substance_abuse_nct00244023():
    item = _item("NCT00244023", "History of alcohol, drug or substance abuse within 6 months before Visit 1;")
    assert item.plain == "You have had alcohol, drug or other substance misuse within 6 months before Visit 1."


def test_radiotherapy_treatment_nct01811797():
    item = _item("NCT01811797", "Past radiotherapy treatment of the pelvic region")
    assert item.plain == "You have had past radiation treatment of the pelvic region."


def test_corticosteroid_medication_nct05333159():
    item = _item("NCT05333159", "Current use of a corticosteroid medication or immunosuppressive agent, "
                                "or likely to require treatment with a corticosteroid medication.")
    assert "steroid medicine medicine" not in item.plain
    assert "a steroid medicine or immune-weakening agent" in item.plain


def test_had_undergone_nct01866995():
    item = _item("NCT01866995", "Patients who had undergone radical prostatectomy and other surgical "
                                "interventions on the pelvic organs")
    assert item.plain.startswith("You had radical prostatectomy and other surgical interventions on the pelvic organs.")


def test_myocardial_infarction_attack_nct05901974():
    plain = " ".join(i.plain for i in explain_eligibility(criteria("NCT05901974")).all_items())
    assert "heart attack within one year" in plain and "attack attack" not in plain


def test_uncontrolled_or_poorly_controlled_keeps_the_term_nct00517179():
    item = _item("NCT00517179", "Uncontrolled or poorly controlled diabetes mellitus")
    assert item.plain == "Uncontrolled or poorly controlled diabetes."


def test_at_least_symbol_after_at_least_nct04015791():
    item = [i for i in explain_eligibility(criteria("NCT04015791")).all_items()
            if i.original.startswith("Patient has failed at least ≥6 months")][0]
    assert item.fidelity_ok and item.plain.startswith("You have failed at least 6 months of non-operative treatment")


# --- 2. adjectives ----------------------------------------------------------------------------------------
def test_intracranial_is_explained_not_swapped():
    plain = explain_eligibility("Exclusion Criteria:\n* Structural intracranial or extracranial lesion\n"
                                "* Increased intracranial pressure").all_items()
    texts = [i.plain for i in plain]
    assert "inside the skull or" not in texts[0] and "Intracranial means inside the skull." in texts[0]
    assert "pressure inside the skull" in texts[1]


def test_topical_is_explained_and_its_noun_phrases_swapped():
    text = "Exclusion Criteria:\n* Use of topical steroids\n* Topical medication within 7 days"
    texts = [i.plain for i in explain_eligibility(text).all_items()]
    assert texts == ["You use steroids put on the skin.", "Medicine put on the skin within 7 days."]


# --- 3. enrollment after a preposition ---------------------------------------------------------------------
def test_at_enrollment_nct06698549():
    item = _item("NCT06698549", "Positive pregnancy test; females must not be pregnant at enrollment")
    assert item.plain == "Positive pregnancy test. Females must not be pregnant at the time you join the study."


def test_prior_to_the_enrollment_nct02503306():
    item = [i for i in explain_eligibility(criteria("NCT02503306")).all_items()
            if "prior to the enrollment into the study" in i.original and "3 months" in i.original][0]
    assert item.fidelity_ok and "3 months before joining the study" in item.plain
    assert "the joining" not in item.plain


def test_at_study_entry_nct00873665():
    item = [i for i in explain_eligibility(criteria("NCT00873665")).all_items()
            if i.original.startswith("Karnofsky performance status of at least 70% at study entry")][0]
    assert item.fidelity_ok and "at least 70% at the time you join the study" in item.plain


# --- 4. glued list numbers ---------------------------------------------------------------------------------
def test_glued_inline_number_nct04204473():
    items = [(i.marker, i.text) for i in parse_criteria(criteria("NCT04204473")).walk()]
    assert ("9.", "Hypersensitivity to TY-9591 or similar compounds or excipients.") in items
    assert ("10.", "Pregnant or lactating women.") in items


def test_bullet_before_glued_number_nct06358118():
    items = [(i.marker, i.text) for i in parse_criteria(criteria("NCT06358118")).walk()]
    assert ("1.", "Age ≥65 years, irrespective of sex;") in items
    assert ("7.", "Willingness to sign an informed consent document.") in items


def test_glued_numbers_on_following_lines_are_siblings_nct06173934():
    top = parse_criteria(criteria("NCT06173934")).items
    assert [i.marker for i in top][:4] == ["1.", "2.", "3.", "4."]
    assert top[1].text == "Patients with type 1 diabetes, aged less than 70 years, 7%≤HbA1c≤9.0%."


def test_glued_list_after_a_colon_nct06543628():
    items = [(i.marker, i.text) for i in parse_criteria(criteria("NCT06543628")).walk()]
    assert ("1.", "Age between 21-65 years;") in items
    assert ("2.", "IIEF-5 score ≤ 21;") in items


@pytest.mark.parametrize("text", [
    "Inclusion Criteria:\n\n1.18 ≤ age and above.",
    "Inclusion Criteria:\n\n* Hemoglobin of at least 10.5 g/dL\n* Creatinine below 1.5 mg/dL",
    "Inclusion Criteria:\n\n* RECIST 1.1 measurable disease 2.Other",
])
def test_real_decimal_numbers_are_never_markers(text):
    parsed = parse_criteria(text)
    markers = [i.marker for i in parsed.walk()]
    assert "10." not in markers and "1." not in markers
    words = " ".join(i.marker + " " + i.text for i in parsed.walk())
    assert all(number in words for number in re.findall(r"\d+\.\d+", text))
