"""The checker must catch real damage."""

import pytest
from hypothesis import given, strategies as st

from trialfinder.eligibility.fidelity import check_fidelity
from trialfinder.eligibility.rewrite import RewriteContext, RuleBasedRewriter, strip_opener

ORIGINAL = "Severe renal dysfunction (serum creatinine >1.5 times upper limit of normal) within 3 months prior to enrollment"
GOOD = "you have severe kidney problems (serum creatinine of more than 1.5 times the upper limit of normal) within 3 months before joining the study"


def test_good_rewrite_passes():
    assert check_fidelity(ORIGINAL, GOOD).ok


@pytest.mark.parametrize("damaged", [
    GOOD.replace("1.5", "15"),
    GOOD.replace(" 3 months", " months"),
    GOOD.replace("more than", "less than"),
    GOOD.replace("more than", "at least"),
    GOOD.replace("within", "after"),
    GOOD.replace("before", "after"),
    GOOD.replace("months", "weeks"),
    GOOD.replace("1.5 times the upper limit of normal", "1.5"),
    "you have " + GOOD[9:].replace("severe", "no severe"),
])
def test_damaged_rewrite_fails(damaged):
    assert not check_fidelity(ORIGINAL, damaged).ok


def test_dropped_not_fails():
    assert not check_fidelity("Patients who are not able to swallow", "you are able to swallow").ok


def test_symbols_and_words_agree():
    assert check_fidelity("ALT ≤ 2.5 x ULN", "ALT of at most 2.5 times the upper limit of normal").ok
    assert check_fidelity("WBC <4×10⁹/L", "WBC of less than 4×10⁹/L").ok
    assert not check_fidelity("WBC <4×10⁹/L", "WBC of less than 4×10/L").ok
    assert check_fidelity("Age 18-65 years", "aged 18 to 65 years").ok


NUMBER = st.one_of(st.integers(0, 5000).map(str), st.floats(0.1, 99, allow_nan=False).map(lambda f: f"{f:.1f}"))
COMPARATOR = st.sampled_from(["≥", "≤", ">", "<", ">=", "<=", ""])
UNIT = st.sampled_from(["mg/dL", "years", "months", "%", "x ULN", "×10⁹/L", "weeks", ""])


@given(st.sampled_from(["Hemoglobin", "Age", "Platelets", "No prior therapy with", "Not receiving dose"]),
       COMPARATOR, NUMBER, UNIT)
def test_rewrite_keeps_numbers_comparisons_negations(lead, comparator, number, unit):
    original = f"{lead} {comparator}{number} {unit}".strip()
    plain = RuleBasedRewriter().rewrite(original, "exclusion", True, RewriteContext())
    assert check_fidelity(original, strip_opener(plain)).ok, (original, plain)
