"""Speed-ups that must not change a result: each fast path against the plain way, on the corpus and on made-up text."""

import re

from hypothesis import example, given, settings, strategies as st

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
@example("Age≥18 years old, 2.5 - 3 mg, 18yrs, 18 y/o, 2 x ULN, 3 ~ 5, a / b, at least ≥6, AT ≤50 and etc. e.g., i.e. vs. 10-4")
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


def _phrases_without_lookahead():
    """fidelity's phrase pass as one plain alternation: the lookahead must only skip places where no phrase starts."""
    from trialfinder.eligibility import fidelity

    return re.compile("|".join(f"(?P<p{i}>{p.pattern})" for i, (p, _) in enumerate(fidelity._PHRASES)), re.IGNORECASE)


def _phrases_agree(text, plain):
    from trialfinder.eligibility import fidelity

    expected = plain.sub(fidelity._phrase_token, text)
    return fidelity._phrase_tokens(text) == expected == fidelity._PHRASE_ANY.sub(fidelity._phrase_token, text)


_PHRASE_WORDS = st.lists(st.sampled_from(
    ["not", "no", "less", "than", "at", "least", "a", "minimum", "maximum", "of", "or", "more", "and", "above", "equal",
     "to", "greater", "up", "in", "the", "past", "preceding", "prior", "within", "following", ":", "criteria", "can't",
     "can", "n't", "w/o", "lack", "free", "other", "apart", "from", "unless", "negative", "POSITIVE", "x", "3x", "times",
     "ULN", "upper", "limit", "normal", "range", "LLN", "lower", "exceeds", "ſince", "≥", ">=", "=>", "<", ">", "≪",
     "12", "-", ",", "."]), max_size=25).map(" ".join)


@settings(max_examples=1000, deadline=None)
@given(_PHRASE_WORDS)
def test_phrase_lookahead_skips_no_phrase(text):
    assert _phrases_agree(text, _phrases_without_lookahead())


def test_phrase_lookahead_skips_no_phrase_on_real_items(criteria_corpus):
    plain = _phrases_without_lookahead()
    texts = list(_corpus_items(criteria_corpus, 600))
    texts += [rewrite.RuleBasedRewriter().rewrite(text, "exclusion", True, rewrite.RewriteContext()) for text in texts[:3000]]
    assert [text for text in texts if not _phrases_agree(text, plain)] == []


def _side_check_plainly(text):
    from trialfinder.eligibility import fidelity

    if fidelity._SECTION_WORD.search(text):
        return "contains an inclusion/exclusion heading word"
    return "contains more than 3 bullet markers" if len(fidelity._BULLET_MARKS.findall(text)) > 3 else None


def _conjunctions_plainly(text):
    from trialfinder.eligibility import fidelity

    words = [m.group(1).lower() for m in fidelity._CONJ.finditer(fidelity._PLUS_OR_MINUS.sub("±", text))]
    return words.count("and"), words.count("or"), sum("/" in w for w in words)


def _guarded_passes_agree(text):
    from trialfinder.eligibility import fidelity
    from trialfinder.eligibility.explain import _OLD_FRAMING, _framing_ok

    return (fidelity.side_check(text) == _side_check_plainly(text)
            and fidelity.conjunctions(text) == _conjunctions_plainly(text)
            and _framing_ok(text, "", True) == (not _OLD_FRAMING.search(text)))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["Exclusion", "CRITERIA", "criteria", "Non-inclusion", "plus", "PLUS", "or", "minus",
                                 "and/or", "and", "You", "can", "join", "if", "Required:", "not", "allowed:", "ſ",
                                 "•", "-", ";", "*", "▪", "A", "b", "\n"]), max_size=25).map(" ".join))
@example("a - B - C - D - E")
@example("Pluſ or minus 2")
def test_guarded_passes(text):
    assert _guarded_passes_agree(text)


def test_guarded_passes_on_real_items(criteria_corpus):
    assert [text for text in _corpus_items(criteria_corpus, None) if not _guarded_passes_agree(text)] == []


def _inline_headers_agree(text):
    from trialfinder.eligibility import parser

    return parser._INLINE_HEADER.sub(parser._inline_header, text) == (
        parser._INLINE_HEADER.sub(parser._inline_header, text) if parser._may_have_inline_header(text) else text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["Inclusion", "EXCLUSION", "Criteria", "criteria", ":", "：", "-", "key", "and", "1.",
                                 "%", ")", ";", "the following", "Age 18", "\n", "\n* ", "/", " ", "\t"]), max_size=20)
       .map(" ".join))
@example("Age 18 Exclusion Criteria: none")
def test_inline_header_guard(text):
    assert _inline_headers_agree(text)


def test_inline_header_guard_on_real_criteria(criteria_corpus):
    from trialfinder.eligibility.parser import clean_text

    assert [t for _, t in criteria_corpus if not _inline_headers_agree(clean_text(t))] == []


def test_number_lookahead_on_real_texts(criteria_corpus):
    """fidelity._NUMBER starts with (?=\\d) so the engine skips non-digits; the numbers found must not change."""
    from trialfinder.eligibility import fidelity

    plain = re.compile(fidelity._NUMBER.pattern.removeprefix(r"(?=\d)"))
    texts = [fidelity.canonical(text) for text in _corpus_items(criteria_corpus, 300)] + ["^12 3.5 x2 1,000.5 -4 a.5"]
    spans = [[(m.span(), m.groups()) for m in pattern.finditer(t)] for pattern in (fidelity._NUMBER, plain) for t in texts]
    assert spans[:len(texts)] == spans[len(texts):]


def _sentence_guards_hold(text):
    """split_aside and split_examples skip their regex when a word or a closing bracket is missing: it cannot match then."""
    stripped = text.strip()
    aside_guard = stripped.rstrip(".;,").rstrip().endswith(")")
    examples_guard = "such as" in stripped or "including" in stripped or "for example" in stripped
    return (aside_guard or not rewrite._ASIDE.match(stripped)) and (examples_guard or not rewrite._EXAMPLES_AT.search(stripped))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "B", "(", ")", ".", ";", ",", " ", "\n", "such as", "including", "for example",
                                 "such  as", "x y z"]), max_size=20).map("".join))
@example("Renal failure (creatinine of more than 2 mg/dL) .")
def test_sentence_guards(text):
    assert _sentence_guards_hold(text)


def test_sentence_guards_on_real_items(criteria_corpus):
    texts = list(_corpus_items(criteria_corpus, None))
    texts += [s for t in texts[:5000] for s in rewrite._SENTENCE_SPLIT.split(rewrite.spell_out_symbols(t))]
    assert [t for t in texts if not _sentence_guards_hold(t)] == []


def test_parser_guards_on_real_criteria(criteria_corpus):
    """A header needs its kind word, and the inline-bullet lookahead only skips places where no bullet starts."""
    from trialfinder.eligibility import parser
    from trialfinder.eligibility.textscan import may_contain

    plain_bullet = re.compile(parser._INLINE_BULLET.pattern.removeprefix(r"(?=[ \t•;])"))
    texts = [parser.clean_text(text) for _, text in criteria_corpus] + ["Age 18;- Male • Female ;  -x"]
    lines = [line for text in texts for line in text.split("\n")]
    assert [line for line in lines if parser._HEADER.match(line.strip()) and not may_contain(line, "inclu", "exclu", "eligib")] == []
    bullet = lambda pattern, text: pattern.sub(lambda m: ";\n" if m.group(0).startswith(";") else "\n", text)
    assert [t for t in texts if bullet(parser._INLINE_BULLET, t) != bullet(plain_bullet, t)] == []
    plain_number = re.compile(parser._INLINE_NUMBER.pattern.removeprefix(r"(?=[(\d])"))
    numbers = lambda pattern, line: [(m.span(), m.groups()) for m in pattern.finditer(line)]
    lines.append("1. A 2) B (3) C 4.D")
    assert [line for line in lines if numbers(parser._INLINE_NUMBER, line) != numbers(plain_number, line)] == []


def test_cue_lookahead():
    from trialfinder.eligibility import fidelity

    plain = re.compile(fidelity._CUE.pattern.removeprefix("(?=[ABDELNPSUWX])"))
    text = " ".join(["BEFORE", "WITHIN", "AFTER", "DURING", "SINCE", "UNTIL", "NEG", "EXC", "NEGATIVE", "POSITIVE", "XULN",
                     "ULN", "LLN", "GE", "xNEG", "NEG2", "(EXC)", "NEGATIVES"])
    assert fidelity._CUE.findall(text) == plain.findall(text) and len(plain.findall(text)) == 14


def _case_folded_patterns():
    from trialfinder.eligibility.textscan import CaseFolded

    return [value for value in vars(rewrite).values() if isinstance(value, CaseFolded)]


def _case_folded_agree(text):
    return all(p.search(text) == bool(p.any_case.search(text)) for p in _case_folded_patterns())


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["Within", "THE PAST", "prior To", "Is", "Allowed", "eligible", "WILL NOT BE", "i.e",
                                 "During The Study", "Ongoing", "K", "ſince", "İs", "3", "days", "Years", "good  enough",
                                 "requires", "nor", ",", "."]), max_size=15).map(" ".join))
def test_case_folded_search(text):
    assert _case_folded_agree(text)


def test_case_folded_search_on_real_items(criteria_corpus):
    assert len(_case_folded_patterns()) >= 7
    assert [t for t in _corpus_items(criteria_corpus, None) if not _case_folded_agree(t)] == []


def test_case_folded_refuses_upper_case():
    import pytest

    from trialfinder.eligibility.textscan import CaseFolded

    for pattern in (r"\bULN\b", r"\Sx", r"a\Bb"):
        with pytest.raises(ValueError):
            CaseFolded(pattern)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab ;,()[]", max_size=25), st.sampled_from([";", ","]), st.sampled_from(["([", "("]))
def test_depth0_split_shortcut(text, mark, opening):
    closing = ")]" if opening == "([" else ")"
    assert rewrite._depth0_split(text, mark, opening, closing) == rewrite._depth0_scan(text, mark, opening, closing)


def test_sentence_split_lookahead_on_real_items(criteria_corpus):
    plain = re.compile(rewrite._SENTENCE_SPLIT.pattern.removeprefix(r"(?=\s)"))
    texts = [rewrite.spell_out_symbols(t) for t in _corpus_items(criteria_corpus, None)] + ["A. B  Dr. C! D?\nE"]
    assert [t for t in texts if rewrite._SENTENCE_SPLIT.split(t) != plain.split(t)] == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["One", "TWO", "none", "often", "ſix", "Ten", "half", "a", "1", "-"]), max_size=10).map(" ".join))
@example("Twenty ſix")
def test_number_word_pre_check(text):
    from trialfinder.eligibility import fidelity

    guard = not text.isascii() or fidelity._NUMBER_WORD_LOWERED.search(text.lower())
    assert guard or not fidelity._NUMBER_WORD.search(text)


class _Everything:
    def __contains__(self, item):
        return True


def _finders():
    """The default lexicon, and a copy that never skips a span by its first two words."""
    import copy

    from trialfinder.eligibility.lexicon import default_lexicon

    lexicon = default_lexicon()
    unpruned = copy.copy(lexicon)
    unpruned._term_starts = _Everything()
    return lexicon, unpruned


def test_term_start_pruning_on_real_items(criteria_corpus):
    lexicon, unpruned = _finders()
    texts = list(_corpus_items(criteria_corpus, None))
    texts += [t.upper() for t in texts[:3000]] + [t.title() for t in texts[:3000]]
    assert [t for t in texts if lexicon.find(t) != unpruned.find(t)] == []


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["Crohn's", "CROHN'S", "Crohn'S", "disease", "DISEASE", "in", "the", "opinion", "of",
                                 "investigator", "investigator's", "have", "participated", "prior", "to", "non-small",
                                 "cell", "lung", "cancer", "\n", ",", "-"]), max_size=12).map(" ".join))
def test_term_start_pruning(text):
    lexicon, unpruned = _finders()
    assert lexicon.find(text) == unpruned.find(text)


def _token_by_token_find(lexicon, text):
    """Lexicon.find as it was: a step for every token (the reference for the split-based finder)."""
    from trialfinder.eligibility.lexicon import _TOKEN, Match, _glued, _is_acronym_use

    tokens = [m.span() for m in _TOKEN.finditer(text)]
    matches = []
    n = len(tokens)
    i = 0
    while i < n:
        start, first_end = tokens[i]
        counts = lexicon._lengths.get(text[start:first_end].lower())
        found = None
        if counts is not None and counts[0] > 1 and i + 1 < n and \
                " ".join(text[start:tokens[i + 1][1]].split()).lower() not in lexicon._term_starts:
            counts = (1,) if counts[-1] == 1 else None
        if counts is not None:
            for count in counts:
                j = i + count - 1
                if j >= n:
                    continue
                end = tokens[j][1]
                span = text[start:end]
                key = span if count == 1 else " ".join(span.split())
                entry = lexicon._exact.get(key) or lexicon._folded.get(key.lower())
                if entry is None or "\n" in span or _glued(text, start, end):
                    continue
                if entry.case_sensitive or not _is_acronym_use(span):
                    found = Match(start, end, entry)
                    i = j + 1
                    break
        if found is None:
            i += 1
        else:
            matches.append(found)
    return matches


def test_split_finder_on_real_items(criteria_corpus):
    from trialfinder.eligibility.lexicon import default_lexicon

    lexicon = default_lexicon()
    texts = list(_corpus_items(criteria_corpus, None))
    texts += [t.upper() for t in texts[:3000]] + [t.title() for t in texts[:3000]]
    assert [t for t in texts if lexicon.find(t) != _token_by_token_find(lexicon, t)] == []


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["Crohn's", "CROHN'S", "Crohn’s", "disease", "DISEASE", "heart", "attack", "in", "the",
                                 "opinion", "of", "investigator", "have", "non-small", "cell", "lung", "cancer",
                                 "ALL", "MI", "HIV", "ΑΣ", "İ", "ſ", "_", "x_y", "\n", ",", "-", "/", "  ", "\t", "(",
                                 "'", "’", "s"]), max_size=12).map(" ".join))
@example("non-small cell lung cancer")
@example("heart\tattack, HIV-positive, Crohn's disease")
def test_split_finder(text):
    from trialfinder.eligibility.lexicon import default_lexicon

    lexicon = default_lexicon()
    assert lexicon.find(text) == _token_by_token_find(lexicon, text)


def test_lowered_phrase_pattern_is_all_lower_case():
    """Case-sensitive on lower-cased text finds what IGNORECASE finds only if the pattern has no capital letter."""
    from trialfinder.eligibility import fidelity

    pattern = re.sub(r"\(\?P<p\d+>", "(", fidelity._PHRASE_LOWERED.pattern)
    assert pattern == pattern.lower() and not fidelity._PHRASE_LOWERED.flags & re.IGNORECASE


def _abbreviation_pairs_whole_window(text):
    """rewrite._abbreviation_pairs as it was: the words searched for from 400 characters before each "(ABBR)"."""
    last = 0
    for paren in rewrite._ABBR_PAREN.finditer(text):
        words = rewrite._ABBR_WORDS_BEFORE.search(text, max(last, paren.start() - 400), paren.start())
        if words is None or words.start() < last:
            continue
        last = paren.end()
        yield paren.group(1), words.group(1)


def test_abbreviation_window_on_real_criteria(criteria_corpus):
    texts = [text for _, text in criteria_corpus]
    assert [t for t in texts if list(rewrite._abbreviation_pairs(t)) != list(_abbreviation_pairs_whole_window(t))] == []


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["Tumor", "Necrosis", "Factor", "(TNF)", "(HIV)", "(ABC1)", "x/abc", "anti-PD1", "it's",
                                 "_x", "1", "é", "\u00a0", "\n", "\t", " ", "  ", ",", "(", ")", "or", "a"]),
                max_size=30).map(" ".join))
@example("a b c d e f g h (TNF)")
@example("a\u2003b c d e f g (TNF)")
def test_abbreviation_window(text):
    assert list(rewrite._abbreviation_pairs(text)) == list(_abbreviation_pairs_whole_window(text))


def _no_symbol_missed(text, plain):
    """Where _may_have_symbol says no, no rule of the plain alternation matches."""
    return rewrite._may_have_symbol(text) or plain.search(text) is None


def test_symbol_pre_check_on_real_items(criteria_corpus):
    plain = _symbols_without_lookahead()
    texts = list(_corpus_items(criteria_corpus, None))
    assert [text for text in texts if not _no_symbol_missed(text, plain)] == []
    assert not all(rewrite._may_have_symbol(text) for text in texts)  # (the check does skip some)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES + ["٣", "vs.", "etc", "e.g", "i.e", "Age", "AT", "at", "≦", "﹤", "˃", "=", "~"]),
                max_size=20).map("".join))
def test_symbol_pre_check(text):
    assert _no_symbol_missed(text, _symbols_without_lookahead())


def test_fact_counts_compare_as_counters(criteria_corpus):
    """Facts compare their counts as dicts: the same answer as Counter ==, since no count made by counting is zero."""
    from trialfinder.eligibility.fidelity import _same_counts, extract_facts

    facts = [extract_facts(text) for text in list(_corpus_items(criteria_corpus, 200))]
    assert all(count > 0 for fact in facts for counts in (fact.numbers, fact.cues) for count in counts.values())
    pairs = list(zip(facts, facts[1:] + facts[:1])) + [(fact, fact) for fact in facts]
    for a, b in pairs:
        assert _same_counts(a.numbers, b.numbers) == (a.numbers == b.numbers)
        assert _same_counts(a.cues, b.cues) == (a.cues == b.cues)
