"""Flesch-Kincaid grade with textstat's formula and counters, offline.

textstat 0.7.13 looks words up in NLTK's CMUdict and tries to *download* it
on first use (a network call, and a crash when offline). So the engine keeps
its own implementation of textstat's formula, 0.39 * words/sentences +
11.8 * syllables/words - 15.59, built on textstat's own word and sentence
counters and Pyphen (en_US) syllables, textstat's fallback when a word is not
in CMUdict. The grade therefore matches textstat's for words outside CMUdict
and never touches the network. Do not switch to ``textstat.flesch_kincaid_grade``
(it would crash offline and shift every figure the reports quote).

Speed: syllables are cached per word and grades per text (item texts and
originals repeat across a corpus run). The word and sentence counters are
textstat's own (``list_words``, ``count_sentences``, ``remove_punctuation``)
with their regexes compiled once and their per-call caches left out;
tests/eligibility/test_readability_pass.py checks they count exactly as textstat does.
A trial's grade is summed from its items' counts (``fk_grade_joined``), not recounted
from the joined text, and syllables come from Pyphen's own patterns read as a
letter tree (``_syllables``): both give the same numbers, checked by the same tests.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen

_PYPHEN = pyphen.Pyphen(lang="en_US")
# textstat.backend.utils.constants.RE_NONCONTRACTION_APOSTROPHE and remove_punctuation(rm_apostrophe=False)
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?!" + r"[tsd]|ve|ll|re" + ")")
_PUNCTUATION = re.compile(r"[^\w\s\']")
# textstat.backend.counts._count_sentences.count_sentences
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)


# _PUNCTUATION's ASCII characters, deleted by bytes.translate from ASCII text (one C pass over bytes: faster than
# a regex pass, and 3x faster than str.translate with a table)
_ASCII_PUNCTUATION = bytes(code for code in range(128) if _PUNCTUATION.match(chr(code)))


def _remove_punctuation(text: str) -> str:
    if "'" in text:  # (the apostrophe rule is the rarer pass)
        text = _NONCONTRACTION_APOSTROPHE.sub("", text)
    if text.isascii():
        return text.encode("ascii").translate(None, _ASCII_PUNCTUATION).decode("ascii")
    return _PUNCTUATION.sub("", text)


def list_words(text: str) -> list[str]:
    """textstat ``list_words(text, lowercase=True)``: punctuation removed, lower-cased, split."""
    return _remove_punctuation(text).lower().split()


def count_sentences(text: str) -> int:
    """textstat ``count_sentences``: sentences of 2 words or fewer are not counted; at least 1."""
    if not text:
        return 0
    return max(1, _long_sentences(text))


def _long_sentences(text: str) -> int:
    """Sentences of more than 2 words (textstat's count before its floor of one)."""
    return sum(1 for sentence in _SENTENCE.findall(text) if _more_than_two_words(sentence))


_WORD_CHAR = re.compile(r"\w")


def _more_than_two_words(sentence: str) -> bool:
    """``len(_remove_punctuation(sentence).split()) > 2``, stopping at the third word: removing punctuation
    deletes a whole word exactly when it has no word character (an apostrophe is kept only before a letter)."""
    words = 0
    for token in sentence.split():
        if token[0].isalnum() or _WORD_CHAR.search(token):  # (str.isalnum is the \w test but "_")
            words += 1
            if words > 2:
                return True
    return False


def _pattern_trie(patterns: dict) -> dict:
    """Pyphen's patterns as a letter tree: {"a": {"b": {"": (offset, values), ...}}}; "" holds a whole pattern."""
    root: dict = {}
    for key, value in patterns.items():
        node = root
        for letter in key:
            node = node.setdefault(letter, {})
        node[""] = value
    return root


_PATTERN_TRIE = _pattern_trie(_PYPHEN.hd.patterns)


@lru_cache(maxsize=200_000)
def _syllables(word: str) -> int:
    """``len(_PYPHEN.positions(word)) + 1``, Pyphen's algorithm (pyphen.HyphDict.positions) step for step,
    except that the substrings from one letter are looked up by walking a letter tree, which stops where no
    pattern goes on (5x faster than Pyphen's lookup of every substring up to its longest pattern)."""
    pointed = f".{word.lower()}."
    references = [0] * (len(pointed) + 1)
    for i in range(len(pointed) - 1):
        node = _PATTERN_TRIE
        for letter in pointed[i:]:
            node = node.get(letter)
            if node is None:
                break
            pattern = node.get("")
            if pattern:
                offset, values = pattern
                start = i + offset
                references[start:start + len(values)] = map(max, values, references[start:start + len(values)])
    right = len(word) - _PYPHEN.right
    return sum(1 for i, reference in enumerate(references) if reference % 2 and _PYPHEN.left <= i - 1 <= right) + 1


@lru_cache(maxsize=50_000)
def _counts(text: str) -> tuple[int, int, int]:
    """(words, syllables, sentences) of one text; sentences before count_sentences' floor of one."""
    words = list_words(text)
    if not words:
        return 0, 0, 0
    return len(words), sum(map(_syllables, words)), _long_sentences(text)


def _grade(words: int, syllables: int, sentences: int) -> float | None:
    if not words:
        return None
    sentences = max(1, sentences)
    return round(0.39 * words / sentences + 11.8 * syllables / words - 15.59, 2)


@lru_cache(maxsize=8192)
def fk_grade(text: str | None) -> float | None:
    """Flesch-Kincaid grade (0.39 ASL + 11.8 ASW - 15.59) or None for empty text."""
    if not text or not text.strip():
        return None
    return _grade(*_counts(text))


def fk_grade_joined(texts: list[str]) -> float | None:
    """``fk_grade(" ".join(texts))`` for texts that each end a sentence (``as_sentence``), from their cached counts.

    Neither a word nor a sentence can run across the joining space after a full stop, so the joined
    text's counts are the sums of the parts' counts.
    """
    totals = [0, 0, 0]
    for text in texts:
        if text.strip():
            for index, count in enumerate(_counts(text)):
                totals[index] += count
    return _grade(*totals)


def as_sentence(text: str) -> str:
    """Registry items often lack a full stop; add one so items are counted as sentences."""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."
