"""Public API, hand-checked real examples, robustness."""

import json

from hypothesis import given, settings, strategies as st

from tests.conftest import SHARED
from trialfinder.eligibility import EligibilityExplanation, explain_eligibility
from trialfinder.eligibility.lexicon import EXPLAIN, OFF, REPLACE, load_entries
from trialfinder.eligibility.fidelity import extract_facts

from .conftest import criteria

REFERENCE = str(SHARED / "reference" / "NCT07441226.reconstructed.json")


def _reference():
    from trialfinder.ctgov.record import Study
    with open(REFERENCE, encoding="utf-8") as handle:
        return explain_eligibility(Study(json.load(handle)).eligibility_criteria)


def test_reference_informed_consent_is_grammatical_and_explained():
    result = _reference()
    plain = {item.original: item.plain for item in result.all_items()}
    assert plain["Provided written informed consent to participate in the study."] == (
        "You will be asked to give written informed consent (agree in writing once the study is explained to you) "
        "to take part in the study.")


def test_reference_exclusions_read_as_exclusions():
    result = _reference()
    plain = {item.original: item.plain for item in result.all_items()}
    assert plain["Pregnant or breastfeeding."] == "You are pregnant or breastfeeding."
    assert plain["History of alcohol or drug abuse."] == "You have had alcohol or drug misuse."
    assert plain["Participation in another clinical trial within 3 months prior to enrollment."] == (
        "You have taken part in another clinical trial within 3 months before joining the study.")
    leuk = plain["Leukopenia (white blood cell count <4×10⁹/L) or agranulocytosis (white blood cell count <1.5×10⁹/L or neutrophils <0.5×10⁹/L)."]
    assert "less than 4×10⁹/L" in leuk and "less than 1.5×10⁹/L" in leuk and "less than 0.5×10⁹/L" in leuk
    assert all(i.fidelity_ok for i in result.exclusion)


def test_nct06486948_headers_and_age():
    result = explain_eligibility(criteria("NCT06486948"))
    plain = {i.original: i.plain for i in result.all_items()}
    assert plain["Lives in the United States."] == "You live in the United States."
    assert len(result.inclusion) > 5 and len(result.exclusion) > 5


def test_nct03983954_nested_numbered_list_keeps_children():
    result = explain_eligibility(criteria("NCT03983954"))
    parent = next(i for i in result.all_items() if i.original.startswith("For the Dose-escalation and MTD"))
    assert [c.original for c in parent.children][6] == "Mesothelioma"
    assert len(parent.children) == 14


def test_nct05868668_cohort_headers_become_headings():
    result = explain_eligibility(criteria("NCT05868668"))
    headings = [i.original for i in result.inclusion if i.heading]
    assert "Erectile dysfunction cohort Inclusion Criteria:" in headings


def test_empty_and_none():
    for value in (None, "", "   "):
        result = explain_eligibility(value)
        assert isinstance(result, EligibilityExplanation)
        assert not result.has_criteria and result.items_total == 0
        json.dumps(result.to_dict())


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_random_text_never_raises(text):
    result = explain_eligibility(text)
    json.dumps(result.to_dict())


def test_garbage_and_html_never_raise():
    explain_eligibility("<b>Inclusion</b><script>x</script>" * 50)
    explain_eligibility(("\\>*1.\n  -  a) ≥≤ \x00" * 5000)[:100_000])


def test_lexicon_size_and_safe_plain_text():
    entries = load_entries()
    assert len({e.term.lower() for e in entries if e.plain}) >= 1500
    for entry in entries:
        assert entry.mode in (REPLACE, EXPLAIN, OFF)
        if entry.mode != OFF:
            facts = extract_facts(entry.plain)
            # a substitute may only carry the cues its own term carries ("prior to" -> "before")
            own = extract_facts(entry.term)
            if entry.mode == EXPLAIN:
                assert not facts.numbers and not facts.cues, entry
            else:
                assert facts.numbers == own.numbers and facts.cues == own.cues, entry
