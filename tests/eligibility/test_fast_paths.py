"""Speed-ups that must not change a result: each fast path against the plain way, on the corpus and on made-up text."""

import re

from hypothesis import given, settings, strategies as st

from trialfinder.eligibility import rewrite
from trialfinder.eligibility.parser import parse_criteria

_PIECES = ["18", " ", "  ", "\t", "2.5", "-", "–", "~", "x", "X", "×", "*", "ULN", " ULN", "/", " / ", "≥", ">=", ">",
           "<", "≤", "±", "age", "Aged", "between", " and ", "at least", "at most", "more than", "less than", "yrs",
           "y/o", "e.g.", "i.e.", "etc.", "vs", "10-4", "(", ")", "[", ";", ",", ".", "hemoglobin", "level", "or",
           "days", "\n", "a", "b"]
_MADE_UP = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


def _corpus_items(criteria_corpus, limit=400):
    for _, text in criteria_corpus[:limit]:
        for item in parse_criteria(text).walk():
            yield item.text


def _symbols_without_lookahead():
    """_SYMBOLS as one plain alternation: the leading lookahead must only skip places where no rule starts."""
    return re.compile("|".join(f"(?P<s{i}>{pattern})" for i, (pattern, _) in enumerate(rewrite._SYMBOL_RULES)))


def _symbols_agree(text, plain):
    return rewrite._SYMBOLS.sub(rewrite._symbol, text) == plain.sub(rewrite._symbol, text)


def test_symbol_lookahead_skips_no_rule_on_real_items(criteria_corpus):
    plain = _symbols_without_lookahead()
    assert [text for text in _corpus_items(criteria_corpus) if not _symbols_agree(text, plain)] == []


@settings(max_examples=500, deadline=None)
@given(_MADE_UP)
def test_symbol_lookahead_skips_no_rule(text):
    assert _symbols_agree(text, _symbols_without_lookahead())


def _finish_sentence_plainly(text):
    """finish_sentence without its shortcuts (every pass always runs)."""
    text = rewrite._SPACE_BEFORE_PUNCT.sub(r"\1", rewrite._SPACES.sub(" ", text)).strip()
    text = rewrite._TRAILING.sub("", rewrite._SPACE_AFTER_BRACKET.sub(r"\1", text))
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?:" or rewrite._ENDS_WITH_LIST_WORD.search(text) else text + "."


@settings(max_examples=500, deadline=None)
@given(_MADE_UP)
def test_finish_sentence_shortcuts(text):
    assert rewrite.finish_sentence.__wrapped__(text) == _finish_sentence_plainly(text)
    assert rewrite.spell_out_symbols(text) == rewrite._SPACES.sub(
        " ", rewrite._OF_BEFORE_COMPARISON.sub(rewrite._of_before, rewrite._SYMBOLS.sub(rewrite._symbol, text))).strip()


def test_finish_sentence_shortcuts_on_real_items(criteria_corpus):
    texts = list(_corpus_items(criteria_corpus))
    assert [t for t in texts if rewrite.finish_sentence.__wrapped__(t) != _finish_sentence_plainly(t)] == []
