"""Whole-corpus guarantees: nothing dropped, few fallbacks."""

import re
from collections import Counter

from trialfinder.eligibility import explain_eligibility
from trialfinder.eligibility.parser import clean_text, parse_criteria

WORD = re.compile(r"[^\W_]+")


def test_every_word_belongs_to_exactly_one_item(criteria_corpus):
    broken = []
    for nct_id, text in criteria_corpus:
        parsed = parse_criteria(text)
        got = Counter()
        for header in parsed.headers:
            got.update(WORD.findall(header))
        for item in parsed.walk():
            got.update(WORD.findall(item.marker))
            got.update(WORD.findall(item.text))
        if got != Counter(WORD.findall(clean_text(text))):
            broken.append(nct_id)
    assert broken == []


def test_fallback_rate_below_two_percent_and_fallbacks_show_original(criteria_corpus):
    total = fallback = 0
    for _, text in criteria_corpus:
        result = explain_eligibility(text)
        for item in result.all_items():
            total += 1
            if item.fallback:
                fallback += 1
                assert item.plain == item.original and not item.fidelity_ok
            else:
                assert item.fidelity_ok
    assert total > 15000
    assert fallback / total < 0.02
