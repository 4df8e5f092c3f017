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
originals repeat across a corpus run).
"""

from __future__ import annotations

from functools import lru_cache

import pyphen
from textstat.backend.counts._count_sentences import count_sentences
from textstat.backend.selections._list_words import list_words

_PYPHEN = pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=200_000)
def _syllables(word: str) -> int:
    return len(_PYPHEN.positions(word)) + 1


@lru_cache(maxsize=8192)
def fk_grade(text: str | None) -> float | None:
    """Flesch-Kincaid grade (0.39 ASL + 11.8 ASW - 15.59) or None for empty text."""
    if not text or not text.strip():
        return None
    words = list_words(text, lowercase=True)
    if not words:
        return None
    sentences = count_sentences(text) or 1
    syllables = sum(_syllables(word) for word in words)
    return round(0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59, 2)


def as_sentence(text: str) -> str:
    """Registry items often lack a full stop; add one so items are counted as sentences."""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."
