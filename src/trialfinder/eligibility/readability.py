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


def _remove_punctuation(text: str) -> str:
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text))


def list_words(text: str) -> list[str]:
    """textstat ``list_words(text, lowercase=True)``: punctuation removed, lower-cased, split."""
    return _remove_punctuation(text).lower().split()


def count_sentences(text: str) -> int:
    """textstat ``count_sentences``: sentences of 2 words or fewer are not counted; at least 1."""
    if not text:
        return 0
    sentences = _SENTENCE.findall(text)
    ignored = sum(1 for sentence in sentences if len(_remove_punctuation(sentence).split()) <= 2)
    return max(1, len(sentences) - ignored)


@lru_cache(maxsize=200_000)
def _syllables(word: str) -> int:
    return len(_PYPHEN.positions(word)) + 1


@lru_cache(maxsize=8192)
def fk_grade(text: str | None) -> float | None:
    """Flesch-Kincaid grade (0.39 ASL + 11.8 ASW - 15.59) or None for empty text."""
    if not text or not text.strip():
        return None
    words = list_words(text)
    if not words:
        return None
    sentences = count_sentences(text) or 1
    syllables = sum(map(_syllables, words))
    return round(0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59, 2)


def as_sentence(text: str) -> str:
    """Registry items often lack a full stop; add one so items are counted as sentences."""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."
